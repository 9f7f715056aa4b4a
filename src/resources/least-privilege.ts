// Least privilege, measured: from the calls a script made (the simulator's `sim.requests`, or a live client's
// `onRequest` hook), the consumer-key access rules and the IAM grants that allow exactly those calls.
import { optionKeys, strictOptions } from '../core/validate.js';
import type { AccessRuleGrant, AccessRuleMethod } from './access-rules.js';
import { iamUrn, type GrantInput, type IamRegion } from './iam.js';

/** One call, as `sim.requests` or the `onRequest` hook give it: a method and a full URL, or a path. */
export interface RecordedCall {
  method: string;
  /** A full URL (`https://eu.api.ovh.com/1.0/me?x=1`) or a path (`/me`, `/1.0/me`, `/v2/iam/policy`). */
  url?: string;
  path?: string;
}

/** What `leastPrivilege` found. */
export interface LeastPrivilege {
  /** Access rules for a consumer key (`ovh.auth.requestConsumerKey({ accessRules })`), ids collapsed to `*`. */
  accessRules: AccessRuleGrant[];
  /** IAM grants for a service account, one per resource: `for (const g of iam) await ovh.iam.grant(clientId, g)`. */
  iam: GrantInput[];
  /** Calls this SDK knows no IAM action for (they still have access rules): grant them by hand. */
  unknownActions: Array<{ method: string; path: string }>;
}

/** Options of `leastPrivilege`. */
export interface LeastPrivilegeOptions {
  /** Region of the IAM URNs. Default `eu`. */
  region?: IamRegion;
  /** The account's nichandle, for its URN; without it the account URN ends in `*` (any account: only yours applies). */
  nichandle?: string;
}
const OPTION_KEYS = optionKeys<LeastPrivilegeOptions>()(['region', 'nichandle']);

type Resource = 'account' | 'publicCloudProject';
interface Route {
  method: string;
  segments: string[];
  action: string;
  resource: Resource;
}

// The routes the SDK calls, with the IAM action OVH publishes for each (`iamActions` in its API descriptions) and
// the resource it acts on. `{x}` is a path parameter.
const ROUTES: Route[] = (
  [
    ['GET', '/me', 'account:apiovh:me/get', 'account'],
    ['GET', '/me/api/credential', 'account:apiovh:me/api/credential/get', 'account'],
    ['GET', '/me/api/credential/{id}', 'account:apiovh:me/api/credential/get', 'account'],
    ['PUT', '/me/api/credential/{id}', 'account:apiovh:me/api/credential/edit', 'account'],
    ['DELETE', '/me/api/credential/{id}', 'account:apiovh:me/api/credential/delete', 'account'],
    ['GET', '/me/api/credential/{id}/application', 'account:apiovh:me/api/credential/application/get', 'account'],
    ['GET', '/me/api/application', 'account:apiovh:me/api/application/get', 'account'],
    ['GET', '/me/api/application/{id}', 'account:apiovh:me/api/application/get', 'account'],
    ['DELETE', '/me/api/application/{id}', 'account:apiovh:me/api/application/delete', 'account'],
    ['GET', '/me/api/oauth2/client', 'account:apiovh:me/api/oauth2/client/get', 'account'],
    ['POST', '/me/api/oauth2/client', 'account:apiovh:me/api/oauth2/client/create', 'account'],
    ['GET', '/me/api/oauth2/client/{id}', 'account:apiovh:me/api/oauth2/client/get', 'account'],
    ['PUT', '/me/api/oauth2/client/{id}', 'account:apiovh:me/api/oauth2/client/edit', 'account'],
    ['DELETE', '/me/api/oauth2/client/{id}', 'account:apiovh:me/api/oauth2/client/delete', 'account'],
    ['GET', '/cloud/project/{serviceName}/ai/token', 'publicCloudProject:apiovh:ai/token/get', 'publicCloudProject'],
    ['POST', '/cloud/project/{serviceName}/ai/token', 'publicCloudProject:apiovh:ai/token/create', 'publicCloudProject'],
    ['GET', '/cloud/project/{serviceName}/ai/token/{id}', 'publicCloudProject:apiovh:ai/token/get', 'publicCloudProject'],
    ['DELETE', '/cloud/project/{serviceName}/ai/token/{id}', 'publicCloudProject:apiovh:ai/token/delete', 'publicCloudProject'],
    ['POST', '/cloud/project/{serviceName}/ai/token/{id}/renew', 'publicCloudProject:apiovh:ai/token/renew', 'publicCloudProject'],
    ['GET', '/v2/iam/policy', 'account:apiovh:iam/policy/get', 'account'],
    ['POST', '/v2/iam/policy', 'account:apiovh:iam/policy/create', 'account'],
    ['GET', '/v2/iam/policy/{id}', 'account:apiovh:iam/policy/get', 'account'],
    ['PUT', '/v2/iam/policy/{id}', 'account:apiovh:iam/policy/edit', 'account'],
    ['DELETE', '/v2/iam/policy/{id}', 'account:apiovh:iam/policy/delete', 'account'],
  ] as const
).map(([method, template, action, resource]) => ({ method, segments: template.split('/').slice(1), action, resource }));

