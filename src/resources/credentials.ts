// /me/api/credential: the account's consumer keys: reads (opt-in batch reads too), IP restriction, revocation.
import { z } from 'zod';
import {
  distinct,
  fetchDetails,
  fetchDetailsInChunks,
  mapSettled,
  type BulkOptions,
  type DetailsList,
  type ItemResult,
} from '../core/concurrency.js';
import { apiErrorFromResponse, InputValidationError, NotFoundError, ResponseValidationError, type ResponseIssue } from '../core/errors.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { describeIssues, issueText } from '../core/response-issues.js';
import { CALL_OPTION_KEYS, functionSchema, optionKeys, parseInput, parseObject, strictOptions } from '../core/options.js';
import { Application } from './applications.schemas.js';
import { BULK_OPTION_KEYS, splitBulkOptions, type BulkCallOptions } from './bulk.js';
import { Cidr } from './cidr.js';
import { Credential, CredentialFilter } from './credentials.schemas.js';
import { batchPath, IdList, resourcePath } from './params.js';

/** Options of `credentials.listDetails`: bulk options, plus the opt-in batch reads. */
export type CredentialDetailsOptions = BulkCallOptions & {
  /**
   * Opt-in batch reads (`GET /me/api/credential/1,2,3` with `X-Ovh-Batch: ,`, as OVH's web console does; undocumented
   * by OVH, see docs/credentials.md): `true` for 50 ids per request, or 1 to 100. `concurrency` then counts requests.
   */
  batch?: true | number;
};
const DETAILS_KEYS = optionKeys<CredentialDetailsOptions>()([...BULK_OPTION_KEYS, 'batch']);

/** Options of `revokeAll`. */
export interface RevokeAllOptions extends BulkOptions, Omit<CallOptions, 'signal'> {
  /** Report what would be revoked, revoke nothing (no DELETE is sent). */
  dryRun?: boolean;
  /** Also revoke the consumer key this client is using (last). Default false: it is kept and reported. */
  includeCurrent?: boolean;
}
const REVOKE_ALL_KEYS = optionKeys<RevokeAllOptions>()([...BULK_OPTION_KEYS, 'dryRun', 'includeCurrent']);

/** Options of `setAllowedIPs`. */
export interface SetAllowedIPsOptions extends CallOptions {
  /** Restrict the key this client uses too (it is refused by default: it may lock this client out). */
  includeCurrent?: boolean;
}
const SET_ALLOWED_IPS_KEYS = optionKeys<SetAllowedIPsOptions>()([...CALL_OPTION_KEYS, 'includeCurrent']);

/** Which credentials `revokeAll` targets: an API filter, plus an optional predicate on each credential's details. */
export type RevokeSelector = (CredentialFilter & { where?: (credential: Credential) => boolean }) | ((credential: Credential) => boolean);
const Predicate = functionSchema<(credential: Credential) => boolean>();
const RevokeSelectorObject = CredentialFilter.extend({ where: Predicate.optional() });

/** What `revokeAll` did, item by item: every id in `matched` is in exactly one of `revoked`, `alreadyGone`, `failed`, `skipped`. */
export interface RevokeReport {
  /** True when nothing was deleted because `dryRun` was set. */
  dryRun: boolean;
  /** Ids the filter listed and `where` accepted, plus those whose details could not be read; not the kept current key. */
  matched: number[];
  /** Ids deleted by this run (with dryRun: those that would be). */
  revoked: number[];
  /** Ids that were already gone (404) when read or deleted. */
  alreadyGone: number[];
  /** Ids not revoked because a call failed: the DELETE, or (with `where`) the read of their details. */
  failed: Array<{ credentialId: number; error: unknown }>;
  /** Ids not attempted because the signal aborted (an id whose DELETE was in flight is in `failed`, and may be gone). */
  skipped: number[];
  /** The id of the key this client uses, when the selection included it and it was kept. */
  keptCurrent: number | undefined;
}

// A batch read's answer: one wrapper per id. Only `value` is known (API-NOTES); `key` and `error` are UNCONFIRMED.
const BatchWrapper = z.looseObject({
  key: z.union([z.string(), z.number()]).nullish(),
  value: z.unknown().optional(),
  error: z.unknown().optional(),
});
type BatchWrapper = z.infer<typeof BatchWrapper>;
const BatchAnswer = z.array(BatchWrapper);
// Ids per batch read with `batch: true`, and the most one may ask for (about 1 kB of URL).
const DEFAULT_BATCH = 50;
const MAX_BATCH = 100;
/** `listDetails`' `batch`: `true` or ids per request (the audit takes it too, with `false`). */
export const BatchSize = z.union([z.literal(true), z.number().int().min(1).max(MAX_BATCH)], {
  error: `must be true (${DEFAULT_BATCH} ids per request) or a whole number of ids per request from 1 to ${MAX_BATCH}`,
});
const AllowedIPs = z.array(Cidr).nullable();

