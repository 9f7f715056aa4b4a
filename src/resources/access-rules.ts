// Access rules for consumer keys: the schema, and builders for the usual shapes.
import { z } from 'zod';
import { InputValidationError } from '../core/errors.js';
import { openEnum, type OpenEnum, type KnownFields } from '../core/tolerant.js';

/** The HTTP methods an access rule can grant, as OVH's `auth.HTTPMethodEnum` lists them. */
export const ACCESS_RULE_METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const;
/** HTTP methods an access rule can grant (`auth.HTTPMethodEnum`): what a consumer-key request may send. */
export const AccessRuleMethod = z.enum(ACCESS_RULE_METHODS, {
  error: `must be one of ${ACCESS_RULE_METHODS.join(', ')} (upper case)`,
});
/** HTTP methods an access rule can grant. */
export type AccessRuleMethod = z.infer<typeof AccessRuleMethod>;

/**
 * One access rule of a consumer key, as read back from the API: a method and a path (`*` matches any characters,
 * `/` included). The method is open: a method OVH adds later passes through as sent.
 */
export const AccessRule = z.looseObject({
  method: openEnum(ACCESS_RULE_METHODS) as z.ZodType<OpenEnum<AccessRuleMethod>, string>,
  path: z.string().startsWith('/', { message: 'path must start with "/" (e.g. "/me" or "/domain/*")' }),
});
/** One access rule of a consumer key. */
export type AccessRule = KnownFields<z.infer<typeof AccessRule>>;

/**
 * An access rule as sent in a consumer-key request: method and path only (other fields, e.g. from a rule read
 * back from the API, are dropped), path starting with `/` and free of spaces, `?` and `#`.
 */
export const AccessRuleInput = z.object({
  method: AccessRuleMethod,
  path: z
    .string()
    .startsWith('/', { message: 'path must start with "/" (e.g. "/me" or "/domain/*")' })
    .regex(/^[^\s?#]*$/, { message: 'path must not contain spaces, "?" or "#"' }),
});

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
    if (!AccessRuleMethod.safeParse(method).success) {
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
