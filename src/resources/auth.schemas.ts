// The zod schemas of /auth/*, beside their types.
import { z } from 'zod';
import { type KnownFields, openEnum, orNull } from '../core/tolerant.js';
import { AccessRule, AccessRuleInput } from './access-rules.schemas.js';
import { Cidr } from './cidr.js';
import { CredentialState } from './credentials.schemas.js';
import { AUTH_DETAILS_METHODS } from './known.js';

/** Body of `POST /auth/credential`. */
export const ConsumerKeyRequest = z.object({
  /** What the key may call. At least one rule. */
  accessRules: z.array(AccessRuleInput).min(1, { message: 'give at least one access rule, e.g. accessRules.readOnly("/me")' }),
  /** Where OVH sends the user after they validate the key (the API types it as a plain string). */
  redirection: z.string().nullable().optional(),
  /** IP ranges (CIDR) the key will be usable from; `null` or omitted for anywhere. */
  allowedIPs: z.array(Cidr).nullable().optional(),
});
/** Body of `POST /auth/credential`. */
export type ConsumerKeyRequest = z.input<typeof ConsumerKeyRequest>;

/** Answer of `POST /auth/credential`, as sent by the API. */
export const ConsumerKeyResponse = z.looseObject({
  // Null (or absent) in answers of the older `auth.Credential` model, which still reach clients.
  validationUrl: orNull(z.string()),
  consumerKey: z.string().min(1),
  state: CredentialState,
});

/** `GET /auth/details`: who the current credential acts as. */
export const AuthDetails = z.looseObject({
  account: z.string(),
  allowedRoutes: orNull(z.array(AccessRule)),
  description: orNull(z.string()),
  identities: z.array(z.string()),
  method: openEnum(AUTH_DETAILS_METHODS),
  roles: orNull(z.array(z.string())),
  user: orNull(z.string()),
});
/** `GET /auth/details`: who the current credential acts as. */
export type AuthDetails = KnownFields<z.infer<typeof AuthDetails>>;

// A server clock reads a whole number of epoch seconds from this century or the next: anything else (0, a negative
// number, 2^53-1) is no server's time, and signing with it would only have every request refused.
const SERVER_TIME = 'not a plausible server time: expected whole epoch seconds from 2000-01-01 to 2199-12-31';
/** Server time in epoch seconds (`GET /auth/time`), refused unless plausible. */
export const Time = z
  .int({ error: SERVER_TIME })
  .min(Date.UTC(2000, 0, 1) / 1000, { error: SERVER_TIME })
  .max(Date.UTC(2200, 0, 1) / 1000 - 1, { error: SERVER_TIME });
