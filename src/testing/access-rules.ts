/**
 * Access-rule matching as OVH applies it to consumer keys.
 */

/** An HTTP method an access rule can grant. */
export type AccessRuleMethod = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT';

/** Every method OVH's `auth.HTTPMethodEnum` lists. */
export const ACCESS_RULE_METHODS: readonly AccessRuleMethod[] = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'];

/** One access rule of a consumer key, e.g. `{ method: 'GET', path: '/me/*' }`. */
export interface AccessRule {
  /** The method granted. */
  method: AccessRuleMethod;
  /** The path granted; `*` matches any run of characters, `/` included. */
  path: string;
}

const compiled = new Map<string, RegExp>();

function ruleRegex(path: string): RegExp {
  let regex = compiled.get(path);
  if (regex === undefined) {
    const source = path
      .split('*')
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`, 's');
    compiled.set(path, regex);
  }
  return regex;
}

/**
 * Whether a path matches a rule path: `*` matches any characters including `/`, the rest must be equal.
 * @example accessPathMatches('/me/*', '/me/api/credential/1') // true; accessPathMatches('/me', '/me/bill') // false
 */
export function accessPathMatches(rulePath: string, path: string): boolean {
  return ruleRegex(rulePath).test(path);
}

/**
 * Whether any rule grants `method` on `path`. `path` is the API path as rules are written: without the `/1.0` or
 * `/v1` prefix, with `/v2` kept for v2 routes, and without the query string.
 * @example isCallGranted([{ method: 'GET', path: '/*' }], 'GET', '/me') // true
 */
export function isCallGranted(rules: readonly AccessRule[], method: string, path: string): boolean {
  return rules.some((rule) => rule.method === method && accessPathMatches(rule.path, path));
}
