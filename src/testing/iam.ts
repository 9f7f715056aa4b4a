/**
 * IAM as the simulator plays it for OAuth2 (service account) callers: policies, the IAM action and resource URN of
 * each simulated route, and OVH's evaluation rules (denied by default; a policy applies when it names the caller's
 * identity and a resource matching the URN; `allow` minus the same policy's `except` grants; any `deny` wins;
 * expired policies are ignored). Consumer keys are not subject to IAM: their account holds every right.
 *
 * Sources: OVH's v2 IAM description (`iam.policy.*` models), the IAM policies guide (evaluation, wildcards), and the
 * `iamActions` of OVH's v1 descriptions (action names). See /work/shared/API-NOTES.md, "IAM policies".
 */
import { randomUUID } from 'node:crypto';
import { formatV2Date } from './dates.js';
import type { SimulatorState } from './state.js';

/** A region as IAM URNs name it (`urn:v1:<region>:…`). */
export type IamRegion = 'eu' | 'ca' | 'us';

/** The regions IAM URNs use. */
export const IAM_REGIONS: readonly IamRegion[] = ['eu', 'ca', 'us'];

/** One action entry of a policy, e.g. `{ action: 'account:apiovh:me/get' }` (`*` allowed at either end). */
export interface IamPolicyAction {
  /** The action name or glob, e.g. `publicCloudProject:apiovh:ai/token/*`. */
  action: string;
}

/** What a policy allows, takes back from its own allow (`except`), and denies everywhere (`deny`). */
export interface IamPolicyPermissions {
  /** Actions granted. */
  allow?: IamPolicyAction[];
  /** Actions removed from this policy's `allow` (other policies may still grant them). */
  except?: IamPolicyAction[];
  /** Actions refused whatever any policy allows. */
  deny?: IamPolicyAction[];
}

/** A condition of a policy (stored and returned; the simulator does not evaluate conditions). */
export interface IamPolicyCondition {
  /** How `values` and `conditions` combine. */
  operator: 'AND' | 'MATCH' | 'NOT' | 'OR';
  /** e.g. `{ 'resource.Tag(env)': 'prod' }`. */
  values?: Record<string, string> | null | undefined;
  /** Nested conditions. */
  conditions?: IamPolicyCondition[] | null | undefined;
}

/** An IAM policy as the simulator stores it. Times are epoch ms on the simulator's clock. */
export interface SimIamPolicy {
  /** UUID. */
  id: string;
  /** Unique within the account. */
  name: string;
  /** `null` when none was given. */
  description: string | null;
  /** Identity URNs the policy applies to, e.g. `urn:v1:eu:identity:credential:xx1111-ovh/oauth2-EU.0123…`. */
  identities: string[];
  /** Resource URNs (or globs such as `urn:v1:eu:resource:*`). */
  resources: { urn: string }[];
  /** Allowed, excepted and denied actions. */
  permissions: IamPolicyPermissions;
  /** Permission-group URNs (stored and returned; the simulator does not expand them). */
  permissionsGroups: { urn: string }[];
  /** Conditions (stored and returned; not evaluated). */
  conditions: IamPolicyCondition | null;
  /** Epoch ms after which the policy no longer applies, or `null`. */
  expiredAt: number | null;
  /** The account's nic handle. */
  owner: string;
  /** OVH-managed policies (`ovh-…`) are read-only: they cannot be edited or deleted. */
  readOnly: boolean;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last PUT, `null` until then. */
  updatedAt: number | null;
}

/** A policy as `GET /v2/iam/policy/{policyId}` returns it (`iam.policy.Response`): the stored one, dates in v2 format. */
export type IamPolicyView = Omit<SimIamPolicy, 'expiredAt' | 'createdAt' | 'updatedAt'> & {
  /** e.g. `2026-12-31T23:59:59.000Z`, or `null`. */
  expiredAt: string | null;
  /** e.g. `2023-03-21T15:40:05.213Z`. */
  createdAt: string;
  /** `null` until the first PUT. */
  updatedAt: string | null;
};

/** The IAM action a call needs and the resource it acts on. */
export interface IamActionOf {
  /** e.g. `account:apiovh:me/api/credential/get`. */
  action: string;
  /** e.g. `urn:v1:eu:resource:account:xx1111-ovh`. */
  resource: string;
}

/** The resource type a route acts on; `publicCloudProject` routes take the project from `{serviceName}`. */
export type IamResourceType = 'account' | 'publicCloudProject';

/** The IAM action of one simulated route. */
export interface IamRouteAction {
  /** The action name. */
  readonly action: string;
  /** What the resource URN is built from. */
  readonly resourceType: IamResourceType;
}

