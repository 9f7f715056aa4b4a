// Fault injection against the simulator served on loopback: every request goes through the client's real default
// fetch and a real socket, so connection resets, slow answers and odd bodies are met exactly as in production.
// Tests about how long the client waits (timeouts, backoff, Retry-After, cancellation) run the same simulator in
// process on fake time instead, and assert on the clock the client reads; one Retry-After test stays on real time.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  OvhAbortError,
  AuthenticationError,
  NetworkError,
  OvhClient,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  OvhTimeoutError,
  accessRules,
  type OvhClientOptions,
  type RetryEvent,
} from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { OvhSimulator, SIM_PROJECT_ID, serve, WebPaasSimulator } from '../src/testing/index.js';
import { retryAfterSeconds } from '../src/core/errors.js';
import { freezeDate, manualClock, settle, T0, useFakeTime } from './helpers/clock.js';
import { clientOn } from './helpers/resource-mocks.js';

const FAST_RETRY = { baseDelay: 5, maxDelay: 20 } as const;

interface Loopback {
  sim: OvhSimulator;
  base: string;
  ovh: OvhClient;
  retries: RetryEvent[];
  /** Requests the simulator saw for `METHOD /api/path` (no `/1.0`, no query string). */
  count(method: string, path: string): number;
}

/** A simulator on 127.0.0.1 and a signed client on its seeded keys, using the default fetch (no `fetch` option). */
async function loopback(options: OvhClientOptions = {}, seed: boolean | 'minimal' = 'minimal'): Promise<Loopback> {
  const sim = new OvhSimulator({ now: manualClock(), seed });
  const base = await sim.listen();
  onTestFinished(() => sim.close());
  const retries: RetryEvent[] = [];
  const ovh = new OvhClient({
    baseUrl: base,
    ...sim.defaults,
    configFile: false,
    env: {},
    retry: FAST_RETRY,
    onRetry: (event) => retries.push(event),
    ...options,
  });
  const count = (method: string, path: string) =>
    sim.requests.filter((r) => r.method === method && new URL(r.url).pathname.replace(/^\/1\.0/, '') === path).length;
  return { sim, base, ovh, retries, count };
}

/**
 * The same simulator and client as `loopback()`, in process (`fetch: sim.fetch`, no socket) and on fake time
 * (`useFakeTime()`): run calls with `settle()`, and `Date.now()` tells how long the client waited.
 */
function onFakeTime(options: OvhClientOptions = {}, seed: boolean | 'minimal' = 'minimal'): Loopback {
  useFakeTime();
  const sim = new OvhSimulator({ now: manualClock(), seed });
  const retries: RetryEvent[] = [];
  const ovh = clientOn(sim, { retry: FAST_RETRY, onRetry: (event) => retries.push(event), ...options });
  const count = (method: string, path: string) =>
    sim.requests.filter((r) => r.method === method && new URL(r.url).pathname.replace(/^\/1\.0/, '') === path).length;
  return { sim, base: ovh.baseUrl, ovh, retries, count };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, 'expected the call to fail').toBeInstanceOf(Error);
  return outcome as Error;
}

const ME = '/me/api/credential';

