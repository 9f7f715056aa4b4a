// /auth/*: server time, the consumer-key request flow, the current credential, logout.
import { z } from 'zod';
import { AbortError, AuthenticationError, InputValidationError, TimeoutError } from '../core/errors.js';
import type { CallOptions, Transport } from '../core/transport.js';
import type { Authenticator } from '../core/auth.js';
import { poll } from '../core/poll.js';
import { parseInput } from '../core/validate.js';
import { secret, type Secret } from '../core/redact.js';
import { AccessRule, AccessRuleInput } from './access-rules.js';
import { Credential, CredentialState, type CredentialStatus } from './credentials.js';
import { openEnum, orNull, type OpenEnum, type KnownFields } from '../core/tolerant.js';
import { Cidr } from './cidr.js';

/** Body of `POST /auth/credential`. */
export const ConsumerKeyRequest = z.object({
  /** What the key may call. At least one rule. */
  accessRules: z.array(AccessRuleInput).min(1, { message: 'give at least one access rule, e.g. accessRules.readOnly("/me")' }),
  /** Where OVH sends the user after they validate the key (the API types it as a plain string). */
  redirection: z.string().nullable().optional(),
  /** IP ranges (CIDR) the key will be usable from; `null` or omitted for anywhere. */
  allowedIPs: z.array(Cidr).nullable().optional(),
});
/** Body of `POST /auth/credential`. */
export type ConsumerKeyRequest = z.input<typeof ConsumerKeyRequest>;

/** Answer of `POST /auth/credential`, as sent by the API. */
export const ConsumerKeyResponse = z.looseObject({
  validationUrl: z.string(),
  consumerKey: z.string().min(1),
  state: CredentialState,
});

/** A requested consumer key: send the user to `validationUrl`, then use `consumerKey` (a redacted Secret). */
export interface PendingConsumerKey {
  /** The page where the account owner logs in and grants the key. */
  validationUrl: string;
  /** The new consumer key; `reveal()` to store it. */
  consumerKey: Secret;
  /** `pendingValidation` until the owner grants it. */
  state: OpenEnum<CredentialStatus>;
}

/** How the current credential authenticates, as `GET /auth/details` says (the values this SDK knows). */
export const AUTH_DETAILS_METHODS = ['account', 'oauth2_client_credentials', 'provider', 'user'] as const;

/** `GET /auth/details`: who the current credential acts as. */
export const AuthDetails = z.looseObject({
  account: z.string(),
  allowedRoutes: orNull(z.array(AccessRule)),
  description: orNull(z.string()),
  identities: z.array(z.string()),
  method: openEnum(AUTH_DETAILS_METHODS),
  roles: orNull(z.array(z.string())),
  user: orNull(z.string()),
});
/** `GET /auth/details`: who the current credential acts as. */
export type AuthDetails = KnownFields<z.infer<typeof AuthDetails>>;

/** Options of `waitForValidation`. */
export interface WaitOptions extends CallOptions {
  /** Give up after this many ms. Default 5 minutes. */
  waitTimeout?: number;
  /** Poll interval in ms. Default 2 000. (The same name as for Web PaaS activities.) */
  pollInterval?: number;
}

const Time = z.number().int();
const Nothing = z.unknown();

