import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError } from '../src/core/errors.js';
import { KEYS, makeClient, ovhError, referenceSignature, setupMockApi, sleep } from './helpers/msw.js';

const mock = setupMockApi();

afterEach(() => {
  vi.useRealTimers();
});

const TIME_OUT = { class: 'Client::BadRequest', errorCode: 'QUERY_TIME_OUT', message: 'Query out of time' };
const timeCalls = () => mock.to('/1.0/auth/time');

describe('server clock', () => {
  it('the first signed call fetches GET /auth/time once, unauthenticated; later calls reuse the delta', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = makeClient();
    await ovh.get('/me');
    await ovh.get('/me');
    await ovh.get('/me');
    expect(timeCalls()).toHaveLength(1);
    expect(mock.requests.map((r) => new URL(r.url).pathname)).toEqual(['/1.0/auth/time', '/1.0/me', '/1.0/me', '/1.0/me']);
    const time = timeCalls()[0]!;
    expect(time.headers['x-ovh-application']).toBe(KEYS.applicationKey);
    expect(time.headers['x-ovh-consumer']).toBeUndefined();
    expect(time.headers['x-ovh-signature']).toBeUndefined();
  });

  it('10 concurrent first calls share ONE /auth/time', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({}));
    mock.on('GET', '/auth/time', async () => {
      await sleep(50);
      return HttpResponse.json(Math.floor(Date.now() / 1000));
    });
    const ovh = makeClient();
    await Promise.all(Array.from({ length: 10 }, () => ovh.get('/me')));
    expect(timeCalls()).toHaveLength(1);
    expect(mock.to('/1.0/me')).toHaveLength(10);
    expect(mock.to('/1.0/me').every((r) => r.signatureValid)).toBe(true);
  });

  it('one caller aborting does not cancel the shared /auth/time for the others', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({ ok: 1 }));
    mock.on('GET', '/auth/time', async () => {
      await sleep(100);
      return HttpResponse.json(Math.floor(Date.now() / 1000));
    });
    const ovh = makeClient();
    const controller = new AbortController();
    const first = ovh.get('/me', { signal: controller.signal });
    const others = Array.from({ length: 3 }, () => ovh.get('/me'));
    setTimeout(() => controller.abort(), 20);
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await expect(Promise.all(others)).resolves.toEqual([{ ok: 1 }, { ok: 1 }, { ok: 1 }]);
  });

  it('skew: with the server 3600 s ahead, X-Ovh-Timestamp carries server time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    mock.serverOffset = 3600;
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = makeClient();
    await ovh.get('/me');
    const [rec] = mock.to('/1.0/me');
    expect(rec?.headers['x-ovh-timestamp']).toBe(String(1_700_000_000 + 3600));
    expect(rec?.signatureValid).toBe(true);
    expect(await ovh.timeDelta()).toBe(3600);
  });

  it("skew behind, with the local clock 0.6 s into a second: the timestamp is the server's second exactly", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_600);
    mock.serverOffset = -3600;
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = makeClient();
    await ovh.get('/me');
    // The server says 1 699 996 400 (its whole second); local reads 1 700 000 000.6: the rounded delta and the
    // rounded local time add up to the server's second, not one more.
    expect(mock.to('/1.0/me')[0]?.headers['x-ovh-timestamp']).toBe(String(1_700_000_000 - 3600));
    expect(await ovh.timeDelta()).toBe(-3601);
  });

  it('QUERY_TIME_OUT re-syncs the clock and retries once with the new server time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    mock.on('GET', '/me', ({ attempt }) => {
      if (attempt === 1) {
        mock.serverOffset = 600; // the server's clock moved: our delta is stale
        return ovhError(400, TIME_OUT);
      }
      return HttpResponse.json({ nichandle: 'ab1-ovh' });
    });
    const ovh = makeClient();
    expect(await ovh.get('/me')).toEqual({ nichandle: 'ab1-ovh' });
    expect(timeCalls()).toHaveLength(2);
    const attempts = mock.to('/1.0/me');
    expect(attempts.map((r) => r.headers['x-ovh-timestamp'])).toEqual(['1700000000', '1700000600']);
    expect(attempts.every((r) => r.signatureValid)).toBe(true);
  });

  it('a retry that starts while a re-sync is under way waits for it and signs with the new server time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    let syncs = 0;
    let aRefused!: () => void;
    let bRefused!: () => void;
    const aDone = new Promise<void>((resolve) => (aRefused = resolve));
    const bDone = new Promise<void>((resolve) => (bRefused = resolve));
    mock.on('GET', '/auth/time', async () => {
      syncs++;
      if (syncs === 2) {
        await bDone; // the re-sync is still in flight when /b is retried
        await sleep(50);
      }
      return HttpResponse.json(Math.floor(Date.now() / 1000) + mock.serverOffset);
    });
    mock.on('GET', '/a', ({ attempt }) => {
      if (attempt > 1) return HttpResponse.json({ a: 1 });
      mock.serverOffset = 600;
      aRefused();
      return ovhError(400, TIME_OUT); // drops the client's delta
    });
    mock.on('GET', '/b', async ({ attempt }) => {
      if (attempt > 1) return HttpResponse.json({ b: 1 });
      await aDone; // answers after /a has dropped the delta
      await sleep(20);
      bRefused();
      return ovhError(503, { message: 'busy' });
    });
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = makeClient();
    await ovh.get('/me'); // syncs the clock first
    const [a, b] = await Promise.all([ovh.get('/a'), ovh.get('/b', { retry: { baseDelay: 1 } })]);
    expect([a, b]).toEqual([{ a: 1 }, { b: 1 }]);
    expect(syncs).toBe(2);
    const retried = mock.to('/1.0/b');
    expect(retried.map((r) => r.headers['x-ovh-timestamp'])).toEqual(['1700000000', '1700000600']);
    expect(retried.every((r) => r.signatureValid)).toBe(true);
  });

  it('totalTimeout starts with the first attempt: a slow first clock sync is not counted in it', async () => {
    mock.on('GET', '/auth/time', async () => {
      await sleep(200);
      return HttpResponse.json(Math.floor(Date.now() / 1000));
    });
    mock.on('GET', '/me', () => HttpResponse.json({ nichandle: 'ab1-ovh' }));
    expect(await makeClient().get('/me', { totalTimeout: 100 })).toEqual({ nichandle: 'ab1-ovh' });
    expect(mock.to('/1.0/me')).toHaveLength(1);
  });

  it('a recovery (the clock re-synced, the call sent once more) stays within the same totalTimeout', async () => {
    let syncs = 0;
    mock.on('GET', '/auth/time', async () => {
      if (++syncs === 2) await sleep(300); // the re-sync ends past the call's 300 ms
      return HttpResponse.json(Math.floor(Date.now() / 1000));
    });
    mock.on('GET', '/me', async ({ attempt }) => {
      if (attempt > 1) return HttpResponse.json({ nichandle: 'ab1-ovh' });
      await sleep(60);
      return ovhError(400, TIME_OUT);
    });
    const ovh = makeClient();
    await ovh.timeDelta();
    const error = await ovh.get('/me', { totalTimeout: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 300 });
    expect(syncs).toBe(2);
    expect(mock.to('/1.0/me')).toHaveLength(1);
  });

  it('QUERY_TIME_OUT twice: exactly 2 attempts, 2 syncs, then AuthenticationError', async () => {
    mock.on('GET', '/me', () => ovhError(400, TIME_OUT, { 'X-Ovh-QueryID': 'EU.ext-1.abc' }));
    const ovh = makeClient();
    const error = await ovh.get('/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 400, errorCode: 'QUERY_TIME_OUT', queryId: 'EU.ext-1.abc', method: 'GET', path: '/me' });
    expect(mock.to('/1.0/me')).toHaveLength(2);
    expect(timeCalls()).toHaveLength(2);
  });

  it('a POST refused for its timestamp is retried once too (it was not executed)', async () => {
    mock.on('POST', '/me/thing', ({ attempt }) => (attempt === 1 ? ovhError(400, TIME_OUT) : HttpResponse.json({ id: 1 })));
    const ovh = makeClient();
    expect(await ovh.post('/me/thing', { a: 1 })).toEqual({ id: 1 });
    const attempts = mock.to('/1.0/me/thing');
    expect(attempts).toHaveLength(2);
    expect(attempts.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
    expect(attempts.every((r) => r.signatureValid)).toBe(true);
  });
});

