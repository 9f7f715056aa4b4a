// The bulk runner: a bounded parallel map that never stops at the first failure, never loses an item, and paces
// itself on 429s. An item's requests end at their first 429 (NO_RATE_LIMIT_RETRY): the run decides what to do.

import { BulkOperationError, NotFoundError, OvhAbortError, RateLimitError, type BulkItemOutcome } from './errors.js';
import { MAX_TIMER } from './options.js';

/** The outcome of one item of a bulk operation: a value, an error, or skipped because the signal aborted first. */
export type ItemResult<I, T> = BulkItemOutcome<I, T>;

/** What a `listDetails` returns: the objects read, plus the ids that vanished between the list and the read. */
export type DetailsList<T, I = number> = T[] & { missing: I[] };

/** Options of bulk operations. */
export interface BulkOptions {
  /** At most how many requests run at once (default 20; halved on a 429, grown back after a calm stretch). */
  concurrency?: number;
  /** Settles the run at once: items not started are reported as skipped, items in flight fail with an OvhAbortError. */
  signal?: AbortSignal;
  /** Called after each item settles (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/** What a bulk method hands the runner: the user's bulk options, and what only the SDK's own callers pass. */
export interface RunOptions<I = unknown> extends BulkOptions {
  /** How many of the caller's items one item of the run stands for (a chunk of ids), for `onProgress`. */
  size?: (item: I) => number;
  /** The longest pause, ms (default 10 000): the client's `retry.maxDelay`, one cap for every wait; a longer Retry-After fails its item. */
  maxWait?: number;
}

/** How many times an item refused with 429 is requeued: enough for concurrency 100 to halve down to 1 without losing an item. */
const REQUEUES = 8;
/** Items in a row settled without a 429 after which one more item may be in flight (up to `concurrency`). */
const CALM_STRETCH = 10;
/** The pause after a 429 without Retry-After: 1 s, doubled at each new wave of 429s before a calm stretch. */
const BACKOFF_MS = 1000;
/** The client's default `retry.maxDelay`. */
const DEFAULT_MAX_WAIT_MS = 10_000;

/**
 * Runs `fn` over `items` with at most `concurrency` in flight; one result per item, in input order (`skipped` when the
 * signal aborted before it started; the caller gives `fn` the signal, so items in flight settle at once too).
 * On a RateLimitError: the limit in flight halves (down to 1), once per wave (an item started before the last cut
 * does not cut again); a Retry-After above `maxWait` fails the item at once, with no pause; otherwise nothing starts
 * until Retry-After (else 1 s doubled per wave, at most `maxWait`) has passed, and the item is requeued first, up to
 * REQUEUES times. After CALM_STRETCH items in a row without a 429, one more may be in flight, up to `concurrency`.
 */
export async function mapSettled<I, T>(
  items: readonly I[],
  fn: (item: I, index: number) => Promise<T>,
  options: RunOptions<I> = {},
): Promise<Array<ItemResult<I, T>>> {
  // `concurrency` was checked by the bulk method (bulk.ts: a whole number from 1 to 100).
  const { concurrency = 20, signal, onProgress, size = () => 1, maxWait = DEFAULT_MAX_WAIT_MS } = options;
  const total = items.reduce((sum, item) => sum + size(item), 0);
  const results = new Array<ItemResult<I, T>>(items.length);
  /** Items to start: those refused with 429 first, in the order they were refused, then the next never started. */
  const again: number[] = [];
  let next = 0;
  const waiting = () => again.length + items.length - next;
  const take = () => again.shift() ?? next++;
  const refusals = new Map<number, number>();
  let inFlight = 0;
  /** How many items may be in flight now. */
  let limit = concurrency;
  /** Items started so far; `cutAt` is its value at the last cut: items started before it are of that wave. */
  let started = 0;
  let cutAt = 0;
  /** Items settled in a row without a 429, and waves of 429s since the last calm stretch. */
  let calm = 0;
  let waves = 0;
  /** No item starts before this time (Date.now()). */
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = 0;
  let progressError: { error: unknown } | undefined;

  return new Promise((resolve, reject) => {
    const report = (index: number, result: ItemResult<I, T>) => {
      results[index] = result;
      done += size(result.item);
      if (progressError) return;
      try {
        onProgress?.(done, total);
      } catch (error) {
        // The run fails with onProgress's error, once what is in flight has finished.
        progressError = { error };
        again.length = 0;
        next = items.length;
      }
    };
    const start = (index: number) => {
      const wave = started++;
      inFlight++;
      const item = items[index] as I;
      (async () => fn(item, index))().then(
        (value) => settle(index, wave, { item, ok: true, value }),
        (error: unknown) => settle(index, wave, { item, ok: false, error }),
      );
    };
    const settle = (index: number, wave: number, result: ItemResult<I, T>) => {
      inFlight--;
      const error = 'error' in result ? result.error : undefined;
      if (error instanceof RateLimitError) {
        calm = 0;
        if (wave >= cutAt) {
          cutAt = started;
          limit = Math.max(1, Math.floor(limit / 2));
          waves++;
        }
        const asked = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        const times = (refusals.get(index) ?? 0) + 1;
        refusals.set(index, times);
        // Longer than the client waits: the item fails now (its error says when to come back), and nobody waits.
        if (asked !== undefined && asked > maxWait) report(index, result);
        else {
          const pause = Math.min(asked ?? BACKOFF_MS * 2 ** Math.max(0, waves - 1), maxWait);
          pausedUntil = Math.max(pausedUntil, Date.now() + pause);
          if (times > REQUEUES || progressError) report(index, result);
          else again.push(index);
        }
      } else {
        if (++calm >= CALM_STRETCH) {
          calm = 0;
          waves = 0;
          limit = Math.min(concurrency, limit + 1);
        }
        report(index, result);
      }
      pump();
    };
    const resume = () => {
      timer = undefined;
      pump();
    };
    /** Starts what may start now, or waits for the pause to end; resolves once every item is reported. */
    const pump = () => {
      if (signal?.aborted) {
        while (waiting() > 0) {
          const index = take();
          report(index, { item: items[index] as I, ok: false, skipped: true, reason: 'aborted' });
        }
      }
      const wait = pausedUntil - Date.now();
      if (waiting() > 0 && wait > 0) timer ??= setTimeout(resume, Math.min(wait, MAX_TIMER));
      else {
        while (inFlight < limit && waiting() > 0) start(take());
      }
      if (waiting() > 0 || inFlight > 0) return;
      clearTimeout(timer);
      signal?.removeEventListener('abort', pump);
      if (progressError) reject(progressError.error);
      else resolve(results);
    };
    signal?.addEventListener('abort', pump, { once: true });
    pump();
  });
}

/** Reads every id once (where it first came), with bounded concurrency; 404s are missing, other failures throw BulkOperationError. */
export async function fetchDetails<I extends number | string, T>(
  ids: readonly I[],
  get: (id: I) => Promise<T>,
  what: string,
  options: RunOptions<I> = {},
): Promise<DetailsList<T, I>> {
  return collectDetails(await mapSettled(distinct(ids), (id) => get(id), options), what);
}

/** The ids in the order they first came, each once: a listing that repeats an id must not act on it twice. */
export function distinct<I>(ids: readonly I[]): I[] {
  return [...new Set(ids)];
}

/**
 * `fetchDetails` reading `size` ids per request: `read` answers one outcome per id, in the chunk's order; a chunk that
 * fails as a whole fails each of its ids. `concurrency` counts chunks in flight; `onProgress` counts ids.
 */
export async function fetchDetailsInChunks<I extends number | string, T>(
  ids: readonly I[],
  size: number,
  read: (chunk: readonly I[]) => Promise<Array<ItemResult<I, T>>>,
  what: string,
  options: Omit<RunOptions, 'size'> = {},
): Promise<DetailsList<T, I>> {
  const once = distinct(ids);
  const chunks: I[][] = [];
  for (let i = 0; i < once.length; i += size) chunks.push(once.slice(i, i + size));
  const settled = await mapSettled(chunks, read, { ...options, size: (chunk) => chunk.length });
  const results: Array<ItemResult<I, T>> = [];
  // A chunk that failed or was skipped stands for each of its ids, with the same outcome.
  for (const r of settled) results.push(...(r.ok ? r.value : r.item.map((item) => ({ ...r, item }))));
  return collectDetails(results, what);
}

/** Values in order, 404s as `missing`; any other failure or a skipped item throws BulkOperationError. */
function collectDetails<I, T>(results: Array<ItemResult<I, T>>, what: string): DetailsList<T, I> {
  const found: T[] = [];
  const missing: I[] = [];
  let failed = 0;
  let stopped = 0;
  let skipped = 0;
  let firstError: unknown;
  for (const r of results) {
    if (r.ok) found.push(r.value);
    else if ('skipped' in r) skipped++;
    else if (r.error instanceof NotFoundError) missing.push(r.item);
    else if (r.error instanceof OvhAbortError) stopped++;
    else {
      failed++;
      firstError ??= r.error;
    }
  }
  if (failed > 0 || stopped > 0 || skipped > 0) {
    const parts = [
      `${found.length} of ${results.length} ${what} were read`,
      ...(failed ? [`${failed} failed`] : []),
      ...(stopped ? [`${stopped} were stopped in flight by the abort`] : []),
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
