// The bulk work of /me/api/credential, loaded with its first use: `revokeAll`, and the opt-in batch reads of
// `listDetails({}, { batch })`.
import { mapSettled, type ItemResult } from '../core/concurrency.js';
import { apiErrorFromResponse, NotFoundError, ResponseValidationError, type ResponseIssue } from '../core/errors.js';
import type { Requester } from '../core/requester.js';
import { describeIssues, issueText } from '../core/response-issues.js';
import type { CallOptions } from '../core/transport.js';
import { parseInput } from '../core/validate.js';
import { splitBulkOptions } from './bulk.js';
import { credentialPath, type CredentialsResource, type RevokeAllOptions, type RevokeReport, type RevokeSelector } from './credentials.js';
import { BatchAnswer, Credential, RevokeSelectorObject, type BatchWrapper } from './credentials.schemas.js';
import { batchPath } from './params.js';

/** One batch read: an outcome per id, in the order asked (404s as NotFoundError, like single reads). */
export async function readBatch(transport: Requester, ids: readonly number[], options: CallOptions): Promise<Array<ItemResult<number, Credential>>> {
  const path = batchPath('/me/api/credential/{credentialId}', 'credentialId', ids);
  const answer = await transport.request('GET', path, {
    ...options,
    headers: { ...options.headers, 'X-Ovh-Batch': ',' },
    schema: BatchAnswer,
  });
  // Matched by key when the API gives one, else by the value's own id, else by position.
  const byId = new Map<number, BatchWrapper>();
  for (const [i, w] of answer.entries()) {
    byId.set(w.key != null ? Number(w.key) : ((w.value as { credentialId?: number } | null)?.credentialId ?? (ids[i] as number)), w);
  }
  return ids.map((id) => batchItem(id, byId.get(id)));
}

/** `credentials.revokeAll`, on the resource's own calls (see its documentation). */
export async function revokeAll(
  credentials: Pick<CredentialsResource, 'list' | 'get' | 'delete'>,
  currentCredentialId: (options: CallOptions) => Promise<number | undefined>,
  selector: RevokeSelector,
  options: RevokeAllOptions,
): Promise<RevokeReport> {
  const { dryRun = false, includeCurrent = false, ...rest } = options;
  const { bulk, call, list } = splitBulkOptions(rest);
  const parsed = typeof selector === 'function' ? { where: selector } : parseInput(RevokeSelectorObject, selector, 'selector');
  const { where, ...filter } = parsed;
  const signal = bulk.signal;

  // Ask first which key we are using, so a failure there stops us before anything is deleted.
  const current = await currentCredentialId(list);
  const listed = await credentials.list(filter, list);
  const report: RevokeReport = { dryRun, matched: [], revoked: [], alreadyGone: [], failed: [], skipped: [], keptCurrent: undefined };

  let candidates: number[] = listed;
  if (where) {
    candidates = [];
    // onProgress reports the deletions only; the reads before them are silent.
    const { onProgress: _reads, ...readOptions } = bulk;
    const read = await mapSettled(listed, (id) => credentials.get(id, call), readOptions);
    for (const r of read) {
      if (r.ok) {
        if (where(r.value)) candidates.push(r.item);
      } else if ('skipped' in r) {
        report.matched.push(r.item);
        report.skipped.push(r.item);
      } else if (r.error instanceof NotFoundError) {
        report.matched.push(r.item);
        report.alreadyGone.push(r.item);
      } else {
        report.matched.push(r.item);
        report.failed.push({ credentialId: r.item, error: r.error });
      }
    }
  }

  if (current !== undefined && candidates.includes(current)) {
    candidates = candidates.filter((id) => id !== current);
    // The current key goes last, so it still signs the other deletions.
    if (includeCurrent) candidates.push(current);
    else report.keptCurrent = current;
  }
  report.matched.push(...candidates);
  if (dryRun) {
    report.revoked.push(...candidates);
    return report;
  }

  const last = includeCurrent && current !== undefined && candidates.at(-1) === current ? current : undefined;
  const first = last === undefined ? candidates : candidates.slice(0, -1);
  const results = await mapSettled(first, (id) => credentials.delete(id, call), bulk);
  if (last !== undefined) results.push(...(await mapSettled([last], (id) => credentials.delete(id, call), { ...(signal ? { signal } : {}) })));
  for (const r of results) {
    if (r.ok) report.revoked.push(r.item);
    else if ('skipped' in r) report.skipped.push(r.item);
    else if (r.error instanceof NotFoundError) report.alreadyGone.push(r.item);
    else report.failed.push({ credentialId: r.item, error: r.error });
  }
  return report;
}

function batchItem(id: number, wrapper: BatchWrapper | undefined): ItemResult<number, Credential> {
  const path = credentialPath(id);
  const invalid = (problem: string, issues: ResponseIssue[]) => ({
    item: id,
    ok: false as const,
    error: new ResponseValidationError(`The batch read answered ${problem} for credential ${id}; read without batch.`, {
      method: 'GET',
      path,
      issues,
    }),
  });
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
  return { item: id, ok: false, error: apiErrorFromResponse({ status, method: 'GET', path, apiMessage }) };
}
