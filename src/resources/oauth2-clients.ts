// /me/api/oauth2/client: OAuth2 clients, i.e. service accounts (marked Beta by OVH).
import type { DetailsList } from '../core/concurrency.js';
import { InputValidationError } from '../core/errors.js';
import { lazy } from '../core/lazy.js';
import { secret, type Secret } from '../core/redact.js';
import type { Requester } from '../core/requester.js';
import type { CallOptions } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { bulkRuns, splitBulkOptions, type BulkCallOptions } from './bulk.js';
import type { OAuth2Client, OAuth2ClientCreate, OAuth2ClientUpdate } from './oauth2-clients.schemas.js';
import { resourcePath } from './params.js';

const schemas = lazy(() => import('./oauth2-clients.schemas.js'));

/** A newly created service account. The secret is shown once by the API: store `clientSecret.reveal()` now. */
export interface CreatedOAuth2Client {
  clientId: string;
  clientSecret: Secret;
}

/** `/me/api/oauth2/client`: service accounts (OAuth2 clients). */
export class OAuth2ClientsResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Requester,
    /** Removes a service account's IAM grants (`ovh.iam.revoke`), for `delete({ detachPolicies: true })`. */
    private readonly revokeGrants?: (clientId: string, options: CallOptions) => Promise<unknown>,
  ) {}

  /** Client ids of the account's service accounts. */
  async list(options: CallOptions = {}): Promise<string[]> {
    return this.transport.request('GET', '/me/api/oauth2/client', { ...options, schema: (await schemas()).Ids });
  }

  /**
   * Creates a service account. The returned `clientSecret` is shown only once.
   * @example
   * const { clientId, clientSecret } = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI deployer', flow: 'CLIENT_CREDENTIALS' });
   */
  async create(input: OAuth2ClientCreate, options: CallOptions = {}): Promise<CreatedOAuth2Client> {
    const s = await schemas();
    const body = parseInput(s.OAuth2ClientCreate, input, 'input');
    const res = await this.transport.request('POST', '/me/api/oauth2/client', { ...options, body, schema: s.OAuth2ClientSecret });
    return { clientId: res.clientId, clientSecret: secret(res.clientSecret) };
  }

  /** One service account. */
  async get(clientId: string, options: CallOptions = {}): Promise<OAuth2Client> {
    const path = clientPath(clientId);
    return this.transport.request('GET', path, { ...options, schema: (await schemas()).OAuth2Client });
  }

  /** Changes name, description and/or callback URLs (the flow cannot change). */
  async update(clientId: string, patch: OAuth2ClientUpdate, options: CallOptions = {}): Promise<void> {
    const path = clientPath(clientId);
    const s = await schemas();
    const body = parseInput(s.OAuth2ClientUpdate, patch, 'patch');
    await this.transport.request('PUT', path, { ...options, body, schema: s.Nothing });
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
    const s = await schemas();
    if (detachPolicies) {
      if (!this.revokeGrants)
        throw new InputValidationError(
          'detachPolicies',
          "detachPolicies needs the client's IAM helpers (ovh.oauth2Clients of an OvhClient). Nothing was sent.",
        );
      await this.revokeGrants(clientId, call);
    }
    await this.transport.request('DELETE', path, { ...call, schema: s.Nothing });
  }

  /** Every service account's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkCallOptions = {}): Promise<DetailsList<OAuth2Client, string>> {
    const { bulk, call, list } = splitBulkOptions(options);
    const ids = await this.list(list);
    return (await bulkRuns()).fetchDetails(ids, (id) => this.get(id, call), 'service accounts', bulk);
  }
}

function clientPath(clientId: string): string {
  return resourcePath('/me/api/oauth2/client/{clientId}', { clientId });
}
