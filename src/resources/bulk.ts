// Options of the resources' bulk methods: checked before any request, then split into bulk and per-call parts.
import type { BulkOptions, RunOptions } from '../core/concurrency.js';
import type { CallOptions } from '../core/transport.js';
import { lazy } from '../core/lazy.js';
import { checkParam } from './params.js';

/** The bulk runner (`mapSettled`, `fetchDetails`...), loaded with the first bulk call of any resource. */
export const bulkRuns = lazy(() => import('../core/concurrency.js'));

/** Largest accepted `concurrency`: more would only earn 429s from the API. */
export const MAX_CONCURRENCY = 100;

function checkConcurrency(value: unknown): { ok: true; value: number } | { ok: false; message: string } {
  if (typeof value === 'number' && Number.isInteger(value) && value > MAX_CONCURRENCY)
    return { ok: false, message: `must be at most ${MAX_CONCURRENCY}` };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return { ok: true, value };
  return { ok: false, message: `must be an integer from 1 to ${MAX_CONCURRENCY}` };
}

/** Options of `listDetails` methods: bulk options plus the per-call ones (signal included). */
export type BulkCallOptions = BulkOptions & Omit<CallOptions, 'signal'>;

/**
 * Validates bulk options and splits them: `bulk` drives the run, `call` goes to each item's requests (without the
 * signal, so requests already in flight finish and are accounted for), `list` goes to the listing call. `call` is
 * handed to the run too (`bulk.itemCall`), which marks it NO_RATE_LIMIT_RETRY: an item's 429 comes back to the run,
 * which paces itself on it; the listing call keeps its own retries.
 */
export function splitBulkOptions(options: BulkCallOptions): { bulk: RunOptions; call: CallOptions; list: CallOptions } {
  const { concurrency, onProgress, signal, ...call } = options;
  const bulk: RunOptions = { itemCall: call };
  if (concurrency !== undefined) bulk.concurrency = checkParam(checkConcurrency, concurrency, 'options.concurrency') as number;
  if (onProgress !== undefined) bulk.onProgress = onProgress;
  if (signal !== undefined) bulk.signal = signal;
  return { bulk, call, list: signal ? { ...call, signal } : { ...call } };
}
