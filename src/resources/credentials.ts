// /me/api/credential: the account's API consumer keys.
import { z } from 'zod';
import { bulkOptions as bulk, fetchDetails, mapSettled, type BulkOptions } from '../core/concurrency.js';
import { NotFoundError } from '../core/errors.js';
import { buildPath } from '../core/path.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { AccessRule } from './access-rules.js';
import { Application } from './applications.js';
import { Cidr } from './cidr.js';
import { IsoDateTime, PositiveId } from './common.js';

/** State of a consumer key. */
export const CredentialStatus = z.enum(['expired', 'pendingValidation', 'refused', 'validated']);
/** State of a consumer key. */
export type CredentialStatus = z.infer<typeof CredentialStatus>;

/** An API credential (consumer key) as `GET /me/api/credential/{credentialId}` returns it. */
export const Credential = z.looseObject({
  credentialId: PositiveId,
  applicationId: PositiveId,
  creation: IsoDateTime,
  expiration: IsoDateTime.nullable(),
  lastUse: IsoDateTime.nullable(),
  ovhSupport: z.boolean(),
  rules: z.array(AccessRule),
  status: CredentialStatus,
  allowedIPs: z.array(z.string()).nullable(),
});
/** An API credential (consumer key). */
export type Credential = z.infer<typeof Credential>;

/** Filter of `GET /me/api/credential`. */
export const CredentialFilter = z.strictObject({
  applicationId: PositiveId.optional(),
  status: CredentialStatus.optional(),
});
/** Filter of `GET /me/api/credential`. */
export type CredentialFilter = z.input<typeof CredentialFilter>;

const Ids = z.array(PositiveId);
const AllowedIPs = z.array(Cidr).nullable();
const Nothing = z.unknown();

/** Options of `revokeAll`. */
export interface RevokeAllOptions extends BulkOptions, Omit<CallOptions, 'signal'> {
  /** Report what would be revoked, revoke nothing. */
  dryRun?: boolean;
  /** Also revoke the consumer key this client is using (last). Default false: it is kept and reported. */
  includeCurrent?: boolean;
}

/** Which credentials `revokeAll` targets: an API filter, plus an optional predicate on each credential's details. */
export type RevokeSelector = (CredentialFilter & { where?: (credential: Credential) => boolean }) | ((credential: Credential) => boolean);

/** What `revokeAll` did, item by item. Every matched id appears in exactly one of revoked, alreadyGone, failed, skipped. */
export interface RevokeReport {
  /** True when nothing was deleted because `dryRun` was set. */
  dryRun: boolean;
  /** Ids selected for revocation (after `where`, without the kept current key). */
  matched: number[];
  /** Ids deleted by this run (or that would be, with dryRun). */
  revoked: number[];
  /** Ids that were already gone (404) when we tried. */
  alreadyGone: number[];
  /** Ids whose deletion failed, with the error. */
  failed: Array<{ credentialId: number; error: unknown }>;
  /** Ids not attempted because the signal aborted. */
  skipped: number[];
  /** The id of the key this client uses, when it matched and was kept. */
  keptCurrent: number | undefined;
}

/** `listDetails` result: the credentials found, plus the ids that vanished between list and get. */
export type DetailsList<T> = T[] & { missing: number[] };

/** `/me/api/credential`: list, read, restrict, revoke API credentials (consumer keys). */
export class CredentialsResource {
  constructor(
    private readonly transport: Transport,
    private readonly currentCredentialId: (options: CallOptions) => Promise<number | undefined>,
  ) {}

  /**
   * Credential ids, optionally filtered by application and status.
   * @example const expired = await ovh.credentials.list({ status: 'expired' });
   */
  list(filter: CredentialFilter = {}, options: CallOptions = {}): Promise<number[]> {
    const query = parseInput(CredentialFilter, filter, 'filter');
    return this.transport.request('GET', '/me/api/credential', { ...options, query, schema: Ids });
  }

  /** One credential's details. */
  get(credentialId: number, options: CallOptions = {}): Promise<Credential> {
    return this.transport.request('GET', credentialPath(credentialId), { ...options, schema: Credential });
  }

