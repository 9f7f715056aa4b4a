// /me/api/credential: the account's API consumer keys.
import type { BulkOptions, DetailsList } from '../core/concurrency.js';
import { InputValidationError } from '../core/errors.js';
import type { Requester } from '../core/requester.js';
import type { CallOptions } from '../core/transport.js';
import { lazy } from '../core/lazy.js';
import { parseInput } from '../core/validate.js';
import { applicationSchemas } from './applications.js';
import type { Application } from './applications.schemas.js';
import { bulkRuns, splitBulkOptions, type BulkCallOptions } from './bulk.js';
import type { Credential, CredentialFilter } from './credentials.schemas.js';
import { resourcePath } from './params.js';

const bulkOps = lazy(() => import('./credentials-bulk.js'));
/** The schemas of /me/api/credential, built on the first call that needs them. */
export const credentialSchemas = lazy(() => import('./credentials.schemas.js'));

/** Options of `credentials.listDetails`: bulk options, plus the opt-in batch reads. */
export type CredentialDetailsOptions = BulkCallOptions & {
  /**
   * Reads many credentials per request with OVH's undocumented batch reads (`GET /me/api/credential/1,2,3` with
   * `X-Ovh-Batch: ,`, as OVH's web console does): `true` for 50 ids per request, or how many (1 to 100).
   * Opt-in: OVH does not document it (see docs/credentials.md). `concurrency` then counts requests.
   */
  batch?: true | number;
};
/** Options of `revokeAll`. */
export interface RevokeAllOptions extends BulkOptions, Omit<CallOptions, 'signal'> {
  /** Report what would be revoked, revoke nothing (no DELETE is sent). */
  dryRun?: boolean;
  /** Also revoke the consumer key this client is using (last). Default false: it is kept and reported. */
  includeCurrent?: boolean;
}

/** Which credentials `revokeAll` targets: an API filter, plus an optional predicate on each credential's details. */
export type RevokeSelector = (CredentialFilter & { where?: (credential: Credential) => boolean }) | ((credential: Credential) => boolean);

/**
 * What `revokeAll` did, item by item. Every id in `matched` appears in exactly one of `revoked`, `alreadyGone`,
 * `failed` and `skipped`, so `revoked + alreadyGone + failed + skipped = matched`.
 */
export interface RevokeReport {
  /** True when nothing was deleted because `dryRun` was set. */
  dryRun: boolean;
  /**
   * Ids this run had to deal with: those the filter listed and `where` accepted, plus (with `where`) those whose
   * details could not be read or evaluated before an abort. The kept current key is not included.
   */
  matched: number[];
  /** Ids deleted by this run (with dryRun: those that would be). */
  revoked: number[];
  /** Ids that were already gone (404) when read or deleted. */
  alreadyGone: number[];
  /** Ids not revoked because a call failed: the DELETE, or (with `where`) the read of their details. */
  failed: Array<{ credentialId: number; error: unknown }>;
  /** Ids not attempted because the signal aborted. */
  skipped: number[];
  /** The id of the key this client uses, when the selection included it and it was kept. */
  keptCurrent: number | undefined;
}