describe('connection resets (dropNext) over a real socket', () => {
  it('a GET whose connection is reset is retried and succeeds; onRetry says "network"', async () => {
    const { sim, ovh, retries, count } = await loopback();
    sim.dropNext({ method: 'GET', path: ME });
    const ids = await ovh.credentials.list();
    expect(ids.length).toBeGreaterThan(0);
    expect(count('GET', ME)).toBe(2);
    expect(retries).toEqual([{ method: 'GET', path: ME, attempt: 1, reason: 'network' }]);
  });

  it('a GET reset on every attempt → NetworkError after 1 + limit attempts', async () => {
    const { sim, ovh, retries, count } = await loopback();
    sim.dropNext({ method: 'GET', path: ME, times: 5 });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(OvhTimeoutError);
    expect(error).toMatchObject({ method: 'GET', path: ME });
    expect(error.message).toMatch(/failed before any response/);
    expect(count('GET', ME)).toBe(3);
    expect(retries.map((r) => r.reason)).toEqual(['network', 'network']);
  });

  it('POST /auth/credential whose connection is reset is sent exactly once → NetworkError', async () => {
    const { sim, ovh, count } = await loopback();
    sim.dropNext({ method: 'POST', path: '/auth/credential' });
    const error = await failure(ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(count('POST', '/auth/credential')).toBe(1);
  });
});

describe('timeouts', () => {
  it('a response slower than `timeout` → OvhTimeoutError (not NetworkError), each GET attempt retried', async () => {
    const { sim, ovh, retries, count } = onFakeTime();
    await settle(ovh.timeDelta()); // sync the clock before the server turns slow
    sim.setLatency(400);
    const started = Date.now();
    const error = await failure(settle(ovh.credentials.list({}, { timeout: 60 })));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(error).not.toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ method: 'GET', path: ME, timeoutMs: 60 });
    expect(retries.map((r) => r.reason)).toEqual(['timeout', 'timeout']);
    expect(count('GET', ME)).toBe(3);
    // three attempts cut at 60 ms each, and two backoffs of at most 5 and 10 ms: never the slow answer's 400 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 60);
    expect(Date.now() - started).toBeLessThanOrEqual(3 * 60 + 5 + 10);
  });

  it('a POST that times out is not re-sent', async () => {
    const { sim, ovh, count } = await loopback();
    sim.setLatency(400);
    const error = await failure(ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') }, { timeout: 60 }));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(count('POST', '/auth/credential')).toBe(1);
  });

  it('totalTimeout bounds the whole call, retries and backoff included', async () => {
    const { sim, ovh, count } = onFakeTime({ retry: { limit: 50, baseDelay: 40, maxDelay: 40 } });
    await settle(ovh.timeDelta());
    sim.failNext({ method: 'GET', path: ME, status: 503, body: { message: 'maintenance' }, times: 100 });
    const started = Date.now();
    const error = await failure(settle(ovh.credentials.list({}, { totalTimeout: 300 })));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect((error as OvhTimeoutError).timeoutMs).toBe(300);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThanOrEqual(300 + 40); // at most the backoff under way when it ran out
    expect(count('GET', ME)).toBeGreaterThan(1); // it did retry until then
  });

  it('an AbortSignal stops a call waiting in backoff → OvhAbortError, no further attempt', async () => {
    const { sim, ovh, count } = onFakeTime({ retry: { baseDelay: 5_000, maxDelay: 5_000 } });
    await settle(ovh.timeDelta());
    vi.spyOn(Math, 'random').mockReturnValue(0.99); // full jitter would otherwise sometimes pick a tiny delay
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    sim.failNext({ method: 'GET', path: ME, status: 503, body: { message: 'maintenance' }, times: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const error = await failure(settle(ovh.credentials.list({}, { signal: controller.signal })));
    expect(error).toBeInstanceOf(OvhAbortError);
    expect(Date.now() - started).toBe(150); // at the abort, not at the end of the 4.95 s backoff
    expect(count('GET', ME)).toBe(1);
  });
});

describe('backoff', () => {
  it('full jitter spreads each wait over [0, the capped delay], not over the uncapped one', async () => {
    // With random() = 0.5 every wait is half of min(maxDelay, baseDelay × 2^n): 50, 100, 200, 200 ms here. Jitter
    // taken before the cap would wait min(maxDelay, 0.5 × 800) = 400 ms the fourth time: waits pile up at the cap.
    const at: number[] = [];
    const { sim, ovh } = onFakeTime({ retry: { limit: 4, baseDelay: 100, maxDelay: 400 }, onRetry: () => at.push(Date.now()) });
    await settle(ovh.timeDelta());
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    sim.failNext({ method: 'GET', path: ME, status: 503, body: { message: 'maintenance' }, times: 4 });
    const started = Date.now();
    await settle(ovh.credentials.list());
    const waits = at.map((t, i) => t - (i === 0 ? started : (at[i - 1] as number)));
    expect(waits).toEqual([50, 100, 200, 200]);
  });
});

describe('rate limits and server errors', () => {
  it('429 without Retry-After: retried with backoff, then the value', async () => {
    const { sim, ovh, retries, count } = await loopback();
    sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'Too many requests' }, times: 2 });
    await ovh.credentials.list();
    expect(count('GET', ME)).toBe(3);
    expect(retries.map((r) => r.reason)).toEqual([429, 429]);
  });

  it('429 with Retry-After in seconds: the retry waits that long', async () => {
    const { sim, ovh } = await loopback({ retry: { baseDelay: 1, maxDelay: 5_000 } });
    await ovh.timeDelta();
    sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers: { 'Retry-After': '1' } });
    const started = performance.now();
    await ovh.credentials.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('429 with Retry-After as an HTTP date: the retry waits until then', async () => {
    const sent: number[] = [];
    const { sim } = onFakeTime();
    const ovh = new OvhClient({
      endpoint: 'ovh-eu',
      ...sim.defaults,
      configFile: false,
      env: {},
      retry: { baseDelay: 1, maxDelay: 5_000 },
      fetch: (input, init) => {
        if (new Request(input, init).url.endsWith(ME)) sent.push(Date.now());
        return sim.fetch(input, init);
      },
    });
    await settle(ovh.timeDelta());
    vi.setSystemTime(T0 + 300); // 0.3 s into a second: the date below is 1.7 s away
    const at = new Date(T0 + 2_000);
    sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers: { 'Retry-After': at.toUTCString() } });
    await settle(ovh.credentials.list());
    // The second attempt is sent at the date the server gave, not after the tiny backoff.
    expect(sent).toEqual([T0 + 300, at.getTime()]);
  });

  it.each(['3600', '1000000000'])(
    'a 429 whose Retry-After (%s) is longer than maxDelay is not retried early: RateLimitError at once, saying when to come back',
    async (retryAfter) => {
      const { sim, ovh, count, retries } = onFakeTime({ retry: { limit: 1, baseDelay: 1, maxDelay: 50 } });
      await settle(ovh.timeDelta());
      sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers: { 'Retry-After': retryAfter } });
      const started = Date.now();
      const error = await failure(settle(ovh.credentials.list()));
      expect(Date.now() - started).toBe(0); // neither the hour asked for, nor a retry at maxDelay
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: Number(retryAfter) });
      expect(error.message).toMatch(new RegExp(`Wait ${retryAfter}s before retrying`));
      expect(count('GET', ME)).toBe(1);
      expect(retries).toEqual([]);
    },
  );

  it('a 503 whose Retry-After is longer than maxDelay: ServerError at once, saying when to come back', async () => {
    const { sim, ovh, count } = onFakeTime({ retry: { baseDelay: 1, maxDelay: 10_000 } });
    await settle(ovh.timeDelta());
    sim.failNext({ method: 'GET', path: ME, status: 503, body: { message: 'maintenance' }, headers: { 'Retry-After': '3600' } });
    const started = Date.now();
    const error = await failure(settle(ovh.credentials.list()));
    expect(Date.now() - started).toBe(0);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, retryAfterSeconds: 3600 });
    expect(error.message).toMatch(/asked to wait 3600s before retrying/);
    expect(count('GET', ME)).toBe(1);
  });

  it.each([
    [{ 'RateLimit-Reset': '3600' }, 3600],
    [{ 'X-RateLimit-Retry-After': '600' }, 600],
    [{ 'X-RateLimit-Reset': 'EPOCH+900' }, 900],
    [{ 'X-Rate-Limit-Reset': 'EPOCH+86400' }, 86400],
  ])('a 429 whose %j (no Retry-After) asks for longer than maxDelay: RateLimitError at once, saying when', async (given, seconds) => {
    const { sim, ovh, count, retries } = onFakeTime({ retry: { baseDelay: 1, maxDelay: 10_000 } });
    await settle(ovh.timeDelta());
    const headers = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, v.startsWith('EPOCH+') ? String(Date.now() / 1000 + Number(v.slice(6))) : v]),
    );
    sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers });
    const started = Date.now();
    const error = await failure(settle(ovh.credentials.list()));
    expect(Date.now() - started).toBe(0);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: seconds });
    expect(count('GET', ME)).toBe(1);
    expect(retries).toEqual([]);
  });

  it('a Retry-After of exactly maxDelay is waited, then retried', async () => {
    const { sim, ovh, count } = onFakeTime({ retry: { baseDelay: 1, maxDelay: 2_000 } });
    await settle(ovh.timeDelta());
    sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers: { 'Retry-After': '2' } });
    const started = Date.now();
    await settle(ovh.credentials.list());
    expect(Date.now() - started).toBe(2_000);
    expect(count('GET', ME)).toBe(2);
  });

  it.each([
    [429, { 'RateLimit-Reset': '2' }, 2_000],
    [429, { 'X-RateLimit-Retry-After': '1' }, 1_000],
    [429, { 'X-RateLimit-Reset': 'EPOCH+3' }, 3_000],
    [503, { 'Retry-After': '2' }, 2_000],
  ])('%i with %j and no Retry-After: the retry waits what it says', async (status, given, waited) => {
    const { sim, ovh } = onFakeTime({ retry: { baseDelay: 1, maxDelay: 5_000 } });
    await settle(ovh.timeDelta());
    // An epoch reset (GitHub's X-RateLimit-Reset) is a time, not a number of seconds to wait.
    const headers = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v === 'EPOCH+3' ? String(Date.now() / 1000 + 3) : v]));
    sim.failNext({ method: 'GET', path: ME, status, body: { message: 'slow down' }, headers });
    const started = Date.now();
    await settle(ovh.credentials.list());
    expect(Date.now() - started).toBe(waited);
  });

  it.each(['later', 'Dec 25 2099', 'Tue, 31 Feb 2099 00:00:00 GMT', 'Fri, 25 Dec 2099 00:00:00 PST'])(
    'a Retry-After that cannot be read (%j) falls back to the backoff',
    async (retryAfter) => {
      const { sim, ovh } = onFakeTime({ retry: { baseDelay: 100, maxDelay: 5_000 } });
      await settle(ovh.timeDelta());
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      onTestFinished(() => {
        vi.restoreAllMocks();
      });
      sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers: { 'Retry-After': retryAfter } });
      const started = Date.now();
      await settle(ovh.credentials.list());
      expect(Date.now() - started).toBe(50);
    },
  );

  it('a Retry-After longer than what is left of totalTimeout → OvhTimeoutError when it runs out, not a late retry', async () => {
    const { sim, ovh, count } = onFakeTime({ retry: { baseDelay: 1, maxDelay: 60_000 } });
    await settle(ovh.timeDelta());
    sim.failNext({ method: 'GET', path: ME, status: 429, body: { message: 'slow down' }, headers: { 'Retry-After': '10' } });
    const started = Date.now();
    const error = await failure(settle(ovh.credentials.list({}, { totalTimeout: 2_000 })));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 2_000 });
    expect(Date.now() - started).toBe(2_000);
    expect(count('GET', ME)).toBe(1);
  });

  it.each([502, 503, 504])('%i on a GET is retried until it succeeds', async (status) => {
    const { sim, ovh, retries, count } = await loopback();
    sim.failNext({ method: 'GET', path: ME, status, body: { class: 'Server::Error', message: 'upstream' }, times: 2 });
    await expect(ovh.credentials.list()).resolves.toEqual(expect.any(Array));
    expect(count('GET', ME)).toBe(3);
    expect(retries.map((r) => r.reason)).toEqual([status, status]);
  });

  it('500 is not retried (the request may have been executed) → ServerError with the query id', async () => {
    const { sim, ovh, retries, count } = await loopback();
    sim.failNext({ method: 'DELETE', path: `${ME}/*`, status: 500, body: { class: 'Server::InternalServerError', message: 'boom' } });
    const error = await failure(ovh.credentials.delete(1));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, apiMessage: 'boom', queryId: expect.stringMatching(/^EU\./) });
    expect(count('DELETE', `${ME}/1`)).toBe(1);
    expect(retries).toEqual([]);
  });

  it('an HTML 502 page is retried like any 502, and ends as a readable ServerError', async () => {
    const { sim, ovh, count } = await loopback();
    const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
    sim.failNext({ method: 'GET', path: ME, status: 502, body: html, headers: { 'content-type': 'text/html' }, times: 3 });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/GET \/me\/api\/credential failed with 502: non-JSON error page/);
    expect(error.message).not.toContain('<html>');
    expect(count('GET', ME)).toBe(3);
  });

  it('POST /auth/credential under a 503 is sent exactly once; with retry: { methods: ["POST"] } it is retried', async () => {
    const { sim, ovh, retries, count } = await loopback();
    const rules = accessRules.readOnly('/me');
    sim.failNext({ method: 'POST', path: '/auth/credential', status: 503, body: { message: 'maintenance' } });
    const error = await failure(ovh.auth.requestConsumerKey({ accessRules: rules }));
    expect(error).toBeInstanceOf(ServerError);
    expect(count('POST', '/auth/credential')).toBe(1);
    expect(retries).toEqual([]);
    const pendingBefore = [...sim.state.credentials.values()].filter((c) => c.status === 'pendingValidation').length;

    sim.failNext({ method: 'POST', path: '/auth/credential', status: 503, body: { message: 'maintenance' } });
    const pending = await ovh.auth.requestConsumerKey({ accessRules: rules }, { retry: { methods: ['POST'] } });
    expect(pending.state).toBe('pendingValidation');
    expect(count('POST', '/auth/credential')).toBe(3);
    expect(retries).toEqual([{ method: 'POST', path: '/auth/credential', attempt: 1, reason: 503 }]);
    // the 503 executed nothing: exactly one new key exists
    expect([...sim.state.credentials.values()].filter((c) => c.status === 'pendingValidation')).toHaveLength(pendingBefore + 1);
  });

  it('every attempt and every retry reaches the logger as a debug line, with status, time and query id, without secrets', async () => {
    const debug = vi.fn();
    const { sim, ovh } = await loopback({ logger: { debug, warn: vi.fn() } });
    sim.failNext({ method: 'GET', path: ME, status: 503, body: { message: 'x' } });
    sim.dropNext({ method: 'GET', path: ME });
    await ovh.credentials.list();
    const lines = debug.mock.calls.map(([line]) => String(line));
    const attempt = (status: number) => new RegExp(`^ovh-credentials: GET ${ME} → ${status} in \\d+ ms \\(query id EU\\.ext-[\\w.-]+\\)$`);
    expect(lines).toEqual([
      expect.stringMatching(/^ovh-credentials: GET \/auth\/time → 200 in \d+ ms/),
      expect.stringMatching(attempt(503)),
      `ovh-credentials: retry 1 of GET ${ME} (503)`,
      `ovh-credentials: retry 2 of GET ${ME} (network)`,
      expect.stringMatching(attempt(200)),
    ]);
    for (const secret of [sim.defaults.applicationSecret, sim.defaults.consumerKey]) expect(lines.join('\n')).not.toContain(secret);
  });
});