  /** The application a credential belongs to. */
  getApplication(credentialId: number, options: CallOptions = {}): Promise<Application> {
    return this.transport.request('GET', `${credentialPath(credentialId)}/application`, { ...options, schema: Application });
  }

  /**
   * Restricts a credential to IP ranges (CIDR), or lifts the restriction with `null`.
   * @example await ovh.credentials.setAllowedIPs(42, ['203.0.113.0/24']);
   */
  async setAllowedIPs(credentialId: number, allowedIPs: readonly string[] | null, options: CallOptions = {}): Promise<void> {
    const path = credentialPath(credentialId);
    const body = { allowedIPs: parseInput(AllowedIPs, allowedIPs, 'allowedIPs') };
    await this.transport.request('PUT', path, { ...options, body, schema: Nothing });
  }

  /** Revokes (deletes) a credential. */
  async delete(credentialId: number, options: CallOptions = {}): Promise<void> {
    await this.transport.request('DELETE', credentialPath(credentialId), { ...options, schema: Nothing });
  }

  /**
   * Details of every credential matching the filter, fetched with bounded concurrency (default 10). Ids deleted
   * between the list and the read are left out and listed in `.missing`.
   * @example const live = await ovh.credentials.listDetails({ status: 'validated' }, { concurrency: 20 });
   */
  async listDetails(filter: CredentialFilter = {}, options: BulkOptions & Omit<CallOptions, 'signal'> = {}): Promise<DetailsList<Credential>> {
    const { concurrency, onProgress, ...call } = options;
    const ids = await this.list(filter, call);
    return fetchDetails(ids, (id) => this.get(id, call), 'credentials', bulk(options));
  }

  /**
   * Revokes every credential matching the selector and reports each one's outcome; never throws halfway.
   * The key this client uses is kept unless `includeCurrent` is set.
   * @example
   * const report = await ovh.credentials.revokeAll({ status: 'expired' });
   * console.log(`${report.revoked.length} revoked, ${report.failed.length} failed`);
   */
  async revokeAll(selector: RevokeSelector = {}, options: RevokeAllOptions = {}): Promise<RevokeReport> {
    const { dryRun = false, includeCurrent = false, concurrency, onProgress, signal, ...call } = options;
    const where = typeof selector === 'function' ? selector : selector.where;
    const filter = typeof selector === 'function' ? {} : { applicationId: selector.applicationId, status: selector.status };
    const withSignal = signal ? { ...call, signal } : call;
    let ids: number[];
    if (where) {
      const details = await this.listDetails(stripUndefined(filter), { ...call, ...bulk(options) });
      ids = details.filter((c) => where(c)).map((c) => c.credentialId);
    } else {
      ids = await this.list(stripUndefined(filter), withSignal);
    }
    const current = await this.currentCredentialId(withSignal);
    let keptCurrent: number | undefined;
    if (current !== undefined && ids.includes(current)) {
      ids = ids.filter((id) => id !== current);
      if (includeCurrent) ids.push(current);
      else keptCurrent = current;
    }
    const report: RevokeReport = { dryRun, matched: [...ids], revoked: [], alreadyGone: [], failed: [], skipped: [], keptCurrent };
    if (dryRun) {
      report.revoked = [...ids];
      return report;
    }
    // The current key goes last, so it is still usable while the others are deleted.
    const last = includeCurrent && current !== undefined && ids.includes(current) ? current : undefined;
    const first = last === undefined ? ids : ids.filter((id) => id !== last);
    const results = await mapSettled(first, (id) => this.delete(id, call), bulk(options));
    if (last !== undefined) results.push(...(await mapSettled([last], (id) => this.delete(id, call), bulk(options))));
    for (const r of results) {
      if (r.ok) report.revoked.push(r.item);
      else if ('skipped' in r) report.skipped.push(r.item);
      else if (r.error instanceof NotFoundError) report.alreadyGone.push(r.item);
      else report.failed.push({ credentialId: r.item, error: r.error });
    }
    return report;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function credentialPath(credentialId: number): string {
  return buildPath('/me/api/credential/{credentialId}', { credentialId: parseInput(PositiveId, credentialId, 'credentialId') });
}
