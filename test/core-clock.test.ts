import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, ResponseValidationError } from '../src/core/errors.js';
import { OvhSimulator } from '../src/testing/index.js';
import { settle, useFakeTime } from './helpers/clock.js';
import { KEYS, makeClient, ovhError, referenceSignature, setupMockApi, sleep } from './helpers/msw.js';
import { clientOn } from './helpers/resource-mocks.js';

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
    await expect(first).rejects.toMatchObject({ name: 'OvhAbortError' });
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
    // The server says 1 699 996 400 (its whole second); local reads 1 700 000 000.6: the floored delta and the
    // floored local time add up to the server's second, not one more (python-ovh's and go-ovh's arithmetic).
    expect(mock.to('/1.0/me')[0]?.headers['x-ovh-timestamp']).toBe(String(1_700_000_000 - 3600));
    expect(await ovh.timeDelta()).toBe(-3600);
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
    expect(second?.headers['x-ovh-timestamp']).toBe('1700000001');
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

/**
 * A simulator on fake time (`useFakeTime()`: run calls with `settle()`) and a client of it whose requests to some
 * paths take a while: `slow(path, n)` is how many ms the n-th request to `path` (no `/1.0`) waits before it is served.
 */
function slowServer(slow: (path: string, n: number) => number) {
  useFakeTime();
  const sim = new OvhSimulator({ now: () => Date.now(), seed: 'minimal' });
  const seen = new Map<string, number>();
  const ovh = clientOn(sim, {
    now: () => Date.now(),
    retry: { baseDelay: 1, maxDelay: 5 },
    fetch: async (input, init) => {
      const path = new URL(new Request(input, init).url).pathname.replace(/^\/1\.0/, '');
      const n = (seen.get(path) ?? 0) + 1;
      seen.set(path, n);
      const ms = slow(path, n);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      return sim.fetch(input, init);
    },
  });
  const sent = (path: string) => sim.requests.filter((r) => new URL(r.url).pathname.replace(/^\/1\.0/, '') === path);
  return { sim, ovh, sent };
}

describe('the clock under totalTimeout and retries (fake time)', () => {
  it('totalTimeout starts with the first attempt: a slow first clock sync is not counted in it', async () => {
    const { ovh, sent } = slowServer((path) => (path === '/auth/time' ? 200 : 0));
    const started = Date.now();
    await expect(settle(ovh.credentials.list({}, { totalTimeout: 100 }))).resolves.toEqual(expect.any(Array));
    expect(Date.now() - started).toBe(200);
    expect(sent('/me/api/credential')).toHaveLength(1);
  });

  it('a recovery (the clock re-synced, the call sent once more) stays within the same totalTimeout', async () => {
    // The first read is refused for its timestamp after 60 ms; the re-sync then takes 300 ms, past the call's 300 ms:
    // ky bounds the recovery by the same totalTimeout, so the call ends at 300 ms, not when the re-sync ends.
    const { sim, ovh, sent } = slowServer((path, n) => (path === '/me/api/credential' && n === 1 ? 60 : path === '/auth/time' && n === 2 ? 300 : 0));
    await settle(ovh.timeDelta());
    sim.setSkew(600);
    const started = Date.now();
    const error = await settle(ovh.credentials.list({}, { totalTimeout: 300 }).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'OvhTimeoutError', timeoutMs: 300 });
    expect(Date.now() - started).toBe(300);
    // The re-sync itself goes on (the next call shares it) and reaches the server.
    await settle(ovh.timeDelta());
    expect(sent('/auth/time')).toHaveLength(2);
    expect(sent('/me/api/credential')).toHaveLength(1);
  });

  it('a retry that starts while a re-sync is under way waits for it and signs with the new server time', async () => {
    // Both reads go out on a stale clock: the credentials' is refused for it at once (a re-sync starts, 150 ms long),
    // the applications' is answered 503 after 50 ms and retried while that re-sync is still under way.
    const { sim, ovh, sent } = slowServer((path, n) => (path === '/me/api/application' && n === 1 ? 50 : path === '/auth/time' && n === 2 ? 150 : 0));
    await settle(ovh.timeDelta());
    sim.setSkew(600);
    sim.failNext({ method: 'GET', path: '/me/api/application', status: 503, body: { message: 'busy' } });
    const started = Date.now();
    const [credentials, applications] = await settle(Promise.all([ovh.credentials.list(), ovh.applications.list()]));
    expect(credentials).toEqual(expect.any(Array));
    expect(applications).toEqual(expect.any(Array));
    expect(sent('/auth/time')).toHaveLength(2);
    const retried = sent('/me/api/application');
    expect(retried).toHaveLength(2);
    // The retry went out once the re-sync had answered (150 ms in), stamped with the server's time, 600 s ahead.
    expect(Date.now() - started).toBe(150);
    const { applicationSecret, consumerKey } = sim.defaults;
    const stamp = retried[1]?.headers['x-ovh-timestamp'] ?? '';
    expect(Number(stamp)).toBe(Math.round(Date.now() / 1000) + 600);
    expect(retried[1]?.headers['x-ovh-signature']).toBe(referenceSignature(applicationSecret, consumerKey, 'GET', retried[1]?.url ?? '', '', stamp));
  });
});

