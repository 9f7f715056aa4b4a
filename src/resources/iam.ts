// /v2/iam/policy: IAM policies, and on top of them the helpers that build URNs and grant a service account its rights.
import { z } from 'zod';
import { PAGE_OPTION_KEYS, paginate, type PageOptions, type Paginated } from '../core/paging.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { CALL_OPTION_KEYS, optionKeys, parseInput, parseObject, strictOptions } from '../core/options.js';
import { type ConditionInput, IamPolicy, IamPolicyFilter, IamPolicyInput } from './iam.schemas.js';
import { ClientIdParam, resourcePath } from './params.js';

/**
 * The input that re-creates a policy as read (its writable fields, resources and groups as URNs), for `update`.
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

/** What `GET /me` (`nichandle.Nichandle`) gives that the SDK reads: the account's nichandle, for URNs. */
export const Me = z.looseObject({ nichandle: z.string().min(1) });
const OAuth2Identity = z.looseObject({ identity: z.string().nullish() });

// The API's body for a policy input: URNs and actions as the API's objects (fields left undefined are not sent).
function policyBody(input: z.output<typeof IamPolicyInput>): Record<string, unknown> {
  const urns = (list: ReadonlyArray<string | { urn: string }>) => list.map((r) => (typeof r === 'string' ? { urn: r } : r));
  const actions = (list?: ReadonlyArray<string | { action: string }>) => list?.map((a) => (typeof a === 'string' ? { action: a } : a));
  const { allow, except, deny } = input.permissions;
  return {
    ...input,
    resources: urns(input.resources),
    permissions: { allow: actions(allow), except: actions(except), deny: actions(deny) },
    permissionsGroups: input.permissionsGroups && urns(input.permissionsGroups),
  };
}

/** Options of `policies.get`. */
export interface IamPolicyGetOptions extends CallOptions {
  /** Add what each resource is (`resources[].group` / `.resource`). */
  details?: boolean;
}
const GET_KEYS = optionKeys<IamPolicyGetOptions>()([...CALL_OPTION_KEYS, 'details']);

/** `/v2/iam/policy`: IAM policies (API v2). */
export class IamPoliciesResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(private readonly transport: Transport) {}

  /**
   * Every policy matching the filter, paged by cursor: await it (or `.all()`) for an array, iterate it (`for await`), or `.pages()`.
   * @example const mine = await ovh.iam.policies.list({ identity });
   * @example for await (const p of ovh.iam.policies.list({ identity })) console.log(p.name);
   */
  list(filter: IamPolicyFilter = {}, options: PageOptions = {}): Paginated<IamPolicy> {
    const source = () => ({ items: IamPolicy, query: parseObject(IamPolicyFilter, filter, 'filter', 'iam.policies.list filter') });
    return paginate(this.transport, '/v2/iam/policy', source, options);
  }

  /** One policy; `details: true` adds what each resource is. */
  async get(policyId: string, options: IamPolicyGetOptions = {}): Promise<IamPolicy> {
    strictOptions(options, GET_KEYS, 'iam.policies.get options');
    const { details, ...call } = options;
    return this.transport.request('GET', policyPath(policyId), { ...(details !== undefined ? { query: { details } } : {}), schema: IamPolicy }, call);
  }

  /**
   * Creates a policy. Actions and URNs may be plain strings.
   * @example
   * await ovh.iam.policies.create({ name: 'ci-read-keys', identities: [identity], resources: [await ovh.iam.accountUrn()],
   *   permissions: { allow: ['account:apiovh:me/api/credential/get'] } });
   */
  async create(input: IamPolicyInput, options?: CallOptions): Promise<IamPolicy> {
    const body = policyBody(parseObject(IamPolicyInput, input, 'input', 'iam.policies.create input'));
    return this.transport.request('POST', '/v2/iam/policy', { body, schema: IamPolicy }, options);
  }

  /** Replaces a policy (PUT): every field not given is dropped; start from `policyInput(policy)` to change one thing. */
  async update(policyId: string, input: IamPolicyInput, options?: CallOptions): Promise<IamPolicy> {
    const path = policyPath(policyId);
    const body = policyBody(parseObject(IamPolicyInput, input, 'input', 'iam.policies.update input'));
    return this.transport.request('PUT', path, { body, schema: IamPolicy }, options);
  }

  /** Deletes a policy: the rights it granted end at once. */
  async delete(policyId: string, options?: CallOptions): Promise<void> {
    await this.transport.request('DELETE', policyPath(policyId), {}, options);
  }
}

const policyPath = (policyId: string) => resourcePath('/v2/iam/policy/{policyId}', { policyId });

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
const GRANT_KEYS = optionKeys<GrantInput>()(['actions', 'resources', 'name', 'description', 'expiredAt']);
const NO_ACTION = 'give at least one IAM action, e.g. "account:apiovh:me/get"';
const GrantActions = z.array(z.unknown(), { error: NO_ACTION }).min(1, { error: NO_ACTION });

