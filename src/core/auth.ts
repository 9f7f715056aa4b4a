// Authenticators put their headers on each attempt and say whether a refusal can be recovered from (re-sync the
// clock, fetch a new token) so the transport retries once.
import { z } from 'zod';
import type { ServerClock } from './clock.js';
import {
  type ApiErrorInfo,
  apiErrorFromResponse,
  AuthenticationError,
  ConfigError,
  type ErrorAnswer,
  type ErrorMapper,
  errorBody,
  ResponseValidationError,
  waitSeconds,
} from './errors.js';
import { shownUrl } from './endpoints.js';
import { secret, type Secret } from './redact.js';
import { untilAborted } from './poll.js';
import { describeIssues, issueText } from './response-issues.js';
import { signRequest } from './signature.js';
import type { Transport } from './transport.js';

/** What an authenticator sees of one attempt. */
export interface AttemptInfo {
  /** Upper case. */
  method: string;
  /** The exact URL and body text ('' when none) sent: what the signature covers. */
  url: string;
  body: string;
  headers: Headers;
  /** The call's signal and the attempt's timeout. */
  signal?: AbortSignal | undefined;
  /** Stands for the call, the same object for each of its attempts and in its `Refusal`: an authenticator notes there the clock or token generation it used. */
  call?: { signedWith?: number | undefined } | undefined;
}

/** What the API answered when it refused a request's credentials (a 400, 401 or 403), for `recover`. */
export interface Refusal {
  status: number;
  errorCode?: string | undefined;
  /** '' when none. */
  apiMessage: string;
  /** The refused call, as its attempts' `AttemptInfo.call` named it. */
  call?: AttemptInfo['call'];
}

/** A way of authenticating API requests. */
export interface Authenticator {
  /** The I/O needed before a request (clock sync, token fetch); nothing when there is nothing to wait for (no promise per call). */
  prepare?(signal?: AbortSignal): Promise<void> | undefined;
  /** Sets the auth headers on one attempt (every retry too, so signatures are fresh); a promise only when it must wait. */
  authorize(attempt: AttemptInfo): Promise<void> | undefined;
  /** Called once when the API refused the credentials; resolves true when a single retry may now succeed. None: never. */
  recover?(refusal: Refusal): Promise<boolean>;
  /** Secret strings this authenticator holds, so they can be scrubbed from any text we did not write. None: none. */
  secrets?(): string[];
}

/** The same headers on every attempt: none, `X-Ovh-Application` alone (`/auth/time`, `POST /auth/credential`), or HTTP Basic. */
export function fixedHeaders(headers: Readonly<Record<string, string>>): Authenticator {
  return {
    authorize: (attempt) => {
      for (const name in headers) attempt.headers.set(name, headers[name] as string);
    },
  };
}

/** OVH's AK/AS/CK signature with a server-synced timestamp. */
export class SignedAuthenticator implements Authenticator {
  constructor(
    private readonly applicationKey: string,
    private readonly applicationSecret: Secret,
    private readonly consumerKey: Secret | undefined,
    private readonly clock: ServerClock,
  ) {}

  prepare(signal?: AbortSignal): Promise<void> | undefined {
    if (!this.consumerKey || this.clock.delta !== undefined) return undefined;
    return this.clock.sync(signal).then(() => undefined);
  }

  authorize(attempt: AttemptInfo): Promise<void> | undefined {
    const key = this.consumerKey;
    if (!key) {
      throw new ConfigError(
        'This call needs a consumer key: pass consumerKey (or set OVH_CONSUMER_KEY / consumer_key in ovh.conf), or get one with ovh.auth.requestConsumerKey().',
      );
    }
    // Synced (by prepare(), unless a re-sync was asked for since): signed now, with no promise.
    const timestamp = this.clock.now();
    if (timestamp !== undefined) return this.#sign(attempt, key, timestamp);
    return this.clock.timestamp(attempt.signal).then((synced) => this.#sign(attempt, key, synced));
  }

  #sign({ method, url, body, headers, call }: AttemptInfo, key: Secret, timestamp: number): undefined {
    if (call) call.signedWith = this.clock.generation;
    const consumerKey = key.reveal();
    headers.set('x-ovh-application', this.applicationKey);
    headers.set('x-ovh-consumer', consumerKey);
    headers.set('x-ovh-timestamp', String(timestamp));
    headers.set('x-ovh-signature', signRequest({ applicationSecret: this.applicationSecret.reveal(), consumerKey, method, url, body, timestamp }));
    return undefined;
  }

