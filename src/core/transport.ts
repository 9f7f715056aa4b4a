// The one place that calls ky, as ky documents it: beforeRequest signs, beforeRetry re-signs with a fresh timestamp,
// ky retries, `shouldRetry` recovers once (refused timestamp, expired token), and `#fail` maps every failure.
import ky, {
  type BeforeRetryState,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  type KyInstance,
  type Options as KyOptions,
  type RetryOptions as KyRetryOptions,
  type ShouldRetryState,
} from 'ky';
import type { z } from 'zod';
import { VERSION } from '../version.js';
import { type Authenticator, fixedHeaders } from './auth.js';
import {
  ConfigError,
  type ErrorMapper,
  errorBody,
  InputValidationError,
  NetworkError,
  OvhAbortError,
  OvhError,
  ovhErrorMapper,
  OvhTimeoutError,
  RedirectError,
  ResponseTooLargeError,
  ResponseValidationError,
  waitSeconds,
} from './errors.js';
import { checkCallOptions, type ClientOptions, clientLogger, DEFAULT_MAX_RESPONSE_BYTES } from './options.js';
import { encodeQuery, type QueryValue } from './path.js';
import { RateLimiter } from './rate-limit.js';
import { redactBody, redactText } from './redact.js';
import { invalidResponse } from './response-issues.js';

/** HTTP methods the transport sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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

/** A call option (a symbol: no options check or user sees it) that ends a call on its 429: bulk runs pace themselves. */
export const NO_RATE_LIMIT_RETRY: unique symbol = Symbol('ovh-credentials.noRateLimitRetry');

/** What the SDK itself puts into one request (the caller's own options come separately, as CallOptions). */
export interface RequestOptions<S extends z.ZodType | undefined = undefined> extends CallOptions {
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body, serialized once: that exact text is signed and sent. */
  body?: unknown;
  /** Form body, for token endpoints. */
  form?: Readonly<Record<string, string>>;
  schema?: S;
  /** Overrides the transport's default authenticator (e.g. application-key-only). */
  auth?: Authenticator;
  /** Absolute URL instead of base + path (token endpoints); `path` then only names the call in messages. */
  url?: string;
  /** Values sent in this request that must never appear in an error (e.g. a sensitive variable's value). */
  secrets?: readonly string[];
  /** The answer carries credentials (a token endpoint's): an error about it describes its shape, never its text. */
  secretAnswer?: boolean;
  errorMapper?: ErrorMapper;
  /** Receives the headers of the successful answer (e.g. a v2 list's `X-Pagination-Cursor-Next`). */
  onHeaders?: (headers: Headers) => void;
}

/** Configuration of a Transport. */
export interface TransportConfig {
  baseUrl: string;
  /** Base URL for `/v2/...` paths; omit for APIs without versions. */
  v2BaseUrl?: string | undefined;
  client: ClientOptions;
  /** Extra secrets to scrub from messages (tokens of other layers). */
  secrets?: () => string[];
  /** Who calls through this transport, for error messages (a service account's client id, for the grant hint). */
  caller?: { name: string; clientId?: string | undefined } | undefined;
  /** Default `ovhErrorMapper` (OVH's error format). */
  errorMapper?: ErrorMapper | undefined;
}

const DEFAULT_RETRY: Required<RetryOptions> = {
  limit: 2,
  methods: ['GET', 'PUT', 'DELETE'],
  statusCodes: [429, 502, 503, 504],
  maxDelay: 10_000,
  baseDelay: 300,
};

/** What one call's hooks share (ky hands it to each hook as `options.context.call`). */
interface CallState {
  readonly method: HttpMethod;
  readonly path: string;
  /** The exact body text signed and sent ('' when none). */
  readonly body: string;
  readonly auth: Authenticator;
  /** Computed only when an error or a debug line needs scrubbing. */
  readonly secrets: () => readonly string[];
  readonly errorMapper: ErrorMapper;
  /** performance.now() at the current attempt's start, for the debug line. */
  started?: number;
  /** Retries ky made so far, a recovery included. */
  retries?: number;
  /** The one recovery (clock re-sync, token refresh) was used. */
  recovered?: boolean;
  /** What was refused (an errorCode or the status), from the recovery until the retry it asked for. */
  recovering?: string | undefined;
  /** The clock or token generation the latest attempt used, noted by the authenticator. */
  signedWith?: number | undefined;
}

const stateOf = (options: { context: Record<string, unknown> }): CallState => options.context.call as CallState;

