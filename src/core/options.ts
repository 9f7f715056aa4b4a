// Options every client of this SDK accepts (OvhClient and WebPaasClient), beside its own credentials, and their one
// check: run once, in the client's constructor, before anything is built or sent.
import { ConfigError } from './errors.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { HttpMethod, RetryEvent, RetryOptions } from './transport.js';
import { optionKeys, strictOptions } from './validate.js';

/** A minimal logger: `console` fits, and so do pino/winston instances. Nothing is logged unless you pass one. */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Transport and environment options shared by `OvhClient` and `WebPaasClient`. */
export interface ClientOptions {
  /** Per-attempt timeout in ms. Default 30 000. */
  timeout?: number;
  /** Retry policy for idempotent calls (GET, PUT, DELETE); `false` disables retries. */
  retry?: RetryOptions | false;
  /** Called before each retry (for logging or metrics). */
  onRetry?: (event: RetryEvent) => void;
  /** A fetch (a simulator's `sim.fetch`, one with a proxy agent). Default: the global fetch, looked up at each request. */
  fetch?: typeof globalThis.fetch;
  /** Receives warnings and debug lines (each attempt, each retry and why), never a secret; else see `OVH_CREDENTIALS_DEBUG=1`. */
  logger?: Logger;
  /** Environment to read configuration variables from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Appended to the User-Agent header. */
  userAgent?: string;
  /**
   * Called once per call (not per retry) with what is sent: to log, count, or record calls for `leastPrivilege(calls)`.
   * @example const calls: RecordedCall[] = []; new OvhClient({ ..., onRequest: (c) => calls.push(c) });
   */
  onRequest?: (call: { method: HttpMethod; path: string; url: string }) => void;
  /** The clock in epoch ms (default `Date.now`) the server-time delta and token lifetimes are reckoned on; tests pass theirs. */
  now?: () => number;
  /**
   * A client-side rate limit shared by every call of this client, off by default (see RateLimitOptions); a call waits
   * for its turn, which its `signal` cancels.
   * @example new OvhClient({ rateLimit: { requests: 60, perMs: 60_000, burst: 10 } })
   */
  rateLimit?: RateLimitOptions;
  /** The largest answer read, in bytes after decompression (default 32 MiB): past it, a ResponseTooLargeError (a gzip bomb, an endless body). */
  maxResponseBytes?: number;
}

/** The default `maxResponseBytes`: 32 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const CLIENT_OPTION_KEYS = optionKeys<ClientOptions>()([
  'timeout',
  'retry',
  'onRetry',
  'fetch',
  'logger',
  'env',
  'userAgent',
  'onRequest',
  'now',
  'rateLimit',
  'maxResponseBytes',
]);
const MAX_TIMER = 2_147_483_647;

/** Checks a client's options once, in its constructor: no unknown key (InputValidationError), each in range (ConfigError). */
export function checkClientOptions(options: ClientOptions, ownKeys: readonly string[], where: string): void {
  strictOptions(options, [...ownKeys, ...CLIENT_OPTION_KEYS], where);
  const max = options.maxResponseBytes;
  const sizeProblem =
    max === undefined || (Number.isSafeInteger(max) && max > 0)
      ? undefined
      : `maxResponseBytes must be a whole number of bytes above 0, got ${String(max)}`;
  const problem = timingProblem(options) ?? rateLimitProblem(options.rateLimit) ?? userAgentProblem(options.userAgent) ?? sizeProblem;
  if (problem) throw new ConfigError(`${problem} (client option).`);
  for (const key of ['fetch', 'onRetry', 'onRequest', 'now'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') throw new ConfigError(`${key} must be a function (client option).`);
  }
}

/** Checks timeout and retry settings; returns what is wrong (starting with the field name), or undefined. */
export function timingProblem(options: {
  timeout?: number | undefined;
  totalTimeout?: number | undefined;
  retry?: RetryOptions | false | undefined;
}): string | undefined {
  for (const key of ['timeout', 'totalTimeout'] as const) {
    const v = options[key];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && v <= MAX_TIMER)) {
      return `${key} must be a number of milliseconds above 0 and at most ${MAX_TIMER}, got ${String(v)}`;
    }
  }
  const retry = options.retry;
  if (retry === undefined || retry === false) return undefined;
  if (typeof retry !== 'object' || retry === null) return `retry must be an object or false, got ${String(retry)}`;
  const unknown = Object.keys(retry).find((key) => !RETRY_KEYS.includes(key));
  if (unknown !== undefined) return `retry.${unknown} is not a retry option; the retry options are ${RETRY_KEYS.join(', ')}`;
  if (retry.limit !== undefined && !(Number.isInteger(retry.limit) && retry.limit >= 0 && retry.limit <= 100)) {
    return `retry.limit must be a whole number from 0 to 100, got ${String(retry.limit)}`;
  }
  for (const key of ['maxDelay', 'baseDelay'] as const) {
    const v = retry[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_TIMER)) {
      return `retry.${key} must be a finite number of milliseconds, 0 or more, got ${String(v)}`;
    }
  }
  if (retry.statusCodes !== undefined && !retry.statusCodes.every((c) => Number.isInteger(c) && c >= 400 && c <= 599)) {
    return 'retry.statusCodes must list HTTP error statuses (400 to 599)';
  }
  if (retry.methods !== undefined && !retry.methods.every((m) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m))) {
    return 'retry.methods must list upper-case methods among GET, POST, PUT, PATCH, DELETE';
  }
  return undefined;
}

const RETRY_KEYS: readonly string[] = optionKeys<RetryOptions>()(['limit', 'methods', 'statusCodes', 'maxDelay', 'baseDelay']);

/** What is wrong with a `rateLimit` option, naming the field, or `undefined` when it is valid (or absent). */
function rateLimitProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return `rateLimit must be an object { requests, perMs, burst? }, got ${String(value)}`;
  const limit = value as Record<string, unknown>;
  const unknown = Object.keys(limit).find((key) => !['requests', 'perMs', 'burst'].includes(key));
  if (unknown !== undefined) return `rateLimit.${unknown} is not a rate-limit option; they are requests, perMs and burst`;
  for (const key of ['requests', 'perMs', 'burst'] as const) {
    const v = limit[key];
    if (key === 'burst' && v === undefined) continue;
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v > 0)) return `rateLimit.${key} must be a positive whole number, got ${String(v)}`;
  }
  return undefined;
}

/** What is wrong with the `userAgent` option (sent in a header: Latin-1, no control character), or undefined. */
function userAgentProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `userAgent must be a string, got ${typeof value}`;
  if (/[^\x20-\x7e\x80-\xff]/.test(value)) {
    return `userAgent cannot be sent as a header: use Latin-1 characters without control characters or line breaks (got ${JSON.stringify(value)})`;
  }
  return undefined;
}

const warnings: Logger = { warn: (message) => process.emitWarning(message, { code: 'OVH_CREDENTIALS' }) };
const debugging: Logger = { ...warnings, debug: (message) => process.stderr.write(`${message}\n`) };

/** The client's logger: the one given, else warnings as process warnings, and debug lines to stderr with OVH_CREDENTIALS_DEBUG=1. */
export function clientLogger(options: ClientOptions): Logger {
  if (options.logger !== undefined) return options.logger;
  const flag = (options.env ?? process.env).OVH_CREDENTIALS_DEBUG;
  return flag !== undefined && flag !== '' && flag !== '0' ? debugging : warnings;
}