describe('bodies that are not what was expected', () => {
  it('malformed JSON in a 200 → ResponseValidationError with the query id (not retried)', async () => {
    const { sim, ovh, count } = await loopback();
    sim.failNext({ method: 'GET', path: ME, status: 200, body: '[1, 2, ', headers: { 'content-type': 'application/json' } });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/not JSON/);
    expect((error as ResponseValidationError).queryId).toMatch(/^EU\./);
    expect(count('GET', ME)).toBe(1);
  });

  it('an HTML 200 (a captive portal) → ResponseValidationError that says so', async () => {
    const { sim, ovh } = await loopback();
    sim.failNext({
      method: 'GET',
      path: ME,
      status: 200,
      body: '<html><body>Sign in to the Wi-Fi</body></html>',
      headers: { 'content-type': 'text/html' },
    });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/an HTML page/);
    expect(error.message).toMatch(/check baseUrl/);
  });

  it('an empty 200 body where JSON was expected → ResponseValidationError naming the body', async () => {
    const { sim, ovh } = await loopback();
    sim.failNext({ method: 'GET', path: `${ME}/*`, status: 200 });
    const error = await failure(ovh.credentials.get(1));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.field).toBe('(body)');
    expect(error.message).toMatch(/GET \/me\/api\/credential\/1 returned data that does not match/);
  });

  it('an empty 200 body on a DELETE (no body expected) is a success', async () => {
    const { sim, ovh } = await loopback();
    const [id] = sim.seedCredentials(1, { status: 'expired' });
    await expect(ovh.credentials.delete(id!)).resolves.toBeUndefined();
    expect(sim.state.credentials.has(id!)).toBe(false);
  });

  it('an empty error body still says the status', async () => {
    const { sim, ovh } = await loopback();
    sim.failNext({ method: 'GET', path: ME, status: 500 });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/failed with 500: HTTP 500 with no error message/);
  });
});