/** Sends requests: builds the URL, signs each attempt, retries where safe, maps errors, validates responses. */
export class Transport {
  readonly #ky: KyInstance;
  readonly #auth: Authenticator;
  readonly #config: TransportConfig;
  readonly #retry: Required<RetryOptions> | false;
  readonly #kyRetry: KyPolicy;

  /** A bare sender (each call passes its own `auth`, or none); `withAuthenticator()` gives it a default one later. */
  constructor(config: TransportConfig, authenticator: Authenticator = fixedHeaders({}), shared?: KyInstance) {
    this.#config = config;
    this.#auth = authenticator;
    this.#retry = mergeRetry(config.client.retry, undefined);
    this.#kyRetry = kyRetry(this.#retry || NO_RETRY);
    this.#ky = shared ?? this.#createKy();
  }

  #createKy(): KyInstance {
    const config = this.#config.client;
    const limiter = config.rateLimit === undefined ? undefined : new RateLimiter(config.rateLimit, config.now ?? Date.now);
    // The global fetch is looked up at each call, so a fetch patched after the client was built (msw, a tracer) is used.
    const base = config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    const logger = clientLogger(config);
    const log = logger.debug?.bind(logger);
    // A debug line names the call's path, which may hold what the caller put there.
    const debug = log && ((call: CallState, line: string) => log(redactText(`ovh-credentials: ${line}`, call.secrets())));

    // After the rate limit's turn, so the timestamp is fresh.
    const sign = async (request: Request, signal: AbortSignal | undefined, call: CallState): Promise<void> => {
      if (limiter) await limiter.acquire(signal, `${call.method} ${call.path}`);
      const waiting = call.auth.authorize({ method: call.method, url: request.url, body: call.body, headers: request.headers, signal, call });
      if (waiting !== undefined) await waiting;
      if (debug) call.started = performance.now();
    };