/** `/me/api/credential`: list, read, restrict, revoke API credentials (consumer keys). */
export class CredentialsResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Transport,
    private readonly currentCredentialId: (options: CallOptions) => Promise<number | undefined>,
  ) {}

  /**
   * Credential ids, optionally filtered by application and status.
   * @example const expired = await ovh.credentials.list({ status: 'expired' });
   */
  async list(filter: CredentialFilter = {}, options?: CallOptions): Promise<number[]> {
    const query = parseObject(CredentialFilter, filter, 'filter', 'credentials filter');
    return this.transport.request('GET', '/me/api/credential', { query, schema: IdList }, options);
  }

  /** One credential's details. */
  async get(credentialId: number, options?: CallOptions): Promise<Credential> {
    return this.transport.request('GET', credentialPath(credentialId), { schema: Credential }, options);
  }

  /** The application a credential belongs to. */
  async getApplication(credentialId: number, options?: CallOptions): Promise<Application> {
    const path = resourcePath('/me/api/credential/{credentialId}/application', { credentialId });
    return this.transport.request('GET', path, { schema: Application }, options);
  }

  /**
   * Restricts a credential to IP ranges (CIDR), or lifts the restriction with `null`. Restricting the key this client
   * uses could lock it out, so that is refused unless `includeCurrent: true` says you mean it.
   * @example await ovh.credentials.setAllowedIPs(42, ['203.0.113.0/24', '2001:db8::/32']);
   */
  async setAllowedIPs(credentialId: number, allowedIPs: readonly string[] | null, options: SetAllowedIPsOptions = {}): Promise<void> {
    strictOptions(options, SET_ALLOWED_IPS_KEYS, 'setAllowedIPs options');
    const { includeCurrent = false, ...call } = options;
    const path = credentialPath(credentialId);
    const body = { allowedIPs: parseInput(AllowedIPs, allowedIPs, 'allowedIPs') };
    if (body.allowedIPs !== null && !includeCurrent && (await this.currentCredentialId(call)) === credentialId) {
      throw new InputValidationError(
        'credentialId',
        `Invalid credentialId: ${credentialId} is the consumer key this client uses; restricting it to ${body.allowedIPs.join(', ')} locks this client out unless it runs from one of them. Pass { includeCurrent: true } if you mean it. Nothing was changed.`,
      );
    }
    await this.transport.request('PUT', path, { body }, call);
  }

  /** Revokes (deletes) a credential: the consumer key stops working at once. */
  async delete(credentialId: number, options?: CallOptions): Promise<void> {
    await this.transport.request('DELETE', credentialPath(credentialId), {}, options);
  }

  /**
   * Details of every credential matching the filter, with bounded concurrency (default 20): ids deleted in between
   * are listed in `.missing`; any other failure throws a BulkOperationError holding every item's outcome.
   * @example const live = await ovh.credentials.listDetails({ status: 'validated' }, { concurrency: 20 });
   * @example const all = await ovh.credentials.listDetails({}, { batch: true }); // 50 ids per request
   */
  async listDetails(filter: CredentialFilter = {}, options: CredentialDetailsOptions = {}): Promise<DetailsList<Credential>> {
    const { bulk, call, list } = splitBulkOptions(options, this.transport, 'credentials.listDetails options', DETAILS_KEYS);
    const size = options.batch === undefined ? undefined : parseInput(BatchSize, options.batch, 'options.batch');
    const ids = await this.list(filter, list);
    if (size === undefined) return fetchDetails(ids, (id) => this.get(id, call), 'credentials', bulk);
    return fetchDetailsInChunks(ids, size === true ? DEFAULT_BATCH : size, (chunk) => this.#readBatch(chunk, call), 'credentials', bulk);
  }

  /**
   * Revokes every credential matching the selector (`{}`: all) and reports each one's outcome: once deleting has
   * started, every failure lands in the report. The key this client uses is kept unless `includeCurrent` is set.
   * @example
   * const report = await ovh.credentials.revokeAll({ status: 'expired' });
   * console.log(`${report.revoked.length} revoked, ${report.failed.length} failed`);
   * @example
   * // a predicate on the details: keys unused for 90 days
   * await ovh.credentials.revokeAll((c) => c.lastUse === null || toDate(c.lastUse).getTime() < cutoff, { dryRun: true });
   */
  async revokeAll(selector: RevokeSelector = {}, options: RevokeAllOptions = {}): Promise<RevokeReport> {
    const { bulk, call, list } = splitBulkOptions(options, this.transport, 'revokeAll options', REVOKE_ALL_KEYS);
    const { dryRun = false, includeCurrent = false } = options;
    const { where, ...filter } =
      typeof selector === 'function' ? { where: selector } : parseObject(RevokeSelectorObject, selector, 'selector', 'revokeAll selector');

    // Ask first which key we are using, so a failure there stops us before anything is deleted.
    const current = await this.currentCredentialId(list);
    // Each id once, where it first came: a listing that repeats an id must not delete it twice nor report it twice.
    const listed = distinct(await this.list(filter, list));
    const report: RevokeReport = { dryRun, matched: [], revoked: [], alreadyGone: [], failed: [], skipped: [], keptCurrent: undefined };

    // onProgress reports the run's deletions only: the reads before them and the current key's after them are silent.
    const { onProgress: _silent, ...silent } = bulk;
    let candidates: number[] = listed;
    if (where) {
      candidates = [];
      const read = await mapSettled(listed, (id) => this.get(id, call), silent);
      for (const r of read) {
        if (r.ok) {
          if (where(r.value)) candidates.push(r.item);
        } else {
          // An item that could not be read may match: it is counted as matched, with its failure.
          report.matched.push(r.item);
          fileFailure(report, r);
        }
      }
    }

    // The client's own key is kept unless included, and then deleted last, so it still signs the other deletions.
    const matchesCurrent = current !== undefined && candidates.includes(current);
    if (matchesCurrent) candidates = candidates.filter((id) => id !== current);
    const last = matchesCurrent && includeCurrent ? [current] : [];
    report.keptCurrent = matchesCurrent && !includeCurrent ? current : undefined;
    report.matched.push(...candidates, ...last);
    if (dryRun) {
      report.revoked.push(...candidates, ...last);
      return report;
    }

    const results = await mapSettled(candidates, (id) => this.delete(id, call), bulk);
    results.push(...(await mapSettled(last, (id) => this.delete(id, call), silent)));
    for (const r of results) {
      if (r.ok) report.revoked.push(r.item);
      else fileFailure(report, r);
    }
    return report;
  }

  /** One batch read: an outcome per id, in the order asked (404s as NotFoundError, like single reads). */
  async #readBatch(ids: readonly number[], call: CallOptions): Promise<Array<ItemResult<number, Credential>>> {
    const path = batchPath('/me/api/credential/{credentialId}', 'credentialId', ids);
    const answer = await this.transport.request('GET', path, { schema: BatchAnswer }, { ...call, headers: { ...call.headers, 'X-Ovh-Batch': ',' } });
    // Matched by key when the API gives one, else by the value's own id, else by position.
    const byId = new Map<number, BatchWrapper>();
    for (const [i, w] of answer.entries()) {
      byId.set(w.key != null ? Number(w.key) : ((w.value as { credentialId?: number } | null)?.credentialId ?? (ids[i] as number)), w);
    }
    return ids.map((id) => batchItem(id, byId.get(id)));
  }
}

