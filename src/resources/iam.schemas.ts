// The zod schemas of IAM (API v2 /v2/iam/policy), beside their types.
import { z } from 'zod';
import { IsoDateTime, type KnownFields, openEnum, orNull } from '../core/tolerant.js';
import { IAM_CONDITION_OPERATORS } from './known.js';

// --- Responses (tolerant: nullable fields accept null or absence; enums open) ---

// A list that is nullable and optional in the description, read as [] when there is none.
const listOrEmpty = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
const ActionEntries = listOrEmpty(z.looseObject({ action: z.string() }));

/** The permissions of a policy: actions allowed, those taken back from `allow` (`except`), and those denied. */
export const IamPermissions = z.looseObject({ allow: ActionEntries, except: ActionEntries, deny: ActionEntries });
/** The permissions of a policy. */
export type IamPermissions = KnownFields<z.output<typeof IamPermissions>>;

/** A policy condition, as read back: an operator with values, or nested conditions. */
export interface IamCondition {
  operator: (typeof IAM_CONDITION_OPERATORS)[number] | (string & {});
  values: Record<string, string> | null;
  conditions: IamCondition[] | null;
}
/** A policy condition, as read back. */
export const IamCondition: z.ZodType<IamCondition> = z.lazy(() =>
  z.looseObject({
    operator: openEnum(IAM_CONDITION_OPERATORS),
    values: orNull(z.record(z.string(), z.string())),
    conditions: orNull(z.array(IamCondition)),
  }),
) as never;

/** A resource of a policy: its URN, and with `details: true`, what it is (a resource group or a single resource). */
export const IamPolicyResource = z.looseObject({
  urn: z.string(),
  group: z.looseObject({ id: z.string().optional(), name: z.string().optional(), readOnly: z.boolean().optional() }).nullish(),
  resource: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().optional(),
      displayName: z.string().optional(),
      owner: z.string().optional(),
      type: z.string().optional(),
      tags: z.record(z.string(), z.string()).nullish(),
    })
    .nullish(),
});

/** A permissions group a policy uses (a named set of actions managed by OVH or the account). */
export const IamPermissionsGroup = z.looseObject({
  urn: z.string(),
  name: z.string().nullish(),
  owner: z.string().nullish(),
  permissions: IamPermissions.nullish(),
});

/** An IAM policy as `GET /v2/iam/policy/{id}` returns it (`iam.policy.Response`). */
export const IamPolicy = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: orNull(z.string()),
  identities: z.array(z.string()),
  resources: z.array(IamPolicyResource),
  permissions: IamPermissions,
  permissionsGroups: listOrEmpty(IamPermissionsGroup),
  conditions: orNull(IamCondition),
  expiredAt: orNull(IsoDateTime),
  owner: z.string(),
  /** OVH-managed policies (`ovh-default`...) cannot be changed. */
  readOnly: z.boolean(),
  createdAt: IsoDateTime,
  /** `null` (or absent) until the policy is first updated. */
  updatedAt: orNull(IsoDateTime),
});
/** An IAM policy. */
export type IamPolicy = KnownFields<z.output<typeof IamPolicy>>;

// --- Inputs (strict: what the API takes, in friendlier shapes) ---

const Urn = z.string({ error: 'must be a URN string such as "urn:v1:eu:resource:account:xx1111-ovh"' }).regex(/^urn:\S+$/, {
  message: 'must be a URN such as "urn:v1:eu:resource:account:xx1111-ovh" (glob "*" allowed)',
});
const Action = z
  .string({ error: 'must be an IAM action string' })
  .regex(/^\S+$/, { message: 'must be an IAM action such as "account:apiovh:me/get" (no spaces)' });
const Actions = z.array(z.union([Action, z.strictObject({ action: Action })], { error: 'must be an action string or { action }' })).optional();

/** A policy condition as an input takes it. */
export interface ConditionInput {
  operator: (typeof IAM_CONDITION_OPERATORS)[number];
  values?: Record<string, string> | null | undefined;
  conditions?: ConditionInput[] | null | undefined;
}
const ConditionInput: z.ZodType<ConditionInput> = z.lazy(() =>
  z.strictObject({
    operator: z.enum(IAM_CONDITION_OPERATORS),
    values: z.record(z.string(), z.string()).nullable().optional(),
    conditions: z.array(ConditionInput).nullable().optional(),
  }),
) as never;

/** What `policies.create` and `policies.update` take: actions and URNs as plain strings or as the API's objects. */
export const IamPolicyInput = z.strictObject({
  name: z
    .string({ error: 'name is required' })
    .min(1, { message: 'name is required' })
    .refine((v) => !v.startsWith('ovh-'), { message: 'must not start with "ovh-" (reserved for OVHcloud policies)' }),
  description: z.string().optional(),
  /** Identity URNs: who the policy applies to (a service account's identity: `ovh.iam.identityOf(clientId)`). */
  identities: z.array(Urn, { error: 'identities is required: an array of identity URNs' }),
  /** Resource URNs the policy covers (`ovh.iam.accountUrn()` for the account itself). */
  resources: z.array(z.union([Urn, z.strictObject({ urn: Urn })], { error: 'must be a URN string or { urn }' }), {
    error: 'resources is required: an array of resource URNs',
  }),
  permissions: z.strictObject({ allow: Actions, except: Actions, deny: Actions }, { error: 'permissions is required: { allow?, except?, deny? }' }),
  permissionsGroups: z.array(z.union([Urn, z.strictObject({ urn: Urn })])).nullish(),
  conditions: ConditionInput.nullable().optional(),
  /** After this date the policy no longer applies. */
  expiredAt: z
    .union([IsoDateTime, z.date()], { error: 'must be an ISO-8601 date-time with an offset, or a Date' })
    .transform((v) => (v instanceof Date ? v.toISOString() : v))
    .nullish(),
});
/** What `policies.create` and `policies.update` take. */
export type IamPolicyInput = z.input<typeof IamPolicyInput>;

/** Filter of `policies.list` (each filter narrows; arrays match any of their values). */
export const IamPolicyFilter = z.strictObject({
  identity: z.union([Urn, z.array(Urn)]).optional(),
  resourceURN: z.union([Urn, z.array(Urn)]).optional(),
  action: z.union([Action, z.array(Action)]).optional(),
  readOnly: z.boolean().optional(),
  /** Add what each resource is (`resources[].group` / `.resource`). */
  details: z.boolean().optional(),
});
/** Filter of `policies.list`. */
export type IamPolicyFilter = z.input<typeof IamPolicyFilter>;