    const maxBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return ky.create({
      // The body is read inside the attempt, so ky's timeout, abort and retry cover a body that stalls or is cut.
      fetch: async (input, init) => {
        const response = await base(input, init);
        const body = response.status === 204 || response.status === 205 || response.status === 304 ? null : await readCapped(response, maxBytes);
        // A success keeps fetch's own Response, its bytes beside it (rebuilding it cost 7 % of a call's instructions);
        // an error is rebuilt for ky's HTTPError, and every answer when the debug hook will clone it. The init is
        // spelled out: a Response as the init of another costs a cold start 250 M instructions in Node 24.
        if (response.ok && body !== null && !debug) {
          answers.set(response, body);
          return response;
        }
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      },
      // No redirect is followed (DESIGN rule 13): a 3xx comes back as an answer, which #fail reports.
      redirect: 'manual',
      headers: { 'User-Agent': `ovh-credentials/${VERSION}${config.userAgent ? ` ${config.userAgent}` : ''}`, Accept: 'application/json' },
      timeout: config.timeout ?? 30_000,
      hooks: {
        beforeRequest: [({ request, options }) => sign(request, options.signal ?? undefined, stateOf(options))],
        beforeRetry: [
          async ({ request, options, error, retryCount }: BeforeRetryState) => {
            const call = stateOf(options);
            call.retries = retryCount;
            if (call.recovering !== undefined) {
              debug?.(call, `${call.method} ${call.path} refused (${call.recovering}); recovered, retrying once`);
              call.recovering = undefined;
            } else {
              const reason: RetryEvent['reason'] = isHTTPError(error) ? error.response.status : isTimeoutError(error) ? 'timeout' : 'network';
              debug?.(call, `retry ${retryCount} of ${call.method} ${call.path} (${String(reason)})`);
              config.onRetry?.({ method: call.method, path: call.path, attempt: retryCount, reason });
            }
            await sign(request, options.signal ?? undefined, call);
          },
        ],
        // Only with a debug logger: ky clones each answer for an afterResponse hook.
        afterResponse: debug
          ? [
              ({ response, options }) => {
                const call = stateOf(options);
                const queryId = response.headers.get('x-ovh-queryid');
                const ms = Math.round(performance.now() - (call.started ?? 0));
                debug(call, `${call.method} ${call.path} → ${response.status} in ${ms} ms${queryId ? ` (query id ${queryId})` : ''}`);
              },
            ]
          : [],
      },
    });
  }

  /** The same sender (one ky instance, one connection pool, the same options) with a default authenticator. */
  withAuthenticator(authenticator: Authenticator): Transport {
    return new Transport(this.#config, authenticator, this.#ky);
  }

  /** The longest wait between two attempts of a call with these retry options: a bulk run caps its pauses with it too. */
  maxDelay(retry?: RetryOptions | false): number {
    return (mergeRetry(this.#retry, retry) || DEFAULT_RETRY).maxDelay;
  }

  /** Secrets known to this transport, for scrubbing texts we did not write. */
  secrets(auth?: Authenticator): string[] {
    return [...(this.#auth.secrets?.() ?? []), ...(auth?.secrets?.() ?? []), ...(this.#config.secrets?.() ?? [])];
  }

  /** Builds the absolute URL for a path (`/v2/...` goes to the v2 base); `query` follows a query string already in `path` with "&". */
  urlFor(path: string, query?: Readonly<Record<string, QueryValue>>): string {
    const { baseUrl, v2BaseUrl } = this.#config;
    const bare = path.split('?', 1)[0] as string;
    let url = baseUrl + path;
    if (v2BaseUrl && (bare === '/v2' || bare.startsWith('/v2/'))) url = v2BaseUrl + path.slice(3);
    else if (v2BaseUrl && (bare.startsWith('/v1/') || bare.startsWith('/1.0/'))) url = baseUrl + path.slice(path.indexOf('/', 1));
    const search = encodeQuery(query);
    if (!search || bare === path) return url + search;
    return url + (/[?&]$/.test(path) ? '' : '&') + search.slice(1);
  }

  /** Sends one request and returns the parsed (and, with a schema, validated) body. */
  async request<S extends z.ZodType | undefined = undefined>(
    method: HttpMethod,
    path: string,
    spec: RequestOptions<S> = {},
    /** The caller's own call options (signal, timeout, retry, headers...), checked here once per call. */
    call?: CallOptions,
  ): Promise<S extends z.ZodType ? z.output<S> : unknown> {
    if (call !== undefined) checkCallOptions(call);
    const options: RequestOptions<S> = call === undefined ? spec : { ...call, ...spec };
    const auth = options.auth ?? this.#auth;
    const url = options.url ?? this.urlFor(path, options.query);
    this.#config.client.onRequest?.({ method, path, url });

    const headers = options.headers === undefined ? undefined : callHeaders(options.headers);
    const form = options.form && new URLSearchParams(options.form as Record<string, string>).toString();
    const body = form ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const secrets = () => [...this.secrets(auth), ...(options.secrets ?? [])];
    const errorMapper = options.errorMapper ?? this.#config.errorMapper ?? ovhErrorMapper;
    const state: CallState = { method, path, body: body ?? '', auth, secrets, errorMapper };
    const policy = (options.retry === undefined ? this.#retry : mergeRetry(this.#retry, options.retry)) || NO_RETRY;
    const kyPolicy = options.retry === undefined ? this.#kyRetry : kyRetry(policy);
    const noRateLimitRetry = (options as { [NO_RATE_LIMIT_RETRY]?: true })[NO_RATE_LIMIT_RETRY] === true;
    const kyOptions: KyOptions = {
      method,
      context: { call: state },
      retry: {
        ...kyPolicy,
        // The recovery's retry goes at once; the others back off as the policy says.
        delay: (attempt) => (state.recovering === undefined ? kyPolicy.delay(attempt) : 0),
        shouldRetry: (retry) => shouldRetry(retry, policy, state, noRateLimitRetry, options.signal),
      },
    };
    if (body !== undefined) {
      kyOptions.body = body;
      kyOptions.headers = headers ?? new Headers();
      kyOptions.headers.set('content-type', form === undefined ? 'application/json' : 'application/x-www-form-urlencoded');
    } else if (headers !== undefined) kyOptions.headers = headers;
    if (options.signal) kyOptions.signal = options.signal;
    if (options.timeout !== undefined) kyOptions.timeout = options.timeout;
    if (options.totalTimeout !== undefined) kyOptions.totalTimeout = options.totalTimeout;

    let response: Response;
    let text: string;
    try {
      // The clock sync or token fetch happens before the call (and its totalTimeout), bounded by its own timeout.
      const preparing = auth.prepare?.(options.signal);
      if (preparing !== undefined) await preparing;
      // Only a totalTimeout needs the elapsed time (#fail names the timeout that ran out).
      const started = options.totalTimeout === undefined ? 0 : performance.now();
      try {
        response = await this.#ky(url, kyOptions);
        const answer = answers.get(response);
        text = answer === undefined ? await response.text() : UTF8.decode(answer);
      } catch (error) {
        throw this.#fail(error, state, options, url, performance.now() - started);
      }
    } catch (error) {
      throw this.#fromPreparation(error, state, options);
    }
    options.onHeaders?.(response.headers);
    // The query id is read only for an error: a header lookup per call otherwise.
    const about = () => ({ method, path, queryId: response.headers.get('x-ovh-queryid') ?? undefined });
    let data: unknown;
    if (text.trim() !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        const { queryId } = about();
        throw new ResponseValidationError(
          `${method} ${path} returned ${response.status} with a body that is not JSON (${describeBody(text, secrets(), options.secretAnswer)})${queryId ? ` (query id ${queryId})` : ''}. A proxy may be in the way; check ${options.url === undefined ? 'baseUrl (apiUrl for Web PaaS)' : 'tokenUrl'}.`,
          { method, path, queryId, issues: [{ field: '(body)', message: 'not JSON' }] },
        );
      }
    }
    if (!options.schema) return data as never;
    const parsed = options.schema.safeParse(data);
    if (parsed.success) return parsed.data as never;
    throw invalidResponse(options.schema, parsed.error, data, { ...about(), secrets: secrets(), secretAnswer: options.secretAnswer });
  }

  /** An error from the clock sync or token fetch before the call: named after the user's call. */
  #fromPreparation(error: unknown, { method, path }: CallState, options: CallOptions): unknown {
    if ((error instanceof NetworkError || error instanceof OvhTimeoutError) && error.path !== path) {
      const message = `${method} ${path} could not be sent: ${error.message}`;
      return error instanceof NetworkError
        ? new NetworkError(message, { method, path, origin: error.origin, code: error.code }, { cause: error })
        : new OvhTimeoutError(message, { method, path, timeoutMs: error.timeoutMs }, { cause: error });
    }
    if (options.signal?.aborted && !(error instanceof OvhError)) return aborted(method, path, options.signal);
    return error;
  }

  /** The one error map: what ky threw (an error answer, a timeout, a network failure, an abort) as an OvhError. */
  #fail(error: unknown, state: CallState, options: CallOptions, url: string, elapsed: number): unknown {
    const { method } = state;
    const secrets = state.secrets();
    const path = redactText(state.path, secrets);
    // The SDK's own (a ConfigError from signing, a rate-limit wait aborted...) pass through as they are.
    if (error instanceof OvhError) return error;
    if (error instanceof TooLarge) return new ResponseTooLargeError({ method, path, limitBytes: error.limitBytes });
    if (isHTTPError(error)) {
      const { status, headers } = error.response;
      if (status >= 300 && status < 400) {
        const location = headers.get('location');
        const target = location === null || !URL.canParse(location, url) ? undefined : new URL(location, url).origin;
        const where =
          target === undefined
            ? 'a redirect with no usable Location'
            : `redirect to ${target}${target === new URL(url).origin ? ' (the same origin)' : ''}`;
        return new RedirectError({ status, method, path, apiMessage: `a ${where}`, queryId: headers.get('x-ovh-queryid') ?? undefined }, target);
      }
      // The one redaction path: every text the error is built from is scrubbed before the error exists, so its
      // message, stack, details and the diagnostics channel never see a secret the API echoed back. A JSON body that
      // ky left as text (its content type did not say JSON) is decoded first: scrubbed after decoding, not before.
      const caller = this.#config.caller;
      const data = redactBody(error.data, secrets);
      return state.errorMapper({ status, data, headers, method, path, caller: caller?.name, clientId: caller?.clientId });
    }
    if (options.signal?.aborted) return aborted(method, path, options.signal);
    if (isTimeoutError(error)) {
      // Name the timeout that ran out: the whole call's only when that much time has passed.
      const total = options.totalTimeout;
      const timeoutMs = total !== undefined && elapsed >= total - 5 ? total : (options.timeout ?? this.#config.client.timeout ?? 30_000);
      const message = `${method} ${path} timed out after ${timeoutMs} ms; raise the timeout option or check the network.`;
      return new OvhTimeoutError(message, { method, path, timeoutMs });
    }
    // Not ky's wrapper as the cause: it holds the signed Request, and util.inspect(error) would print its headers.
    const cause = isNetworkError(error) ? error.cause : error;
    const origin = new URL(url).origin;
    const tls = tlsErrorCode(cause);
    if (tls) {
      return new NetworkError(
        `${method} ${path} failed: the TLS certificate of ${origin} could not be verified (${tls}); it was not retried. If it is signed by a private CA (a proxy, a test server), trust that CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or pass a fetch whose agent has it. Do not turn verification off.`,
        { method, path, origin, code: tls },
        { cause },
      );
    }
    // fetch refuses a header value it cannot send, quoting it whole: it may be a token the server handed out.
    if (error instanceof TypeError && /header/i.test(error.message)) {
      return new ConfigError(
        `${method} ${path} was not sent: a header value holds a line break, a control character or a character outside Latin-1 (a credential or token with stray whitespace, or a call's headers). The value is not shown.`,
      );
    }
    if (!isNetworkError(error)) return error;
    const code = systemCode(cause);
    const retried = state.retries ? ` (tried ${state.retries + 1} times)` : '';
    const what =
      cause instanceof BodyCut
        ? `failed while reading its answer from ${origin} (HTTP ${cause.status}, headers received)${retried}: the connection was cut in the middle of the body`
        : `failed before any response from ${origin}${code ? ` (${code})` : ''}${retried}: the connection could not be made or was dropped`;
    return new NetworkError(
      `${method} ${path} ${what}. Check the network and the endpoint.${proxyHint(this.#config.client)}`,
      { method, path, origin, code },
      { cause },
    );
  }
}

/** The headers a call may not set: fetch derives the request's framing and host from its URL and body. */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding', 'host', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer'];

/** A call's own headers, refused before anything is sent when fetch would refuse them or they would reframe the request. */
function callHeaders(given: Record<string, string>): Headers {
  let headers: Headers;
  try {
    headers = new Headers(given);
  } catch (error) {
    throw new InputValidationError('headers', `Invalid headers: ${(error as Error).message}. Nothing was sent.`);
  }
  const name = FRAMING_HEADERS.find((framing) => headers.has(framing));
  if (name === undefined) return headers;
  throw new InputValidationError(
    `headers.${name}`,
    `Invalid headers.${name}: the request's framing and host are set by fetch from its URL and body, not by a call's headers; remove it. Nothing was sent.`,
  );
}

/** Resolves a retry policy: client defaults, then per-call overrides. */
function mergeRetry(base: RetryOptions | false | undefined, call: RetryOptions | false | undefined): Required<RetryOptions> | false {
  if (call === false || (base === false && call === undefined)) return false;
  return { ...DEFAULT_RETRY, ...(base || {}), ...(call || {}) };
}

/** A call without retries: only the recovery's one. */
const NO_RETRY: Required<RetryOptions> = { ...DEFAULT_RETRY, limit: 0 };
/** The statuses whose Retry-After ky honours (its `afterStatusCodes`, given so that the cap check reads the same list). */
const RETRY_AFTER_STATUSES = [413, 429, 503];

type KyPolicy = ReturnType<typeof kyRetry>;

/** The policy as ky's retry options, no spare key: ky normalizes them at each attempt. */
function kyRetry({ limit, statusCodes, maxDelay, baseDelay }: Required<RetryOptions>) {
  return {
    // One attempt more, with any method, for the recovery (it may retry a refused POST): shouldRetry holds the policy's.
    limit: limit + 1,
    methods: ['get', 'post', 'put', 'patch', 'delete'],
    statusCodes: [...statusCodes],
    afterStatusCodes: RETRY_AFTER_STATUSES,
    maxRetryAfter: maxDelay,
    // Capped before the jitter, so that full jitter spreads each wait over [0, cap] rather than piling waits at it.
    delay: (attempt) => Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)),
    jitter: true,
    retryOnTimeout: true,
  } satisfies KyRetryOptions;
}

