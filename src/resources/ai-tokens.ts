// /cloud/project/{serviceName}/ai/token: AI Training application tokens (bearer tokens for job URLs).
import { z } from 'zod';
import { buildPath } from '../core/path.js';
import { secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { IsoDateTime } from './common.js';

/** Role of an AI token: operate jobs, or read them. */
export const AiTokenRole = z.enum(['ai_training_operator', 'ai_training_read']);
/** Role of an AI token. */
export type AiTokenRole = z.infer<typeof AiTokenRole>;

/** Spec of an AI token as the API stores it. */
export const AiTokenSpec = z.looseObject({
  name: z.string(),
  region: z.string(),
  role: AiTokenRole,
  labelSelector: z.string().nullable().optional(),
});
/** Spec of an AI token. */
export type AiTokenSpec = z.infer<typeof AiTokenSpec>;

/** An AI Training token. `status.value` is the bearer secret, wrapped so it cannot leak (`reveal()` to read it). */
export const AiToken = z.looseObject({
  id: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  spec: AiTokenSpec,
  status: z.looseObject({
    value: z
      .string()
      .nullable()
      .optional()
      .transform((v) => (typeof v === 'string' ? secret(v) : v)),
    version: z.number().int().optional(),
  }),
});
/** An AI Training token. */
export type AiToken = z.output<typeof AiToken>;

/** A public cloud project id (the `serviceName`): 32 hex characters. */
export const ServiceName = z.string().regex(/^[0-9a-f]{32}$/i, {
  message: 'must be a Public Cloud project id (32 hexadecimal characters, as in the control panel URL)',
});
const TokenId = z.uuid({ message: 'must be a token id (a UUID)' });
const LabelPart = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/** Options of `create`: CLI shorthands accepted for role, and labelSelector as `"name=value"` or `{ name: value }`. */
export const AiTokenCreate = z.strictObject({
  name: z.string().trim().min(1, { message: 'name is required' }).max(64),
  role: z.enum(['read', 'operator', 'ai_training_read', 'ai_training_operator']),
  /** Region code, e.g. GRA or BHS. Default GRA. */
  region: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{1,15}$/, { message: 'must be a region code such as GRA or BHS' })
    .default('GRA')
    .transform((r) => r.toUpperCase()),
  labelSelector: z
    .union([
      z.string().refine(isSelector, { message: 'must look like "name=value" (letters, digits, "-", "_", ".")' }),
      z.record(z.string(), z.string()).refine((o) => Object.keys(o).length > 0 && Object.entries(o).every(([k, v]) => LabelPart.test(k) && LabelPart.test(v)), {
        message: 'keys and values must be label-safe (letters, digits, "-", "_", "."), and at least one is needed',
      }),
    ])
    .optional(),
});
/** Options of `create`. */
export type AiTokenCreate = z.input<typeof AiTokenCreate>;

function isSelector(value: string): boolean {
  return value.split(',').every((pair) => {
    const [k, v, extra] = pair.split('=');
    return extra === undefined && k !== undefined && v !== undefined && LabelPart.test(k.trim()) && LabelPart.test(v.trim());
  });
}

const ROLES: Record<string, AiTokenRole> = {
  read: 'ai_training_read',
  operator: 'ai_training_operator',
  ai_training_read: 'ai_training_read',
  ai_training_operator: 'ai_training_operator',
};

const Tokens = z.array(AiToken);
const Nothing = z.unknown();

/** `/cloud/project/{serviceName}/ai/token`: AI Training app tokens. Tokens do not expire; renew rotates the secret. */
export class AiTokensResource {
  constructor(private readonly transport: Transport) {}

  /** Every token of a project (full objects). */
  list(serviceName: string, options: CallOptions = {}): Promise<AiToken[]> {
    return this.transport.request('GET', tokenPath(serviceName), { ...options, schema: Tokens });
  }

  /**
   * Creates a token. A token without labelSelector sees every job of the project.
   * @example
   * const token = await ovh.aiTokens.create(projectId, { name: 'ci', role: 'operator', labelSelector: { model: 'base' } });
   * deploy(token.status.value?.reveal());
   */
  create(serviceName: string, input: AiTokenCreate, options: CallOptions = {}): Promise<AiToken> {
    const path = tokenPath(serviceName);
    const spec = parseInput(AiTokenCreate, input, 'input');
    const labelSelector =
      spec.labelSelector === undefined
        ? undefined
        : typeof spec.labelSelector === 'string'
          ? spec.labelSelector
              .split(',')
              .map((p) => p.split('=').map((x) => x.trim()).join('='))
              .join(',')
          : Object.entries(spec.labelSelector)
              .map(([k, v]) => `${k}=${v}`)
              .join(',');
    const body = { name: spec.name, region: spec.region, role: ROLES[spec.role], ...(labelSelector ? { labelSelector } : {}) };
    return this.transport.request('POST', path, { ...options, body, schema: AiToken });
  }

  /** One token. */
  get(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<AiToken> {
    return this.transport.request('GET', tokenPath(serviceName, tokenId), { ...options, schema: AiToken });
  }

  /** Deletes a token: its secret stops working. */
  async delete(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request('DELETE', tokenPath(serviceName, tokenId), { ...options, schema: Nothing });
  }

  /** Issues a new secret for the token (same spec); the old secret stops working. */
  renew(serviceName: string, tokenId: string, options: CallOptions = {}): Promise<AiToken> {
    return this.transport.request('POST', `${tokenPath(serviceName, tokenId)}/renew`, { ...options, schema: AiToken });
  }
}

function tokenPath(serviceName: string, tokenId?: string): string {
  const project = parseInput(ServiceName, serviceName, 'serviceName');
  if (tokenId === undefined) return buildPath('/cloud/project/{serviceName}/ai/token', { serviceName: project });
  return buildPath('/cloud/project/{serviceName}/ai/token/{tokenId}', {
    serviceName: project,
    tokenId: parseInput(TokenId, tokenId, 'tokenId'),
  });
}
