// Options every client of this SDK accepts (OvhClient and WebPaasClient), beside its own credentials.
import type { Logger } from './logger.js';
import type { RetryEvent, RetryOptions } from './transport.js';

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
}
