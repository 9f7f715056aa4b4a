// The client-side rate limit (`ClientOptions.rateLimit`); bulk runs pace themselves on 429s (concurrency.ts).
import { OvhAbortError } from './errors.js';
import { delay } from './poll.js';

/**
 * A client-side rate limit: at most `requests` attempts per `perMs` ms, bursts of up to `burst` (default `requests`)
 * after a quiet period; every attempt counts, retries included. OVH's fair use is about 60 requests per minute per
 * consumer key (python-ovh issue #81); past it the API answers 429.
 * @example new OvhClient({ rateLimit: { requests: 60, perMs: 60_000, burst: 10 } })
 */
export interface RateLimitOptions {
  /** How many attempts are allowed per `perMs` (a positive whole number). */
  requests: number;
  /** The period, in ms (a positive whole number). */
  perMs: number;
  /** How many attempts may go at once after a quiet period (a positive whole number; default `requests`). */
  burst?: number;
}

/** A token bucket on `now`: each caller reserves its token as it asks (the balance may go negative), so waiters go in order, none woken in vain. */
export class RateLimiter {
  readonly #capacity: number;
  /** Tokens per ms. */
  readonly #rate: number;
  #tokens: number;
  #at: number;

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.#capacity = this.#tokens = options.burst ?? options.requests;
    this.#rate = options.requests / options.perMs;
    this.#at = now();
  }

  /** Waits for a token; rejects with an OvhAbortError (and gives the token back) when `signal` aborts first. */
  async acquire(signal?: AbortSignal, what = 'The request'): Promise<void> {
    if (signal?.aborted) throw aborted(signal, what);
    const now = this.now();
    // A clock that goes back (a test's, or a system clock adjustment) neither adds nor removes tokens.
    if (now > this.#at) {
      this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#at) * this.#rate);
      this.#at = now;
    }
    this.#tokens -= 1;
    if (this.#tokens >= 0) return;
    await delay(Math.ceil(-this.#tokens / this.#rate), signal, () => {
      this.#tokens += 1;
      return aborted(signal as AbortSignal, what);
    });
  }
}

function aborted(signal: AbortSignal, what: string): OvhAbortError {
  return new OvhAbortError(`${what} was aborted by its AbortSignal while waiting for the client's rate limit.`, { cause: signal.reason });
}