describe('clock', () => {
  it.each([3600, -3600])('a server clock %i s off is survived transparently (one /auth/time)', async (skew) => {
    freezeDate(); // the client's clock reads T0, like the simulator's (before the client exists: it keeps Date.now)
    const { sim, ovh, count } = await loopback();
    sim.setSkew(skew);
    await ovh.credentials.list();
    await ovh.credentials.list();
    expect(count('GET', '/auth/time')).toBe(1);
    expect(await ovh.timeDelta()).toBe(skew);
    const signed = sim.requests.filter((r) => r.method === 'GET' && r.url.endsWith(ME));
    expect(signed.map((r) => r.headers['x-ovh-timestamp'])).toEqual([String(T0 / 1000 + skew), String(T0 / 1000 + skew)]);
  });

  it('a jump of the server clock mid-session: the timestamp refusal re-syncs once and the call succeeds', async () => {
    const { sim, ovh, count } = await loopback();
    await ovh.credentials.list();
    sim.setSkew(3600);
    await ovh.credentials.list();
    sim.setSkew(-3600);
    const created = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI', flow: 'CLIENT_CREDENTIALS' });
    expect(created.clientId).toBeTruthy();
    expect(count('GET', '/auth/time')).toBe(3);
    // each refused request was sent once more, never more
    expect(count('GET', ME)).toBe(3);
    expect(count('POST', '/me/api/oauth2/client')).toBe(2);
    expect(sim.state.oauth2Clients.size).toBe(1);
  });

  it('a clock that keeps refusing → AuthenticationError after exactly one re-sync', async () => {
    const { sim, ovh, count } = await loopback();
    await ovh.timeDelta();
    sim.failNext({
      method: 'GET',
      path: ME,
      status: 400,
      body: { class: 'Client::BadRequest', errorCode: 'QUERY_TIME_OUT', message: 'Query out of time' },
      times: 2,
    });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/check the system clock/);
    expect(count('GET', ME)).toBe(2);
    expect(count('GET', '/auth/time')).toBe(2);
  });
});