const METHODS = new Set<string>(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
// A segment that is an id rather than a name: a number, a UUID, 32 hex digits, a batch of numbers.
const ID_SEGMENT = /^(\d+(,\d+)*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

/** The API path of a recorded call: no origin, no `/1.0` or `/v1` prefix, no query; `/v2/...` kept. */
function apiPath(call: RecordedCall): string {
  const raw = call.path ?? (call.url !== undefined ? new URL(call.url, 'http://x').pathname : '');
  const path = raw.split('?')[0] ?? '';
  const v1 = /^(?:.*?)\/(?:1\.0|v1)(\/.*)$/.exec(path);
  if (v1?.[1]) return v1[1];
  const v2 = /^(?:.*?)(\/v2(?:\/.*)?)$/.exec(path);
  return v2?.[1] ?? path;
}

function match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((s, i) => {
      const value = segments[i] as string;
      if (s.startsWith('{')) {
        params[s.slice(1, -1)] = value;
        return value !== '';
      }
      return s === value;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

/**
 * The access rules and IAM grants that allow exactly the given calls: ids collapse to `*` (so one rule covers
 * every credential the script deletes), nothing is recursive that was not called, `/auth/*` (open to every
 * valid key) is left out.
 * @example
 * await main(ctx);                                            // run the script once against the simulator
 * const { accessRules, iam } = leastPrivilege(sim.requests, { nichandle: 'xx1111-ovh' });
 * await ovh.auth.requestConsumerKey({ accessRules });         // exactly the rights it needs
 */
export function leastPrivilege(calls: Iterable<RecordedCall>, options: LeastPrivilegeOptions = {}): LeastPrivilege {
  strictOptions(options, OPTION_KEYS, 'leastPrivilege options');
  const region = options.region ?? 'eu';
  const account = iamUrn.account(region, options.nichandle ?? '*');
  const rules = new Map<string, AccessRuleGrant>();
  const grants = new Map<string, Set<string>>();
  const unknown = new Map<string, { method: string; path: string }>();
  for (const call of calls) {
    const method = call.method.toUpperCase();
    const path = apiPath(call);
    if (!METHODS.has(method) || path === '' || path === '/auth' || path.startsWith('/auth/')) continue;
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    const found = match(method, segments);
    const rulePath = found
      ? `/${found.route.segments.map((s) => (s.startsWith('{') ? '*' : s)).join('/')}`
      : `/${segments.map((s) => (ID_SEGMENT.test(s) ? '*' : s)).join('/')}`;
    rules.set(`${method} ${rulePath}`, { method: method as AccessRuleMethod, path: rulePath });
    if (!found) {
      unknown.set(`${method} ${rulePath}`, { method, path: rulePath });
      continue;
    }
    const urn = found.route.resource === 'account' ? account : iamUrn.publicCloudProject(region, found.params.serviceName ?? '*');
    const actions = grants.get(urn) ?? new Set<string>();
    actions.add(found.route.action);
    grants.set(urn, actions);
  }
  const byPathThenMethod = (a: AccessRuleGrant, b: AccessRuleGrant) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
  return {
    accessRules: [...rules.values()].sort(byPathThenMethod),
    iam: [...grants.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([urn, actions]) => ({ actions: [...actions].sort(), resources: [urn] })),
    unknownActions: [...unknown.values()],
  };
}
