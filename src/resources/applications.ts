// /me/api/application: the account's API applications (application keys).
import { z } from 'zod';
import { fetchDetails, type DetailsList } from '../core/concurrency.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { openEnum, type KnownFields } from '../core/tolerant.js';
import { splitBulkOptions, type BulkCallOptions } from './bulk.js';
import { PositiveId } from './common.js';
import { resourcePath } from './params.js';

/** The statuses of an application this SDK knows (`api.ApplicationStatusEnum`). */
export const APPLICATION_STATUSES = ['active', 'blocked', 'inactive', 'trusted'] as const;
/** Status of an application: a known one, or one OVH added since (passed through as sent). */
export const ApplicationStatus = openEnum(APPLICATION_STATUSES);
/** Status of an application. */
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** An API application as `GET /me/api/application/{applicationId}` returns it. */
export const Application = z.looseObject({
  applicationId: PositiveId,
  applicationKey: z.string(),
  name: z.string(),
  description: z.string(),
  status: ApplicationStatus,
});
/** An API application. */
export type Application = KnownFields<z.infer<typeof Application>>;

const Ids = z.array(PositiveId);
const Nothing = z.unknown();

/**
 * `/me/api/application`: list, read and delete API applications. Applications are created on the web
 * (`https://eu.api.ovh.com/createApp/`); the API has no create call.
 */
export class ApplicationsResource {
  constructor(private readonly transport: Transport) {}

  /** Application ids. */
  async list(options: CallOptions = {}): Promise<number[]> {
    return this.transport.request('GET', '/me/api/application', { ...options, schema: Ids });
  }

  /** One application. */
  async get(applicationId: number, options: CallOptions = {}): Promise<Application> {
    return this.transport.request('GET', applicationPath(applicationId), { ...options, schema: Application });
  }

  /**
   * Deletes an application. **This also revokes every credential (consumer key) issued for it**: every script
   * using that application key stops working at once, and it cannot be undone.
   */
  async delete(applicationId: number, options: CallOptions = {}): Promise<void> {
    await this.transport.request('DELETE', applicationPath(applicationId), { ...options, schema: Nothing });
  }

  /** Every application's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkCallOptions = {}): Promise<DetailsList<Application>> {
    const { bulk, call, list } = splitBulkOptions(options);
    const ids = await this.list(list);
    return fetchDetails(ids, (id) => this.get(id, call), 'applications', bulk);
  }
}

function applicationPath(applicationId: number): string {
  return resourcePath('/me/api/application/{applicationId}', { applicationId });
}