/** Ky's shouldRetry for a call: first the one recovery (a refused timestamp or expired token ran nothing: any method may retry), then the policy. */
async function shouldRetry(
  { error, retryCount }: ShouldRetryState,
  policy: Required<RetryOptions>,
  state: CallState,
  noRateLimitRetry: boolean,
  signal: AbortSignal | undefined,
): Promise<boolean | undefined> {
  const status = isHTTPError(error) ? error.response.status : undefined;
  if (isHTTPError(error) && !state.recovered && state.auth.recover && (status === 400 || status === 401 || status === 403)) {
    const body = errorBody(error.data);
    const errorCode = typeof body.errorCode === 'string' ? body.errorCode : undefined;
    const apiMessage = typeof body.message === 'string' ? body.message : '';
    if (await state.auth.recover({ status, errorCode, apiMessage, call: state })) {
      state.recovered = true;
      state.recovering = errorCode ?? String(status);
      const preparing = state.auth.prepare?.(signal);
      if (preparing !== undefined) await preparing;
      return true;
    }
  }
  if (!policy.methods.includes(state.method)) return false;
  if (retryCount > policy.limit + (state.recovered ? 1 : 0)) return false;
  if (noRateLimitRetry && status === 429) return false;
  // A Retry-After over the cap ends the call (ky would retry at the cap, before the API said to).
  if (isHTTPError(error) && RETRY_AFTER_STATUSES.includes(error.response.status)) {
    if ((waitSeconds(error.response.headers) ?? 0) * 1000 > policy.maxDelay) return false;
  }
  if (isNetworkError(error) && tlsErrorCode(error.cause) !== undefined) return false;
  return undefined;
}

