// /v2/iam/policy: IAM policies, which grant identities (service accounts, users) actions on resources; and the
// helpers that build URNs and grant a service account what it needs, on top of them.
import { z } from 'zod';
import { paginate, type PageOptions, type Paginated } from '../core/paging.js';
import { IsoDateTime } from '../core/dates.js';
import { InputValidationError } from '../core/errors.js';
import { openEnum, orNull, type KnownFields } from '../core/tolerant.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { ClientIdParam, resourcePath } from './params.js';

// --- Responses (tolerant: nullable fields accept null or absence; enums open) ---

const ActionEntry = z.looseObject({ action: z.string() });
// `allow`, `except` and `deny` are nullable and optional in the description: read as [] when there are none.
const ActionEntries = z
  .array(ActionEntry)
  .nullish()
  .transform((v) => v ?? []);

/** The permissions of a policy: actions allowed, those taken back from `allow` (`except`), and those denied. */
export const IamPermissions = z.looseObject({ allow: ActionEntries, except: ActionEntries, deny: ActionEntries });
/** The permissions of a policy. */
export type IamPermissions = KnownFields<z.output<typeof IamPermissions>>;

/** Operators of a policy condition this SDK knows. */
export const IAM_CONDITION_OPERATORS = ['AND', 'MATCH', 'NOT', 'OR'] as const;

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
  permissionsGroups: z
    .array(IamPermissionsGroup)
    .nullish()
    .transform((v) => v ?? []),
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

interface ConditionInput {
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
  permissionsGroups: z
    .array(z.union([Urn, z.strictObject({ urn: Urn })]))
    .nullable()
    .optional(),
  conditions: ConditionInput.nullable().optional(),
  /** After this date the policy no longer applies. */
  expiredAt: z
    .union([IsoDateTime, z.date()], { error: 'must be an ISO-8601 date-time with an offset, or a Date' })
    .transform((v) => (v instanceof Date ? v.toISOString() : v))
    .nullable()
    .optional(),
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

const Nothing = z.unknown();

/** The API's body for a policy input: URNs and actions as objects, only the fields given. */
function toBody(input: z.output<typeof IamPolicyInput>): Record<string, unknown> {
  const urns = (list: ReadonlyArray<string | { urn: string }>) => list.map((r) => (typeof r === 'string' ? { urn: r } : r));
  const actions = (list: ReadonlyArray<string | { action: string }> | undefined) =>
    list === undefined ? undefined : list.map((a) => (typeof a === 'string' ? { action: a } : a));
  const { allow, except, deny } = input.permissions;
  return {
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    identities: input.identities,
    resources: urns(input.resources),
    permissions: {
      ...(allow ? { allow: actions(allow) } : {}),
      ...(except ? { except: actions(except) } : {}),
      ...(deny ? { deny: actions(deny) } : {}),
    },
    ...(input.permissionsGroups !== undefined ? { permissionsGroups: input.permissionsGroups === null ? null : urns(input.permissionsGroups) } : {}),
    ...(input.conditions !== undefined ? { conditions: input.conditions } : {}),
    ...(input.expiredAt !== undefined ? { expiredAt: input.expiredAt } : {}),
  };
}

/**
 * The input that re-creates a policy as read (for `update`, which replaces the whole policy): its writable fields
 * only, resources and groups as URNs.
 * @example await ovh.iam.policies.update(p.id, { ...policyInput(p), identities: [...p.identities, other] });
 */
export function policyInput(policy: IamPolicy): IamPolicyInput {
  const actions = (list: ReadonlyArray<{ action: string }>) => list.map((a) => a.action);
  const { allow, except, deny } = policy.permissions;
  return {
    name: policy.name,
    ...(policy.description !== null ? { description: policy.description } : {}),
    identities: [...policy.identities],
    resources: policy.resources.map((r) => r.urn),
    permissions: {
      ...(allow.length ? { allow: actions(allow) } : {}),
      ...(except.length ? { except: actions(except) } : {}),
      ...(deny.length ? { deny: actions(deny) } : {}),
    },
    ...(policy.permissionsGroups.length ? { permissionsGroups: policy.permissionsGroups.map((g) => g.urn) } : {}),
    ...(policy.conditions !== null ? { conditions: policy.conditions as ConditionInput } : {}),
    ...(policy.expiredAt !== null ? { expiredAt: policy.expiredAt } : {}),
  };
}

/** `/v2/iam/policy`: IAM policies (API v2). */
export class IamPoliciesResource {
  constructor(private readonly transport: Transport) {}