describe('credentials that stop working', () => {
  it('an expired consumer key → AuthenticationError saying to request a new one, not retried', async () => {
    const { sim, ovh, retries, count } = await loopback();
    await ovh.credentials.list();
    sim.expireCredential(sim.defaults.consumerKey);
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, errorCode: 'INVALID_CREDENTIAL' });
    expect(error.message).toMatch(/expired or revoked: request a new one/);
    expect(count('GET', ME)).toBe(2);
    expect(retries).toEqual([]);
  });

  it('a deleted service account: the 401 triggers one token refresh, then AuthenticationError saying the account may be gone', async () => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    const base = await sim.listen();
    onTestFinished(() => sim.close());
    const { clientId, clientSecret } = sim.createOAuth2Client({ name: 'ci' });
    sim.createPolicy({
      name: 'ci',
      identities: [sim.state.oauth2Clients.get(clientId)!.identity],
      resources: [sim.accountUrn],
      permissions: { allow: [{ action: 'account:apiovh:me/api/oauth2/client/get' }] },
    });
    const ovh = new OvhClient({ baseUrl: base, clientId, clientSecret, configFile: false, env: {}, retry: FAST_RETRY });
    const count = (method: string, path: string) => sim.requests.filter((r) => r.method === method && new URL(r.url).pathname === path).length;

    expect(await ovh.oauth2Clients.list()).toEqual([clientId]);
    expect(count('POST', '/auth/oauth2/token')).toBe(1);
    expect(sim.deleteOAuth2Client(clientId)).toBe(true);

    const error = await failure(ovh.oauth2Clients.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/Invalid client credentials/);
    expect(error.message).toMatch(/service account still exists/);
    expect(error.message).not.toContain(clientSecret);
    expect(count('GET', '/1.0/me/api/oauth2/client')).toBe(2);
    expect(count('POST', '/auth/oauth2/token')).toBe(2);
    // no tokenUrl given: with a custom baseUrl, tokens come from that origin (the client secret goes nowhere else)
    const tokenRequests = sim.requests.filter((r) => r.url.endsWith('/auth/oauth2/token'));
    expect(tokenRequests.map((r) => new URL(r.url).origin)).toEqual([sim.origin, sim.origin]);
  });
});