const account = (action: string): IamRouteAction => ({ action: `account:apiovh:${action}`, resourceType: 'account' });
const project = (action: string): IamRouteAction => ({ action: `publicCloudProject:apiovh:${action}`, resourceType: 'publicCloudProject' });

/**
 * The IAM action of every simulated route that has one, keyed `METHOD pattern` (v2 patterns start with `/v2`).
 * `/auth/*` routes publish no action and are not checked. Sources: the `iamActions` of OVH's v1 descriptions and
 * the `x-iam-actions` of the v2 IAM description.
 */
export const IAM_ROUTE_ACTIONS: Readonly<Record<string, IamRouteAction>> = Object.freeze({
  'GET /me': account('me/get'),
  'GET /me/api/credential': account('me/api/credential/get'),
  'GET /me/api/credential/{credentialId}': account('me/api/credential/get'),
  'PUT /me/api/credential/{credentialId}': account('me/api/credential/edit'),
  'DELETE /me/api/credential/{credentialId}': account('me/api/credential/delete'),
  'GET /me/api/credential/{credentialId}/application': account('me/api/credential/application/get'),
  'GET /me/api/application': account('me/api/application/get'),
  'GET /me/api/application/{applicationId}': account('me/api/application/get'),
  'DELETE /me/api/application/{applicationId}': account('me/api/application/delete'),
  'GET /me/api/oauth2/client': account('me/api/oauth2/client/get'),
  'POST /me/api/oauth2/client': account('me/api/oauth2/client/create'),
  'GET /me/api/oauth2/client/{clientId}': account('me/api/oauth2/client/get'),
  'PUT /me/api/oauth2/client/{clientId}': account('me/api/oauth2/client/edit'),
  'DELETE /me/api/oauth2/client/{clientId}': account('me/api/oauth2/client/delete'),
  'GET /cloud/project/{serviceName}/ai/token': project('ai/token/get'),
  'POST /cloud/project/{serviceName}/ai/token': project('ai/token/create'),
  'GET /cloud/project/{serviceName}/ai/token/{tokenId}': project('ai/token/get'),
  'DELETE /cloud/project/{serviceName}/ai/token/{tokenId}': project('ai/token/delete'),
  'POST /cloud/project/{serviceName}/ai/token/{tokenId}/renew': project('ai/token/renew'),
  'GET /v2/iam/policy': account('iam/policy/get'),
  'POST /v2/iam/policy': account('iam/policy/create'),
  'GET /v2/iam/policy/{policyId}': account('iam/policy/get'),
  'PUT /v2/iam/policy/{policyId}': account('iam/policy/edit'),
  'DELETE /v2/iam/policy/{policyId}': account('iam/policy/delete'),
});

/** The account's resource URN, e.g. `urn:v1:eu:resource:account:xx1111-ovh`. */
export function accountUrn(state: SimulatorState): string {
  return `urn:v1:${state.region}:resource:account:${state.account.nichandle}`;
}

/** A Public Cloud project's resource URN, e.g. `urn:v1:eu:resource:publicCloudProject:0e4b…`. */
export function projectUrn(state: SimulatorState, serviceName: string): string {
  return `urn:v1:${state.region}:resource:publicCloudProject:${serviceName}`;
}

/** The action and resource URN of a matched route, or `undefined` when the route has no IAM action. */
export function iamActionOfRoute(
  state: SimulatorState,
  method: string,
  pattern: string,
  params: Readonly<Record<string, string>>,
): IamActionOf | undefined {
  const entry = IAM_ROUTE_ACTIONS[`${method} ${pattern}`];
  if (entry === undefined) return undefined;
  const resource = entry.resourceType === 'account' ? accountUrn(state) : projectUrn(state, params['serviceName'] ?? '');
  return { action: entry.action, resource };
}

/**
 * Whether a value matches an IAM pattern: `*` at the start and/or end matches any run of characters (`:` and `/`
 * included); the rest must be equal. A `*` elsewhere is literal (policies with one are refused on input).
 * @example iamGlobMatches('account:apiovh:*', 'account:apiovh:me/get') // true
 */
export function iamGlobMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const leading = pattern.startsWith('*');
  const trailing = pattern.endsWith('*');
  const core = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return value.includes(core);
  if (leading) return value.endsWith(core);
  if (trailing) return value.startsWith(core);
  return value === pattern;
}

/** Whether a policy is in force at `now` (not past its `expiredAt`). */
export function isPolicyActive(policy: SimIamPolicy, now: number): boolean {
  return policy.expiredAt === null || policy.expiredAt > now;
}

/**
 * OVH's evaluation for one identity, action and resource: denied by default; each policy in force that names the
 * identity and a matching resource takes part; a `deny` match in any of them refuses; otherwise some policy's
 * `allow` must match while its own `except` does not. Permission groups and conditions are not evaluated.
 */