  /**
   * Every policy matching the filter, paged by cursor: iterate it (`for await`), or `.all()` / `.pages()`.
   * @example for await (const p of ovh.iam.policies.list({ identity })) console.log(p.name);
   * @example const mine = await ovh.iam.policies.list({ identity }).all();
   */
  list(filter: IamPolicyFilter = {}, options: PageOptions = {}): Paginated<IamPolicy> {
    const query = parseInput(IamPolicyFilter, filter, 'filter');
    return paginate(this.transport, '/v2/iam/policy', IamPolicy, { ...options, query });
  }

  /** One policy; `details: true` adds what each resource is. */
  async get(policyId: string, options: CallOptions & { details?: boolean } = {}): Promise<IamPolicy> {
    const { details, ...call } = options;
    return this.transport.request('GET', policyPath(policyId), {
      ...call,
      ...(details !== undefined ? { query: { details } } : {}),
      schema: IamPolicy,
    });
  }

  /**
   * Creates a policy. Actions and URNs may be plain strings.
   * @example
   * await ovh.iam.policies.create({ name: 'ci-read-keys', identities: [identity], resources: [await ovh.iam.accountUrn()],
   *   permissions: { allow: ['account:apiovh:me/api/credential/get'] } });
   */
  async create(input: IamPolicyInput, options: CallOptions = {}): Promise<IamPolicy> {
    const body = toBody(parseInput(IamPolicyInput, input, 'input'));
    return this.transport.request('POST', '/v2/iam/policy', { ...options, body, schema: IamPolicy });
  }

  /**
   * Replaces a policy (PUT): every field not given is dropped, permission groups included. Start from
   * `policyInput(policy)` to change one thing.
   */
  async update(policyId: string, input: IamPolicyInput, options: CallOptions = {}): Promise<IamPolicy> {
    const path = policyPath(policyId);
    const body = toBody(parseInput(IamPolicyInput, input, 'input'));
    return this.transport.request('PUT', path, { ...options, body, schema: IamPolicy });
  }

  /** Deletes a policy: the rights it granted end at once. */
  async delete(policyId: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request('DELETE', policyPath(policyId), { ...options, schema: Nothing });
  }
}

function policyPath(policyId: string): string {
  return resourcePath('/v2/iam/policy/{policyId}', { policyId });
}

// --- URNs and grants ---

/** An OVH region as URNs name it. */
export type IamRegion = 'eu' | 'ca' | 'us';

/**
 * URN builders.
 * @example iamUrn.account('eu', 'xx1111-ovh')                         // 'urn:v1:eu:resource:account:xx1111-ovh'
 * @example iamUrn.publicCloudProject('eu', projectId)                  // for AI tokens and other project routes
 * @example iamUrn.serviceAccount('eu', 'xx1111-ovh', 'EU.3f9c0a7b')     // a service account's identity
 */
export const iamUrn = {
  /** The account itself: every `/me` route acts on it. */
  account: (region: IamRegion, nichandle: string): string => `urn:v1:${region}:resource:account:${nichandle}`,
  /** A Public Cloud project (AI tokens and the other `/cloud/project/{serviceName}` routes). */
  publicCloudProject: (region: IamRegion, serviceName: string): string => `urn:v1:${region}:resource:publicCloudProject:${serviceName}`,
  /** A service account's identity, as `GET /me/api/oauth2/client/{clientId}` shows it. */
  serviceAccount: (region: IamRegion, nichandle: string, clientId: string): string =>
    `urn:v1:${region}:identity:credential:${nichandle}/oauth2-${clientId}`,
} as const;

/** What `grant` gives: actions on resources. */
export interface GrantInput {
  /** IAM actions, e.g. `account:apiovh:me/api/credential/get` (globs such as `account:apiovh:me/api/credential/*`). */
  actions: readonly string[];
  /** Resource URNs; default: the account (`accountUrn()`). */
  resources?: readonly string[];
  /** Policy name; default `grant-<clientId>-<n>`. */
  name?: string;
  description?: string;
  /** After this date the grant ends. */
  expiredAt?: string | Date;
}

/** What `revoke` did. */
export interface RevokeGrantsReport {
  /** Policies deleted (they named only this identity). */
  deleted: string[];
  /** Policies kept for their other identities, with this one removed. */
  updated: string[];
}

/** 32-bit FNV-1a of a text, as 8 hex digits: a short, stable name suffix. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
const Me = z.looseObject({ nichandle: z.string().min(1) });
const OAuth2Identity = z.looseObject({ identity: z.string().nullish() });

/** `ovh.iam`: policies, URNs, and granting a service account what it needs. */
export class IamResource {
  /** `/v2/iam/policy`. */
  readonly policies: IamPoliciesResource;
  #nichandle: Promise<string> | undefined;

