// Server-time delta for X-Ovh-Timestamp: fetched lazily from GET /auth/time, once, shared by concurrent callers.
import { untilAborted } from './poll.js';

/** Keeps `serverTime - localTime` and hands out server-synced timestamps. */
export class ServerClock {
  #delta: number | undefined;
  /** How many syncs have set a delta, for `invalidate`. */
  #generation = 0;
  #inflight: Promise<number> | undefined;

  constructor(
    private readonly fetchTime: (signal?: AbortSignal) => Promise<number>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Server-synced epoch seconds; the first call (and calls after `invalidate`) syncs with the API. */
  async timestamp(signal?: AbortSignal): Promise<number> {
    const delta = this.#delta ?? (await this.sync(signal));
    return Math.floor(this.clock() / 1000) + delta;
  }

  /** Server-synced epoch seconds now, or undefined when the clock is not synced (then `timestamp()` syncs it). */
  now(): number | undefined {
    return this.#delta === undefined ? undefined : Math.floor(this.clock() / 1000) + this.#delta;
  }

  /** The current delta in seconds, if synced. */
  get delta(): number | undefined {
    return this.#delta;
  }

  /** Which sync set the current delta (0 before the first); a later sync gives a greater number. */
  get generation(): number {
    return this.#generation;
  }

  /** Fetches the delta now, one request shared by concurrent callers: a caller's signal stops its own wait only. */
  sync(signal?: AbortSignal): Promise<number> {
    if (!this.#inflight) {
      const started = this.clock();
      const inflight = this.fetchTime()
        .then((serverSeconds) => {
          // The midpoint of the round trip is our local reading of the server's second. Whole seconds, floored here and
          // in each timestamp as python-ovh and go-ovh do: rounding would send the next second from x.5 s on.
          this.#delta = serverSeconds - Math.floor((started + this.clock()) / 2000);
          this.#generation++;
          return this.#delta;
        })
        .finally(() => {
          this.#inflight = undefined;
        });
      // Every caller may have aborted by the time it settles: a failure then is nobody's to handle.
      inflight.catch(() => {});
      this.#inflight = inflight;
    }
    return untilAborted(this.#inflight, signal);
  }

  /** Forgets the delta so the next request re-syncs; given a refused request's generation, only while it is current: a wave re-syncs once. */
  invalidate(signedWith?: number): void {
    if (signedWith === undefined || signedWith === this.#generation) this.#delta = undefined;
  }
}