/** What `revoke` did. */
export interface RevokeGrantsReport {
  /** Policies deleted (they named only this identity). */
  deleted: string[];
  /** Policies kept for their other identities, with this one removed. */
  updated: string[];
}

/** `ovh.iam`: policies, URNs, and granting a service account what it needs. */
export class IamResource {
  /** `/v2/iam/policy`. */
  readonly policies: IamPoliciesResource;
  #nichandle: Promise<string> | undefined;

  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Transport,
    /** The region of the client's endpoint, for URNs. */
    readonly region: IamRegion,
  ) {
    this.policies = new IamPoliciesResource(transport);
  }

  /** The account's nichandle (`GET /me`, once per client). */
  nichandle(options?: CallOptions): Promise<string> {
    this.#nichandle ??= this.transport.request('GET', '/me', { schema: Me }, options).then(
      (me) => me.nichandle,
      (error: unknown) => {
        this.#nichandle = undefined;
        throw error;
      },
    );
    return this.#nichandle;
  }

  /** The account's resource URN (`urn:v1:<region>:resource:account:<nichandle>`): what every `/me` action acts on. */
  async accountUrn(options?: CallOptions): Promise<string> {
    return iamUrn.account(this.region, await this.nichandle(options));
  }

  /** A service account's identity URN, as the API reports it or else built from the nichandle; a URN is passed through. */
  async identityOf(serviceAccount: string, options?: CallOptions): Promise<string> {
    if (serviceAccount.startsWith('urn:')) return serviceAccount;
    const clientId = parseInput(ClientIdParam, serviceAccount, 'serviceAccount');
    const path = resourcePath('/me/api/oauth2/client/{clientId}', { clientId });
    const client = await this.transport.request('GET', path, { schema: OAuth2Identity }, options);
    return client.identity ?? iamUrn.serviceAccount(this.region, await this.nichandle(options), clientId);
  }

  /**
   * Grants a service account (client id or identity URN) actions on resources (default: the account) in a new policy.
   * @example await ovh.iam.grant(clientId, { actions: ['account:apiovh:me/api/credential/get'] });
   */
  async grant(serviceAccount: string, input: GrantInput, options?: CallOptions): Promise<IamPolicy> {
    strictOptions(input, GRANT_KEYS, 'iam.grant input');
    parseInput(GrantActions, input?.actions, 'grant.actions');
    const identity = await this.identityOf(serviceAccount, options);
    const resources = input.resources?.length ? [...input.resources] : [await this.accountUrn(options)];
    // The default name is derived from what is granted: the same grant twice is refused as a duplicate name.
    const who = String(identity.split('/oauth2-').pop()).replace(/[^A-Za-z0-9_+-]/g, '-');
    const name = input.name ?? `grant-${who}-${fnv1a([...input.actions, ...resources].sort().join('\n'))}`;
    const { description, expiredAt } = input;
    const policy = { name, description, identities: [identity], resources, permissions: { allow: [...input.actions] }, expiredAt };
    return this.policies.create(policy, options);
  }

  /** Every policy that names a service account (client id or identity URN). */
  async grants(serviceAccount: string, options: PageOptions = {}): Promise<IamPolicy[]> {
    return (await this.#grantsOf(serviceAccount, options, 'iam.grants options')).policies;
  }

  /** Removes a service account's grants: policies naming only it are deleted, others lose it; read-only ones stay. */
  async revoke(serviceAccount: string, options: PageOptions = {}): Promise<RevokeGrantsReport> {
    const { identity, call, policies } = await this.#grantsOf(serviceAccount, options, 'iam.revoke options');
    const report: RevokeGrantsReport = { deleted: [], updated: [] };
    for (const policy of policies) {
      if (policy.readOnly || !policy.identities.includes(identity)) continue;
      const others = policy.identities.filter((i) => i !== identity);
      if (others.length === 0) {
        await this.policies.delete(policy.id, call);
        report.deleted.push(policy.id);
      } else {
        await this.policies.update(policy.id, { ...policyInput(policy), identities: others }, call);
        report.updated.push(policy.id);
      }
    }
    return report;
  }

  async #grantsOf(serviceAccount: string, options: PageOptions, where: string) {
    strictOptions(options, PAGE_OPTION_KEYS, where);
    const { pageSize: _size, cursor: _cursor, ...call } = options;
    const identity = await this.identityOf(serviceAccount, call);
    return { identity, call, policies: await this.policies.list({ identity }, options).all() };
  }
}

/** 32-bit FNV-1a of a text, as 8 hex digits: a short, stable name suffix. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
