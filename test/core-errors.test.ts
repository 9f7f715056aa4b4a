import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  OvhAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  isOvhError,
  NetworkError,
  NotFoundError,
  OvhApiError,
  OvhError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  OvhTimeoutError,
} from '../src/core/errors.js';
import { freezeDate, settle, T0, useFakeTime } from './helpers/clock.js';
import { KEYS, makeClient, ovhError, setupMockApi, sleep } from './helpers/msw.js';

const mock = setupMockApi();

async function failure(promise: Promise<unknown>): Promise<OvhError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OvhError);
    expect(isOvhError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    return error as OvhError;
  }
  throw new Error('expected the call to fail');
}

const QID = 'EU.ext-3.6601a2b3.12345.abcdef';

describe('API error answers become typed errors', () => {
  it.each([
    [400, { class: 'Client::BadRequest', message: 'Invalid value for status' }, BadRequestError, undefined],
    [401, { class: 'Client::Unauthorized', message: 'You must login first' }, AuthenticationError, undefined],
    [
      403,
      { class: 'Client::Forbidden', errorCode: 'NOT_GRANTED_CALL', message: 'This call has not been granted' },
      ForbiddenError,
      'NOT_GRANTED_CALL',
    ],
    [
      403,
      { class: 'Client::Forbidden', errorCode: 'INVALID_CREDENTIAL', message: 'This credential does not exist' },
      AuthenticationError,
      'INVALID_CREDENTIAL',
    ],
    [
      403,
      { class: 'Client::Forbidden', errorCode: 'NOT_CREDENTIAL', message: 'This credential is not valid' },
      AuthenticationError,
      'NOT_CREDENTIAL',
    ],
    [403, { class: 'Client::Forbidden', errorCode: 'INVALID_KEY', message: 'Invalid application key' }, AuthenticationError, 'INVALID_KEY'],
    [400, { class: 'Client::BadRequest', errorCode: 'INVALID_SIGNATURE', message: 'Invalid signature' }, AuthenticationError, 'INVALID_SIGNATURE'],
    [404, { class: 'Client::NotFound', message: 'The requested object (credentialId = 42) does not exist' }, NotFoundError, undefined],
    [409, { class: 'Client::Conflict::AlreadyExists', message: 'This policy already exists' }, ConflictError, undefined],
    [500, { class: 'Server::InternalServerError', message: 'Internal server error' }, ServerError, undefined],
    [503, { class: 'Server::ServiceUnavailable', message: 'Maintenance' }, ServerError, undefined],
  ] as const)('%i %o → %o', async (status, body, Class, errorCode) => {
    mock.on('GET', '/me/api/credential/42', () => ovhError(status, body, { 'X-Ovh-QueryID': QID }));
    const error = await failure(makeClient({ retry: false }).get('/me/api/credential/42'));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error.name).toBe(Class.name);
    expect(error).toMatchObject({
      status,
      errorCode,
      errorClass: body.class,
      apiMessage: body.message,
      queryId: QID,
      method: 'GET',
      path: '/me/api/credential/42',
    });
    // The message says what happened (status, API message, query id) and what to do.
    expect(error.message).toContain(`GET /me/api/credential/42 failed with ${status}`);
    expect(error.message).toContain(body.message);
    expect(error.message).toContain(QID);
    expect(error.message.length).toBeGreaterThan(error.message.indexOf(QID) + QID.length + 10);
    expect(mock.to('/1.0/me/api/credential/42')).toHaveLength(1);
  });

  it('429 → RateLimitError with retryAfterSeconds from Retry-After', async () => {
    mock.on('POST', '/me/thing', () => ovhError(429, { message: 'Too many requests' }, { 'Retry-After': '7', 'X-Ovh-QueryID': QID }));
    const error = await failure(makeClient().post('/me/thing', {}));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ name: 'RateLimitError', status: 429, retryAfterSeconds: 7, queryId: QID, method: 'POST', path: '/me/thing' });
    expect(error.message).toMatch(/Wait 7s/);
  });

  it('429 with an HTTP-date Retry-After', async () => {
    freezeDate(T0 + 400); // 0.4 s into a second: the date below is 29.6 s away, which rounds up
    const at = new Date(T0 + 30_000).toUTCString();
    mock.on('POST', '/me/thing', () => ovhError(429, { message: 'slow down' }, { 'Retry-After': at }));
    const error = await failure(makeClient().post('/me/thing', {}));
    expect((error as RateLimitError).retryAfterSeconds).toBe(30);
  });

  it.each([
    [502, ServerError],
    [403, ForbiddenError],
    [404, NotFoundError],
  ] as const)('an HTML error page with %i → %o with a readable message', async (status, Class) => {
    const html = '<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body><h1>nginx</h1></body></html>';
    mock.on('GET', '/me', () => new HttpResponse(html, { status, headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(makeClient({ retry: false }).get('/me'));
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, method: 'GET', path: '/me' });
    expect(error.message).toContain(`failed with ${status}`);
    expect(error.message).toMatch(/non-JSON error page/);
    expect(error.message).not.toContain('<html>');
  });

  it('an error with an empty body still says the status', async () => {
    mock.on('DELETE', '/me/api/credential/1', () => new HttpResponse(null, { status: 404 }));
    const error = await failure(makeClient({ retry: false }).delete('/me/api/credential/1'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/HTTP 404/);
  });
});