/** The bytes of a successful answer, read inside its attempt by the fetch wrapper. */
const answers = new WeakMap<Response, Uint8Array>();
const UTF8 = new TextDecoder();

/** A body cut in the middle: a TypeError with fetch's own "terminated" message, so ky retries it as a network error. */
class BodyCut extends TypeError {
  constructor(
    readonly status: number,
    options: { cause: unknown },
  ) {
    super('terminated', options);
  }
}

/** Thrown by the fetch when an answer passes the cap; #fail names the call in the ResponseTooLargeError. */
class TooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`answer over ${limitBytes} bytes`);
  }
}

/** An answer's body, counted as it streams (decompressed): past `max`, cancelled (not retried). */
async function readCapped(response: Response, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (response.body === null) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        throw new TooLarge(max);
      }
      chunks.push(read.value);
    }
  } catch (error) {
    // An abort (the attempt's timeout, the call's signal) is not a cut, nor is the cap: they go on as they are.
    throw error instanceof TypeError ? new BodyCut(response.status, { cause: error }) : error;
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array<ArrayBuffer>) : new Uint8Array(await new Blob(chunks).arrayBuffer());
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** The TLS verification error code in an error's cause chain (`SELF_SIGNED_CERT_IN_CHAIN`...), if any. */
function tlsErrorCode(error: unknown): string | undefined {
  const code = systemCode(error);
  return code !== undefined && TLS_CODES.test(code) ? code : undefined;
}

