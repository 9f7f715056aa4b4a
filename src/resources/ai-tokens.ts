// /cloud/project/{serviceName}/ai/token: AI Training application tokens (bearer tokens for job URLs).
import { z } from 'zod';
import { secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { openEnum, orNull, type KnownFields } from '../core/tolerant.js';
import { parseInput } from '../core/validate.js';
import { IsoDateTime } from '../core/dates.js';
import { resourcePath, ServiceName } from './params.js';

export { ServiceName };

/** The roles of an AI token this SDK knows (`cloud.project.ai.TokenRoleEnum`). */
export const AI_TOKEN_ROLES = ['ai_training_operator', 'ai_training_read', 'quantum_operator', 'quantum_reader'] as const;
/** Role of an AI token as a create sends it: operate or read AI Training jobs, or quantum jobs. */
export const AiTokenRole = z.enum(AI_TOKEN_ROLES);
/** Role of an AI token. */
export type AiTokenRole = z.infer<typeof AiTokenRole>;

/** Spec of an AI token as the API stores it. */
export const AiTokenSpec = z.looseObject({
  name: z.string(),
  region: z.string(),
  role: openEnum(AI_TOKEN_ROLES),
  labelSelector: orNull(z.string()),
});
/** Spec of an AI token. */
export type AiTokenSpec = KnownFields<z.infer<typeof AiTokenSpec>>;

/** An AI Training token. `status.value` is the bearer secret, wrapped so it cannot leak (`reveal()` to read it). */
export const AiToken = z.looseObject({
  id: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  spec: AiTokenSpec,
  status: z.looseObject({
    // Nullable in the description: absent (reads do not show it) reads as null, like every OVH v1 nullable field.
    value: orNull(z.string()).transform((v) => (v === null ? null : secret(v))),
    version: z.number().int().optional(),
  }),
});
/** An AI Training token. */
export type AiToken = KnownFields<z.output<typeof AiToken>>;

const LabelPart = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/** Options of `create`: CLI shorthands accepted for role, and labelSelector as `"name=value"` or `{ name: value }`. */
export const AiTokenCreate = z.strictObject({
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, { message: 'name is required' })
    .max(64, { message: 'name must be at most 64 characters' }),
  /** `read`/`operator` (the ovhai CLI's shorthands for the AI Training roles) or any of the API's roles. */
  role: z.enum(['read', 'operator', ...AI_TOKEN_ROLES], {
    error: `must be "read", "operator" or one of ${AI_TOKEN_ROLES.map((r) => `"${r}"`).join(', ')}`,
  }),
  /** Region code, e.g. GRA or BHS. Default GRA. */
  region: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{1,15}$/, { message: 'must be a region code such as GRA or BHS' })
    .default('GRA')
    .transform((r) => r.toUpperCase()),
  /** Jobs the token may see: `"name=value"` (comma-separated for several) or `{ name: value }`. Omit (or null) for all jobs. */
  labelSelector: z
    .union([z.string(), z.record(z.string(), z.string())], { error: 'must be a "name=value" string or a { name: value } object' })
    .transform((v, ctx) => {
      const pairs = typeof v === 'string' ? v.split(',').map((p) => p.split('=').map((x) => x.trim())) : Object.entries(v);
      const ok = pairs.length > 0 && pairs.every((p) => p.length === 2 && LabelPart.test(p[0] ?? '') && LabelPart.test(p[1] ?? ''));
      if (!ok) {
        ctx.addIssue({
          code: 'custom',
          message: 'must look like "name=value" (or { name: value }), names and values made of letters, digits, "-", "_" and "."',
        });
        return z.NEVER;
      }
      return pairs.map((p) => p.join('=')).join(',');
    })
    .nullable()
    .optional(),
});
/** Options of `create`. */
export type AiTokenCreate = z.input<typeof AiTokenCreate>;

const SHORTHANDS: Record<string, AiTokenRole> = { read: 'ai_training_read', operator: 'ai_training_operator' };

const Tokens = z.array(AiToken);
const Nothing = z.unknown();

/** `/cloud/project/{serviceName}/ai/token`: AI Training app tokens. Tokens do not expire; renew rotates the secret. */
export class AiTokensResource {
  constructor(private readonly transport: Transport) {}

  /** Every token of a project (full objects). */
  async list(serviceName: string, options: CallOptions = {}): Promise<AiToken[]> {
    return this.transport.request('GET', tokenPath(serviceName), { ...options, schema: Tokens });
  }

  /**
   * Creates a token. A token without labelSelector sees every job of the project.
   * @example
   * const token = await ovh.aiTokens.create(projectId, { name: 'ci', role: 'operator', labelSelector: { model: 'base' } });
   * deploy(token.status.value?.reveal());
   */
  async create(serviceName: string, input: AiTokenCreate, options: CallOptions = {}): Promise<AiToken> {
    const path = tokenPath(serviceName);
    const spec = parseInput(AiTokenCreate, input, 'input');
    const body = {
      name: spec.name,
      region: spec.region,
      role: SHORTHANDS[spec.role] ?? spec.role,
      ...(spec.labelSelector ? { labelSelector: spec.labelSelector } : {}),
    };
    return this.transport.request('POST', path, { ...options, body, schema: AiToken });
  }

  /** One token. */
  async get(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<AiToken> {
    return this.transport.request('GET', tokenItemPath(serviceName, tokenId), { ...options, schema: AiToken });
  }

  /** Deletes a token: its secret stops working. */
  async delete(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request('DELETE', tokenItemPath(serviceName, tokenId), { ...options, schema: Nothing });
  }

  /** Issues a new secret for the token (same spec); the old secret stops working. */
  async renew(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<AiToken> {
    return this.transport.request('POST', renewPath(serviceName, tokenId), { ...options, schema: AiToken });
  }
}

function tokenPath(serviceName: string): string {
  return resourcePath('/cloud/project/{serviceName}/ai/token', { serviceName });
}

function tokenItemPath(serviceName: string, tokenId: string): string {
  return resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}', { serviceName, tokenId });
}

function renewPath(serviceName: string, tokenId: string): string {
  return resourcePath('/cloud/project/{serviceName}/ai/token/{tokenId}/renew', { serviceName, tokenId });
}
