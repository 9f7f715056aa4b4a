// Options every client of this SDK accepts (OvhClient and WebPaasClient), beside its own credentials, checked once in
// its constructor; and the check of each call's options, which share the timing and retry rules.
import { z } from 'zod';
import { ConfigError, InputValidationError } from './errors.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { CallOptions, HttpMethod, RetryEvent, RetryOptions } from './transport.js';
import { CALL_OPTION_KEYS, strictOptions } from './validate.js';

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

// The longest timer Node sets: a longer one fires at once.
const MAX_TIMER = 2_147_483_647;

/** `schema`, a failure of which reads `<text>, got <value>`. */
const rule = (schema: z.ZodType, text: string) =>
  z.unknown().refine((value) => schema.safeParse(value).success, { error: (issue) => `${text}, got ${String(issue.input)}` });

/** A strict object: an unknown key reads `<key> <unknown>`, a value that is no object `<notObject>, got <value>`. */
const strictObject = (shape: z.ZodRawShape, unknown: string, notObject: string) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknown : `${notObject}, got ${String(issue.input)}`) });

const delayMs = rule(z.number().min(0).max(MAX_TIMER), 'must be a finite number of milliseconds, 0 or more').optional();
const RETRY = {
  limit: rule(z.int().min(0).max(100), 'must be a whole number from 0 to 100').optional(),
  methods: rule(
    z.array(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])),
    'must list upper-case methods among GET, POST, PUT, PATCH, DELETE',
  ).optional(),
  statusCodes: rule(z.array(z.int().min(400).max(599)), 'must list HTTP error statuses (400 to 599)').optional(),
  maxDelay: delayMs,
  baseDelay: delayMs,
} satisfies Record<keyof RetryOptions, z.ZodType>;
const timer = rule(z.number().gt(0).max(MAX_TIMER), `must be a number of milliseconds above 0 and at most ${MAX_TIMER}`).optional();
const TIMING = {
  timeout: timer,
  // `false` turns retries off.
  retry: z.preprocess(
    (value) => (value === false ? undefined : value),
    strictObject(RETRY, `is not a retry option; the retry options are ${Object.keys(RETRY).join(', ')}`, 'must be an object or false').optional(),
  ),
};
const count = rule(z.int().positive(), 'must be a positive whole number');
const fn = rule(
  z.custom((value) => typeof value === 'function'),
  'must be a function',
).optional();
// Every client option, in the order they are checked and listed; `satisfies` keeps it in step with ClientOptions.
const CLIENT = {
  ...TIMING,
  rateLimit: strictObject(
    { requests: count, perMs: count, burst: count.optional() },
    'is not a rate-limit option; they are requests, perMs and burst',
    'must be an object { requests, perMs, burst? }',
  ).optional(),
  // Sent in a header: Latin-1, no control character.
  userAgent: z
    .string({ error: (issue) => `must be a string, got ${typeof issue.input}` })
    .regex(/^[\x20-\x7e\x80-\xff]*$/, {
      error: (issue) =>
        `cannot be sent as a header: use Latin-1 characters without control characters or line breaks (got ${JSON.stringify(issue.input)})`,
    })
    .optional(),
  maxResponseBytes: rule(z.int().positive(), 'must be a whole number of bytes above 0').optional(),
  fetch: fn,
  onRetry: fn,
  onRequest: fn,
  now: fn,
  logger: z.unknown().optional(),
  env: z.unknown().optional(),
} satisfies Record<keyof ClientOptions, z.ZodType>;
const CLIENT_OPTION_KEYS = Object.keys(CLIENT);
const Client = z.object(CLIENT);
const Timing = z.object({ ...TIMING, totalTimeout: timer });

/** What `schema` finds wrong first: its field, and the text `<field> <what is wrong>`; or undefined. */
function problem(schema: z.ZodType, value: unknown): { field: string; text: string } | undefined {
  const issue = schema.safeParse(value).error?.issues[0];
  if (issue === undefined) return undefined;
  const field = [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])].join('.');
  return { field, text: `${field} ${issue.message}` };
}

/** Checks a client's options once, in its constructor: no unknown key (InputValidationError), each in range (ConfigError). */
export function checkClientOptions(options: ClientOptions, ownKeys: readonly string[], where: string): void {
  strictOptions(options, [...ownKeys, ...CLIENT_OPTION_KEYS], where);
  const found = problem(Client, options);
  if (found) throw new ConfigError(`${found.text} (client option).`);
}

/** Checks a call's options once: no unknown key, and timings and retry settings in range (InputValidationError naming the field). */
export function checkCallOptions(call: CallOptions): void {
  strictOptions(call, CALL_OPTION_KEYS, 'call options');
  const found = problem(Timing, call);
  if (found) throw new InputValidationError(found.field, `${found.text} (call option).`);
}

const warnings: Logger = { warn: (message) => process.emitWarning(message, { code: 'OVH_CREDENTIALS' }) };
const debugging: Logger = { ...warnings, debug: (message) => process.stderr.write(`${message}\n`) };

/** The client's logger: the one given, else warnings as process warnings, and debug lines to stderr with OVH_CREDENTIALS_DEBUG=1. */
export function clientLogger(options: ClientOptions): Logger {
  if (options.logger !== undefined) return options.logger;
  const flag = (options.env ?? process.env).OVH_CREDENTIALS_DEBUG;
  return flag !== undefined && flag !== '' && flag !== '0' ? debugging : warnings;
}
