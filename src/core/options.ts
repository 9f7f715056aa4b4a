// Options every client of this SDK accepts (OvhClient and WebPaasClient), beside its own credentials.
import type { Logger } from './logger.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { RetryEvent, RetryOptions } from './retry.js';
import type { HttpMethod, TransportConfig } from './transport.js';
import { VERSION } from '../version.js';

/** Transport and environment options shared by `OvhClient` and `WebPaasClient`. */
export interface ClientOptions {
  /** Per-attempt timeout in ms. Default 30 000. */
  timeout?: number;
  /** Retry policy for idempotent calls (GET, PUT, DELETE); `false` disables retries. */
  retry?: RetryOptions | false;
  /** Called before each retry (for logging or metrics). */
  onRetry?: (event: RetryEvent) => void;
  /** A fetch implementation (e.g. a simulator's `sim.fetch`, or one with a proxy). Default: the SDK's keep-alive fetch. */
  fetch?: typeof globalThis.fetch;
  /** Receives debug lines and warnings. Secrets are never logged. */
  logger?: Logger;
  /** Environment to read configuration variables from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Appended to the User-Agent header. */
  userAgent?: string;
  /**
   * Called once per call (not per retry) with what is sent: to log, count, or record the calls a script makes and
   * derive the rights it needs (`leastPrivilege(calls)`).
   * @example const calls: RecordedCall[] = []; new OvhClient({ ..., onRequest: (c) => calls.push(c) });
   */
  onRequest?: (call: { method: HttpMethod; path: string; url: string }) => void;
  /**
   * The clock, in epoch ms (default `Date.now`): the server-time delta and token lifetimes are reckoned on it.
   * Tests pass a fixed or manual one, as they do to the simulators.
   */
  now?: () => number;
  /**
   * A client-side rate limit, off by default: at most `requests` attempts per `perMs` ms (bursts of up to `burst`,
   * default `requests`), shared by every call of this client and counting every attempt, retries included. A call
   * waits for its turn (its `signal` cancels the wait). OVH's fair-use policy is about 60 requests per minute per
   * consumer key (python-ovh issue #81): `{ requests: 60, perMs: 60_000 }` stays within it.
   * @example new OvhClient({ rateLimit: { requests: 60, perMs: 60_000, burst: 10 } })
   */
  rateLimit?: RateLimitOptions;
}

/** The part of a TransportConfig that comes straight from ClientOptions, the same for every client. */
export function transportOptions(
  options: ClientOptions,
): Pick<TransportConfig, 'fetch' | 'timeout' | 'retry' | 'userAgent' | 'logger' | 'onRetry' | 'env' | 'onRequest' | 'rateLimit' | 'now'> {
  return {
    fetch: options.fetch,
    env: options.env,
    timeout: options.timeout,
    retry: options.retry,
    userAgent: `ovh-credentials/${VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`,
    logger: options.logger,
    onRetry: options.onRetry,
    onRequest: options.onRequest,
    rateLimit: options.rateLimit,
    now: options.now,
  };
}