/** The first system error code (`ECONNREFUSED`, `UND_ERR_SOCKET`...) in an error's cause chain, if any. */
function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** When a proxy is set in the environment but Node's fetch does not use it, how to turn it on. */
function proxyHint(config: ClientOptions): string {
  if (config.fetch !== undefined) return '';
  const proxy = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].find((name) => (config.env ?? process.env)[name]);
  const { NODE_USE_ENV_PROXY, NODE_OPTIONS } = process.env;
  if (proxy === undefined || NODE_USE_ENV_PROXY === '1' || process.execArgv.includes('--use-env-proxy') || /--use-env-proxy/.test(NODE_OPTIONS ?? ''))
    return '';
  return ` ${proxy} is set, but Node's fetch does not use it unless NODE_USE_ENV_PROXY=1 is set (or node runs with --use-env-proxy; Node 22.21+ and 24.5+), or pass a fetch built on undici's EnvHttpProxyAgent (docs/configuration.md, "Proxies").`;
}

/** A body that is not JSON, briefly: an HTML page, or its length and first characters (scrubbed; none of a secret answer's). */
function describeBody(text: string, secrets: readonly string[], secretAnswer: boolean | undefined): string {
  const trimmed = text.trim();
  if (/^<(!doctype|html)/i.test(trimmed)) return 'an HTML page';
  if (secretAnswer) return `${trimmed.length} characters, not shown: a token endpoint's answer may hold a token`;
  // Scrubbed before it is cut, so the preview cannot end in the first characters of a secret.
  return `${trimmed.length} characters starting with ${JSON.stringify(redactText(trimmed.slice(0, 4096), secrets).slice(0, 20))}`;
}

/** A call stopped by its signal. A write may have reached the server first: its error says so, and what to do. */
function aborted(method: string, path: string, signal: AbortSignal): OvhAbortError {
  const write = method === 'GET' ? '' : ' It may have reached the API before the abort: read it back to see whether it took effect.';
  return new OvhAbortError(`${method} ${path} was aborted by its AbortSignal.${write}`, { cause: signal.reason });
}
