// Bounded parallel map for bulk operations: never stops at the first failure, never loses an item.

import { BulkOperationError, InputValidationError, NotFoundError, type BulkItemOutcome } from './errors.js';

/** The outcome of one item of a bulk operation: a value, an error, or skipped because the signal aborted first. */
export type ItemResult<I, T> = BulkItemOutcome<I, T>;

/** What a `listDetails` returns: the objects read, plus the ids that vanished between the list and the read. */
export type DetailsList<T, I = number> = T[] & { missing: I[] };

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
): Promise<DetailsList<T, I>> {
  return collectDetails(await mapSettled(ids, (id) => get(id), options), what);
}

/**
 * Like `fetchDetails`, but reads `size` ids per request: `read` answers one outcome per id of its chunk, in the
 * chunk's order. A chunk that fails as a whole fails each of its ids with that error. `concurrency` counts chunks
 * in flight; `onProgress` counts ids.
 */
export async function fetchDetailsInChunks<I extends number | string, T>(
  ids: readonly I[],
  size: number,
  read: (chunk: readonly I[]) => Promise<Array<ItemResult<I, T>>>,
  what: string,
  options: BulkOptions = {},
): Promise<DetailsList<T, I>> {
  const chunks: I[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  const { onProgress, ...rest } = options;
  let done = 0;
  const settled = await mapSettled(
    chunks,
    async (chunk) => {
      try {
        return await read(chunk);
      } finally {
        done += chunk.length;
        onProgress?.(done, ids.length);
      }
    },
    rest,
  );
  const results: Array<ItemResult<I, T>> = [];
  for (const r of settled) {
    if (r.ok) results.push(...r.value);
    else if ('skipped' in r)
      results.push(...r.item.map((item) => ({ item, ok: false as const, skipped: true as const, reason: 'aborted' as const })));
    else results.push(...r.item.map((item) => ({ item, ok: false as const, error: r.error })));
  }
  // Chunks never started (the signal aborted) are done too, as mapSettled counts its skipped items.
  if (onProgress && done < ids.length) onProgress(ids.length, ids.length);
  return collectDetails(results, what);
}

/** Values in order, 404s as `missing`; any other failure or a skipped item throws BulkOperationError. */
function collectDetails<I, T>(results: Array<ItemResult<I, T>>, what: string): DetailsList<T, I> {
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
      `${found.length} of ${results.length} ${what} were read`,
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
