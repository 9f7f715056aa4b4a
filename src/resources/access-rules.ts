// Access rules for consumer keys: the schema, and builders for the usual shapes.
import { z } from 'zod';
import { InputValidationError } from '../core/errors.js';

/** HTTP methods an access rule can grant. */
export const AccessRuleMethod = z.enum(['GET', 'POST', 'PUT', 'DELETE']);
/** HTTP methods an access rule can grant. */
export type AccessRuleMethod = z.infer<typeof AccessRuleMethod>;

/** One access rule of a consumer key: a method and a path (`*` matches any characters, `/` included). */
export const AccessRule = z.looseObject({
  method: AccessRuleMethod,
  path: z.string().startsWith('/', { message: 'path must start with "/" (e.g. "/me" or "/domain/*")' }),
});
/** One access rule of a consumer key. */
export type AccessRule = z.infer<typeof AccessRule>;

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

function rules(methods: readonly AccessRuleMethod[], path: string, options: RuleOptions = {}): AccessRule[] {
  for (const method of methods) {
    if (!AccessRuleMethod.safeParse(method).success) {
      throw new InputValidationError('method', `An access rule method must be GET, POST, PUT or DELETE; got ${JSON.stringify(method)}.`);
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
 * accessRules.readWrite('/domain', { recursive: true })     // GET/POST/PUT/DELETE on /domain and /domain/*
 */
export const accessRules = {
  /** GET only. */
  readOnly: (path: string, options?: RuleOptions): AccessRule[] => rules(['GET'], path, options),
  /** GET, POST, PUT and DELETE. */
  readWrite: (path: string, options?: RuleOptions): AccessRule[] => rules(['GET', 'POST', 'PUT', 'DELETE'], path, options),
  /** GET, POST and PUT: everything but DELETE. */
  readWriteSafe: (path: string, options?: RuleOptions): AccessRule[] => rules(['GET', 'POST', 'PUT'], path, options),
  /** Any chosen methods. */
  custom: (methods: readonly AccessRuleMethod[], path: string, options?: RuleOptions): AccessRule[] => rules(methods, path, options),
} as const;