describe('cancellation: every method takes a signal', () => {
  it('each OVH method, cancelled while the server is slow → OvhAbortError, quickly', async () => {
    const { sim, ovh } = onFakeTime({}, true);
    await settle(ovh.timeDelta());
    sim.setLatency(2_000);
    const calls: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
      ['credentials.list', (signal) => ovh.credentials.list({}, { signal })],
      ['credentials.get', (signal) => ovh.credentials.get(1, { signal })],
      ['credentials.setAllowedIPs', (signal) => ovh.credentials.setAllowedIPs(1, null, { signal })],
      ['credentials.delete', (signal) => ovh.credentials.delete(1, { signal })],
      ['credentials.listDetails', (signal) => ovh.credentials.listDetails({}, { signal })],
      ['credentials.revokeAll', (signal) => ovh.credentials.revokeAll({ status: 'expired' }, { signal })],
      ['applications.list', (signal) => ovh.applications.list({ signal })],
      ['oauth2Clients.get', (signal) => ovh.oauth2Clients.get('EU.x', { signal })],
      ['aiTokens.list', (signal) => ovh.aiTokens.list(SIM_PROJECT_ID, { signal })],
      ['auth.details', (signal) => ovh.auth.details({ signal })],
      ['auth.requestConsumerKey', (signal) => ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') }, { signal })],
      ['raw get', (signal) => ovh.get('/me', { signal })],
    ];
    const started = Date.now();
    const outcomes = await settle(
      Promise.all(
        calls.map(async ([name, run]) => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(), 30);
          return [
            name,
            await run(controller.signal).then(
              () => 'resolved',
              (error: unknown) => (error as Error).name,
            ),
          ] as const;
        }),
      ),
    );
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(calls.map(([name]) => [name, 'OvhAbortError'])));
    expect(Date.now() - started).toBe(30); // at the abort, not when the slow server would answer
  });

  it('Web PaaS methods, cancelled while the server is slow → OvhAbortError', async () => {
    const paasSim = new WebPaasSimulator({ now: manualClock() });
    const apiUrl = await paasSim.listen();
    onTestFinished(() => paasSim.close());
    const paas = new WebPaasClient({ apiUrl, tokenUrl: paasSim.tokenUrl, apiToken: paasSim.createApiToken(), env: {}, retry: FAST_RETRY });
    const project = paasSim.defaults.project;
    await paas.variables.list({ project });
    paasSim.setLatency(2_000);
    const runs = [
      (signal: AbortSignal) => paas.variables.list({ project, environment: 'main' }, { signal }),
      (signal: AbortSignal) => paas.variables.create({ project, name: 'X', value: 'v' }, { signal }),
      (signal: AbortSignal) => paas.activities.get({ project, id: 'a1' }, { signal }),
    ];
    for (const run of runs) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      await expect(run(controller.signal)).rejects.toMatchObject({ name: 'OvhAbortError' });
    }
  });
});

