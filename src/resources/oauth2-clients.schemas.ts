// The zod schemas of /me/api/oauth2/client, beside their types.
import { z } from 'zod';
import { IsoDateTime, type KnownFields, openEnum, orNull } from '../core/tolerant.js';
import { OAUTH2_FLOWS } from './known.js';

/** OAuth2 flow of a client, as a create takes it: `CLIENT_CREDENTIALS` for service accounts used by machines. */
export const OAuth2Flow = z.enum(OAUTH2_FLOWS);
/** OAuth2 flow of a client. */
export type OAuth2Flow = z.infer<typeof OAuth2Flow>;

/** An OAuth2 client (service account) as `GET /me/api/oauth2/client/{clientId}` returns it. */
export const OAuth2Client = z.looseObject({
  callbackUrls: orNull(z.array(z.string())),
  clientId: z.string(),
  createdAt: IsoDateTime,
  description: z.string(),
  flow: openEnum(OAUTH2_FLOWS),
  identity: orNull(z.string()),
  name: z.string(),
});
/** An OAuth2 client (service account). */
export type OAuth2Client = KnownFields<z.infer<typeof OAuth2Client>>;

// Any absolute URI, as the API takes: native apps use custom schemes (RFC 8252), e.g. com.example.app:/callback.
const CallbackUrl = z.string().refine((v) => URL.canParse(v) && !/\s/.test(v), {
  message: 'must be an absolute URI, e.g. https://app.example.com/callback or com.example.app:/callback',
});

/** Body of `POST /me/api/oauth2/client`. */
export const OAuth2ClientCreate = z
  .strictObject({
    name: z.string().trim().min(1, { message: 'name is required' }),
    description: z.string().trim().min(1, { message: 'description is required by the API' }),
    flow: OAuth2Flow,
    callbackUrls: z.array(CallbackUrl).optional(),
  })
  .refine((v) => v.flow !== 'AUTHORIZATION_CODE' || (v.callbackUrls?.length ?? 0) > 0, {
    message: 'an AUTHORIZATION_CODE client needs at least one callback URL',
    path: ['callbackUrls'],
  });
/** Body of `POST /me/api/oauth2/client`. */
export type OAuth2ClientCreate = z.input<typeof OAuth2ClientCreate>;

/** Body of `PUT /me/api/oauth2/client/{clientId}`: only these fields can change. */
export const OAuth2ClientUpdate = z
  .strictObject({
    name: z.string().trim().min(1, { message: 'name cannot be empty' }).optional(),
    description: z.string().trim().min(1, { message: 'description cannot be empty' }).optional(),
    /** The new list; `[]` or `null` (nullable and writable in the API's description) clears it. */
    callbackUrls: z.array(CallbackUrl).nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'give at least one of name, description, callbackUrls' });
/** Body of `PUT /me/api/oauth2/client/{clientId}`. */
export type OAuth2ClientUpdate = z.input<typeof OAuth2ClientUpdate>;

/** Answer of `POST /me/api/oauth2/client` (`oauth2.clientSecret`), before the secret is wrapped. */
export const OAuth2ClientSecret = z.looseObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) });
