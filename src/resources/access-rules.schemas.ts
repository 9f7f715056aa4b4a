// The zod schemas of access rules (read back, and sent in a consumer-key request), beside their types.
import { z } from 'zod';
import { type KnownFields, openEnum } from '../core/tolerant.js';
import { ACCESS_RULE_METHODS } from './known.js';

/** HTTP methods an access rule can grant (`auth.HTTPMethodEnum`): what a consumer-key request may send. */
export const AccessRuleMethod = z.enum(ACCESS_RULE_METHODS, { error: `must be one of ${ACCESS_RULE_METHODS.join(', ')} (upper case)` });
/** HTTP methods an access rule can grant. */
export type AccessRuleMethod = z.infer<typeof AccessRuleMethod>;

/**
 * One access rule of a consumer key, as read back from the API: a method and a path (`*` matches any characters,
 * `/` included). The method is open: a method OVH adds later passes through as sent. The path is any string:
 * `auth.AccessRule.path` has no pattern, and accounts keep rules written before today's checks.
 */
export const AccessRule = z.looseObject({ method: openEnum(ACCESS_RULE_METHODS), path: z.string() });
/** One access rule of a consumer key. */
export type AccessRule = KnownFields<z.infer<typeof AccessRule>>;

const RulePath = z.string().startsWith('/', { message: 'path must start with "/" (e.g. "/me" or "/domain/*")' });
/** An access rule as sent in a consumer-key request: method and path only (extra fields dropped), path starting with `/`, no spaces, `?` or `#`. */
export const AccessRuleInput = z.object({
  method: AccessRuleMethod,
  path: RulePath.regex(/^[^\s?#]*$/, { message: 'path must not contain spaces, "?" or "#"' }),
});
