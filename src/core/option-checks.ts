// The checks of the client options that are validated when a client is built (timeouts, retry policy, rate limit),
// so that a bad option throws ConfigError from the constructor, while the code that uses them (the transport, the
// retry policy, the rate limiter) is loaded with the first request.
import type { RetryOptions } from './retry.js';

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

/** What is wrong with a `rateLimit` option, naming the field, or `undefined` when it is valid (or absent). */
export function rateLimitProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return `rateLimit must be an object { requests, perMs, burst? }, got ${String(value)}`;
  const limit = value as Record<string, unknown>;
  for (const key of ['requests', 'perMs', 'burst'] as const) {
    const v = limit[key];
    if (key === 'burst' && v === undefined) continue;
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v > 0)) return `rateLimit.${key} must be a positive whole number, got ${String(v)}`;
  }
  return undefined;
}

/** What is wrong with the `userAgent` option (it is sent in a header: no NUL and no line break), or undefined. */
export function userAgentProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `userAgent must be a string, got ${typeof value}`;
  if (/[\0\r\n]/.test(value)) return `userAgent cannot be sent as a header: remove its line breaks and NUL characters (got ${JSON.stringify(value)})`;
  return undefined;
}
