// /me/api/oauth2/client: OAuth2 clients, i.e. service accounts (marked Beta by OVH).
import { z } from 'zod';
import { fetchDetails, type DetailsList } from '../core/concurrency.js';
import { secret, type Secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { CALL_OPTION_KEYS, optionKeys, parseObject, strictOptions } from '../core/options.js';
import { splitBulkOptions, type BulkCallOptions } from './bulk.js';
import { OAuth2Client, OAuth2ClientCreate, OAuth2ClientSecret, OAuth2ClientUpdate } from './oauth2-clients.schemas.js';
import { resourcePath } from './params.js';

const Ids = z.array(z.string());

/** A newly created service account. The secret is shown once by the API: store `clientSecret.reveal()` now. */
export interface CreatedOAuth2Client {
  clientId: string;
  clientSecret: Secret;
}

/** Options of `oauth2Clients.delete`. */
export interface DeleteOAuth2ClientOptions extends CallOptions {
  /** Detach the service account's IAM policies first (`ovh.iam.revoke(clientId)`). */
  detachPolicies?: boolean;
}
const DELETE_KEYS = optionKeys<DeleteOAuth2ClientOptions>()([...CALL_OPTION_KEYS, 'detachPolicies']);

/** `/me/api/oauth2/client`: service accounts (OAuth2 clients). */
export class OAuth2ClientsResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Transport,
    /** Removes a service account's IAM grants (`ovh.iam.revoke`), for `delete({ detachPolicies: true })`. */
    private readonly revokeGrants: (clientId: string, options: CallOptions) => Promise<unknown>,
  ) {}

  /** Client ids of the account's service accounts. */
  async list(options?: CallOptions): Promise<string[]> {
    return this.transport.request('GET', '/me/api/oauth2/client', { schema: Ids }, options);
  }

  /**
   * Creates a service account. The returned `clientSecret` is shown only once.
   * @example
   * const { clientId, clientSecret } = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI deployer', flow: 'CLIENT_CREDENTIALS' });
   */
  async create(input: OAuth2ClientCreate, options?: CallOptions): Promise<CreatedOAuth2Client> {
    const body = parseObject(OAuth2ClientCreate, input, 'input', 'oauth2Clients.create input');
    const res = await this.transport.request('POST', '/me/api/oauth2/client', { body, schema: OAuth2ClientSecret }, options);
    return { clientId: res.clientId, clientSecret: secret(res.clientSecret) };
  }

  /** One service account. */
  async get(clientId: string, options?: CallOptions): Promise<OAuth2Client> {
    return this.transport.request('GET', clientPath(clientId), { schema: OAuth2Client }, options);
  }

  /** Changes name, description and/or callback URLs (the flow cannot change). */
  async update(clientId: string, patch: OAuth2ClientUpdate, options?: CallOptions): Promise<void> {
    const path = clientPath(clientId);
    const body = parseObject(OAuth2ClientUpdate, patch, 'patch', 'oauth2Clients.update patch');
    await this.transport.request('PUT', path, { body }, options);
  }

  /**
   * Deletes a service account; tokens issued to it stop working. The API leaves its IAM policies naming a gone
   * identity: OVH recommends detaching them first, which `detachPolicies: true` does (`ovh.iam.revoke(clientId)`).
   * @example await ovh.oauth2Clients.delete(clientId, { detachPolicies: true });
   */
  async delete(clientId: string, options: DeleteOAuth2ClientOptions = {}): Promise<void> {
    strictOptions(options, DELETE_KEYS, 'oauth2Clients.delete options');
    const { detachPolicies = false, ...call } = options;
    const path = clientPath(clientId);
    if (detachPolicies) await this.revokeGrants(clientId, call);
    await this.transport.request('DELETE', path, {}, call);
  }

  /** Every service account's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkCallOptions = {}): Promise<DetailsList<OAuth2Client, string>> {
    const { bulk, call, list } = splitBulkOptions(options, this.transport, 'oauth2Clients.listDetails options');
    return fetchDetails(await this.list(list), (id) => this.get(id, call), 'service accounts', bulk);
  }
}

const clientPath = (clientId: string) => resourcePath('/me/api/oauth2/client/{clientId}', { clientId });
