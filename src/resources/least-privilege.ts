// Least privilege, measured: from the calls a script made (the simulator's `sim.requests`, or a live client's
// `onRequest` hook), the consumer-key access rules and the IAM grants that allow exactly those calls.
import { optionKeys, strictOptions } from '../core/options.js';
import { isKnown } from '../core/tolerant.js';
import type { AccessRuleGrant } from './access-rules.js';
import { iamUrn, type GrantInput, type IamRegion } from './iam.js';
import { ACCESS_RULE_METHODS } from './known.js';

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

// The routes the SDK calls, with the IAM action OVH publishes for each (`iamActions` in its API descriptions); the
// action's prefix is the resource it acts on. `{x}` is a path parameter.
const ROUTES = (
  [
    ['GET', '/me', 'account:apiovh:me/get'],
    ['GET', '/me/api/credential', 'account:apiovh:me/api/credential/get'],
    ['GET', '/me/api/credential/{id}', 'account:apiovh:me/api/credential/get'],
    ['PUT', '/me/api/credential/{id}', 'account:apiovh:me/api/credential/edit'],
    ['DELETE', '/me/api/credential/{id}', 'account:apiovh:me/api/credential/delete'],
    ['GET', '/me/api/credential/{id}/application', 'account:apiovh:me/api/credential/application/get'],
    ['GET', '/me/api/application', 'account:apiovh:me/api/application/get'],
    ['GET', '/me/api/application/{id}', 'account:apiovh:me/api/application/get'],
    ['DELETE', '/me/api/application/{id}', 'account:apiovh:me/api/application/delete'],
    ['GET', '/me/api/oauth2/client', 'account:apiovh:me/api/oauth2/client/get'],
    ['POST', '/me/api/oauth2/client', 'account:apiovh:me/api/oauth2/client/create'],
    ['GET', '/me/api/oauth2/client/{id}', 'account:apiovh:me/api/oauth2/client/get'],
    ['PUT', '/me/api/oauth2/client/{id}', 'account:apiovh:me/api/oauth2/client/edit'],
    ['DELETE', '/me/api/oauth2/client/{id}', 'account:apiovh:me/api/oauth2/client/delete'],
    ['GET', '/cloud/project/{serviceName}/ai/token', 'publicCloudProject:apiovh:ai/token/get'],
    ['POST', '/cloud/project/{serviceName}/ai/token', 'publicCloudProject:apiovh:ai/token/create'],
    ['GET', '/cloud/project/{serviceName}/ai/token/{id}', 'publicCloudProject:apiovh:ai/token/get'],
    ['DELETE', '/cloud/project/{serviceName}/ai/token/{id}', 'publicCloudProject:apiovh:ai/token/delete'],
    ['POST', '/cloud/project/{serviceName}/ai/token/{id}/renew', 'publicCloudProject:apiovh:ai/token/renew'],
    ['GET', '/v2/iam/policy', 'account:apiovh:iam/policy/get'],
    ['POST', '/v2/iam/policy', 'account:apiovh:iam/policy/create'],
    ['GET', '/v2/iam/policy/{id}', 'account:apiovh:iam/policy/get'],
    ['PUT', '/v2/iam/policy/{id}', 'account:apiovh:iam/policy/edit'],
    ['DELETE', '/v2/iam/policy/{id}', 'account:apiovh:iam/policy/delete'],
  ] as const
).map(([method, template, action]) => ({
  method,
  action,
  rulePath: template.replace(/\{\w+\}/g, '*'),
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

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

/**
 * The access rules and IAM grants that allow exactly the given calls: ids collapse to `*` (one rule covers every
 * credential deleted), nothing is recursive that was not called, `/auth/*` (open to every valid key) is left out.
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
    if (!isKnown(ACCESS_RULE_METHODS, method) || path === '' || path === '/auth' || path.startsWith('/auth/')) continue;
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    const route = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const rulePath = route?.rulePath ?? `/${segments.map((s) => (ID_SEGMENT.test(s) ? '*' : s)).join('/')}`;
    rules.set(`${method} ${rulePath}`, { method, path: rulePath });
    if (!route) {
      unknown.set(`${method} ${rulePath}`, { method, path: rulePath });
      continue;
    }
    // Every project route starts with /cloud/project/{serviceName}.
    const urn = route.action.startsWith('account:') ? account : iamUrn.publicCloudProject(region, segments[2] as string);
    grants.set(urn, (grants.get(urn) ?? new Set<string>()).add(route.action));
  }
  const byPathThenMethod = (a: AccessRuleGrant, b: AccessRuleGrant) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
  return {
    accessRules: [...rules.values()].sort(byPathThenMethod),
    iam: [...grants.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([urn, actions]) => ({ actions: [...actions].sort(), resources: [urn] })),
    unknownActions: [...unknown.values()],
  };
}
