// The retry policy: its options, their defaults and validation, and Retry-After parsing. (ky's form of it is in
// ky-retry.ts, so that no public declaration refers to ky's types.)
import type { HttpMethod } from './transport.js';

/** Retry policy. Retries only ever happen for the listed methods. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  limit?: number;
  /** Methods that may be retried. Default GET, PUT, DELETE (idempotent). Add POST per call only when it is safe. */
  methods?: ReadonlyArray<HttpMethod>;
  /** Statuses that trigger a retry. Default 429, 502, 503, 504. */
  statusCodes?: ReadonlyArray<number>;
  /** Upper bound of one backoff delay, ms. Default 10 000. `Retry-After` is honoured up to this bound too. */
  maxDelay?: number;
  /** First backoff delay, ms, doubled at each retry (full jitter applied). Default 300. */
  baseDelay?: number;
}

/** What `onRetry` receives before each retry. */
export interface RetryEvent {
  method: string;
  path: string;
  /** 1 for the first retry. */
  attempt: number;
  /** Why: the HTTP status, or `network` / `timeout`. */
  reason: number | 'network' | 'timeout';
}

const DEFAULT_RETRY: Required<RetryOptions> = {
  limit: 2,
  methods: ['GET', 'PUT', 'DELETE'],
  statusCodes: [429, 502, 503, 504],
  maxDelay: 10_000,
  baseDelay: 300,
};

/** Resolves a retry policy: client defaults, then per-call overrides. */
export function mergeRetry(base: RetryOptions | false | undefined, call: RetryOptions | false | undefined): Required<RetryOptions> | false {
  if (call === false || (base === false && call === undefined)) return false;
  return { ...DEFAULT_RETRY, ...(base || {}), ...(call || {}) };
}

/** Parses a Retry-After header (seconds or HTTP date) into seconds; an HTTP date is reckoned on `now`. */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now()) / 1000));
}