describe('response bodies', () => {
  it('malformed JSON in a 200 → ResponseValidationError with the query id', async () => {
    mock.on(
      'GET',
      '/me',
      () => new HttpResponse('{"nichandle": "ab1-', { status: 200, headers: { 'Content-Type': 'application/json', 'X-Ovh-QueryID': QID } }),
    );
    const error = await failure(makeClient().get('/me'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ name: 'ResponseValidationError', method: 'GET', path: '/me', queryId: QID });
    expect(error.message).toMatch(/not JSON/);
    expect(error.message).toContain(QID);
  });

  it('an HTML 200 (captive portal, proxy) → ResponseValidationError saying so', async () => {
    mock.on('GET', '/me', () => new HttpResponse('<html><body>Login</body></html>', { headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(makeClient().get('/me'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/HTML page/);
  });

  it('schema mismatch → ResponseValidationError naming the field path and the query id', async () => {
    mock.on('GET', '/me/list', () =>
      HttpResponse.json(
        {
          items: [
            { id: 1, name: 'a' },
            { id: 'two', name: 'b' },
          ],
        },
        { headers: { 'X-Ovh-QueryID': QID } },
      ),
    );
    const schema = z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) });
    const error = await failure(makeClient().get('/me/list', { schema }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const rve = error as ResponseValidationError;
    expect(rve.queryId).toBe(QID);
    expect(rve.issues.map((i) => i.field)).toEqual(['items.1.id']);
    expect(rve.message).toContain('items.1.id');
    expect(rve.message).toContain(QID);
    expect(rve).toMatchObject({ method: 'GET', path: '/me/list' });
  });

  it('a list item whose id echoes a secret is named redacted, in the message and in invalidItems', async () => {
    mock.on('GET', '/me/list', () =>
      HttpResponse.json([
        { name: 'a', size: 1 },
        { name: `key ${KEYS.consumerKey}`, size: 'big' },
      ]),
    );
    const schema = z.array(z.object({ name: z.string(), size: z.number() }));
    const error = (await failure(makeClient().get('/me/list', { schema }))) as ResponseValidationError;
    expect(error.invalidItems).toEqual([{ index: 1, id: 'key [redacted]', issues: [expect.objectContaining({ field: 'size' })] }]);
    expect(error.message).toContain('item 1 ("key [redacted]")');
  });

  it('a matching schema returns the parsed value; unknown fields pass through a loose schema', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({ nichandle: 'ab1-ovh', extra: true }));
    const me = await makeClient().get('/me', { schema: z.looseObject({ nichandle: z.string() }) });
    expect(me).toEqual({ nichandle: 'ab1-ovh', extra: true });
  });
});

describe('transport failures', () => {
  it('a dropped connection → NetworkError (after the GET retries)', async () => {
    mock.on('GET', '/me', () => HttpResponse.error());
    const error = await failure(makeClient().get('/me'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: 'NetworkError', method: 'GET', path: '/me' });
    expect(error.message).toMatch(/GET \/me failed before any response/);
    // The cause is the raw fetch failure (useful), not ky's wrapper around the signed Request.
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(mock.to('/1.0/me')).toHaveLength(3);
  });

  it('a POST whose connection drops is not retried', async () => {
    mock.on('POST', '/me/thing', () => HttpResponse.error());
    const error = await failure(makeClient().post('/me/thing', { a: 1 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(mock.to('/1.0/me/thing')).toHaveLength(1);
  });

  it('a response slower than `timeout` → OvhTimeoutError, not NetworkError', async () => {
    mock.on('GET', '/me', async () => {
      await sleep(400);
      return HttpResponse.json({});
    });
    const error = await failure(makeClient({ timeout: 80, retry: false }).get('/me'));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(error).not.toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: 'OvhTimeoutError', method: 'GET', path: '/me', timeoutMs: 80 });
    expect(error.message).toMatch(/timed out after 80 ms/);
  });

  it('a per-call timeout overrides the client one, and a GET timeout is retried', async () => {
    useFakeTime();
    mock.on('GET', '/me', async () => {
      await sleep(300);
      return HttpResponse.json({});
    });
    const started = Date.now();
    const error = await failure(settle(makeClient().get('/me', { timeout: 50 })));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect((error as OvhTimeoutError).timeoutMs).toBe(50);
    expect(mock.to('/1.0/me')).toHaveLength(3);
    // three attempts cut at 50 ms (not the client's 30 s), two backoffs of at most 1 and 2 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 50);
    expect(Date.now() - started).toBeLessThanOrEqual(3 * 50 + 1 + 2);
  });

  it('an AbortSignal cancels the call → OvhAbortError', async () => {
    mock.on('GET', '/me', async () => {
      await sleep(500);
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    const call = makeClient().get('/me', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await failure(call);
    expect(error).toBeInstanceOf(OvhAbortError);
    expect(error.name).toBe('OvhAbortError');
    expect(error.message).toMatch(/GET \/me was aborted/);
  });

  it('an already-aborted signal → OvhAbortError and no signed request', async () => {
    const error = await failure(makeClient().get('/me', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(OvhAbortError);
    expect(mock.seen.filter((r) => r.url.endsWith('/me'))).toEqual([]);
  });

  it('isOvhError is false for foreign errors', () => {
    expect(isOvhError(new Error('x'))).toBe(false);
    expect(isOvhError({ name: 'OvhError', message: 'x' })).toBe(false);
    expect(isOvhError(null)).toBe(false);
  });
});

describe('retries', () => {
  const unavailable = () => ovhError(503, { message: 'Service Unavailable' });

  it('a GET is retried on 503: 1 + limit attempts', async () => {
    mock.on('GET', '/me', unavailable);
    const error = await failure(makeClient().get('/me'));
    expect(error).toBeInstanceOf(ServerError);
    expect(mock.to('/1.0/me')).toHaveLength(3);

    mock.requests.length = 0;
    await failure(makeClient({ retry: { limit: 4, baseDelay: 1 } }).get('/me'));
    expect(mock.to('/1.0/me')).toHaveLength(5);
  });

  it('a GET that recovers returns the value', async () => {
    mock.on('GET', '/me', ({ attempt }) => (attempt < 3 ? unavailable() : HttpResponse.json({ ok: true })));
    expect(await makeClient().get('/me')).toEqual({ ok: true });
    expect(mock.to('/1.0/me')).toHaveLength(3);
  });

  it('PUT and DELETE are retried; POST is not, unless the call opts in', async () => {
    mock.on('PUT', '/x', unavailable);
    mock.on('DELETE', '/x', unavailable);
    mock.on('POST', '/x', unavailable);
    const ovh = makeClient();
    await failure(ovh.put('/x', {}));
    await failure(ovh.delete('/x'));
    await failure(ovh.post('/x', {}));
    expect(mock.to('/1.0/x', 'PUT')).toHaveLength(3);
    expect(mock.to('/1.0/x', 'DELETE')).toHaveLength(3);
    expect(mock.to('/1.0/x', 'POST')).toHaveLength(1);

    await failure(ovh.post('/x', { a: 1 }, { retry: { methods: ['POST'] } }));
    const posts = mock.to('/1.0/x', 'POST');
    expect(posts).toHaveLength(4);
    expect(posts.slice(1).every((r) => r.body === '{"a":1}' && r.signatureValid)).toBe(true);
  });

  it('statuses outside the retry list (500, 400, 404) are not retried', async () => {
    mock.on('GET', '/a', () => ovhError(500, { message: 'boom' }));
    mock.on('GET', '/b', () => ovhError(404, { message: 'nope' }));
    const ovh = makeClient();
    await failure(ovh.get('/a'));
    await failure(ovh.get('/b'));
    expect(mock.to('/1.0/a')).toHaveLength(1);
    expect(mock.to('/1.0/b')).toHaveLength(1);
  });

  it('Retry-After is honoured', async () => {
    useFakeTime(); // `at` (performance.now) then reads the fake clock
    mock.on('GET', '/slow', ({ attempt }) => (attempt === 1 ? ovhError(503, { message: 'later' }, { 'Retry-After': '1' }) : HttpResponse.json('ok')));
    mock.on('GET', '/fast', ({ attempt }) => (attempt === 1 ? unavailable() : HttpResponse.json('ok')));
    const ovh = makeClient();
    await settle(ovh.get('/slow'));
    const [s1, s2] = mock.to('/1.0/slow');
    expect(s2!.at - s1!.at).toBe(1000);
    await settle(ovh.get('/fast'));
    const [f1, f2] = mock.to('/1.0/fast');
    expect(f2!.at - f1!.at).toBeLessThanOrEqual(1); // the backoff (baseDelay 1), not a second
  });

  it('Retry-After on a 429 is honoured too, up to maxDelay; a longer one is not retried early', async () => {
    useFakeTime();
    mock.on('GET', '/rl', ({ attempt }) => (attempt === 1 ? ovhError(429, { message: 'slow' }, { 'Retry-After': '1' }) : HttpResponse.json('ok')));
    await settle(makeClient({ retry: { baseDelay: 1, maxDelay: 1_000 } }).get('/rl'));
    const [a, b] = mock.to('/1.0/rl');
    expect(b!.at - a!.at).toBe(1_000);

    mock.on('GET', '/long', ({ attempt }) =>
      attempt === 1 ? ovhError(429, { message: 'slow' }, { 'Retry-After': '3600' }) : HttpResponse.json('ok'),
    );
    const error = await settle(failure(makeClient({ retry: { baseDelay: 1, maxDelay: 200 } }).get('/long')));
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfterSeconds: 3600 });
    expect(mock.to('/1.0/long')).toHaveLength(1);
  });

  it('retry: false disables retries, on the client or per call', async () => {
    mock.on('GET', '/me', unavailable);
    await failure(makeClient({ retry: false }).get('/me'));
    expect(mock.to('/1.0/me')).toHaveLength(1);
    await failure(makeClient().get('/me', { retry: false }));
    expect(mock.to('/1.0/me')).toHaveLength(2);
    // and per-call options can turn them back on over a client-level false
    await failure(makeClient({ retry: false }).get('/me', { retry: { limit: 1, baseDelay: 1 } }));
    expect(mock.to('/1.0/me')).toHaveLength(4);
  });

  it('onRetry is called before each retry with the attempt number and reason', async () => {
    mock.on('GET', '/me', unavailable);
    const onRetry = vi.fn();
    await failure(makeClient({ onRetry }).get('/me'));
    expect(onRetry.mock.calls.map(([event]) => event)).toEqual([
      { method: 'GET', path: '/me', attempt: 1, reason: 503 },
      { method: 'GET', path: '/me', attempt: 2, reason: 503 },
    ]);
  });

  it('onRetry reports network drops as "network"', async () => {
    mock.on('GET', '/me', () => HttpResponse.error());
    const onRetry = vi.fn();
    await failure(makeClient({ onRetry, retry: { limit: 1, baseDelay: 1 } }).get('/me'));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(onRetry.mock.calls[0]?.[0]).toMatchObject({ attempt: 1, reason: 'network' });
  });
});
