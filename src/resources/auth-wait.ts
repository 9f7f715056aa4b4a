// `ovh.auth.waitForValidation`, loaded with its first use: polling the new consumer key until its owner grants it.
import { AbortError, AuthenticationError, InputValidationError, TimeoutError } from '../core/errors.js';
import { poll } from '../core/poll.js';
import type { AuthResource, WaitOptions } from './auth.js';
import type { Credential } from './credentials.schemas.js';

/** `auth.waitForValidation`, on the resource's own calls (see its documentation). */
export async function waitForValidation(auth: AuthResource, now: () => number, options: WaitOptions): Promise<Credential> {
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
        credential = await auth.currentCredential({ ...call, ...(signal ? { signal } : {}) });
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
      now,
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
