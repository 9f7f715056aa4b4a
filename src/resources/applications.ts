// /me/api/application: the account's API applications (application keys).
import { fetchDetails, type DetailsList } from '../core/concurrency.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { Application } from './applications.schemas.js';
import { splitBulkOptions, type BulkCallOptions } from './bulk.js';
import { IdList, resourcePath } from './params.js';

/** `/me/api/application`: list, read, delete API applications (created on the web at `https://eu.api.ovh.com/createApp/`, not by the API). */
export class ApplicationsResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(private readonly transport: Transport) {}

  /** Application ids. */
  async list(options?: CallOptions): Promise<number[]> {
    return this.transport.request('GET', '/me/api/application', { schema: IdList }, options);
  }

  /** One application. */
  async get(applicationId: number, options?: CallOptions): Promise<Application> {
    return this.transport.request('GET', applicationPath(applicationId), { schema: Application }, options);
  }

  /** Deletes an application **and revokes every credential (consumer key) issued for it**: every script using its key stops at once, for good. */
  async delete(applicationId: number, options?: CallOptions): Promise<void> {
    await this.transport.request('DELETE', applicationPath(applicationId), {}, options);
  }

  /** Every application's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkCallOptions = {}): Promise<DetailsList<Application>> {
    const { bulk, call, list } = splitBulkOptions(options, this.transport, 'applications.listDetails options');
    return fetchDetails(await this.list(list), (id) => this.get(id, call), 'applications', bulk);
  }
}

const applicationPath = (applicationId: number) => resourcePath('/me/api/application/{applicationId}', { applicationId });
