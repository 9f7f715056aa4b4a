// The one place that calls ky. request(method, path, {query, body, schema, signal, timeout, ...}) → parsed value.
import type { KyInstance, Options as KyOptions } from 'ky';
import type { z } from 'zod';
import type { Authenticator } from './auth.js';
import {
  AbortError,
  ConfigError,
  InputValidationError,
  NetworkError,
  OvhApiError,
  OvhError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { Logger } from './logger.js';
import { ovhErrorMapper, type ErrorMapper } from './ovh-errors.js';
import { invalidResponse } from './response-issues.js';
import { timingProblem } from './option-checks.js';
import { delay } from './poll.js';
import { type AttemptFailure, mergeRetry, parseRetryAfter, retryDelay, tlsErrorCode, type RetryEvent, type RetryOptions } from './retry.js';
import { bufferResponse, defaultFetch, nodeFetch, sendAttempt } from './node-fetch.js';
import { encodeQuery, type QueryValue } from './path.js';
import { redactDeep, redactText } from './redact.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';

/** HTTP methods the transport sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options every SDK method accepts as its last argument. */
export interface CallOptions {
  /** Cancels the call (and, for bulk operations, stops starting new items). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (default: the client's, 30 000). */
  timeout?: number;
  /** Overall timeout in ms for the call including retries and backoff (default: none). */
  totalTimeout?: number;
  /** Retry policy for this call, merged over the client's; `false` disables retries. */
  retry?: RetryOptions | false;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/**
 * A call option (a symbol, so no options check or user sees it) that makes a 429 end the call at once with its
 * RateLimitError instead of being retried: a bulk run's items pass it, and the run paces itself on that error.
 */
export const NO_RATE_LIMIT_RETRY: unique symbol = Symbol('ovh-credentials.noRateLimitRetry');

/** Options of one transport request. */
export interface RequestOptions<S extends z.ZodType | undefined = undefined> extends CallOptions {
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body (serialized once; that exact text is signed and sent). */
  body?: unknown;
  /** Form body (`application/x-www-form-urlencoded`), for token endpoints. */
  form?: Readonly<Record<string, string>>;
  /** zod schema the response must match. */
  schema?: S;
  /** Authenticator for this call, overriding the transport's default (e.g. application-key-only). */
  auth?: Authenticator;
  /** Absolute URL to call instead of base + path (token endpoints). `path` is then only used in messages. */
  url?: string;
  /** Values sent in this request that must never appear in an error (e.g. a sensitive variable's value). */
  secrets?: readonly string[];
  /** Maps a non-2xx answer to an error; defaults to the transport's `errorMapper` (OVH's error format). */
  errorMapper?: ErrorMapper;
  /** Receives the headers of the successful answer (e.g. a v2 list's `X-Pagination-Cursor-Next`). */
  onHeaders?: (headers: Headers) => void;
}

/** Configuration of a Transport. */
export interface TransportConfig {
  /** Base URL that paths are appended to (v1). */
  baseUrl: string;
  /** Base URL for `/v2/...` paths; omit for APIs without versions. */
  v2BaseUrl?: string | undefined;
  /**
   * The default authenticator. Omit it for a bare sender (each call passes its own `auth`, or none is used), then
   * add it with `withAuthenticator()` once the clock and token cache are built on that sender.
   */
  authenticator?: Authenticator | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  timeout?: number | undefined;
  retry?: RetryOptions | false | undefined;
  userAgent: string;
  logger?: Logger | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Called once per call with what is sent (the client's `onRequest` option). */
  onRequest?: ((call: { method: HttpMethod; path: string; url: string }) => void) | undefined;
  /** Environment variables (the client's `env` option): proxy variables there choose the default fetch. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Extra secrets to scrub from messages (tokens of other layers). */
  secrets?: () => string[];
  headers?: Record<string, string> | undefined;
  /** Who calls through this transport, for error messages (a service account's client id, for the grant hint). */
  caller?: { name: string; clientId?: string | undefined } | undefined;
  /** Error mapper for every request that does not pass its own; default OVH's error format (`ovhErrorMapper`). */
  errorMapper?: ErrorMapper | undefined;
  /** The client's rate limit: one bucket for the sender and every transport made from it. */
  rateLimit?: RateLimitOptions | undefined;
  /** The client's clock (epoch ms), which the rate limit's bucket is reckoned on. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * What each call hands its attempts. ky forwards options it does not know to `fetch(request, init)` untouched, so
 * this rides along as `init[CALL]` and the fetch signs each attempt from it: no hook, no header set on a Request.
 */
type CallData = {
  readonly method: HttpMethod;
  readonly url: string;
  /** The exact body to sign and send (undefined: none). */
  readonly body: string | undefined;
  /** The call's own headers (lower-case names, Content-Type included), over the transport's defaults. */
  readonly headers: Record<string, string> | undefined;
  readonly auth: Authenticator;
  readonly path: string;
};

/** The name of the option that carries a call's CallData through ky to its fetch (a string: ky copies no symbol). */
const CALL = 'ovhCall';

/** ky types its options without an index signature; every call of ours passes its CallData there. */
function callOf(options: object): CallData {
  return (options as { [CALL]: CallData })[CALL];
}

type KyModule = typeof import('ky');
let kyModule: KyModule | undefined;
let kyLoading: Promise<KyModule> | undefined;

// ky is imported on the first request, not with the package: its import builds a Request to probe the runtime,
// which loads Node's whole fetch implementation (undici), a third of our import time (docs/performance.md).
function loadKy(): Promise<KyModule> {
  kyLoading ??= import('ky').then(
    (module) => (kyModule = module),
    (error: unknown) => {
      kyLoading = undefined;
      throw error;
    },
  );
  return kyLoading;
}

/** Sends no credentials: the bare sender's default. */
const NO_AUTH: Authenticator = {
  kind: 'none',
  authorize: () => undefined,
  recover: async () => false,
  secrets: () => [],
};

/** What a sender and the transports made from it share: one ky instance, built on the first request. */
interface Shared {
  ky: KyInstance | undefined;
  /** The client's rate limit, if it has one. */
  readonly limiter: RateLimiter | undefined;
}
// Set by withAuthenticator() for the constructor it calls next (synchronously), so that the constructor's public
// signature, and so the published declarations, need not name ky's types.
let handover: Shared | undefined;

/** Sends requests: builds the URL, signs each attempt, retries where safe, maps errors, validates responses. */
export class Transport {
  readonly #shared: Shared;
  readonly #auth: Authenticator;
  readonly #config: TransportConfig;
  readonly #retry: Required<RetryOptions> | false;
  /** Headers every request carries unless the call sets them (lower-case names). */
  readonly #defaultHeaders: Readonly<Record<string, string>>;
  /** The fetch given (read whole by a wrapper), or undefined for the SDK's own Node fetch (`sendAttempt`). */
  readonly #fetch: typeof globalThis.fetch | undefined;

  constructor(config: TransportConfig) {
    this.#config = config;
    // withAuthenticator() hands its sender's shared state over here; a new sender starts its own.
    const shared = handover;
    handover = undefined;
    this.#shared = shared ?? {
      ky: undefined,
      limiter: config.rateLimit === undefined ? undefined : new RateLimiter(config.rateLimit, config.now ?? (() => Date.now())),
    };
    this.#auth = config.authenticator ?? NO_AUTH;
    this.#retry = mergeRetry(config.retry, undefined);
    this.#defaultHeaders = headerRecord({ 'User-Agent': config.userAgent, Accept: 'application/json', ...config.headers }, 'client option');
    const problem = timingProblem(config);
    if (problem) throw new ConfigError(`${problem} (client option).`);
    const base = config.fetch ?? defaultFetch(config.env);
    this.#fetch = base === nodeFetch ? undefined : bufferedFetch(base);
  }

  #createKy(ky: KyModule): KyInstance {
    const defaults = this.#defaultHeaders;
    const given = this.#fetch;
    // ky calls this for each attempt: it is signed here, with a fresh timestamp, over the exact URL and body it sends.
    const attempt = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const call = init && callOf(init);
      if (call === undefined) return (given ?? nodeFetch)(input, init);
      // ky always passes its Request.
      const request = input as Request;
      // A header the call sets wins over the defaults, and the authenticator's over both.
      const headers = call.headers === undefined ? { ...defaults } : { ...defaults, ...call.headers };
      if (given === undefined) {
        const url = new URL(call.url);
        const signing = call.auth.authorize({ method: call.method, url: url.href, body: call.body ?? '', headers, signal: request.signal });
        if (signing !== undefined) await signing;
        return sendAttempt(request, url, call.method, headers, call.body);
      }
      const signing = call.auth.authorize({ method: request.method, url: request.url, body: call.body ?? '', headers, signal: request.signal });
      if (signing !== undefined) await signing;
      for (const name in headers) request.headers.set(name, headers[name] as string);
      return given(request);
    };
    // One attempt per ky call, with its timeout; the transport decides on retries (#send). No hooks: ky's hook
    // machinery, and its retry (a clone of the Request per call), cost every call whether it fails or not.
    return ky.default.create({ fetch: attempt, timeout: this.#config.timeout ?? 30_000, retry: 0 });
  }

  /**
   * The same sender (one ky instance, one connection pool, the same options) with a default authenticator: the
   * last step of building a client, once the clock and token cache exist on the bare sender.
   */
  withAuthenticator(authenticator: Authenticator): Transport {
    handover = this.#shared;
    return new Transport({ ...this.#config, authenticator });
  }

  /** Secrets known to this transport, for scrubbing texts we did not write. */
  secrets(auth?: Authenticator): string[] {
    return [...this.#auth.secrets(), ...(auth?.secrets() ?? []), ...(this.#config.secrets?.() ?? [])];
  }

  /** Builds the absolute URL for a path (`/v2/...` goes to the v2 base). */
  urlFor(path: string, query?: Readonly<Record<string, QueryValue>>): string {
    const { baseUrl, v2BaseUrl } = this.#config;
    let url: string;
    if (v2BaseUrl && (path === '/v2' || path.startsWith('/v2/'))) url = v2BaseUrl + path.slice(3);
    else if (v2BaseUrl && (path.startsWith('/v1/') || path.startsWith('/1.0/'))) url = baseUrl + path.slice(path.indexOf('/', 1));
    else url = baseUrl + path;
    return url + encodeQuery(query);
  }

  /** Sends one request and returns the parsed (and, with a schema, validated) body. */
  async request<S extends z.ZodType | undefined = undefined>(
    method: HttpMethod,
    path: string,
    spec: RequestOptions<S> = {},
    /** The caller's own call options (signal, timeout, retry, headers...), under the request's spec. */
    call?: CallOptions,
  ): Promise<S extends z.ZodType ? z.output<S> : unknown> {
    const options: RequestOptions<S> = call === undefined ? spec : { ...call, ...spec };
    const auth = options.auth ?? this.#auth;
    // One totalTimeout for the whole call, the attempt after a recovery included.
    const timing: CallTiming = {};
    this.#config.onRequest?.({ method, path, url: options.url ?? this.urlFor(path, options.query) });
    try {
      return (await this.#send(method, path, options, auth, timing)) as never;
    } catch (error) {
      if (error instanceof OvhApiError && (await auth.recover(error))) {
        // The clock was re-synced or a fresh token fetched: the refused request was not executed, so one
        // more attempt is safe for every method, POST included.
        this.#config.logger?.debug?.(`ovh-credentials: ${method} ${path} refused (${error.errorCode ?? error.status}); recovered, retrying once`);
        return (await this.#send(method, path, options, auth, timing)) as never;
      }
      throw error;
    }
  }

  async #send(
    method: HttpMethod,
    path: string,
    options: RequestOptions<z.ZodType | undefined>,
    auth: Authenticator,
    timing: CallTiming,
  ): Promise<unknown> {
    const problem = timingProblem(options);
    if (problem) throw new InputValidationError(problem.split(' ')[0] ?? 'options', `${problem} (call option).`);
    const url = options.url ?? this.urlFor(path, options.query);
    let body: string | undefined;
    let contentType: string | undefined;
    if (options.form !== undefined) {
      body = new URLSearchParams(options.form as Record<string, string>).toString();
      contentType = 'application/x-www-form-urlencoded';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      contentType = 'application/json';
    }
    let headers: Record<string, string> | undefined;
    if (options.headers !== undefined || contentType !== undefined) {
      headers = options.headers === undefined ? {} : headerRecord(options.headers);
      if (contentType !== undefined) headers['content-type'] = contentType;
    }
    this.#shared.ky ??= this.#createKy(kyModule ?? (await loadKy()));
    const ky = this.#shared.ky;
    const call: CallData = { method, url, body, headers, auth, path };
    const kyOptions = { [CALL]: call } as KyOptions;
    if (method !== 'GET') kyOptions.method = method;
    // The SDK's Node fetch sends the body from the call's data; a fetch of the user's gets it on the Request.
    if (body !== undefined && this.#fetch !== undefined) kyOptions.body = body;
    if (options.signal) kyOptions.signal = options.signal;
    if (options.timeout !== undefined) kyOptions.timeout = options.timeout;
    const policy = options.retry === undefined ? this.#retry : mergeRetry(this.#retry, options.retry);

    try {
      // Clock sync and token fetch happen here, before the first attempt and its timeout.
      const preparing = auth.prepare?.(options.signal);
      if (preparing !== undefined) await preparing;
    } catch (error) {
      // A network failure of that preparation is this call's failure: name the user's call, and what failed.
      if (error instanceof NetworkError) {
        throw new NetworkError(`${method} ${path} could not be sent: ${error.message}`, { method, path }, { cause: error });
      }
      if (error instanceof TimeoutError) {
        throw new TimeoutError(
          `${method} ${path} could not be sent: ${error.message}`,
          { method, path, timeoutMs: error.timeoutMs },
          { cause: error },
        );
      }
      throw await this.#mapError(error, method, path, options, auth);
    }
    // totalTimeout runs from here, as when ky counted it: the clock sync or token fetch before is bounded by its own
    // request's timeout.
    if (options.totalTimeout !== undefined) timing.deadline ??= performance.now() + options.totalTimeout;
    const deadline = timing.deadline;
    const limiter = this.#shared.limiter;
    let response: Response | undefined;
    for (let retries = 0; response === undefined; retries++) {
      try {
        // The rate limit is waited for before the attempt's timeout starts (and within the call's totalTimeout).
        if (limiter) await this.#acquire(limiter, deadline, method, path, options);
        if (deadline !== undefined) {
          const left = deadline - performance.now();
          if (left <= 0) throw this.#totalTimeout(method, path, options);
          // ky then bounds the attempt (and its reading of an error's body) by what is left of the call's time.
          kyOptions.totalTimeout = left;
        }
        response = await ky(url, kyOptions);
      } catch (error) {
        const failure = this.#failure(error);
        const failsFast = failure?.kind === 'status' && failure.status === 429 && (options as { [NO_RATE_LIMIT_RETRY]?: true })[NO_RATE_LIMIT_RETRY];
        const wait = failsFast ? undefined : retryDelay(policy, method, retries, failure, this.#config.now ?? Date.now);
        if (wait === undefined) throw await this.#mapError(error, method, path, options, auth, deadline);
        await this.#beforeRetry(error, wait, retries + 1, deadline, method, path, options);
      }
    }
    const queryId = response.headers.get('x-ovh-queryid') ?? undefined;
    options.onHeaders?.(response.headers);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw await this.#mapError(error, method, path, options, auth);
    }
    let data: unknown;
    if (!BLANK.test(text)) {
      try {
        data = JSON.parse(text);
      } catch {
        throw new ResponseValidationError(
          `${method} ${path} returned ${response.status} with a body that is not JSON (${describeBody(text)})${queryId ? ` (query id ${queryId})` : ''}. A proxy may be in the way; check baseUrl.`,
          { method, path, queryId, issues: [{ field: '(body)', message: 'not JSON' }] },
        );
      }
    }
    if (!options.schema) return data;
    const parsed = options.schema.safeParse(data);
    if (parsed.success) return parsed.data;
    throw invalidResponse(options.schema, parsed.error, data, {
      method,
      path,
      queryId,
      secrets: [...this.secrets(auth), ...(options.secrets ?? [])],
    });
  }

  /** How an attempt failed, for the retry decision; undefined for a failure that is never retried. */
  #failure(error: unknown): AttemptFailure | undefined {
    // The SDK's own (a totalTimeout that ran out while waiting for the rate limit...) are final: ky's type guards
    // go by name, and would take our TimeoutError for an attempt's.
    if (error instanceof OvhError) return undefined;
    const { isHTTPError, isNetworkError, isTimeoutError } = kyModule as KyModule;
    if (isHTTPError(error)) return { kind: 'status', status: error.response.status, headers: error.response.headers };
    if (isTimeoutError(error)) return { kind: 'timeout' };
    // A certificate the machine does not trust will not be trusted on the next attempt either.
    if (isNetworkError(error) && tlsErrorCode(error) === undefined) return { kind: 'network' };
    return undefined;
  }

  /**
   * Between a failed attempt and retry number `attempt`: the backoff or `Retry-After` wait (cancelled by the call's
   * signal, cut short by its totalTimeout), then `onRetry` and the debug line, then the client's rate limit.
   */
  async #beforeRetry(
    error: unknown,
    wait: number,
    attempt: number,
    deadline: number | undefined,
    method: HttpMethod,
    path: string,
    options: RequestOptions<z.ZodType | undefined>,
  ): Promise<void> {
    const config = this.#config;
    const aborted = () =>
      new AbortError(`${method} ${path} was aborted by its AbortSignal while waiting to retry.`, { cause: options.signal?.reason });
    if (deadline !== undefined) {
      const left = deadline - performance.now();
      // A wait the call's time cannot cover is not waited out to then try anyway.
      if (wait >= left) {
        await delay(Math.max(0, left), options.signal, aborted);
        throw this.#totalTimeout(method, path, options);
      }
    }
    await delay(wait, options.signal, aborted);
    // A timer may fire late on a busy event loop: no retry (and no onRetry) once the call's time is up.
    if (deadline !== undefined && performance.now() >= deadline) throw this.#totalTimeout(method, path, options);
    const { isHTTPError, isTimeoutError } = kyModule as KyModule;
    const reason: RetryEvent['reason'] = isHTTPError(error) ? error.response.status : isTimeoutError(error) ? 'timeout' : 'network';
    const event: RetryEvent = { method, path, attempt, reason };
    config.logger?.debug?.(`ovh-credentials: retry ${attempt} of ${method} ${path} (${String(reason)})`);
    config.onRetry?.(event);
  }

  /**
   * Waits for the client's rate limit, but not past the call's totalTimeout (then its TimeoutError): a wait that
   * gives up, for either reason, gives its token back.
   */
  async #acquire(
    limiter: RateLimiter,
    deadline: number | undefined,
    method: HttpMethod,
    path: string,
    options: RequestOptions<z.ZodType | undefined>,
  ): Promise<void> {
    const what = `${method} ${path}`;
    if (deadline === undefined) return limiter.acquire(options.signal, what);
    const left = deadline - performance.now();
    if (left <= 0) throw this.#totalTimeout(method, path, options);
    const expiry = new AbortController();
    const timer = setTimeout(() => expiry.abort(), left);
    try {
      await limiter.acquire(options.signal ? AbortSignal.any([options.signal, expiry.signal]) : expiry.signal, what);
    } catch (error) {
      if (expiry.signal.aborted && !options.signal?.aborted) throw this.#totalTimeout(method, path, options);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for `promise`, but not past the call's totalTimeout (then its TimeoutError). */
  async #withinDeadline(
    promise: Promise<void>,
    deadline: number | undefined,
    method: HttpMethod,
    path: string,
    options: RequestOptions<z.ZodType | undefined>,
  ): Promise<void> {
    if (deadline === undefined) return promise;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.#totalTimeout(method, path, options)), Math.max(0, deadline - performance.now()));
    });
    try {
      await Promise.race([promise, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The TimeoutError of a call whose totalTimeout ran out. */
  #totalTimeout(method: HttpMethod, path: string, options: RequestOptions<z.ZodType | undefined>): TimeoutError {
    return timeoutError(method, path, options.totalTimeout as number);
  }

  async #mapError(
    error: unknown,
    method: string,
    path: string,
    options: RequestOptions<z.ZodType | undefined>,
    auth: Authenticator,
    /** When the call's totalTimeout runs out (performance.now() time), if it has one. */
    deadline?: number,
  ): Promise<Error> {
    if (error instanceof OvhError) return error;
    // ky is loaded: errors only come from a call made through it.
    const { isHTTPError, isNetworkError, isTimeoutError } = kyModule as KyModule;
    if (isHTTPError(error)) {
      const mapper = options.errorMapper ?? this.#config.errorMapper ?? ovhErrorMapper;
      const secrets = [...this.secrets(auth), ...(options.secrets ?? [])];
      // The one redaction path: every text the error is built from is scrubbed before the error exists, so its
      // message, stack, details and the diagnostics channel never see a secret the API echoed back, and the
      // error is never patched afterwards.
      const data = redactDeep(error.data, secrets);
      const caller = this.#config.caller;
      return mapper({
        status: error.response.status,
        data,
        headers: error.response.headers,
        method,
        path: redactText(path, secrets),
        caller: caller?.name,
        clientId: caller?.clientId,
      });
    }
    if (options.signal?.aborted) {
      return new AbortError(`${method} ${path} was aborted by its AbortSignal.`, { cause: options.signal.reason });
    }
    if (isTimeoutError(error)) {
      // Name the timeout that ran out: the whole call's only when that much time has passed.
      const attemptTimeout = options.timeout ?? this.#config.timeout ?? 30_000;
      const timeoutMs =
        options.totalTimeout !== undefined && deadline !== undefined && performance.now() >= deadline - 5 ? options.totalTimeout : attemptTimeout;
      return timeoutError(method, path, timeoutMs);
    }
    const tls = tlsErrorCode(error);
    if (tls) {
      return new NetworkError(
        `${method} ${path} failed: the server's TLS certificate could not be verified (${tls}); it was not retried. If it is signed by a private CA (a proxy, a test server), trust that CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or pass a fetch whose agent has it. Do not turn verification off.`,
        { method, path },
        { cause: isNetworkError(error) ? error.cause : error },
      );
    }
    if (isNetworkError(error) || (error instanceof TypeError && /fetch failed|network|socket|ECONN/i.test(error.message))) {
      const cause = (error as { cause?: { cause?: { code?: string }; code?: string; message?: string } }).cause;
      const code = cause?.code ?? cause?.cause?.code;
      return new NetworkError(
        `${method} ${path} failed before any response${code ? ` (${code})` : ''}: the connection could not be made or was dropped. Check the network and the endpoint; idempotent calls were retried.`,
        { method, path },
        // Not ky's wrapper: it holds the signed Request, and util.inspect(error) would print its X-Ovh-Consumer.
        { cause: isNetworkError(error) ? error.cause : error },
      );
    }
    if (error instanceof Error && error.name === 'AbortError') {
      return new AbortError(`${method} ${path} was aborted.`, { cause: error });
    }
    return error instanceof Error ? error : new OvhError(String(error));
  }
}

const BLANK = /^\s*$/;

/** What the attempts of one call share across a recovery: the end of its totalTimeout (epoch of performance.now). */
interface CallTiming {
  deadline?: number;
}

function timeoutError(method: string, path: string, timeoutMs: number): TimeoutError {
  return new TimeoutError(`${method} ${path} timed out after ${timeoutMs} ms; raise the timeout option or check the network.`, {
    method,
    path,
    timeoutMs,
  });
}

function describeBody(text: string): string {
  const trimmed = text.trim();
  if (/^<(!doctype|html)/i.test(trimmed)) return 'an HTML page';
  return `${trimmed.length} characters starting with ${JSON.stringify(trimmed.slice(0, 20))}`;
}

/**
 * Header names lower-cased (and names and values checked, as fetch's Headers do) into a plain record; a default
 * that fails the check is the client's ConfigError, a call's the TypeError fetch would throw.
 */
function headerRecord(init: Record<string, string>, option?: string): Record<string, string> {
  const record: Record<string, string> = {};
  let headers: Headers;
  try {
    headers = new Headers(init);
  } catch (error) {
    if (option === undefined) throw error;
    throw new ConfigError(`A header could not be sent (${option}): ${(error as Error).message}`, { cause: error });
  }
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * Reads the whole body inside the attempt, so that ky's per-attempt timeout, abort and retry also cover a body
 * that stalls or a connection cut in the middle of it (which then fails as a network error and is retried).
 * The default fetch on Node (`nodeFetch`) does this itself; any other fetch is wrapped.
 */
function bufferedFetch(base: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => bufferResponse(await base(input, init));
}

/** A 429's `Retry-After`, in ms, when it has one. */
function retryAfterMs(headers: Headers, now: (() => number) | undefined): number | undefined {
  const seconds = parseRetryAfter(headers.get('retry-after'), now);
  return seconds === undefined ? undefined : seconds * 1000;
}
