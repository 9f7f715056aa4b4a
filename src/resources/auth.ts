// /auth/*: server time, the consumer-key request flow, the current credential, logout.
import type { Requester } from '../core/requester.js';
import type { CallOptions } from '../core/transport.js';
import type { Authenticator } from '../core/auth.js';
import { parseInput } from '../core/validate.js';
import { secret, type Secret } from '../core/redact.js';
import { lazy } from '../core/lazy.js';
import type { OpenEnum } from '../core/tolerant.js';
import type { AuthDetails, ConsumerKeyRequest } from './auth.schemas.js';
import { credentialSchemas } from './credentials.js';
import type { Credential, CredentialStatus } from './credentials.schemas.js';

const waiting = lazy(() => import('./auth-wait.js'));
const schemas = lazy(() => import('./auth.schemas.js'));

/** A requested consumer key: send the user to `validationUrl`, then use `consumerKey` (a redacted Secret). */
export interface PendingConsumerKey {
  /** The page where the account owner logs in and grants the key. */
  validationUrl: string;
  /** The new consumer key; `reveal()` to store it. */
  consumerKey: Secret;
  /** `pendingValidation` until the owner grants it. */
  state: OpenEnum<CredentialStatus>;
}

/** Options of `waitForValidation`. */
export interface WaitOptions extends CallOptions {
  /** Give up after this many ms. Default 5 minutes. */
  waitTimeout?: number;
  /** Poll interval in ms. Default 2 000. (The same name as for Web PaaS activities.) */
  pollInterval?: number;
}

/** `/auth/*` calls. */
export class AuthResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Requester,
    /** Authenticates with the application key only (loaded with the client's request stack). */
    private readonly appKeyOnly: () => Promise<Authenticator>,
    /** The client's clock (its `now` option): the wait's deadline is reckoned on it. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Server time in epoch seconds (`GET /auth/time`, unauthenticated). */
  async time(options: CallOptions = {}): Promise<number> {
    return this.transport.request('GET', '/auth/time', { ...options, auth: await this.appKeyOnly(), schema: (await schemas()).Time });
  }

  /**
   * Requests a new consumer key with the given access rules (`POST /auth/credential`, sent with the
   * application key only). Send the user to `validationUrl`; the key works once they grant it.
   * @example
   * const { validationUrl, consumerKey } = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
   */
  async requestConsumerKey(request: ConsumerKeyRequest, options: CallOptions = {}): Promise<PendingConsumerKey> {
    const s = await schemas();
    const body = parseInput(s.ConsumerKeyRequest, request, 'request');
    const res = await this.transport.request('POST', '/auth/credential', {
      ...options,
      auth: await this.appKeyOnly(),
      body,
      schema: s.ConsumerKeyResponse,
    });
    return { validationUrl: res.validationUrl, consumerKey: secret(res.consumerKey), state: res.state };
  }

  /** The credential this client is using (`GET /auth/currentCredential`). */
  async currentCredential(options: CallOptions = {}): Promise<Credential> {
    return this.transport.request('GET', '/auth/currentCredential', { ...options, schema: (await credentialSchemas()).Credential });
  }

  /** Who the current credential acts as, and what it may call (`GET /auth/details`). */
  async details(options: CallOptions = {}): Promise<AuthDetails> {
    return this.transport.request('GET', '/auth/details', { ...options, schema: (await schemas()).AuthDetails });
  }

  /** Revokes the consumer key this client uses (`POST /auth/logout`). The client cannot make signed calls afterwards. */
  async logout(options: CallOptions = {}): Promise<void> {
    await this.transport.request('POST', '/auth/logout', { ...options, schema: (await schemas()).Nothing });
  }

  /**
   * Polls `currentCredential` until the key is validated (the user granted it). Throws AuthenticationError when
   * it was refused or expired, TimeoutError after `waitTimeout`, AbortError on abort.
   * @example
   * const scoped = ovh.withConsumerKey(pending.consumerKey);
   * await scoped.auth.waitForValidation({ waitTimeout: 10 * 60_000, signal: AbortSignal.timeout(15 * 60_000) });
   */
  async waitForValidation(options: WaitOptions = {}): Promise<Credential> {
    return (await waiting()).waitForValidation(this, this.now, options);
  }
}
