// The zod schemas of /me/api/credential, beside their types. Loaded on the resource's first call.
import { z } from 'zod';
import { IsoDateTime, openEnum, orNull } from '../core/schema-kit.js';
import type { KnownFields } from '../core/tolerant.js';
import { AccessRule } from './access-rules.schemas.js';
import { Cidr, PositiveId } from './common.js';
import { CREDENTIAL_STATES } from './known.js';
import { IdParam } from './params.schemas.js';

/** State of a consumer key, as a filter takes it (a closed enum: the API refuses any other). */
export const CredentialStatus = z.enum(CREDENTIAL_STATES);
/** State of a consumer key. */
export type CredentialStatus = z.infer<typeof CredentialStatus>;
/** State of a consumer key as read back: a known state, or one OVH added since (passed through). */
export const CredentialState = openEnum(CREDENTIAL_STATES);

/** An API credential (consumer key) as `GET /me/api/credential/{credentialId}` returns it. */
export const Credential = z.looseObject({
  credentialId: PositiveId,
  applicationId: PositiveId,
  creation: IsoDateTime,
  expiration: orNull(IsoDateTime),
  lastUse: orNull(IsoDateTime),
  ovhSupport: z.boolean(),
  rules: z.array(AccessRule),
  status: CredentialState,
  allowedIPs: orNull(z.array(z.string())),
});
/** An API credential (consumer key). */
export type Credential = KnownFields<z.infer<typeof Credential>>;

/** Filter of `GET /me/api/credential`. */
export const CredentialFilter = z.strictObject({
  applicationId: IdParam.optional(),
  status: CredentialStatus.optional(),
});
/** Filter of `GET /me/api/credential`. */
export type CredentialFilter = z.input<typeof CredentialFilter>;

/** A list of credential ids. */
export const Ids = z.array(PositiveId);
// A batch read's answer: one wrapper per id. Only `value` is known (API-NOTES); `key` and `error` are UNCONFIRMED.
export const BatchWrapper = z.looseObject({
  key: z.union([z.string(), z.number()]).nullish(),
  value: z.unknown().optional(),
  error: z.unknown().optional(),
});
/** One id's answer in a batch read. */
export type BatchWrapper = z.infer<typeof BatchWrapper>;
/** A batch read's answer. */
export const BatchAnswer = z.array(BatchWrapper);
/** Ids per batch read with `batch: true`, and the most one may ask for (about 1 kB of URL). */
export const DEFAULT_BATCH = 50;
const MAX_BATCH = 100;
/** The `batch` option of `listDetails`. */
export const BatchSize = z.union([z.literal(true), z.number().int().min(1).max(MAX_BATCH)], {
  error: `must be true (${DEFAULT_BATCH} ids per request) or a whole number of ids per request from 1 to ${MAX_BATCH}`,
});

/** The body of `setAllowedIPs`. */
export const AllowedIPs = z.array(Cidr).nullable();
/** An answer whose body is not read. */
export const Nothing = z.unknown();

const Predicate = z.custom<(credential: Credential) => boolean>((v) => typeof v === 'function', { error: 'must be a function' });
/** A `revokeAll` selector given as an object. */
export const RevokeSelectorObject = CredentialFilter.extend({ where: Predicate.optional() });
