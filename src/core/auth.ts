// Authenticator strategies. Each one puts its headers on one attempt of one request, and says whether an
// authentication failure can be recovered from (re-sync the clock, fetch a new token) so the transport retries once.
import type { ServerClock } from './clock.js';
import { ConfigError } from './errors.js';
import type { Secret } from './redact.js';
import { signRequest } from './signature.js';

/** What an authenticator sees of one attempt. */
export interface AttemptInfo {
  /** The method sent, upper case. */
  method: string;
  /** The exact URL sent (what the signature covers). */
  url: string;
  /** The exact body text of that request ('' when none). */
  body: string;
  /** The attempt's own headers: the authenticator sets its own on them. */
  headers: Headers;
  /** The attempt's signal (the call's, and the attempt's timeout). */
  signal?: AbortSignal | undefined;
  /** Stands for the call: the same object for each of its attempts and in its `Refusal`. */
  call?: object | undefined;
}

/** What the API answered when it refused a request's credentials (a 400, 401 or 403), for `recover`. */
export interface Refusal {
  status: number;
  /** OVH's `errorCode`, when the answer had one. */
  errorCode?: string | undefined;
  /** The answer's message ('' when none). */
  apiMessage: string;
  /** The refused call, as its attempts' `AttemptInfo.call` named it. */
  call?: object | undefined;
}

/** A way of authenticating API requests. */
export interface Authenticator {
  /**
   * Does the I/O this authenticator needs before a request (sync the clock, fetch a token), so that `authorize`
   * inside the attempt has nothing to fetch. Optional; returns nothing when there is nothing to wait for (the
   * usual case, once the clock is synced or the token cached: no promise per call).
   */
  prepare?(signal?: AbortSignal): Promise<void> | undefined;
  /**
   * Sets the auth headers on this attempt. Called again for every retry, so signatures are always fresh. Returns
   * a promise only when it has to wait (a clock sync, a token fetch).
   */
  authorize(attempt: AttemptInfo): Promise<void> | undefined;
  /** Called once when the API refused the credentials; resolves true when a single retry may now succeed. None: never. */
  recover?(refusal: Refusal): Promise<boolean>;
  /** Secret strings this authenticator holds, so they can be scrubbed from any text we did not write. None: none. */
  secrets?(): string[];
}

/**
 * Sends the same headers on every attempt and nothing else: none (a bare sender), `X-Ovh-Application` alone (for
 * `/auth/time` and `POST /auth/credential`), or HTTP Basic to a token endpoint.
 */
export function fixedHeaders(headers: Readonly<Record<string, string>>): Authenticator {
  return {
    authorize: (attempt) => {
      for (const name in headers) attempt.headers.set(name, headers[name] as string);
    },
  };
}

/** OVH's AK/AS/CK signature with a server-synced timestamp. */
export class SignedAuthenticator implements Authenticator {
  /** The clock's generation each call's latest attempt was signed with. */
  readonly #signedWith = new WeakMap<object, number>();
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
    if (!this.consumerKey) {
      throw new ConfigError(
        'This call needs a consumer key: pass consumerKey (or set OVH_CONSUMER_KEY / consumer_key in ovh.conf), or get one with ovh.auth.requestConsumerKey().',
      );
    }
    const timestamp = this.clock.now();
    // Synced (prepare() saw to it, unless a re-sync was asked for since): signed now, with no promise.
    if (timestamp !== undefined) {
      this.#sign(attempt, this.consumerKey, timestamp);
      return undefined;
    }
    const consumerKey = this.consumerKey;
    return this.clock.timestamp(attempt.signal).then((synced) => this.#sign(attempt, consumerKey, synced));
  }

  #sign({ method, url, body, headers, call }: AttemptInfo, key: Secret, timestamp: number): void {
    if (call) this.#signedWith.set(call, this.clock.generation);
    const consumerKey = key.reveal();
    headers.set('x-ovh-application', this.applicationKey);
    headers.set('x-ovh-consumer', consumerKey);
    headers.set('x-ovh-timestamp', String(timestamp));
    headers.set('x-ovh-signature', signRequest({ applicationSecret: this.applicationSecret.reveal(), consumerKey, method, url, body, timestamp }));
  }

  async recover(refusal: Refusal): Promise<boolean> {
    if (isTimestampError(refusal)) {
      // Signed before the last re-sync: that re-sync answers this refusal too, the retry signs with its delta.
      this.clock.invalidate(refusal.call && this.#signedWith.get(refusal.call));
      return true;
    }
    return false;
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
  /** Lifetime in seconds, as `expires_in` says. */
  expiresIn: number;
}

/**
 * Caches an access token, refreshes it before it expires (at 90% of its lifetime, at most 60 s early), and
 * shares one fetch between all concurrent callers.
 */
export class TokenCache {
  #token: Secret | undefined;
  #expiresAt = 0;
  #inflight: Promise<Secret> | undefined;
  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token while it is still valid, else undefined (then `get()` fetches one). */
  valid(): Secret | undefined {
    return this.#token && this.now() < this.#expiresAt ? this.#token : undefined;
  }

  /** A valid token, fetching one when none is cached or it is about to expire. */
  get(): Promise<Secret> {
    const token = this.valid();
    if (token) return Promise.resolve(token);
    this.#inflight ??= this.fetchToken()
      .then(({ accessToken, expiresIn }) => {
        const lifetimeMs = Math.max(0, expiresIn) * 1000;
        const margin = Math.min(60_000, lifetimeMs * 0.1);
        this.#token = accessToken;
        this.#expiresAt = this.now() + lifetimeMs - margin;
        return accessToken;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /** Drops the cached token (after a 401) so the next `get()` fetches a new one. */
  invalidate(): void {
    this.#token = undefined;
    this.#expiresAt = 0;
  }

  /** The cached token's value, for redaction. */
  current(): Secret | undefined {
    return this.#token;
  }
}

/** `Authorization: Bearer` from a TokenCache (OAuth2 service accounts, Web PaaS) or a fixed token. */
export class BearerAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: TokenCache | Secret,
    private readonly extraSecrets: () => string[] = () => [],
    private readonly applicationKey?: string,
  ) {}

  prepare(): Promise<void> | undefined {
    if (!(this.tokens instanceof TokenCache) || this.tokens.valid() !== undefined) return undefined;
    return this.tokens.get().then(() => undefined);
  }

  authorize({ headers }: AttemptInfo): Promise<void> | undefined {
    const tokens = this.tokens;
    const token = tokens instanceof TokenCache ? tokens.valid() : tokens;
    if (token !== undefined) {
      this.#set(headers, token);
      return undefined;
    }
    return (tokens as TokenCache).get().then((fetched) => this.#set(headers, fetched));
  }

  #set(headers: Headers, token: Secret): void {
    headers.set('authorization', `Bearer ${token.reveal()}`);
    if (this.applicationKey) headers.set('x-ovh-application', this.applicationKey);
  }

  async recover(refusal: Refusal): Promise<boolean> {
    if (refusal.status !== 401 || !(this.tokens instanceof TokenCache)) return false;
    this.tokens.invalidate();
    return true;
  }

  secrets(): string[] {
    const current = this.tokens instanceof TokenCache ? this.tokens.current() : this.tokens;
    return [...(current ? [current.reveal()] : []), ...this.extraSecrets()];
  }
}
