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

const MAX_TIMER = 2_147_483_647;

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

/** Parses a Retry-After header (seconds or HTTP date) into seconds; an HTTP date is reckoned on `now`. */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now()) / 1000));
}
