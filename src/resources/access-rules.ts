// Access rules for consumer keys: builders for the usual shapes (their schemas are in access-rules.schemas.ts).
import { InputValidationError } from '../core/errors.js';
import { ACCESS_RULE_METHODS } from './known.js';

/** HTTP methods an access rule can grant (`auth.HTTPMethodEnum`). */
export type AccessRuleMethod = (typeof ACCESS_RULE_METHODS)[number];

/** Options of the rule builders. */
export interface RuleOptions {
  /** Also grant everything below the path (`path` and `path/*`). */
  recursive?: boolean;
}

/** A rule as the builders make it and a consumer-key request sends it: a known method and a path. */
export interface AccessRuleGrant {
  method: AccessRuleMethod;
  path: string;
}

function rules(methods: readonly AccessRuleMethod[], path: string, options: RuleOptions = {}): AccessRuleGrant[] {
  for (const method of methods) {
    if (!(ACCESS_RULE_METHODS as readonly string[]).includes(method)) {
      throw new InputValidationError(
        'method',
        `An access rule method must be one of ${ACCESS_RULE_METHODS.join(', ')}; got ${JSON.stringify(method)}.`,
      );
    }
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new InputValidationError('path', `An access rule path must start with "/", e.g. "/me" or "/domain/*"; got ${JSON.stringify(path)}.`);
  }
  if (/[\s?#]/.test(path)) {
    throw new InputValidationError('path', 'An access rule path must not contain spaces, "?" or "#".');
  }
  const base = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const paths = options.recursive ? (base === '/' ? ['/*'] : [base, `${base}/*`]) : [base];
  return paths.flatMap((p) => methods.map((method) => ({ method, path: p })));
}

/**
 * Builders for consumer-key access rules.
 * @example
 * accessRules.readOnly('/me')                               // [{ method: 'GET', path: '/me' }]
 * accessRules.readWrite('/domain', { recursive: true })     // GET/POST/PUT/PATCH/DELETE on /domain and /domain/*
 */
export const accessRules = {
  /** GET only. */
  readOnly: (path: string, options?: RuleOptions): AccessRuleGrant[] => rules(['GET'], path, options),
  /**
   * Every method: GET, POST, PUT, PATCH and DELETE. Unlike go-ovh's `ReadWrite` and python-ovh's `API_READ_WRITE`
   * (written before PATCH joined `auth.HTTPMethodEnum`), PATCH is included: "read-write" means every write.
   */
  readWrite: (path: string, options?: RuleOptions): AccessRuleGrant[] => rules(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], path, options),
  /** GET, POST, PUT and PATCH: everything but DELETE. */
  readWriteSafe: (path: string, options?: RuleOptions): AccessRuleGrant[] => rules(['GET', 'POST', 'PUT', 'PATCH'], path, options),
  /** Any chosen methods. */
  custom: (methods: readonly AccessRuleMethod[], path: string, options?: RuleOptions): AccessRuleGrant[] => rules(methods, path, options),
} as const;