/** Files an item a run did not complete (skipped, already gone, or failed) in the report. */
function fileFailure(report: RevokeReport, r: Exclude<ItemResult<number, unknown>, { ok: true }>): void {
  if ('skipped' in r) report.skipped.push(r.item);
  else if (r.error instanceof NotFoundError) report.alreadyGone.push(r.item);
  else report.failed.push({ credentialId: r.item, error: r.error });
}

const credentialPath = (credentialId: number) => resourcePath('/me/api/credential/{credentialId}', { credentialId });

function batchItem(id: number, wrapper: BatchWrapper | undefined): ItemResult<number, Credential> {
  const path = credentialPath(id);
  const fail = (error: unknown) => ({ item: id, ok: false as const, error });
  const invalid = (what: string, issues: ResponseIssue[]) =>
    fail(new ResponseValidationError(`The batch read answered ${what} for credential ${id}; read without batch.`, { method: 'GET', path, issues }));
  if (wrapper?.value != null) {
    const parsed = Credential.safeParse(wrapper.value);
    if (parsed.success) return { item: id, ok: true, value: parsed.data };
    const issues = describeIssues(parsed.error, wrapper.value);
    return invalid(`a value that does not match (${issues.map(issueText).join('; ')})`, issues);
  }
  const error = wrapper?.error;
  if (error == null) return invalid('no value and no error', [{ field: String(id), message: 'no value' }]);
  const apiMessage = typeof error === 'string' ? error : JSON.stringify(error);
  // The single read's 404 wording ("... does not exist") marks an id deleted since the list: it goes to `missing`.
  const status = /does not exist|not found/i.test(apiMessage) ? 404 : 500;
  return fail(apiErrorFromResponse({ status, method: 'GET', path, apiMessage }));
}
