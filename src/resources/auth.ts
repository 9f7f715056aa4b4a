// /auth/*: server time, the consumer-key request flow (and waiting for its validation), the current credential, logout.
import type { Authenticator } from '../core/auth.js';
import { AuthenticationError, OvhAbortError, OvhTimeoutError } from '../core/errors.js';
import { poll } from '../core/poll.js';
import { secret, type Secret } from '../core/redact.js';
import type { CallOptions, Transport } from '../core/transport.js';
import type { OpenEnum } from '../core/tolerant.js';
import { CALL_OPTION_KEYS, checkWait, optionKeys, parseObject, strictOptions } from '../core/options.js';
import { AuthDetails, ConsumerKeyRequest, ConsumerKeyResponse, Time } from './auth.schemas.js';
import { Credential, type CredentialStatus } from './credentials.schemas.js';

/** A requested consumer key: send the user to `validationUrl`, then use `consumerKey` (a redacted Secret). */
export interface PendingConsumerKey {
  /** The page where the account owner grants the key; `null` when the API gives none (then request a new key). */
  validationUrl: string | null;
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
  /** Called after each poll that found the key still waiting for the owner: to show progress. */
  onPoll?: (progress: WaitProgress) => void;
}
/** What `onPoll` is told after each poll of `waitForValidation`. */
export interface WaitProgress {
  /** Polls made so far (1 after the first). */
  polls: number;
  /** Ms since the wait started, on the client's clock. */
  elapsed: number;
  /**
   * The key's state at this poll (`pendingValidation`, or a state this SDK does not know yet); `undefined` when OVH
   * answered 403 "This credential is not valid" (INVALID_CREDENTIAL) instead of the key, as it may for a key not validated yet.
   */
  status: OpenEnum<CredentialStatus> | undefined;
}
const WAIT_KEYS = optionKeys<WaitOptions>()([...CALL_OPTION_KEYS, 'waitTimeout', 'pollInterval', 'onPoll']);

/** `/auth/*` calls. */
export class AuthResource {
  /** @internal Built by OvhClient: reach it as a client property (`ovh.credentials`...). */
  constructor(
    private readonly transport: Transport,
    /** Authenticates with the application key only. */
    private readonly appKeyOnly: Authenticator,
    /** The client's clock (its `now` option): the wait's deadline is reckoned on it. */
    private readonly now: () => number,
  ) {}

  /** Server time in epoch seconds (`GET /auth/time`, unauthenticated). */
  async time(options?: CallOptions): Promise<number> {
    return this.transport.request('GET', '/auth/time', { auth: this.appKeyOnly, schema: Time }, options);
  }

  /**
   * Requests a consumer key with these access rules (sent with the application key only); send the user to `validationUrl`, where they grant it.
   * @example
   * const { validationUrl, consumerKey } = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
   */
  async requestConsumerKey(request: ConsumerKeyRequest, options?: CallOptions): Promise<PendingConsumerKey> {
    const body = parseObject(ConsumerKeyRequest, request, 'request', 'requestConsumerKey request');
    const res = await this.transport.request(
      'POST',
      '/auth/credential',
      { auth: this.appKeyOnly, body, schema: ConsumerKeyResponse, secretAnswer: true },
      options,
    );
    return { validationUrl: res.validationUrl, consumerKey: secret(res.consumerKey), state: res.state };
  }

  /** The credential this client is using (`GET /auth/currentCredential`). */
  async currentCredential(options?: CallOptions): Promise<Credential> {
    return this.transport.request('GET', '/auth/currentCredential', { schema: Credential }, options);
  }

  /** Who the current credential acts as, and what it may call (`GET /auth/details`). */
  async details(options?: CallOptions): Promise<AuthDetails> {
    return this.transport.request('GET', '/auth/details', { schema: AuthDetails }, options);
  }

  /** Revokes the consumer key this client uses (`POST /auth/logout`). The client cannot make signed calls afterwards. */
  async logout(options?: CallOptions): Promise<void> {
    await this.transport.request('POST', '/auth/logout', {}, options);
  }

