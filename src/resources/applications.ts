// /me/api/application: the account's API applications (application keys).
import { z } from 'zod';
import { bulkOptions, fetchDetails, type BulkOptions } from '../core/concurrency.js';
import { buildPath } from '../core/path.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { PositiveId } from './common.js';

/** Status of an application. */
export const ApplicationStatus = z.enum(['active', 'blocked', 'inactive', 'trusted']);
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
export type Application = z.infer<typeof Application>;

const Ids = z.array(PositiveId);
const Nothing = z.unknown();

/**
 * `/me/api/application`: list, read and delete API applications. Applications are created on the web
 * (`https://eu.api.ovh.com/createApp/`); the API has no create call.
 */
export class ApplicationsResource {
  constructor(private readonly transport: Transport) {}

  /** Application ids. */
  list(options: CallOptions = {}): Promise<number[]> {
    return this.transport.request('GET', '/me/api/application', { ...options, schema: Ids });
  }

  /** One application. */
  get(applicationId: number, options: CallOptions = {}): Promise<Application> {
    return this.transport.request('GET', applicationPath(applicationId), { ...options, schema: Application });
  }

  /**
   * Deletes an application. **This also revokes every credential (consumer key) issued for it**: scripts
   * using that application key stop working at once.
   */
  async delete(applicationId: number, options: CallOptions = {}): Promise<void> {
    await this.transport.request('DELETE', applicationPath(applicationId), { ...options, schema: Nothing });
  }

  /** Every application's details, with bounded concurrency; ids gone in between are listed in `.missing`. */
  async listDetails(options: BulkOptions & Omit<CallOptions, 'signal'> = {}): Promise<Application[] & { missing: number[] }> {
    const { concurrency, onProgress, ...call } = options;
    const ids = await this.list(call);
    return fetchDetails(ids, (id) => this.get(id, call), 'applications', bulkOptions(options));
  }
}

function applicationPath(applicationId: number): string {
  return buildPath('/me/api/application/{applicationId}', { applicationId: parseInput(PositiveId, applicationId, 'applicationId') });
}