export function isIamAllowed(
  policies: Iterable<SimIamPolicy>,
  request: { identity: string; action: string; resource: string; now: number },
): boolean {
  const matches = (list: IamPolicyAction[] | undefined): boolean => list?.some((entry) => iamGlobMatches(entry.action, request.action)) ?? false;
  let allowed = false;
  for (const policy of policies) {
    if (!isPolicyActive(policy, request.now)) continue;
    if (!policy.identities.includes(request.identity)) continue;
    if (!policy.resources.some((resource) => iamGlobMatches(resource.urn, request.resource))) continue;
    if (matches(policy.permissions.deny)) return false;
    if (matches(policy.permissions.allow) && !matches(policy.permissions.except)) allowed = true;
  }
  return allowed;
}

/** What a policy is made of (the body of `POST /v2/iam/policy`, already validated), plus read-only extras. */
export interface IamPolicyContent {
  /** Unique name. */
  name: string;
  /** Free text. */
  description?: string | undefined;
  /** Identity URNs. */
  identities: string[];
  /** Resource URNs or globs. */
  resources: { urn: string }[];
  /** `null` lists are stored as absent. */
  permissions: {
    allow?: IamPolicyAction[] | null | undefined;
    except?: IamPolicyAction[] | null | undefined;
    deny?: IamPolicyAction[] | null | undefined;
  };
  /** Permission-group URNs. */
  permissionsGroups?: { urn: string }[] | null | undefined;
  /** Conditions. */
  conditions?: IamPolicyCondition | null | undefined;
  /** Epoch ms, or `null`. */
  expiredAt?: number | null | undefined;
}

function copyCondition(condition: IamPolicyCondition): IamPolicyCondition {
  const copy: IamPolicyCondition = { operator: condition.operator };
  if (condition.values !== undefined) copy.values = condition.values === null ? null : { ...condition.values };
  if (condition.conditions !== undefined) copy.conditions = condition.conditions === null ? null : condition.conditions.map(copyCondition);
  return copy;
}

function copyPermissions(permissions: IamPolicyContent['permissions']): IamPolicyPermissions {
  const copy: IamPolicyPermissions = {};
  for (const key of ['allow', 'except', 'deny'] as const) {
    const list = permissions[key];
    if (list !== undefined && list !== null) copy[key] = list.map((entry) => ({ action: entry.action }));
  }
  return copy;
}

/** Writes `content` over a policy: a full replacement, as PUT does (fields left out are reset). */
export function applyPolicyContent(policy: SimIamPolicy, content: IamPolicyContent): void {
  policy.name = content.name;
  policy.description = content.description ?? null;
  policy.identities = [...content.identities];
  policy.resources = content.resources.map((resource) => ({ urn: resource.urn }));
  policy.permissions = copyPermissions(content.permissions);
  policy.permissionsGroups = (content.permissionsGroups ?? []).map((group) => ({ urn: group.urn }));
  policy.conditions = content.conditions ? copyCondition(content.conditions) : null;
  policy.expiredAt = content.expiredAt ?? null;
}

/** Adds a policy owned by the account. */
export function addPolicy(state: SimulatorState, content: IamPolicyContent, options: { now: number; readOnly?: boolean }): SimIamPolicy {
  const policy: SimIamPolicy = {
    id: randomUUID(),
    name: '',
    description: null,
    identities: [],
    resources: [],
    permissions: {},
    permissionsGroups: [],
    conditions: null,
    expiredAt: null,
    owner: state.account.nichandle,
    readOnly: options.readOnly ?? false,
    createdAt: options.now,
    updatedAt: null,
  };
  applyPolicyContent(policy, content);
  state.policies.set(policy.id, policy);
  return policy;
}

/** The policy with this name, if any. */
export function findPolicyByName(state: SimulatorState, name: string): SimIamPolicy | undefined {
  for (const policy of state.policies.values()) if (policy.name === name) return policy;
  return undefined;
}

/** Renders a policy the way the v2 API does (copies: editing the view does not change the state). */
export function policyView(policy: SimIamPolicy): IamPolicyView {
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    identities: [...policy.identities],
    resources: policy.resources.map((resource) => ({ urn: resource.urn })),
    permissions: copyPermissions(policy.permissions),
    permissionsGroups: policy.permissionsGroups.map((group) => ({ urn: group.urn })),
    conditions: policy.conditions ? copyCondition(policy.conditions) : null,
    expiredAt: policy.expiredAt === null ? null : formatV2Date(policy.expiredAt),
    owner: policy.owner,
    readOnly: policy.readOnly,
    createdAt: formatV2Date(policy.createdAt),
    updatedAt: policy.updatedAt === null ? null : formatV2Date(policy.updatedAt),
  };
}
