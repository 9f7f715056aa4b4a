// The retry policy: its options and defaults, the decision to retry an attempt and how long to wait, and
// Retry-After parsing. The transport runs the retries itself (ky sends each attempt with retry: 0): ky's own retry
// cost every call a clone of its Request and its retry options normalised twice, failure or not.
import { daysIn } from './dates.js';
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

/**
 * Parses a Retry-After header (delay seconds, or an HTTP date reckoned on `now`) into seconds; undefined when it is
 * neither.
 */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  if (!value) return undefined;
  const ms = timingDelay({ value, reset: false }, now);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110's three forms: IMF-fixdate, and the obsolete RFC 850 and asctime dates.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Epoch ms of an HTTP date (RFC 9110: `Sun, 06 Nov 1994 08:49:37 GMT`, or the obsolete `Sunday, 06-Nov-94 08:49:37
 * GMT` and `Sun Nov  6 08:49:37 1994`), or undefined for anything else, an impossible date (31 February) included.
 * A two-digit year more than 50 years ahead of `now` is taken from the century before, as RFC 9110 says.
 */
export function parseHttpDate(text: string, now: () => number): number | undefined {
  const parts = httpDateParts(text, now);
  if (parts === undefined) return undefined;
  const [dayText, monthName, year, hourText, minuteText, secondText] = parts;
  const month = MONTHS.indexOf(monthName) + 1;
  const day = +dayText;
  const hour = +hourText;
  const minute = +minuteText;
  const second = +secondText;
  if (day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A leap second (:60) is the second after :59.
  date.setUTCHours(hour, minute, Math.min(second, 59));
  return date.getTime() + (second === 60 ? 1000 : 0);
}

type DateParts = [day: string, month: string, year: number, hour: string, minute: string, second: string];

/** The parts of an HTTP date in any of its three forms, as written (the year in full). */
function httpDateParts(text: string, now: () => number): DateParts | undefined {
  const imf = IMF_FIXDATE.exec(text);
  if (imf !== null) return [imf[1] as string, imf[2] as string, +(imf[3] as string), imf[4] as string, imf[5] as string, imf[6] as string];
  const rfc850 = RFC_850.exec(text);
  if (rfc850 !== null) {
    const current = new Date(now()).getUTCFullYear();
    let year = current - (current % 100) + +(rfc850[3] as string);
    if (year > current + 50) year -= 100;
    return [rfc850[1] as string, rfc850[2] as string, year, rfc850[4] as string, rfc850[5] as string, rfc850[6] as string];
  }
  const asctime = ASCTIME.exec(text);
  if (asctime === null) return undefined;
  return [
    (asctime[2] as string).trim(),
    asctime[1] as string,
    +(asctime[6] as string),
    asctime[3] as string,
    asctime[4] as string,
    asctime[5] as string,
  ];
}

/** Why an attempt failed, as far as retrying is concerned (any other failure is never retried). */
export type AttemptFailure = { kind: 'status'; status: number; headers: Headers } | { kind: 'timeout' } | { kind: 'network' };

/** Statuses whose `Retry-After` (or rate-limit reset header) sets the wait. */
const TIMED_STATUSES: readonly number[] = [413, 429, 503];

/**
 * How long to wait before retrying a `method` call whose attempt failed with `failure` after `retries` retries, in
 * ms; undefined when it is not retried: no retry left, or a method or failure the policy does not retry. The wait
 * is a 429's, 503's (or 413's) `Retry-After` when it has a usable one, capped at `maxDelay`; otherwise the backoff
 * `min(maxDelay, baseDelay × 2^retries)` with full jitter. A 413 without one is not retried.
 */
export function retryDelay(
  policy: Required<RetryOptions> | false,
  method: string,
  retries: number,
  failure: AttemptFailure | undefined,
  now: () => number,
  random: () => number = Math.random,
): number | undefined {
  if (!policy || failure === undefined || retries >= policy.limit) return undefined;
  if (!policy.methods.some((m) => m === method || m.toUpperCase() === method)) return undefined;
  if (failure.kind === 'status') {
    if (!policy.statusCodes.includes(failure.status)) return undefined;
    if (TIMED_STATUSES.includes(failure.status)) {
      const header = timingHeader(failure.headers);
      if (header !== undefined) {
        const after = timingDelay(header, now);
        // One that cannot be read falls back to the backoff.
        if (after !== undefined) return Math.min(policy.maxDelay, after);
      } else if (failure.status === 413) {
        return undefined;
      }
    }
  }
  return random() * Math.min(policy.maxDelay, policy.baseDelay * 2 ** retries);
}

type TimingHeader = { value: string; reset: boolean };

/** `Retry-After`, or failing that a rate-limit header saying when to come back (`reset`: may be an epoch time). */
function timingHeader(headers: Headers): TimingHeader | undefined {
  const after = headers.get('retry-after');
  if (after !== null) return { value: after, reset: false };
  const reset = headers.get('ratelimit-reset');
  if (reset !== null) return { value: reset, reset: true };
  const symfony = headers.get('x-ratelimit-retry-after');
  if (symfony !== null) return { value: symfony, reset: false };
  const alias = headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset');
  return alias === null ? undefined : { value: alias, reset: true };
}

// Reset headers carry either seconds to wait or an epoch time; a number of seconds this large can only be the latter.
const EPOCH_SECONDS_FROM = Date.UTC(2024, 0, 1);

/** A timing header's wait in ms (0 at least), or undefined when it cannot be read. */
function timingDelay({ value, reset }: TimingHeader, now: () => number): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;
    return Math.max(0, reset && ms >= EPOCH_SECONDS_FROM ? ms - now() : ms);
  }
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now());
}

// Node's codes for a server certificate that could not be verified.
const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** The TLS verification error code somewhere in an error's cause chain (`SELF_SIGNED_CERT_IN_CHAIN`...), if any. */
export function tlsErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TLS_CODES.test(code)) return code;
  }
  return undefined;
}