describe('one re-sync per wave of refusals (issue 22, 5)', () => {
  it('50 calls refused for their timestamp, answered over 50 ms, cause exactly one /auth/time; each succeeds on its one recovery', async () => {
    // The n-th first attempt of GET /me is answered after n ms; the re-sync takes 5 ms, so most refusals come back
    // after it has answered: those were signed with the old delta, which is already replaced.
    const { sim, ovh, sent } = slowServer((path, n) => (path === '/me' && n <= 50 ? n : path === '/auth/time' && n === 2 ? 5 : 0));
    await settle(ovh.timeDelta());
    sim.setSkew(600);
    const answers = await settle(Promise.all(Array.from({ length: 50 }, () => ovh.get('/me'))));
    expect(answers).toHaveLength(50);
    expect(sent('/auth/time')).toHaveLength(2);
    // 50 refused (signed with the old delta), 50 retried once (stamped with the server's time, 600 s ahead)
    const attempts = sent('/me');
    expect(attempts).toHaveLength(100);
    const ahead = attempts.map((r) => Number(r.headers['x-ovh-timestamp']) - Math.round(Date.now() / 1000));
    expect(ahead.filter((s) => s === 0)).toHaveLength(50);
    expect(ahead.filter((s) => s === 600)).toHaveLength(50);
    expect(await settle(ovh.timeDelta())).toBe(600);
  });

  it('a refusal of a call signed after the re-sync still re-syncs: the server clock moved again', async () => {
    const { sim, ovh, sent } = slowServer(() => 0);
    await settle(ovh.timeDelta());
    sim.setSkew(600);
    await settle(ovh.get('/me'));
    sim.setSkew(-600);
    await settle(ovh.get('/me'));
    expect(sent('/auth/time')).toHaveLength(3);
    expect(await settle(ovh.timeDelta())).toBe(-600);
  });
});

describe('an /auth/time that is not a plausible server time is refused, never signed with (issue 22, 5)', () => {
  const YEAR_2200 = Date.UTC(2200, 0, 1) / 1000;
  it.each([0, -1, 946_684_799, 1_735_732_800.5, YEAR_2200, 10_000_000_000, 2 ** 53 - 1])('%s', async (value) => {
    const { sim, ovh, sent } = slowServer(() => 0);
    sim.failNext({ method: 'GET', path: '/auth/time', status: 200, body: value });
    const error = await settle(ovh.get('/me').catch((e: unknown) => e));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ method: 'GET', path: '/auth/time' });
    expect((error as Error).message).toContain(`(got ${value})`);
    expect((error as Error).message).toMatch(/server time/);
    expect(sent('/me')).toHaveLength(0);

    // The next call syncs again, on a sane answer, and signs with it.
    await settle(ovh.get('/me'));
    expect(sent('/me')).toHaveLength(1);
    expect(sent('/auth/time')).toHaveLength(2);

    // ovh.auth.time() refuses it the same way.
    sim.failNext({ method: 'GET', path: '/auth/time', status: 200, body: value });
    await expect(settle(ovh.auth.time())).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('the range holds the times a real server has: 2000-01-01 and the last second before 2200', async () => {
    const { sim, ovh } = slowServer(() => 0);
    for (const value of [946_684_800, YEAR_2200 - 1]) {
      sim.failNext({ method: 'GET', path: '/auth/time', status: 200, body: value });
      expect(await settle(ovh.auth.time())).toBe(value);
    }
  });
});