  constructor(
    private readonly transport: Transport,
    /** The region of the client's endpoint, for URNs. */
    readonly region: IamRegion,
  ) {
    this.policies = new IamPoliciesResource(transport);
  }

  /** The account's nichandle (`GET /me`, once per client). */
  nichandle(options: CallOptions = {}): Promise<string> {
    this.#nichandle ??= this.transport.request('GET', '/me', { ...options, schema: Me }).then(
      (me) => me.nichandle,
      (error: unknown) => {
        this.#nichandle = undefined;
        throw error;
      },
    );
    return this.#nichandle;
  }

  /** The account's resource URN (`urn:v1:<region>:resource:account:<nichandle>`): what every `/me` action acts on. */
  async accountUrn(options: CallOptions = {}): Promise<string> {
    return iamUrn.account(this.region, await this.nichandle(options));
  }

  /**
   * A service account's identity URN, as the API reports it (`GET /me/api/oauth2/client/{clientId}`), or built from
   * the nichandle when the API leaves it out. An identity URN is passed through.
   */
  async identityOf(serviceAccount: string, options: CallOptions = {}): Promise<string> {
    if (serviceAccount.startsWith('urn:')) return serviceAccount;
    const clientId = parseInput(ClientIdParam, serviceAccount, 'serviceAccount');
    const client = await this.transport.request('GET', resourcePath('/me/api/oauth2/client/{clientId}', { clientId }), {
      ...options,
      schema: OAuth2Identity,
    });
    return client.identity ?? iamUrn.serviceAccount(this.region, await this.nichandle(options), clientId);
  }

  /**
   * Grants a service account (client id or identity URN) actions on resources (default: the account), with one
   * new policy; returns it.
   * @example await ovh.iam.grant(clientId, { actions: ['account:apiovh:me/api/credential/get'] });
   */
  async grant(serviceAccount: string, grant: GrantInput, options: CallOptions = {}): Promise<IamPolicy> {
    if (!grant || !Array.isArray(grant.actions) || grant.actions.length === 0) {
      throw new InputValidationError(
        'grant.actions',
        'Invalid grant.actions: give at least one IAM action, e.g. "account:apiovh:me/get". Nothing was sent.',
      );
    }
    const identity = await this.identityOf(serviceAccount, options);
    const resources = grant.resources?.length ? [...grant.resources] : [await this.accountUrn(options)];
    // The default name is derived from what is granted: the same grant twice is refused as a duplicate name.
    const name =
      grant.name ??
      `grant-${
        identity
          .split('/oauth2-')
          .pop()
          ?.replace(/[^A-Za-z0-9_+-]/g, '-') ?? 'sa'
      }-${fnv1a([...grant.actions, ...resources].sort().join('\n'))}`;
    return this.policies.create(
      {
        name,
        ...(grant.description !== undefined ? { description: grant.description } : {}),
        identities: [identity],
        resources,
        permissions: { allow: [...grant.actions] },
        ...(grant.expiredAt !== undefined ? { expiredAt: grant.expiredAt } : {}),
      },
      options,
    );
  }

  /** Every policy that names a service account (client id or identity URN). */
  async grants(serviceAccount: string, options: PageOptions = {}): Promise<IamPolicy[]> {
    const identity = await this.identityOf(serviceAccount, options);
    return this.policies.list({ identity }, options).all();
  }

  /**
   * Removes every grant of a service account: policies naming only it are deleted, others keep their other
   * identities. Read-only (OVH-managed) policies are left alone.
   */
  async revoke(serviceAccount: string, options: PageOptions = {}): Promise<RevokeGrantsReport> {
    const identity = await this.identityOf(serviceAccount, options);
    const report: RevokeGrantsReport = { deleted: [], updated: [] };
    for (const policy of await this.policies.list({ identity }, options).all()) {
      if (policy.readOnly || !policy.identities.includes(identity)) continue;
      const others = policy.identities.filter((i) => i !== identity);
      if (others.length === 0) {
        await this.policies.delete(policy.id, options);
        report.deleted.push(policy.id);
      } else {
        await this.policies.update(policy.id, { ...policyInput(policy), identities: others }, options);
        report.updated.push(policy.id);
      }
    }
    return report;
  }
}
