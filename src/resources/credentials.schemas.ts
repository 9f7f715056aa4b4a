// The zod schemas of /me/api/credential, beside their types.
import { z } from 'zod';
import { IsoDateTime, type KnownFields, openEnum, orNull } from '../core/tolerant.js';
import { AccessRule } from './access-rules.schemas.js';
import { CREDENTIAL_STATES } from './known.js';
import { IdParam } from './params.js';

/** State of a consumer key, as a filter takes it (a closed enum: the API refuses any other). */
export const CredentialStatus = z.enum(CREDENTIAL_STATES);
/** State of a consumer key. */
export type CredentialStatus = z.infer<typeof CredentialStatus>;
/** State of a consumer key as read back: a known state, or one OVH added since (passed through). */
export const CredentialState = openEnum(CREDENTIAL_STATES);

/** An API credential (consumer key) as `GET /me/api/credential/{credentialId}` returns it. */
export const Credential = z.looseObject({
  credentialId: IdParam,
  applicationId: IdParam,
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
export const CredentialFilter = z.strictObject({ applicationId: IdParam.optional(), status: CredentialStatus.optional() });
/** Filter of `GET /me/api/credential`. */
export type CredentialFilter = z.input<typeof CredentialFilter>;
