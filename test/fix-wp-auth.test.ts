// OVH's consumer-key error codes as public reports quote them: INVALID_CREDENTIAL "This credential is not valid" for a
// key not validated yet (php-ovh #56), NOT_CREDENTIAL "This credential does not exist" for a key this application does
// not have (cert-manager-webhook-ovh #5). waitForValidation polls on through the first (a go-ovh user's wait loop
// does), and the hints say which is which.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, OvhTimeoutError } from '../src/index.js';
import { settle, useFakeTime } from './helpers/clock.js';
import { credentialBody, mockClient, mockOvh, ovhError } from './helpers/resource-mocks.js';

const mock = mockOvh();

const NOT_VALID = () => ovhError(403, 'This credential is not valid', { errorCode: 'INVALID_CREDENTIAL', httpCode: '403 Forbidden' });
const validated = credentialBody('validated');

describe('waitForValidation when OVH answers a pending key 403 "This credential is not valid"', () => {
  it('keeps polling until the key is validated; onPoll is told of each poll, with no status', async () => {
    useFakeTime();
    mock.on('GET', '/auth/currentCredential', ({ count }) => (count < 3 ? NOT_VALID() : HttpResponse.json(validated)));
    const seen: unknown[] = [];
    const credential = await settle(mockClient().auth.waitForValidation({ pollInterval: 10, onPoll: (p) => seen.push(p) }));
    expect(credential).toMatchObject({ credentialId: 11, status: 'validated' });
    expect(mock.requests).toHaveLength(3);
    expect(seen).toEqual([
      { polls: 1, elapsed: 0, status: undefined },
      { polls: 2, elapsed: 10, status: undefined },
    ]);
  });

  it('reads the message alone the same way when the answer has no errorCode', async () => {
    useFakeTime();
    mock.on('GET', '/auth/currentCredential', ({ count }) =>
      count < 2 ? ovhError(403, 'This credential is not valid') : HttpResponse.json(validated),
    );
    await expect(settle(mockClient().auth.waitForValidation({ pollInterval: 10 }))).resolves.toMatchObject({ status: 'validated' });
    expect(mock.requests).toHaveLength(2);
  });

  it('times out saying what OVH last answered: not validated in time, or refused', async () => {
    useFakeTime();
    mock.on('GET', '/auth/currentCredential', NOT_VALID);
    const started = Date.now();
    const error = await settle(mockClient().auth.waitForValidation({ pollInterval: 20, waitTimeout: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(Date.now() - started).toBeLessThanOrEqual(100);
    expect((error as Error).message).toMatch(
      /not validated within 100 ms: OVH still answered 403 \[INVALID_CREDENTIAL\] "This credential is not valid", so it was not validated in time, or was refused/,
    );
  });

  it('NOT_CREDENTIAL "This credential does not exist" ends the wait at once, saying OVH knows no such key', async () => {
    mock.on('GET', '/auth/currentCredential', () => ovhError(403, 'This credential does not exist', { errorCode: 'NOT_CREDENTIAL' }));
    const error = await mockClient()
      .auth.waitForValidation({ pollInterval: 5, waitTimeout: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ errorCode: 'NOT_CREDENTIAL', apiMessage: 'This credential does not exist' });
    expect((error as Error).message).toMatch(/no such key for this application/);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('consumer-key hints on an ordinary call', () => {
  it('INVALID_CREDENTIAL: not validated yet, or expired or revoked', async () => {
    mock.on('GET', '/me', NOT_VALID);
    const error = await mockClient()
      .get('/me')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/not valid: not validated yet \(open its validationUrl\), or expired or revoked: request a new one/);
  });

  it('NOT_CREDENTIAL: no such consumer key for this application key', async () => {
    mock.on('GET', '/me', () => ovhError(403, 'This credential does not exist', { errorCode: 'NOT_CREDENTIAL' }));
    const error = await mockClient()
      .get('/me')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(
      /No such consumer key for this application key: it is unknown, was deleted, or was issued for another application or endpoint/,
    );
    expect((error as Error).message).not.toMatch(/not validated/);
  });
});
