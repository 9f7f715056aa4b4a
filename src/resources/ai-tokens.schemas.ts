// The zod schemas of /cloud/project/{serviceName}/ai/token, beside their types.
import { z } from 'zod';
import { secret } from '../core/redact.js';
import { IsoDateTime, type KnownFields, openEnum, orNull } from '../core/tolerant.js';
import { AI_TOKEN_ROLES } from './known.js';

/** Role of an AI token as a create sends it: operate or read AI Training jobs, or quantum jobs. */
export const AiTokenRole = z.enum(AI_TOKEN_ROLES);
/** Role of an AI token. */
export type AiTokenRole = z.infer<typeof AiTokenRole>;

/** Spec of an AI token as the API stores it. */
export const AiTokenSpec = z.looseObject({ name: z.string(), region: z.string(), role: openEnum(AI_TOKEN_ROLES), labelSelector: orNull(z.string()) });
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
// A label name may carry a DNS-style prefix: the platform's own labels are `ovh/id` (the app id) and `ovh/type`.
const LabelKey = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

// A label selector as the API takes it (`a=b,c=d`), or undefined when it is empty or a pair is not a valid label.
function toLabelSelector(value: string | Record<string, string>): string | undefined {
  const pairs = typeof value === 'string' ? value.split(',').map((p) => p.split('=').map((x) => x.trim())) : Object.entries(value);
  const ok = pairs.length > 0 && pairs.every((p) => p.length === 2 && LabelKey.test(p[0] ?? '') && LabelPart.test(p[1] ?? ''));
  return ok ? pairs.map((p) => p.join('=')).join(',') : undefined;
}

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
  /**
   * Jobs and apps the token may see: `"name=value"` (comma-separated for several) or `{ name: value }`, omitted (or null) for all; names
   * may carry a prefix, as the platform's labels do (`"ovh/id=<app id>"` scopes the token to one AI Deploy app).
   */
  labelSelector: z
    .union([z.string(), z.record(z.string(), z.string())], { error: 'must be a "name=value" string or a { name: value } object' })
    .transform(toLabelSelector)
    .refine((v) => v !== undefined, {
      error:
        'must look like "name=value" (or { name: value }), names and values made of letters, digits, "-", "_" and ".", a name optionally prefixed like "ovh/" (e.g. "ovh/id=<app id>")',
    })
    .nullable()
    .optional(),
});
/** Options of `create`. */
export type AiTokenCreate = z.input<typeof AiTokenCreate>;