  /**
   * Polls `currentCredential` until the key is validated (the user granted it). A 403 "This credential is not valid"
   * (INVALID_CREDENTIAL) means not validated yet: the wait goes on. Throws AuthenticationError once a poll finds the key
   * refused or expired, or unknown (NOT_CREDENTIAL), OvhTimeoutError after `waitTimeout`, OvhAbortError on abort.
   * @example
   * const scoped = ovh.withConsumerKey(pending.consumerKey);
   * await scoped.auth.waitForValidation({ waitTimeout: 10 * 60_000, onPoll: ({ elapsed }) => console.error(`waiting ${elapsed} ms`) });
   */
  async waitForValidation(options: WaitOptions = {}): Promise<Credential> {
    strictOptions(options, WAIT_KEYS, 'waitForValidation options');
    checkWait(options);
    const { waitTimeout = 300_000, pollInterval = 2_000, onPoll, ...call } = options;
    const started = this.now();
    let polls = 0;
    let notValid: AuthenticationError | undefined; // the last poll's 403 "not valid", if it was one
    const refused = (errorCode: string, apiMessage: string, hint: string, queryId?: string): AuthenticationError =>
      new AuthenticationError({ status: 403, method: 'GET', path: '/auth/currentCredential', errorCode, apiMessage, queryId }, hint);
    const requestNew = 'request a new one with ovh.auth.requestConsumerKey().';
    return poll(
      async () => {
        // OVH answers a pending key's poll with the key (status pendingValidation), or with 403 INVALID_CREDENTIAL
        // "This credential is not valid" (a go-ovh user's wait loop polls on through it); NOT_CREDENTIAL ("This
        // credential does not exist") means OVH knows no such key for this application: a refusal, whenever it came.
        notValid = undefined;
        const credential = await this.currentCredential(call).catch((error: unknown) => {
          if (!(error instanceof AuthenticationError && error.status === 403)) throw error;
          if (error.errorCode === 'NOT_CREDENTIAL') {
            throw refused(
              'NOT_CREDENTIAL',
              error.apiMessage,
              `OVH knows no such key for this application (deleted, or issued for another application or endpoint): ${requestNew}`,
              error.queryId,
            );
          }
          if (error.errorCode !== 'INVALID_CREDENTIAL' && !/credential is not valid/i.test(error.apiMessage)) throw error;
          notValid = error;
          return undefined;
        });
        polls += 1;
        if (credential?.status === 'validated') return credential;
        // A state this SDK does not know yet is not a refusal: keep polling until validated, refused or expired.
        if (credential?.status === 'refused' || credential?.status === 'expired') {
          // "Not valid", as OVH words a key it will not honour; NOT_CREDENTIAL is a key it does not know.
          throw refused(
            'INVALID_CREDENTIAL',
            `The consumer key is ${credential.status}, not validated`,
            `The key was refused or has expired: ${requestNew}`,
          );
        }
        onPoll?.({ polls, elapsed: this.now() - started, status: credential?.status });
        return undefined;
      },
      {
        pollInterval,
        waitTimeout,
        signal: call.signal,
        now: this.now,
        onAbort: () => new OvhAbortError('waitForValidation was aborted by its AbortSignal.', { cause: call.signal?.reason }),
        onTimeout: () =>
          new OvhTimeoutError(
            notValid
              ? `The consumer key was not validated within ${waitTimeout} ms: OVH still answered 403 [${notValid.errorCode ?? 'no code'}] "${notValid.apiMessage}", so it was not validated in time, or was refused or has expired. Open its validationUrl and raise waitTimeout, or ${requestNew}`
              : `The consumer key was not validated within ${waitTimeout} ms; open its validationUrl, or raise waitTimeout.`,
            {
              method: 'GET',
              path: '/auth/currentCredential',
              timeoutMs: waitTimeout,
            },
          ),
      },
    );
  }
}
