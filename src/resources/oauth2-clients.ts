// /me/api/oauth2/client: OAuth2 clients, i.e. service accounts (marked Beta by OVH).
import { z } from 'zod';
import { fetchDetails, type DetailsList } from '../core/concurrency.js';
import { secret, type Secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { openEnum, orNull, type KnownFields } from '../core/tolerant.js';
import { InputValidationError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import { splitBulkOptions, type BulkCallOptions } from './bulk.js';
import { IsoDateTime } from '../core/dates.js';
import { resourcePath } from './params.js';

/** The OAuth2 flows this SDK knows. */
export const OAUTH2_FLOWS = ['AUTHORIZATION_CODE', 'CLIENT_CREDENTIALS'] as const;
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
    callbackUrls: z.array(CallbackUrl).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'give at least one of name, description, callbackUrls' });
/** Body of `PUT /me/api/oauth2/client/{clientId}`. */
export type OAuth2ClientUpdate = z.input<typeof OAuth2ClientUpdate>;

/** Answer of `POST /me/api/oauth2/client` (`oauth2.clientSecret`), before the secret is wrapped. */
export const OAuth2ClientSecret = z.looseObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

/** A newly created service account. The secret is shown once by the API: store `clientSecret.reveal()` now. */
export interface CreatedOAuth2Client {
  clientId: string;
  clientSecret: Secret;
}

const Ids = z.array(z.string());
const Nothing = z.unknown();

/** `/me/api/oauth2/client`: service accounts (OAuth2 clients). */
export class OAuth2ClientsResource {
  constructor(
    private readonly transport: Transport,
    /** Removes a service account's IAM grants (`ovh.iam.revoke`), for `delete({ detachPolicies: true })`. */
    private readonly revokeGrants?: (clientId: string, options: CallOptions) => Promise<unknown>,
  ) {}

  /** Client ids of the account's service accounts. */
  async list(options: CallOptions = {}): Promise<string[]> {
    return this.transport.request('GET', '/me/api/oauth2/client', { ...options, schema: Ids });
  }

  /**
   * Creates a service account. The returned `clientSecret` is shown only once.
   * @example
   * const { clientId, clientSecret } = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI deployer', flow: 'CLIENT_CREDENTIALS' });
   */
  async create(input: OAuth2ClientCreate, options: CallOptions = {}): Promise<CreatedOAuth2Client> {
    const body = parseInput(OAuth2ClientCreate, input, 'input');
    const res = await this.transport.request('POST', '/me/api/oauth2/client', { ...options, body, schema: OAuth2ClientSecret });
    return { clientId: res.clientId, clientSecret: secret(res.clientSecret) };
  }

  /** One service account. */
  async get(clientId: string, options: CallOptions = {}): Promise<OAuth2Client> {
    return this.transport.request('GET', clientPath(clientId), { ...options, schema: OAuth2Client });
  }

  /** Changes name, description and/or callback URLs (the flow cannot change). */
  async update(clientId: string, patch: OAuth2ClientUpdate, options: CallOptions = {}): Promise<void> {
    const path = clientPath(clientId);
    const body = parseInput(OAuth2ClientUpdate, patch, 'patch');
    await this.transport.request('PUT', path, { ...options, body, schema: Nothing });
  }

  /**
   * Deletes a service account; tokens issued to it stop working. Its IAM policies stay (as the API leaves them),
   * naming an identity that no longer exists: OVH recommends detaching them first, which `detachPolicies: true`
   * does (`ovh.iam.revoke(clientId)`, then the delete).
   * @example await ovh.oauth2Clients.delete(clientId, { detachPolicies: true });
   */
  async delete(clientId: string, options: CallOptions & { detachPolicies?: boolean } = {}): Promise<void> {
    const { detachPolicies = false, ...call } = options;
    const path = clientPath(clientId);
    if (detachPolicies) {
      if (!this.revokeGrants)
        throw new InputValidationError(
          'detachPolicies',
          "detachPolicies needs the client's IAM helpers (ovh.oauth2Clients of an OvhClient). Nothing was sent.",
        );
      await this.revokeGrants(clientId, call);
    }
    await this.transport.request('DELETE', path, { ...call, schema: Nothing });
  }

  /** Every service account's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkCallOptions = {}): Promise<DetailsList<OAuth2Client, string>> {
    const { bulk, call, list } = splitBulkOptions(options);
    const ids = await this.list(list);
    return fetchDetails(ids, (id) => this.get(id, call), 'service accounts', bulk);
  }
}

function clientPath(clientId: string): string {
  return resourcePath('/me/api/oauth2/client/{clientId}', { clientId });
}