describe('only a timestamp refusal triggers the re-sync', () => {
  it('a 5xx whose message mentions a timestamp is not treated as a clock error (a POST is not re-sent)', async () => {
    mock.on('POST', '/me/thing', () =>
      ovhError(500, { class: 'Server::InternalServerError', message: 'Internal error while storing the creation timestamp' }),
    );
    const error = await makeClient()
      .post('/me/thing', {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServerError', status: 500 });
    expect(mock.to('/1.0/me/thing')).toHaveLength(1);
    expect(timeCalls()).toHaveLength(1);
  });

  it('a 401 timestamp refusal without an errorCode still re-syncs once', async () => {
    mock.on('GET', '/me', ({ attempt }) =>
      attempt === 1 ? ovhError(401, { class: 'Client::Unauthorized', message: 'Query timestamp is out of window' }) : HttpResponse.json({ ok: 1 }),
    );
    expect(await makeClient().get('/me')).toEqual({ ok: 1 });
    expect(mock.to('/1.0/me')).toHaveLength(2);
    expect(timeCalls()).toHaveLength(2);
  });

  it('a 404 whose message mentions a clock does not re-sync either', async () => {
    mock.on('GET', '/dedicated/server/clock', () => ovhError(404, { message: 'The requested object (clock) does not exist' }));
    await makeClient()
      .get('/dedicated/server/clock')
      .catch(() => undefined);
    expect(mock.to('/1.0/dedicated/server/clock')).toHaveLength(1);
    expect(timeCalls()).toHaveLength(1);
  });
});

describe('every attempt is signed afresh', () => {
  it('a GET retried after a 503 that crosses a second boundary carries a new timestamp and a valid new signature (fake Date)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_200);
    mock.on('GET', '/me/api/credential', ({ attempt }) => {
      if (attempt === 1) {
        vi.setSystemTime(1_700_000_001_700);
        return ovhError(503, { message: 'Service Unavailable' });
      }
      return HttpResponse.json([7]);
    });
    const ovh = makeClient();
    expect(await ovh.get('/me/api/credential', { query: { status: 'validated' } })).toEqual([7]);
    const [first, second] = mock.to('/1.0/me/api/credential');
    expect(first?.headers['x-ovh-timestamp']).toBe('1700000000');
    expect(second?.headers['x-ovh-timestamp']).toBe('1700000002');
    expect(second?.headers['x-ovh-signature']).not.toBe(first?.headers['x-ovh-signature']);
    for (const rec of [first!, second!]) {
      expect(rec.signatureValid).toBe(true);
      expect(rec.headers['x-ovh-signature']).toBe(
        referenceSignature(KEYS.applicationSecret, KEYS.consumerKey, 'GET', rec.url, '', rec.headers['x-ovh-timestamp']!),
      );
    }
  });

  it('a PUT retried after a 1.1 s answer re-signs the same body with its own timestamp (fake Date)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_200);
    mock.on('PUT', '/me/api/credential/42', ({ attempt }) => {
      if (attempt === 1) {
        vi.setSystemTime(Date.now() + 1100); // the gateway took 1.1 s to give up
        return ovhError(502, { message: 'Bad gateway' });
      }
      return new HttpResponse(null, { status: 200 });
    });
    const ovh = makeClient();
    await ovh.put('/me/api/credential/42', { allowedIPs: ['10.0.0.0/8'] });
    const attempts = mock.to('/1.0/me/api/credential/42');
    expect(attempts).toHaveLength(2);
    expect(attempts.map((r) => r.headers['x-ovh-timestamp'])).toEqual(['1700000000', '1700000001']);
    expect(attempts.map((r) => r.body)).toEqual(['{"allowedIPs":["10.0.0.0/8"]}', '{"allowedIPs":["10.0.0.0/8"]}']);
    expect(attempts.every((r) => r.signatureValid)).toBe(true);
  });
});
