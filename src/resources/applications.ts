// /me/api/application: the account's API applications (application keys).
import type { DetailsList } from '../core/concurrency.js';
import { lazy } from '../core/lazy.js';
import type { Requester } from '../core/requester.js';
import type { CallOptions } from '../core/transport.js';
import type { Application } from './applications.schemas.js';
import { bulkRuns, splitBulkOptions, type BulkCallOptions } from './bulk.js';
import { resourcePath } from './params.js';

/** The schemas of /me/api/application, built on the first call that needs them. */
export const applicationSchemas = lazy(() => import('./applications.schemas.js'));

/**
 * `/me/api/application`: list, read and delete API applications. Applications are created on the web
 * (`https://eu.api.ovh.com/createApp/`); the API has no create call.
 */
export class ApplicationsResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(private readonly transport: Requester) {}

  /** Application ids. */
  async list(options: CallOptions = {}): Promise<number[]> {
    return this.transport.request('GET', '/me/api/application', { ...options, schema: (await applicationSchemas()).Ids });
  }

  /** One application. */
  async get(applicationId: number, options: CallOptions = {}): Promise<Application> {
    const path = applicationPath(applicationId);
    return this.transport.request('GET', path, { ...options, schema: (await applicationSchemas()).Application });
  }

  /**
   * Deletes an application. **This also revokes every credential (consumer key) issued for it**: every script
   * using that application key stops working at once, and it cannot be undone.
   */
  async delete(applicationId: number, options: CallOptions = {}): Promise<void> {
    const path = applicationPath(applicationId);
    await this.transport.request('DELETE', path, { ...options, schema: (await applicationSchemas()).Nothing });
  }

  /** Every application's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkCallOptions = {}): Promise<DetailsList<Application>> {
    const { bulk, call, list } = splitBulkOptions(options);
    const ids = await this.list(list);
    return (await bulkRuns()).fetchDetails(ids, (id) => this.get(id, call), 'applications', bulk);
  }
}

function applicationPath(applicationId: number): string {
  return resourcePath('/me/api/application/{applicationId}', { applicationId });
}
