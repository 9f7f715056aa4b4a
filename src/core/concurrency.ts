// Bounded parallel map for bulk operations: never stops at the first failure, never loses an item.

import { BulkOperationError, InputValidationError, NotFoundError, type BulkItemOutcome } from './errors.js';

/** The outcome of one item of a bulk operation: a value, an error, or skipped because the signal aborted first. */
export type ItemResult<I, T> = BulkItemOutcome<I, T>;

/** Options of bulk operations. */
export interface BulkOptions {
  /** How many requests run at once. Default 20. */
  concurrency?: number;
  /** Stops starting new items; items not started are reported as skipped. */
  signal?: AbortSignal;
  /** Called after each item settles (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs `fn` over `items` with at most `concurrency` in flight. Returns one result per item, in input order:
 * a value, an error, or `skipped` when the signal aborted before the item started.
 */
export async function mapSettled<I, T>(
  items: readonly I[],
  fn: (item: I, index: number) => Promise<T>,
  options: BulkOptions = {},
): Promise<Array<ItemResult<I, T>>> {
  const requested = options.concurrency ?? 20;
  if (!Number.isFinite(requested) || requested < 1) {
    throw new InputValidationError('concurrency', `concurrency must be a number of at least 1, got ${String(requested)}.`);
  }
  const concurrency = Math.floor(requested);
  const results = new Array<ItemResult<I, T>>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      const item = items[index] as I;
      if (options.signal?.aborted) {
        results[index] = { item, ok: false, skipped: true, reason: 'aborted' };
      } else {
        try {
          results[index] = { item, ok: true, value: await fn(item, index) };
        } catch (error) {
          results[index] = { item, ok: false, error };
        }
      }
      options.onProgress?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Reads every id with bounded concurrency; 404s are reported as missing, other failures throw BulkOperationError. */
export async function fetchDetails<I extends number | string, T>(
  ids: readonly I[],
  get: (id: I) => Promise<T>,
  what: string,
  options: BulkOptions = {},
): Promise<T[] & { missing: I[] }> {
  const results = await mapSettled(ids, (id) => get(id), options);
  const found: T[] = [];
  const missing: I[] = [];
  let failed = 0;
  let skipped = 0;
  let firstError: unknown;
  for (const r of results) {
    if (r.ok) found.push(r.value);
    else if ('skipped' in r) skipped++;
    else if (r.error instanceof NotFoundError) missing.push(r.item);
    else {
      failed++;
      firstError ??= r.error;
    }
  }
  if (failed > 0 || skipped > 0) {
    const parts = [
      `${found.length} of ${ids.length} ${what} were read`,
      ...(failed ? [`${failed} failed`] : []),
      ...(skipped ? [`${skipped} were not started because the call was aborted`] : []),
    ];
    throw new BulkOperationError(
      `${parts.join(', ')}. The error's results hold every item's outcome.${
        firstError instanceof Error ? ` First error: ${firstError.message}` : ''
      }`,
      results,
      { cause: firstError },
    );
  }
  return Object.assign(found, { missing });
}
