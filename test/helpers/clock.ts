// Time as a test input. The simulators take a clock (`now` option): tests hand them a manual one and move it by
// hand. The SDK reads the process clock (Date, setTimeout, performance): tests that depend on how long it waits
// fake those with `useFakeTime()` and drive the call with `settle()`, which moves fake time only as far as the
// code's own timers ask. Nothing here reads the real clock, so no test depends on how fast the machine is.
import { onTestFinished, vi } from 'vitest';

// The real timer, for waiting on real work while the global one is faked (captured before any test fakes it).
const realSetTimeout = globalThis.setTimeout;

/** 2025-01-01T12:00:00Z: a whole second, so v1 dates (whole seconds) render it exactly. */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** A clock that only moves when told: pass it as a simulator's `now`. */
export interface ManualClock {
  /** The current time, epoch ms. */
  (): number;
  /** Moves the clock forward by `ms` and returns the new time. */
  advance(ms: number): number;
  /** Sets the clock to `ms` (epoch ms). */
  set(ms: number): void;
}

/** A manual clock starting at `start` (default `T0`). */
export function manualClock(start: number = T0): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms) => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance takes a non-negative number of ms, got ${ms}`);
    now += ms;
    return now;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}

/**
 * Fakes the SDK's clock for the rest of the test: `Date`, `performance.now`, `setTimeout` / `setInterval` (and their
 * clear functions) start at `start` and only move with `settle()` or `vi.advanceTimers*`. `setImmediate`,
 * `process.nextTick` and I/O stay real: msw and in-process fetches work as usual. Call it before creating the
 * clients: a client keeps the `Date.now` it was created with.
 */
export function useFakeTime(start: number = T0): void {
  vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], now: start });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

/**
 * Freezes `Date` at `at` (default `T0`) for the rest of the test; timers stay real. For tests over real sockets
 * that read the SDK's clock (X-Ovh-Timestamp, the server-time delta) but must not fake its timers.
 */
export function freezeDate(at: number = T0): void {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

/**
 * Lets everything that is not waiting on a timer run: promise jobs, next ticks, immediates and in-process I/O. (A
 * whole request through msw or a simulator's `fetch` takes one turn; 25 leave a wide margin.)
 */
async function runPending(): Promise<void> {
  for (let i = 0; i < 25; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Runs `promise` to its end under `useFakeTime()`: lets the work in flight run, and when only timers are left,
 * jumps fake time to the next one. Fake time thus moves exactly as far as the code's own timers (backoff,
 * Retry-After, timeouts, poll intervals) ask, and `Date.now()` afterwards tells how long the code waited.
 * Only for in-process fetches (msw, a simulator's `fetch`): real sockets need real time.
 */
export async function settle<T>(promise: Promise<T>, options: { maxTimers?: number } = {}): Promise<T> {
  const maxTimers = options.maxTimers ?? 1_000;
  let done = false;
  const mark = () => {
    done = true;
  };
  promise.then(mark, mark);
  let idleSince: bigint | undefined;
  for (let fired = 0; ; ) {
    await runPending();
    if (done) return promise;
    if (vi.getTimerCount() === 0) {
      // Waiting on real work (a module still loading from disk): give it real time, not fake time, and give up
      // only long after any such work ends (process.hrtime is never faked).
      idleSince ??= process.hrtime.bigint();
      if (process.hrtime.bigint() - idleSince > 10_000_000_000n) throw new Error('settle(): the promise waits on something that is not a timer');
      await new Promise<void>((resolve) => realSetTimeout(resolve, 1));
      continue;
    }
    idleSince = undefined;
    if (++fired > maxTimers) throw new Error(`settle(): still pending after ${maxTimers} timers`);
    await vi.advanceTimersToNextTimerAsync();
  }
}
