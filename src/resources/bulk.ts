// Options of the resources' bulk methods: checked before any request, then split into bulk and per-call parts.
import { z } from 'zod';
import type { BulkOptions, RunOptions } from '../core/concurrency.js';
import { type CallOptions, NO_RATE_LIMIT_RETRY, type Transport } from '../core/transport.js';
import { CALL_OPTION_KEYS, optionKeys, parseInput, strictOptions } from '../core/options.js';

/** Largest accepted `concurrency`: more would only earn 429s from the API. */
const MAX_CONCURRENCY = 100;
const RANGE = `must be an integer from 1 to ${MAX_CONCURRENCY}`;
/** A bulk run's `concurrency`, as every bulk method (and the audit) checks it. */
export const Concurrency = z
  .int({ error: RANGE })
  .min(1, { error: RANGE })
  .max(MAX_CONCURRENCY, { error: `must be at most ${MAX_CONCURRENCY}` });

/** Options of `listDetails` methods: bulk options plus the per-call ones (signal included). */
export type BulkCallOptions = BulkOptions & Omit<CallOptions, 'signal'>;
/** The keys of BulkCallOptions, for the runtime check. */
export const BULK_OPTION_KEYS = optionKeys<BulkCallOptions>()([...CALL_OPTION_KEYS, 'concurrency', 'onProgress']);
const CALL_KEYS = new Set<string>(CALL_OPTION_KEYS);

/**
 * Checks a bulk method's options (`known`: its keys, BULK_OPTION_KEYS plus its own) and splits them: `bulk` drives
 * the run, `call` goes to each item's requests, `list` to the listing call; the signal goes to all three; the method
 * reads its own keys from `options`. `call` is marked NO_RATE_LIMIT_RETRY: an item's 429 comes back to the run, which
 * paces itself on it (its pauses capped by the calls' `retry.maxDelay`); the listing keeps its retries.
 */
export function splitBulkOptions(
  options: BulkCallOptions,
  transport: Transport,
  where: string,
  known: readonly string[] = BULK_OPTION_KEYS,
): { bulk: RunOptions & { maxWait: number }; call: CallOptions; list: CallOptions } {
  strictOptions(options, known, where);
  const { concurrency, onProgress, signal } = options;
  const bulk: RunOptions & { maxWait: number } = { maxWait: transport.maxDelay(options.retry) };
  if (concurrency !== undefined) bulk.concurrency = parseInput(Concurrency, concurrency, 'options.concurrency');
  if (onProgress !== undefined) bulk.onProgress = onProgress;
  if (signal !== undefined) bulk.signal = signal;
  const list: CallOptions = Object.fromEntries(Object.entries(options).filter(([key]) => CALL_KEYS.has(key)));
  const call: CallOptions & { [NO_RATE_LIMIT_RETRY]: true } = { ...list, [NO_RATE_LIMIT_RETRY]: true };
  return { bulk, call, list };
}