  async recover(refusal: Refusal): Promise<boolean> {
    if (!isTimestampError(refusal)) return false;
    // Signed before the last re-sync: that re-sync answers this refusal too, the retry signs with its delta.
    this.clock.invalidate(refusal.call?.signedWith);
    return true;
  }

  secrets(): string[] {
    return [this.applicationSecret.reveal(), ...(this.consumerKey ? [this.consumerKey.reveal()] : [])];
  }
}

/** True for the API's "timestamp out of window" refusal. */
export function isTimestampError(error: Refusal): boolean {
  if (error.errorCode === 'QUERY_TIME_OUT') return true;
  // The message heuristic only for auth refusals: a 5xx or 404 that mentions a "timestamp" must not make the
  // transport re-send a request (a POST included) that may already have been executed.
  return [400, 401, 403].includes(error.status) && /timestamp|out of time|clock/i.test(error.apiMessage);
}

/** A fetched access token and its lifetime. */
export interface IssuedToken {
  accessToken: Secret;
  /** Lifetime in seconds, as `expires_in` says; undefined when the answer has none: then the token is used until refused. */
  expiresIn: number | undefined;
}

/** Caches an access token, refreshed at 90% of its lifetime (at most 60 s early), or after a 401 when it has none; one fetch shared by concurrent callers. */
export class TokenCache {
  #token: Secret | undefined;
  #expiresAt = 0;
  #inflight: Promise<Secret> | undefined;
  #generation = 0;
  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token while it is still valid, else undefined (then `get()` fetches one). */
  valid(): Secret | undefined {
    return this.#token && this.now() < this.#expiresAt ? this.#token : undefined;
  }

  /** How many tokens were fetched, for `invalidate`. */
  get generation(): number {
    return this.#generation;
  }

  /** A valid token, fetching one when none is cached or it is about to expire. */
  get(): Promise<Secret> {
    const token = this.valid();
    if (token) return Promise.resolve(token);
    this.#inflight ??= this.fetchToken()
      .then(({ accessToken, expiresIn }) => {
        const lifetimeMs = Math.max(0, expiresIn ?? Infinity) * 1000;
        this.#token = accessToken;
        this.#generation += 1;
        this.#expiresAt = this.now() + lifetimeMs - Math.min(60_000, lifetimeMs * 0.1);
        return accessToken;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /** Drops the cached token (after a 401) so the next `get()` fetches a new one; a refusal of a token already replaced (calls refused together) keeps the new one. */
  invalidate(usedGeneration?: number): void {
    if (usedGeneration !== undefined && usedGeneration !== this.#generation) return;
    this.#token = undefined;
    this.#expiresAt = 0;
  }

  /** For redaction. */
  current(): Secret | undefined {
    return this.#token;
  }
}

/** `Authorization: Bearer` from a TokenCache (OAuth2 service accounts, Web PaaS) or a fixed token. */
export class BearerAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: TokenCache | Secret,
    private readonly extraSecrets: () => string[] = () => [],
  ) {}

  // The token fetch is shared by every call: a call's signal ends that call's wait for it, not the fetch.
  prepare(signal?: AbortSignal): Promise<void> | undefined {
    if (!(this.tokens instanceof TokenCache) || this.tokens.valid() !== undefined) return undefined;
    return untilAborted(this.tokens.get(), signal).then(() => undefined);
  }

  authorize({ headers, signal, call }: AttemptInfo): Promise<void> | undefined {
    const token = this.tokens instanceof TokenCache ? this.tokens.valid() : this.tokens;
    if (token !== undefined) return this.#set(headers, token, call);
    return untilAborted((this.tokens as TokenCache).get(), signal).then((fetched) => this.#set(headers, fetched, call));
  }

  #set(headers: Headers, token: Secret, call: AttemptInfo['call']): undefined {
    if (call && this.tokens instanceof TokenCache) call.signedWith = this.tokens.generation;
    headers.set('authorization', `Bearer ${token.reveal()}`);
    return undefined;
  }

  async recover(refusal: Refusal): Promise<boolean> {
    if (refusal.status !== 401 || !(this.tokens instanceof TokenCache)) return false;
    this.tokens.invalidate(refusal.call?.signedWith);
    return true;
  }

  secrets(): string[] {
    const current = this.tokens instanceof TokenCache ? this.tokens.current() : this.tokens;
    return [...(current ? [current.reveal()] : []), ...this.extraSecrets()];
  }
}

/**
 * A token endpoint's successful answer (RFC 6749 §5.1); other fields are kept and ignored. `expires_in` is only
 * RECOMMENDED there: missing (or null) it means no known lifetime; a numeric string is read as golang.org/x/oauth2 reads it.
 */
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z
    .preprocess((v) => (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : (v ?? undefined)), z.number().nonnegative().optional())
    .optional(),
  scope: z.string().optional(),
});

