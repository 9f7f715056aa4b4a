// The checks of caller input, each failing before anything is sent: client options (OvhClient's and WebPaasClient's
// shared ones) once in the constructor, call options once per call (the same timing and retry rules), and every other input.
import { z } from 'zod';
import { ConfigError, InputValidationError } from './errors.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { CallOptions, HttpMethod, RetryEvent, RetryOptions } from './transport.js';

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

/** The longest timer Node sets: a longer one fires at once. */
export const MAX_TIMER = 2_147_483_647;

/** A wrong value in a message: a number, boolean, null or undefined as it is; anything else by its kind (it may hold a secret). */
function shown(value: unknown): string {
  if (value === null || ['number', 'boolean', 'undefined'].includes(typeof value)) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `schema`, a failure of which reads `<text>, got <value>` (`show` says how the value reads: a list of methods is quoted, a user agent's text). */
const rule = (schema: z.ZodType, text: string, show = shown) =>
  z.unknown().refine((value) => schema.safeParse(value).success, { error: (issue) => `${text}, got ${show(issue.input)}` });
const quoted = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : shown(value));
const quotedText = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : shown(value));

/** A strict object: an unknown key reads `<key> <unknown>`, a value that is no object `<notObject>, got <value>`. */
const strictObject = (shape: z.ZodRawShape, unknown: string, notObject: string) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknown : `${notObject}, got ${shown(issue.input)}`) });

const delayMs = rule(z.number().min(0).max(MAX_TIMER), 'must be a finite number of milliseconds, 0 or more').optional();
const RETRY = {
  limit: rule(z.int().min(0).max(100), 'must be a whole number from 0 to 100').optional(),
  methods: rule(
    z.array(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])),
    'must list upper-case methods among GET, POST, PUT, PATCH, DELETE',
    quoted,
  ).optional(),
  statusCodes: rule(z.array(z.int().min(400).max(599)), 'must list HTTP error statuses (400 to 599)', quoted).optional(),
  maxDelay: delayMs,
  baseDelay: delayMs,
} satisfies Record<keyof RetryOptions, z.ZodType>;
const timer = rule(z.number().gt(0).max(MAX_TIMER), `must be a number of milliseconds above 0 and at most ${MAX_TIMER}`).optional();
const TIMING = {
  timeout: timer,
  retry: z.preprocess(
    (value) => (value === false ? undefined : value),
    strictObject(RETRY, `is not a retry option; the retry options are ${Object.keys(RETRY).join(', ')}`, 'must be an object or false').optional(),
  ),
};
const count = rule(z.int().positive(), 'must be a positive whole number');
/** A callback option's schema: a function, else `error`. */
export const functionSchema = <F = unknown>(error = 'must be a function') => z.custom<F>((value) => typeof value === 'function', { error });
const isFunction = functionSchema();
const fn = rule(isFunction, 'must be a function').optional();
// Every client option, in the order they are checked and listed; `satisfies` keeps it in step with ClientOptions.
const CLIENT = {
  ...TIMING,
  rateLimit: strictObject(
    { requests: count, perMs: count, burst: count.optional() },
    'is not a rate-limit option; they are requests, perMs and burst',
    'must be an object { requests, perMs, burst? }',
  ).optional(),
  userAgent: rule(
    z.string().regex(/^[\x20-\x7e\x80-\xff]*$/),
    'must be Latin-1 text without control characters or line breaks (it is sent in a header)',
    quotedText,
  ).optional(),
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
const Timing = z.object({ timeout: timer, totalTimeout: timer, retry: TIMING.retry });

/** What `schema` finds wrong first: its field, and the text `<field> <what is wrong>`; or undefined. */
function problem(schema: z.ZodType, value: unknown): { field: string; text: string } | undefined {
  // A misspelt key first: a wrong value beside it may only be the typo's consequence.
  const issues = schema.safeParse(value).error?.issues;
  const issue = issues?.find((i) => i.code === 'unrecognized_keys') ?? issues?.[0];
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

/** Parses caller input with a zod schema, or throws an InputValidationError naming every bad field under `root`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: root, message: 'invalid' };
  const others = issues.slice(1).map((i) => i.field);
  const more = others.length ? ` ${others.length === 1 ? 'Also invalid' : `Also invalid (${others.length})`}: ${others.join(', ')}.` : '';
  throw new InputValidationError(first.field, `Invalid ${first.field}: ${first.message}.${more} Nothing was sent.`, issues);
}

/** parseInput for an object schema, its keys checked first by strictOptions (an unknown key named, with the closest known one). */
export function parseObject<S extends z.ZodObject>(schema: S, value: unknown, root: string, where: string): z.output<S> {
  requireObject(value, where, root || 'input');
  strictOptions(value, Object.keys(schema.shape), where, root || undefined);
  return parseInput(schema, value, root);
}

const Wait = z.object({
  // Past the longest timer Node sets, a wait would fire at once and poll in a loop.
  pollInterval: rule(z.number().positive().max(MAX_TIMER), `must be a positive number of milliseconds, at most ${MAX_TIMER}`).optional(),
  waitTimeout: rule(z.number().nonnegative(), 'must be a non-negative number of milliseconds').optional(),
  onPoll: rule(isFunction, 'must be a function (it is called after each poll)').optional(),
});
/** A wait's own options, checked before anything is sent: finite ms (a positive poll interval, a non-negative timeout), `onPoll` a function. */
export function checkWait(options: object): void {
  parseInput(Wait, options, '');
}

/**
 * The keys of an options type `T`: the list compiles only when it names every key of `T` and nothing else.
 * @example const KEYS = optionKeys<RuleOptions>()(['recursive']);
 */
export function optionKeys<T>(): <const K extends readonly (keyof T & string)[]>(keys: K & ExactKeys<T, K>) => K {
  return (keys) => keys;
}
type ExactKeys<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? unknown
  : { missing: Exclude<keyof T, K[number]> };

/** The per-call options every method takes (CallOptions): the transport checks them; option types that extend it list them too. */
export const CALL_OPTION_KEYS = optionKeys<CallOptions>()(['signal', 'timeout', 'totalTimeout', 'retry', 'headers']);

/** Refuses an input that is not a plain object (`undefined`, a string, `null`, an array), naming it, before anything is sent. */
export function requireObject(value: unknown, where: string, field: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputValidationError(field, `Invalid ${where}: expected an object, got ${shown(value)}. Nothing was sent.`);
  }
}

/**
 * Refuses a non-object or a key not in `known`, so a plain-JS typo such as `dryrun` never runs a destructive default.
 * @example strictOptions(options, ['dryRun', 'signal'], 'revokeAll options') // `dryrun` → "did you mean `dryRun`?"
 */
export function strictOptions(value: unknown, known: readonly string[], where: string, field?: string): void {
  if (value === undefined) return;
  requireObject(value, where, field ?? 'options');
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    throw new InputValidationError(
      field ?? key,
      `Unknown option \`${key}\` in ${where}${near ? `: did you mean \`${near}\`?` : '.'} Known options: ${known.join(', ')}. Nothing was sent.`,
    );
  }
}

/** The known key nearest to `key` (case-insensitive edit distance, at most a third of its length), if any. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const distance = (candidate: string) => editDistance(key.toLowerCase(), candidate.toLowerCase());
  // A stable sort: of keys as near, the first listed.
  const [best] = [...known].sort((a, b) => distance(a) - distance(b));
  return best !== undefined && distance(best) <= Math.max(2, Math.ceil(key.length / 3)) ? best : undefined;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
