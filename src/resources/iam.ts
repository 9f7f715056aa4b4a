// /v2/iam/policy: IAM policies, which grant identities (service accounts, users) actions on resources; and the
// helpers that build URNs and grant a service account what it needs, on top of them.
import { lazy } from '../core/lazy.js';
import { paginate, type PageOptions, type Paginated } from '../core/paging.js';
import type { Requester } from '../core/requester.js';
import type { CallOptions } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import type { ConditionInput, IamPolicy, IamPolicyFilter, IamPolicyInput } from './iam.schemas.js';
import { checkClientId, checkParam, resourcePath } from './params.js';

const schemas = lazy(() => import('./iam.schemas.js'));
const grantOps = lazy(() => import('./iam-grants.js'));

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
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(private readonly transport: Requester) {}

  /**
   * Every policy matching the filter, paged by cursor: iterate it (`for await`), or `.all()` / `.pages()`.
   * @example for await (const p of ovh.iam.policies.list({ identity })) console.log(p.name);
   * @example const mine = await ovh.iam.policies.list({ identity }).all();
   */
  list(filter: IamPolicyFilter = {}, options: PageOptions = {}): Paginated<IamPolicy> {
    return paginate(
      this.transport,
      '/v2/iam/policy',
      async () => {
        const s = await schemas();
        return { items: s.IamPolicy, query: parseInput(s.IamPolicyFilter, filter, 'filter') };
      },
      options,
    );
  }

  /** One policy; `details: true` adds what each resource is. */
  async get(policyId: string, options: CallOptions & { details?: boolean } = {}): Promise<IamPolicy> {
    const { details, ...call } = options;
    const path = policyPath(policyId);
    return this.transport.request('GET', path, {
      ...call,
      ...(details !== undefined ? { query: { details } } : {}),
      schema: (await schemas()).IamPolicy,
    });
  }

  /**
   * Creates a policy. Actions and URNs may be plain strings.
   * @example
   * await ovh.iam.policies.create({ name: 'ci-read-keys', identities: [identity], resources: [await ovh.iam.accountUrn()],
   *   permissions: { allow: ['account:apiovh:me/api/credential/get'] } });
   */
  async create(input: IamPolicyInput, options: CallOptions = {}): Promise<IamPolicy> {
    const s = await schemas();
    const body = s.policyBody(parseInput(s.IamPolicyInput, input, 'input'));
    return this.transport.request('POST', '/v2/iam/policy', { ...options, body, schema: s.IamPolicy });
  }

  /**
   * Replaces a policy (PUT): every field not given is dropped, permission groups included. Start from
   * `policyInput(policy)` to change one thing.
   */
  async update(policyId: string, input: IamPolicyInput, options: CallOptions = {}): Promise<IamPolicy> {
    const path = policyPath(policyId);
    const s = await schemas();
    const body = s.policyBody(parseInput(s.IamPolicyInput, input, 'input'));
    return this.transport.request('PUT', path, { ...options, body, schema: s.IamPolicy });
  }

  /** Deletes a policy: the rights it granted end at once. */
  async delete(policyId: string, options: CallOptions = {}): Promise<void> {
    const path = policyPath(policyId);
    await this.transport.request('DELETE', path, { ...options, schema: (await schemas()).Nothing });
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

/** `ovh.iam`: policies, URNs, and granting a service account what it needs. */
export class IamResource {
  /** `/v2/iam/policy`. */
  readonly policies: IamPoliciesResource;
  #nichandle: Promise<string> | undefined;

  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Requester,
    /** The region of the client's endpoint, for URNs. */
    readonly region: IamRegion,
  ) {
    this.policies = new IamPoliciesResource(transport);
  }

  /** The account's nichandle (`GET /me`, once per client). */
  nichandle(options: CallOptions = {}): Promise<string> {
    this.#nichandle ??= schemas()
      .then(({ Me }) => this.transport.request('GET', '/me', { ...options, schema: Me }))
      .then(
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
    const clientId = checkParam(checkClientId, serviceAccount, 'serviceAccount') as string;
    const path = resourcePath('/me/api/oauth2/client/{clientId}', { clientId });
    const client = await this.transport.request('GET', path, { ...options, schema: (await schemas()).OAuth2Identity });
    return client.identity ?? iamUrn.serviceAccount(this.region, await this.nichandle(options), clientId);
  }

  /**
   * Grants a service account (client id or identity URN) actions on resources (default: the account), with one
   * new policy; returns it.
   * @example await ovh.iam.grant(clientId, { actions: ['account:apiovh:me/api/credential/get'] });
   */
  async grant(serviceAccount: string, grant: GrantInput, options: CallOptions = {}): Promise<IamPolicy> {
    return (await grantOps()).grant(this, serviceAccount, grant, options);
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
    return (await grantOps()).revoke(this, serviceAccount, options);
  }
}