// Once bugs (the body was read outside the attempt), fixed in the transport: kept as regression tests.
describe('the body is part of the attempt', () => {
  it('a response whose body stalls after the headers is bounded by `timeout`', async () => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    let stalled: ReadableStreamDefaultController<Uint8Array> | undefined;
    const server = await serve((request, context) => {
      if (new URL(request.url).pathname !== '/1.0/me/api/credential') return sim.handle(request, context);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          stalled = controller;
          controller.enqueue(new TextEncoder().encode('[1, 2, '));
        },
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json' } }));
    });
    const ovh = new OvhClient({ baseUrl: `${server.url}/1.0`, ...sim.defaults, configFile: false, env: {}, retry: false });
    await ovh.timeDelta(); // synced first: the 200 ms attempt starts right away, not after a clock round trip
    const call = ovh.credentials.list({}, { timeout: 200 }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    onTestFinished(async () => {
      stalled?.close(); // let the call end, so that the server can close its (then idle) socket at once
      await call;
      await server.close();
    });
    const outcome = await Promise.race([call, new Promise((resolve) => setTimeout(() => resolve('still waiting after 1.5 s'), 1_500))]);
    expect(outcome).toBeInstanceOf(OvhTimeoutError);
  });

  it('a connection reset in the middle of a body is a NetworkError, and a GET is retried', async () => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    let attempts = 0;
    const server = await serve((request, context) => {
      if (new URL(request.url).pathname !== '/1.0/me/api/credential') return sim.handle(request, context);
      attempts++;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          controller.enqueue(new TextEncoder().encode('[1, 2, '));
          await new Promise((resolve) => setTimeout(resolve, 10));
          controller.error(new Error('upstream reset')); // the server destroys the socket mid-body
        },
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json' } }));
    });
    onTestFinished(() => server.close());
    const ovh = new OvhClient({ baseUrl: `${server.url}/1.0`, ...sim.defaults, configFile: false, env: {}, retry: FAST_RETRY });
    const error = await failure(ovh.credentials.list());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ method: 'GET', path: ME });
    expect(attempts).toBe(3);
  });

  it('OvhTimeoutError.timeoutMs names the timeout that ran out: the per-attempt one, not totalTimeout', async () => {
    const { sim, ovh } = await loopback({ retry: false });
    await ovh.timeDelta();
    sim.setLatency(1_000);
    const error = await failure(ovh.credentials.list({}, { timeout: 100, totalTimeout: 5_000 }));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect((error as OvhTimeoutError).timeoutMs).toBe(100);
  });
});

describe('RateLimitError.retryAfterSeconds reads Retry-After strictly (ky itself times the retries)', () => {
  const now = () => Date.UTC(2026, 11, 2, 8, 0, 0);
  it.each([
    ['Wed, 02 Dec 2026 08:00:30 GMT', 30],
    ['Tue, 01 Dec 2026 08:00:00 GMT', 0],
    ['7', 7],
  ])('%j is %i seconds away', (value, seconds) => {
    expect(retryAfterSeconds(value, now)).toBe(seconds);
  });

  it.each(['soon', '1.5', 'Dec 25 2099', 'Tue, 31 Feb 2099 00:00:00 GMT', 'Wed, 02 Dec 2026 24:00:00 GMT', '2026-12-02T08:00:30Z'])(
    '%j is not a Retry-After',
    (value) => {
      expect(retryAfterSeconds(value, now)).toBeUndefined();
    },
  );
});