/** `/me/api/credential`: list, read, restrict, revoke API credentials (consumer keys). */
export class CredentialsResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Requester,
    private readonly currentCredentialId: (options: CallOptions) => Promise<number | undefined>,
  ) {}

  /**
   * Credential ids, optionally filtered by application and status.
   * @example const expired = await ovh.credentials.list({ status: 'expired' });
   */
  async list(filter: CredentialFilter = {}, options: CallOptions = {}): Promise<number[]> {
    const s = await credentialSchemas();
    const query = parseInput(s.CredentialFilter, filter, 'filter');
    return this.transport.request('GET', '/me/api/credential', { ...options, query, schema: s.Ids });
  }

  /** One credential's details. */
  async get(credentialId: number, options: CallOptions = {}): Promise<Credential> {
    const path = credentialPath(credentialId);
    return this.transport.request('GET', path, { ...options, schema: (await credentialSchemas()).Credential });
  }

  /** The application a credential belongs to. */
  async getApplication(credentialId: number, options: CallOptions = {}): Promise<Application> {
    const path = resourcePath('/me/api/credential/{credentialId}/application', { credentialId });
    return this.transport.request('GET', path, { ...options, schema: (await applicationSchemas()).Application });
  }

  /**
   * Restricts a credential to IP ranges (CIDR), or lifts the restriction with `null`. The key this client uses is
   * protected, as in `revokeAll`: restricting it to ranges that exclude this machine would lock the client out, so
   * it is refused unless `includeCurrent: true` says you mean it.
   * @example await ovh.credentials.setAllowedIPs(42, ['203.0.113.0/24', '2001:db8::/32']);
   */
  async setAllowedIPs(
    credentialId: number,
    allowedIPs: readonly string[] | null,
    options: CallOptions & { includeCurrent?: boolean } = {},
  ): Promise<void> {
    const { includeCurrent = false, ...call } = options;
    const path = credentialPath(credentialId);
    const s = await credentialSchemas();
    const body = { allowedIPs: parseInput(s.AllowedIPs, allowedIPs, 'allowedIPs') };
    if (body.allowedIPs !== null && !includeCurrent && (await this.currentCredentialId(call)) === credentialId) {
      throw new InputValidationError(
        'credentialId',
        `Invalid credentialId: ${credentialId} is the consumer key this client uses; restricting it to ${body.allowedIPs.join(', ')} locks this client out unless it runs from one of them. Pass { includeCurrent: true } if you mean it. Nothing was changed.`,
      );
    }
    await this.transport.request('PUT', path, { ...call, body, schema: s.Nothing });
  }

  /** Revokes (deletes) a credential: the consumer key stops working at once. */
  async delete(credentialId: number, options: CallOptions = {}): Promise<void> {
    const path = credentialPath(credentialId);
    await this.transport.request('DELETE', path, { ...options, schema: (await credentialSchemas()).Nothing });
  }

  /**
   * Details of every credential matching the filter, fetched with bounded concurrency (default 20). Ids deleted
   * between the list and the read are left out and listed in `.missing`; any other failure throws a
   * BulkOperationError whose `results` hold every item's outcome. With `batch`, many ids are read per request
   * (OVH's undocumented batch reads; opt-in), with the same result.
   * @example const live = await ovh.credentials.listDetails({ status: 'validated' }, { concurrency: 20 });
   * @example const all = await ovh.credentials.listDetails({}, { batch: true }); // 50 ids per request
   */
  async listDetails(filter: CredentialFilter = {}, options: CredentialDetailsOptions = {}): Promise<DetailsList<Credential>> {
    const { batch, ...rest } = options;
    const s = await credentialSchemas();
    const size = batch === undefined ? undefined : parseInput(s.BatchSize, batch, 'options.batch');
    const { bulk, call, list } = splitBulkOptions(rest);
    const ids = await this.list(filter, list);
    const { fetchDetails, fetchDetailsInChunks } = await bulkRuns();
    if (size === undefined) return fetchDetails(ids, (id) => this.get(id, call), 'credentials', bulk);
    const { readBatch } = await bulkOps();
    return fetchDetailsInChunks(ids, size === true ? s.DEFAULT_BATCH : size, (chunk) => readBatch(this.transport, chunk, call), 'credentials', bulk);
  }

  /**
   * Revokes every credential matching the selector and reports each one's outcome; never throws halfway: once
   * deleting has started, every failure lands in the report. The key this client uses is kept unless
   * `includeCurrent` is set (then it goes last). `{}` selects every credential of the account.
   * @example
   * const report = await ovh.credentials.revokeAll({ status: 'expired' });
   * console.log(`${report.revoked.length} revoked, ${report.failed.length} failed`);
   * @example
   * // a predicate on the details: keys unused for 90 days
   * await ovh.credentials.revokeAll((c) => c.lastUse === null || toDate(c.lastUse).getTime() < cutoff, { dryRun: true });
   */
  async revokeAll(selector: RevokeSelector = {}, options: RevokeAllOptions = {}): Promise<RevokeReport> {
    return (await bulkOps()).revokeAll(this, this.currentCredentialId, selector, options);
  }
}

/** The path of one credential, its id checked. */
export function credentialPath(credentialId: number): string {
  return resourcePath('/me/api/credential/{credentialId}', { credentialId });
}
