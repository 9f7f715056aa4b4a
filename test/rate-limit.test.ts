// The client-side rate limit (ClientOptions.rateLimit) and the simulator's rate limit. (How a bulk run paces itself on
// 429s: bulk-pacing.test.ts.) Time is fake throughout: waits are timers moved by settle(), never the machine's clock.
import { describe, expect, it } from 'vitest';
import { OvhAbortError, ConfigError, OvhClient, RateLimitError, type ClientOptions } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { OvhSimulator } from '../src/testing/index.js';
import { manualClock, settle, T0, useFakeTime } from './helpers/clock.js';

/** A client of `sim` over its in-process fetch, recording the fake time of every attempt (retries included). */
function clientOf(sim: OvhSimulator, options: Partial<ClientOptions> & { consumerKey?: string } = {}) {
  const attempts: Array<{ at: number; path: string }> = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    attempts.push({ at: Date.now() - T0, path: new URL(url).pathname });
    return sim.fetch(input, init);
  };
  const ovh = new OvhClient({ ...sim.defaults, configFile: false, env: {}, fetch, ...options });
  return { ovh, attempts };
}

async function turns(n = 25): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('ClientOptions.rateLimit', () => {
  it('spaces attempts: a burst goes at once, the rest one per perMs / requests', async () => {
    useFakeTime();
    const clock = manualClock();
    const sim = new OvhSimulator({ now: clock, seed: 'minimal' });
    const ids = sim.seedCredentials(4);
    const { ovh, attempts } = clientOf(sim, { now: clock, rateLimit: { requests: 2, perMs: 1000, burst: 1 } });
    const read = await settle(Promise.all(ids.map((id) => ovh.credentials.get(id))));
    expect(read.map((c) => c.credentialId)).toEqual(ids);
    // GET /auth/time (the clock sync) and four reads: one token at once, then one every 500 ms.
    expect(attempts.map((a) => a.at)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(attempts[0]?.path).toBe('/1.0/auth/time');
  });

  it('is off by default', async () => {
    useFakeTime();
    const clock = manualClock();
    const sim = new OvhSimulator({ now: clock, seed: 'minimal' });
    const ids = sim.seedCredentials(4);
    const { ovh, attempts } = clientOf(sim, { now: clock });
    await settle(Promise.all(ids.map((id) => ovh.credentials.get(id))));
    expect(attempts.map((a) => a.at)).toEqual([0, 0, 0, 0, 0]);
  });

  it('is one bucket for every call of a client (the clock sync included), and each client has its own', async () => {
    useFakeTime();
    const now = () => Date.now();
    const sim = new OvhSimulator({ now, seed: 'minimal' });
    const [a, b] = sim.seedCredentials(2) as [number, number];
    const first = clientOf(sim, { now, rateLimit: { requests: 1, perMs: 1000 } });
    await settle(first.ovh.credentials.get(a));
    await settle(first.ovh.credentials.get(b));
    expect(first.attempts.map((x) => x.at)).toEqual([0, 1000, 2000]);
    const other = clientOf(sim, { now, rateLimit: { requests: 1, perMs: 1000 } });
    await settle(other.ovh.credentials.get(a));
    // A new client starts with a full bucket: its clock sync goes at once.
    expect(other.attempts[0]?.at).toBe(2000);
  });

  it('counts retries: each attempt waits for a token', async () => {
    useFakeTime();
    const now = () => Date.now();
    const sim = new OvhSimulator({ now, seed: 'minimal' });
    const [id] = sim.seedCredentials(1) as [number];
    const { ovh, attempts } = clientOf(sim, { now, rateLimit: { requests: 1, perMs: 5000 }, retry: { baseDelay: 1, maxDelay: 1 } });
    await settle(ovh.credentials.get(id)); // clock sync and one read
    sim.failNext({ status: 503, body: { message: 'maintenance' } });
    await settle(ovh.credentials.get(id));
    const reads = attempts.filter((x) => x.path.startsWith('/1.0/me/api/credential/'));
    expect(reads.map((x) => x.at)).toEqual([5000, 10_000, 15_000]);
  });

  it("the call's signal cancels the wait, and nothing is sent", async () => {
    useFakeTime();
    const clock = manualClock();
    const sim = new OvhSimulator({ now: clock, seed: 'minimal' });
    const [id] = sim.seedCredentials(1) as [number];
    const { ovh, attempts } = clientOf(sim, { now: clock, rateLimit: { requests: 1, perMs: 60_000 } });
    const waiting = ovh.credentials.get(id, { signal: AbortSignal.abort() });
    await expect(waiting).rejects.toBeInstanceOf(OvhAbortError);
    const controller = new AbortController();
    const pending = ovh.credentials.get(id, { signal: controller.signal });
    const outcome = pending.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await turns();
    const sent = attempts.length;
    expect(sent).toBe(1); // the clock sync took the only token; the read waits
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(OvhAbortError);
    expect((error as Error).message).toMatch(/rate limit/);
    expect(attempts.length).toBe(sent);
  });

  it("the wait counts against the call's totalTimeout, and its attempt's timeout starts after it", async () => {
    useFakeTime();
    const now = () => Date.now();
    const sim = new OvhSimulator({ now, seed: 'minimal' });
    const [id] = sim.seedCredentials(1) as [number];
    const { ovh, attempts } = clientOf(sim, { now, rateLimit: { requests: 1, perMs: 10_000 } });
    // The clock sync takes the only token: the next one comes 10 s later; the call that gave up gives its token back.
    const error = await settle(ovh.credentials.get(id, { totalTimeout: 3_000 }).catch((e: unknown) => e));
    expect(error).toMatchObject({ name: 'OvhTimeoutError', timeoutMs: 3_000 });
    expect(Date.now() - T0).toBe(3_000);
    expect(attempts.map((a) => a.path)).toEqual(['/1.0/auth/time']);
    // A wait longer than `timeout` is not a timeout: that one bounds the attempt, which starts once a token is there.
    const read = await settle(ovh.credentials.get(id, { timeout: 1_000 }));
    expect(read.credentialId).toBe(id);
    expect(attempts.map((a) => a.at)).toEqual([0, 10_000]);
  });

  it.each([
    [{ requests: 0, perMs: 1000 }, 'rateLimit.requests'],
    [{ requests: 1.5, perMs: 1000 }, 'rateLimit.requests'],
    [{ requests: 60, perMs: -1 }, 'rateLimit.perMs'],
    [{ requests: 60, perMs: 60_000, burst: 0 }, 'rateLimit.burst'],
    [{ requests: 60 } as unknown as { requests: number; perMs: number }, 'rateLimit.perMs'],
  ])('refuses %j naming %s', (rateLimit, field) => {
    const sim = new OvhSimulator({ seed: 'minimal' });
    expect(() => new OvhClient({ ...sim.defaults, configFile: false, env: {}, rateLimit })).toThrow(ConfigError);
    expect(() => new OvhClient({ ...sim.defaults, configFile: false, env: {}, rateLimit })).toThrow(field);
    expect(() => new WebPaasClient({ apiToken: 'token', env: {}, rateLimit })).toThrow(field);
  });
});

describe('OvhSimulator rateLimit', () => {
  it('answers 429 with an OVH error body and Retry-After past the limit, per consumer key, on its clock', async () => {
    const clock = manualClock();
    const sim = new OvhSimulator({ now: clock, seed: 'minimal', rateLimit: { requests: 3, perMs: 60_000 } });
    const [id] = sim.seedCredentials(1) as [number];
    const { ovh } = clientOf(sim, { now: clock, retry: false });
    for (let i = 0; i < 3; i++) await ovh.credentials.get(id);
    clock.advance(15_000);
    const error = await ovh.credentials.get(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).retryAfterSeconds).toBe(45);

    // The raw answer: OVH's error body and the header.
    const raw = await sim.fetch(new Request(sim.requests.at(-1)?.url as string, { headers: sim.requests.at(-1)?.headers as Record<string, string> }));
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('45');
    expect(await raw.json()).toEqual({ class: 'Client::TooManyRequests', message: expect.any(String) });

    // Another consumer key has its own window.
    const { consumerKey } = sim.createCredential({ rules: [{ method: 'GET', path: '/*' }] });
    const { ovh: other } = clientOf(sim, { now: clock, retry: false, consumerKey });
    await expect(other.credentials.get(id)).resolves.toMatchObject({ credentialId: id });

    // The window slides on the simulator's clock; a refused call did not count.
    clock.advance(45_000);
    await expect(ovh.credentials.get(id)).resolves.toMatchObject({ credentialId: id });
  });

  it('with burst, is a token bucket: burst calls at once, then one per perMs / requests, per consumer key', async () => {
    const clock = manualClock();
    // One token every 500 ms, up to 3.
    const sim = new OvhSimulator({ now: clock, seed: 'minimal', rateLimit: { requests: 2, perMs: 1000, burst: 3 } });
    const [id] = sim.seedCredentials(1) as [number];
    const { ovh } = clientOf(sim, { now: clock, retry: false });
    const read = () =>
      ovh.credentials.get(id).then(
        () => 'ok',
        (error: unknown) => (error instanceof RateLimitError ? `429 after ${String(error.retryAfterSeconds)} s` : error),
      );
    const reads = async (n: number) => {
      const outcomes: unknown[] = [];
      for (let i = 0; i < n; i++) outcomes.push(await read());
      return outcomes;
    };
    // A full bucket: the burst goes at once; the next call waits for a token (whole seconds, at least 1).
    expect(await reads(4)).toEqual(['ok', 'ok', 'ok', '429 after 1 s']);
    clock.advance(499);
    expect(await read()).toBe('429 after 1 s');
    // Refused calls took no token: the first one is back after 500 ms, and only one.
    clock.advance(1);
    expect(await reads(2)).toEqual(['ok', '429 after 1 s']);
    // A quiet period refills the bucket up to burst, not beyond.
    clock.advance(60_000);
    expect(await reads(4)).toEqual(['ok', 'ok', 'ok', '429 after 1 s']);
    // Another consumer key has its own bucket.
    const { consumerKey } = sim.createCredential({ rules: [{ method: 'GET', path: '/*' }] });
    const { ovh: other } = clientOf(sim, { now: clock, retry: false, consumerKey });
    await expect(other.credentials.get(id)).resolves.toMatchObject({ credentialId: id });
  });

  it('with burst, Retry-After is the whole seconds until the next token', async () => {
    const clock = manualClock();
    // One token every 5 s, one at a time.
    const sim = new OvhSimulator({ now: clock, seed: 'minimal', rateLimit: { requests: 1, perMs: 5000, burst: 1 } });
    const [id] = sim.seedCredentials(1) as [number];
    const { ovh } = clientOf(sim, { now: clock, retry: false });
    await ovh.credentials.get(id);
    const retryAfter = async () => ((await ovh.credentials.get(id).catch((e: unknown) => e)) as RateLimitError).retryAfterSeconds;
    expect(await retryAfter()).toBe(5);
    clock.advance(2500);
    expect(await retryAfter()).toBe(3);
    clock.advance(2500);
    await expect(ovh.credentials.get(id)).resolves.toMatchObject({ credentialId: id });
  });

  it('refuses an invalid rateLimit', () => {
    expect(() => new OvhSimulator({ rateLimit: { requests: 0, perMs: 1000 } })).toThrow('rateLimit.requests');
    expect(() => new OvhSimulator({ rateLimit: { requests: 1, perMs: Number.NaN } })).toThrow('rateLimit.perMs');
    expect(() => new OvhSimulator({ rateLimit: { requests: 20, perMs: 1000, burst: 0 } })).toThrow('rateLimit.burst');
    expect(() => new OvhSimulator({ rateLimit: { requests: 20, perMs: 1000, burst: 2.5 } })).toThrow('rateLimit.burst');
  });
});