/** Where and how to exchange a credential for an access token. */
export interface TokenExchange {
  /** The token endpoint's absolute URL. */
  url: string;
  /** How the sender authenticates there (e.g. HTTP Basic `client_id:`, or nothing). */
  auth: Authenticator;
  /** The form to post; a function, so secrets are revealed only when sent. */
  form: () => Record<string, string>;
  /** What to do when the endpoint refuses the exchange, from what it answered. */
  hint: (refusal: ApiErrorInfo) => string;
  /** Reads a refusal's body (default: OAuth's `error_description`, else `message` or `title`, and `error` as its code). */
  read?: (answer: ErrorAnswer) => ApiErrorInfo;
}

/** OAuth's `{error, error_description}`; liberal in what it reads: a gateway in front of the endpoint may answer `message` or `title`, or a page. */
function readOAuthRefusal({ status, data, headers, method, path }: ErrorAnswer): ApiErrorInfo {
  const { error, error_description, message, title } = errorBody(data);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const errorCode = text(error);
  const page = typeof data === 'string' && /^\s*</.test(data) ? `non-JSON error page (HTTP ${status})` : undefined;
  const apiMessage =
    [error_description, message, title].map(text).find((t) => t !== undefined) ?? errorCode ?? page ?? `HTTP ${status} from the token endpoint`;
  const queryId = headers.get('x-ovh-queryid') ?? undefined;
  return { status, method, path, errorCode, apiMessage, queryId, retryAfterSeconds: waitSeconds(headers) };
}

/** A TokenCache's fetcher for both clients: POSTs the form on the bare sender; it changes nothing server-side, so it is retried like a GET. */
export function exchangeToken(sender: Transport, { url, auth, form, hint, read = readOAuthRefusal }: TokenExchange): () => Promise<IssuedToken> {
  // A refusal there (a 4xx but 429) is an authentication problem, said with `hint`.
  const errorMapper: ErrorMapper = (answer) => {
    const info = read(answer);
    return info.status >= 500 || info.status === 429 ? apiErrorFromResponse(info) : new AuthenticationError(info, hint(info));
  };
  const path = new URL(url).pathname;
  return async () => {
    let queryId: string | undefined;
    const onHeaders = (headers: Headers) => {
      queryId = headers.get('x-ovh-queryid') ?? undefined;
    };
    const spec = { url, auth, form: form(), errorMapper, secretAnswer: true, onHeaders };
    const data: unknown = await sender.request('POST', path, spec, { retry: { methods: ['POST'] } });
    const parsed = TokenResponse.safeParse(data);
    if (parsed.success) return { accessToken: secret(parsed.data.access_token), expiresIn: parsed.data.expires_in };
    // Checked here, not by the transport: its advice (a raw call without a schema) is for API calls, not for this one.
    const issues = describeIssues(parsed.error, data, true);
    throw new ResponseValidationError(
      `The token endpoint ${shownUrl(url)} answered something unexpected: ${issues.map(issueText).join('; ')}${queryId ? ` (query id ${queryId})` : ''}. An OAuth2 token answer (RFC 6749) is a JSON object with access_token; check that tokenUrl points at the token endpoint and not at a proxy or a login page. The answer is not shown: it may hold a token.`,
      { method: 'POST', path, queryId, issues },
    );
  };
}
