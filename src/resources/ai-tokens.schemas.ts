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

// `{ name: value }` as the API takes it (`a=b,c=d`), or undefined when it is empty or a pair is not a valid label.
function fromLabels(labels: Record<string, string>): string | undefined {
  const pairs = Object.entries(labels);
  const ok = pairs.length > 0 && pairs.every(([name, value]) => LabelKey.test(name) && LabelPart.test(value));
  return ok ? pairs.map((p) => p.join('=')).join(',') : undefined;
}

// A string is the API's own `TokenSpec.labelSelector` (a plain string, no pattern): sent as written.
const SelectorText = z.string().refine((v) => v.trim() !== '', {
  error: 'must not be empty: give a selector such as "team=vision", or leave labelSelector out (or null) for every job',
});
const SelectorLabels = z
  .record(z.string(), z.string())
  .transform(fromLabels)
  .refine((v) => v !== undefined, {
    error:
      'as an object, must be non-empty, names and values made of letters, digits, "-", "_" and ".", a name optionally prefixed like "ovh/" ({ "ovh/id": appId } sends "ovh/id=<app id>"); a selector string is sent as written',
  });

/** Options of `create`: CLI shorthands accepted for role, and labelSelector as a selector string or `{ name: value }`. */
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
   * Jobs and apps the token may see: a selector string sent as written (`"team=vision,env!=prod"`; `"ovh/id=<app id>"`
   * scopes the token to one AI Deploy app) or `{ name: value }` (sent as `name=value,...`); omitted (or null) for all.
   */
  labelSelector: z
    .union([SelectorText, SelectorLabels], { error: 'must be a selector string such as "name=value" or a { name: value } object' })
    .nullable()
    .optional(),
});
/** Options of `create`. */
export type AiTokenCreate = z.input<typeof AiTokenCreate>;