/** `/auth/*` calls. */
export class AuthResource {
  constructor(
    private readonly transport: Transport,
    private readonly appKeyOnly: Authenticator,
    /** The client's clock (its `now` option): the wait's deadline is reckoned on it. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Server time in epoch seconds (`GET /auth/time`, unauthenticated). */
  async time(options: CallOptions = {}): Promise<number> {
    return this.transport.request('GET', '/auth/time', { ...options, auth: this.appKeyOnly, schema: Time });
  }

  /**
   * Requests a new consumer key with the given access rules (`POST /auth/credential`, sent with the
   * application key only). Send the user to `validationUrl`; the key works once they grant it.
   * @example
   * const { validationUrl, consumerKey } = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
   */
  async requestConsumerKey(request: ConsumerKeyRequest, options: CallOptions = {}): Promise<PendingConsumerKey> {
    const body = parseInput(ConsumerKeyRequest, request, 'request');
    const res = await this.transport.request('POST', '/auth/credential', {
      ...options,
      auth: this.appKeyOnly,
      body,
      schema: ConsumerKeyResponse,
    });
    return { validationUrl: res.validationUrl, consumerKey: secret(res.consumerKey), state: res.state };
  }

  /** The credential this client is using (`GET /auth/currentCredential`). */
  async currentCredential(options: CallOptions = {}): Promise<Credential> {
    return this.transport.request('GET', '/auth/currentCredential', { ...options, schema: Credential });
  }

  /** Who the current credential acts as, and what it may call (`GET /auth/details`). */
  async details(options: CallOptions = {}): Promise<AuthDetails> {
    return this.transport.request('GET', '/auth/details', { ...options, schema: AuthDetails });
  }

  /** Revokes the consumer key this client uses (`POST /auth/logout`). The client cannot make signed calls afterwards. */
  async logout(options: CallOptions = {}): Promise<void> {
    await this.transport.request('POST', '/auth/logout', { ...options, schema: Nothing });
  }

  /**
   * Polls `currentCredential` until the key is validated (the user granted it). Throws AuthenticationError when
   * it was refused or expired, TimeoutError after `waitTimeout`, AbortError on abort.
   * @example
   * const scoped = ovh.withConsumerKey(pending.consumerKey);
   * await scoped.auth.waitForValidation({ waitTimeout: 10 * 60_000, signal: AbortSignal.timeout(15 * 60_000) });
   */
  async waitForValidation(options: WaitOptions = {}): Promise<Credential> {
    const { waitTimeout = 300_000, pollInterval = 2_000, signal, ...call } = options;
    if (!(Number.isFinite(pollInterval) && pollInterval > 0)) {
      throw new InputValidationError('pollInterval', 'pollInterval must be a positive number of milliseconds. Nothing was sent.');
    }
    if (!(Number.isFinite(waitTimeout) && waitTimeout >= 0)) {
      throw new InputValidationError('waitTimeout', 'waitTimeout must be a non-negative number of milliseconds. Nothing was sent.');
    }
    let seenPending = false;
    return poll(
      async () => {
        let credential: Credential | undefined;
        try {
          credential = await this.currentCredential({ ...call, ...(signal ? { signal } : {}) });
        } catch (error) {
          // Some API versions refuse signed calls from a pending key outright (NOT_CREDENTIAL): that means "not yet",
          // unless we have already seen this key pending, in which case the owner has since refused it.
          if (!(error instanceof AuthenticationError && error.errorCode === 'NOT_CREDENTIAL') || seenPending) throw error;
        }
        if (credential?.status === 'validated') return credential;
        if (credential?.status === 'pendingValidation') seenPending = true;
        // A state this SDK does not know yet is not a refusal: keep polling until validated, refused or expired.
        else if (credential?.status === 'refused' || credential?.status === 'expired') {
          throw new AuthenticationError(
            {
              status: 403,
              method: 'GET',
              path: '/auth/currentCredential',
              errorCode: credential.status === 'refused' ? 'NOT_CREDENTIAL' : 'INVALID_CREDENTIAL',
              apiMessage: `The consumer key is ${credential.status}, not validated`,
            },
            'Request a new one with ovh.auth.requestConsumerKey().',
          );
        }
        return undefined;
      },
      {
        pollInterval,
        waitTimeout,
        signal,
        now: this.now,
        onAbort: () => new AbortError('waitForValidation was aborted by its AbortSignal.', { cause: signal?.reason }),
        onTimeout: () =>
          new TimeoutError(`The consumer key was not validated within ${waitTimeout} ms; open its validationUrl, or raise waitTimeout.`, {
            method: 'GET',
            path: '/auth/currentCredential',
            timeoutMs: waitTimeout,
          }),
      },
    );
  }
}
