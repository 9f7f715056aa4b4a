// Bounded parallel map for bulk operations: never stops at the first failure, never loses an item.

import { BulkOperationError, InputValidationError, NotFoundError, RateLimitError, type BulkItemOutcome } from './errors.js';
import { onRateLimited } from './rate-limit.js';

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
 *
 * It slows down when the API does: when an item fails with a RateLimitError, or one of its attempts (a retried one
 * included) is answered 429, the number of items in flight is halved (down to 1), once per wave of items started
 * before the cut, rather than every item in flight retrying in step. After a run of items without a 429 it grows
 * back by one, up to `concurrency`. Every item is still run once and reported.
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
  /** How many items may be in flight now: `concurrency`, lowered on 429s. */
  let limit = concurrency;
  let workers = 0;
  /** The index of the next item when the limit was last cut: items started before it do not cut it again. */
  let cutAt = -1;
  let calm = 0;
  const slowDown = (index: number) => {
    calm = 0;
    if (index < cutAt || limit === 1) return;
    limit = Math.max(1, Math.floor(limit / 2));
    cutAt = next;
  };
  let finish: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const worker = async () => {
    try {
      await work();
    } catch (error) {
      // Only onProgress can throw here: the call fails with its error, as it would have with Promise.all.
      workers--;
      fail(error);
    }
    if (workers === 0) finish();
  };
  const work = async () => {
    for (;;) {
      // Leaving counts at once, so that workers stopping together never leave fewer than `limit` running.
      if (workers > limit || next >= items.length) {
        workers--;
        return;
      }
      const index = next++;
      const item = items[index] as I;
      if (options.signal?.aborted) {
        results[index] = { item, ok: false, skipped: true, reason: 'aborted' };
      } else {
        let limited = false;
        try {
          const value = await onRateLimited(
            () => {
              limited = true;
              slowDown(index);
            },
            () => fn(item, index),
          );
          results[index] = { item, ok: true, value };
        } catch (error) {
          results[index] = { item, ok: false, error };
          if (error instanceof RateLimitError && !limited) slowDown(index);
          limited ||= error instanceof RateLimitError;
        }
        if (!limited && ++calm >= limit * 2 && limit < concurrency) {
          calm = 0;
          limit++;
          grow();
        }
      }
      options.onProgress?.(++done, items.length);
    }
  };
  const grow = () => {
    while (workers < Math.min(limit, items.length - next)) {
      workers++;
      void worker();
    }
  };
  grow();
  if (workers === 0) return results;
  await finished;
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
