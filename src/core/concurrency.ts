// Bounded parallel map for bulk operations: never stops at the first failure, never loses an item.

import { BulkOperationError, InputValidationError, NotFoundError, RateLimitError, type BulkItemOutcome } from './errors.js';
import { delay } from './poll.js';
import { runAsBulkItem } from './rate-limit.js';

/** The outcome of one item of a bulk operation: a value, an error, or skipped because the signal aborted first. */
export type ItemResult<I, T> = BulkItemOutcome<I, T>;

/** What a `listDetails` returns: the objects read, plus the ids that vanished between the list and the read. */
export type DetailsList<T, I = number> = T[] & { missing: I[] };

/** Options of bulk operations. */
export interface BulkOptions {
  /** At most how many requests run at once. Default 20 (a run starts with 4, doubled after each as many successes). */
  concurrency?: number;
  /** Stops starting new items; items not started are reported as skipped. */
  signal?: AbortSignal;
  /** Called after each item settles (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/** How many times an item refused with 429 once its own retries are spent goes back in the queue. */
const REQUEUES = 3;
/** Successes in a row after which a paced run starts items a little faster (5 % less between starts). */
const CALM_STRETCH = 5;
/** Items in flight at the start of a run; doubled after each as many successes, up to `concurrency`. */
const SLOW_START = 4;

/**
 * Runs `fn` over `items` with at most `concurrency` in flight. Returns one result per item, in input order:
 * a value, an error, or `skipped` when the signal aborted before the item started.
 *
 * It slows down when the API does, instead of every item in flight retrying in step. When one of an item's attempts
 * (a retried one included) is answered 429, or an item fails with a RateLimitError:
 * - the whole run waits out the answer's `Retry-After` before starting another item (once, for every worker);
 * - the number of items in flight is halved (down to 1), once per wave of items started before the cut;
 * - items, and retried attempts, start at a pace: at most the rate the API accepted over the last second, half as
 *   fast again at each new wave of 429s, 5 % faster after each stretch of successes, until the run is unpaced again;
 * - an item refused with 429 once its own retries are spent goes back at the end of the queue (up to 3 times)
 *   rather than failing.
 * A run starts with 4 items in flight and doubles that after each as many successes, up to `concurrency` (a few
 * round trips), so that a limit is met by a few items rather than by `concurrency` of them at once. After a run of
 * items without a 429 the number in flight grows back by one, up to `concurrency`. Every item is reported once.
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
  const signal = options.signal;
  const results = new Array<ItemResult<I, T>>(items.length);
  /** Indexes to run, in order; an item refused with 429 goes back at the end. */
  const queue = items.map((_, i) => i);
  let head = 0;
  const requeued = new Map<number, number>();
  let started = 0;
  let done = 0;
  /** How many items may be in flight now: from SLOW_START up to `concurrency`, lowered on 429s. */
  let limit = Math.min(concurrency, SLOW_START);
  /** Until the first 429, the limit doubles after each `limit` successes (TCP's slow start). */
  let slowStart = true;
  let workers = 0;
  /** How many items had started when the limit was last cut: items started before that do not cut it again. */
  let cutAt = -1;
  let calm = 0;
  /** Pacing: ms between two starts (0: unpaced), the time of the last start reserved, no start before `notBefore`. */
  let interval = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  let notBefore = 0;
  /** When the last successes ended (the newest 64), for the rate the API accepts. */
  const successes: number[] = [];

  const slowDown = (wave: number, retryAfterMs: number | undefined) => {
    calm = 0;
    slowStart = false;
    const now = Date.now();
    if (retryAfterMs !== undefined) notBefore = Math.max(notBefore, now + retryAfterMs);
    if (wave < cutAt) return;
    cutAt = started;
    limit = Math.max(1, Math.floor(limit / 2));
    // The rate the API accepted over the last second, when enough calls tell it; else as many per second as may be
    // in flight now.
    const accepted = successes.filter((t) => t > now - 1000).length;
    interval = Math.min(60_000, Math.max(interval * 2, 1000 / (accepted >= CALM_STRETCH ? accepted : limit)));
  };
  const speedUp = () => {
    if (++calm % CALM_STRETCH === 0 && interval > 0) interval = interval < 1 ? 0 : interval * 0.95;
    if (slowStart && calm >= limit && limit < concurrency) {
      calm = 0;
      limit = Math.min(concurrency, limit * 2);
      grow();
    } else if (calm >= limit * 2 && limit < concurrency) {
      calm = 0;
      limit++;
      grow();
    }
  };
  /**
   * Waits for the next start (an item's, or a retried attempt's) the pacing and the last 429's Retry-After allow;
   * false when `abort` (the run's signal, for an item not started yet) aborted first.
   */
  const turn = async (abort?: AbortSignal): Promise<boolean> => {
    for (;;) {
      const now = Date.now();
      const at = Math.max(now, notBefore, lastStart + interval);
      lastStart = at;
      if (at <= now) return true;
      try {
        await delay(at - now, abort, () => new Error('aborted'));
      } catch {
        return false;
      }
      // A 429 met meanwhile may have pushed the run's next start further.
      if (Date.now() >= notBefore) return true;
    }
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
  const settle = (index: number, result: ItemResult<I, T>) => {
    results[index] = result;
    options.onProgress?.(++done, items.length);
  };
  const work = async () => {
    for (;;) {
      // Leaving counts at once, so that workers stopping together never leave fewer than `limit` running.
      if (workers > limit || head >= queue.length) {
        workers--;
        return;
      }
      const index = queue[head++] as number;
      const item = items[index] as I;
      if (signal?.aborted || !(await turn(signal))) {
        settle(index, { item, ok: false, skipped: true, reason: 'aborted' });
        continue;
      }
      const wave = started++;
      let limited = false;
      try {
        const value = await runAsBulkItem(
          {
            rateLimited: (retryAfterMs) => {
              limited = true;
              slowDown(wave, retryAfterMs);
            },
            // A retry is not stopped by the run's signal: what is in flight finishes, and is reported.
            turn: async () => {
              await turn();
            },
          },
          () => fn(item, index),
        );
        successes.push(Date.now());
        if (successes.length > 64) successes.shift();
        settle(index, { item, ok: true, value });
      } catch (error) {
        if (error instanceof RateLimitError) {
          if (!limited) slowDown(wave, error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000);
          limited = true;
          const times = requeued.get(index) ?? 0;
          if (times < REQUEUES) {
            requeued.set(index, times + 1);
            queue.push(index);
            continue;
          }
        }
        settle(index, { item, ok: false, error });
      }
      if (!limited) speedUp();
    }
  };
  const grow = () => {
    while (workers < Math.min(limit, queue.length - head)) {
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
