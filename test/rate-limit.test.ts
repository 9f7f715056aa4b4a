// The client-side rate limit (ClientOptions.rateLimit), the simulator's rate limit, and bulk reads slowing down on
// 429. Time is fake throughout: waits are timers moved by settle(), never the machine's clock.
import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError, OvhClient, RateLimitError, type ClientOptions } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { mapSettled } from '../src/core/concurrency.js';
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
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
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
    expect(error).toBeInstanceOf(AbortError);
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
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 3_000 });
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

describe('bulk reads slow down on 429', () => {
  /** 100 credentials (and the seeded one) behind a limit of 10 calls per second; retries honour Retry-After. */
  function setup() {
    useFakeTime();
    const now = () => Date.now();
    const sim = new OvhSimulator({ now, seed: 'minimal', rateLimit: { requests: 10, perMs: 1000 } });
    const ids = sim.seedCredentials(100);
    const { ovh } = clientOf(sim, { now, retry: { limit: 30, baseDelay: 100, maxDelay: 2000 } });
    return { sim, ids, ovh };
  }
  const answered429 = (sim: OvhSimulator, ok: number) => sim.requests.length - ok;

  it('listDetails reads every item, in order, with fewer 429s than 20 workers retrying in step', async () => {
    const adaptive = setup();
    const details = await settle(adaptive.ovh.credentials.listDetails({}), { maxTimers: 20_000 });
    const all = [...adaptive.sim.state.credentials.keys()];
    expect(details.map((c) => c.credentialId)).toEqual(all);
    expect(details.missing).toEqual([]);
    // Accepted: the clock sync (not limited), the list, one read per credential.
    const adaptive429 = answered429(adaptive.sim, 2 + all.length);

    // The same reads without adaptation: 20 workers, each retrying on its own.
    const fixed = setup();
    const ids = [...fixed.sim.state.credentials.keys()];
    await settle(fixed.ovh.credentials.list());
    let next = 0;
    const worker = async () => {
      while (next < ids.length) await fixed.ovh.credentials.get(ids[next++] as number);
    };
    await settle(Promise.all(Array.from({ length: 20 }, worker)), { maxTimers: 20_000 });
    const fixed429 = answered429(fixed.sim, 2 + ids.length);

    expect(fixed429).toBeGreaterThan(0);
    expect(adaptive429).toBeLessThan(fixed429);
  });

  const refused = (i: number, retryAfterSeconds?: number) =>
    new RateLimitError({ status: 429, method: 'GET', path: `/x/${i}`, apiMessage: 'slow down', retryAfterSeconds }, 'slow down');

  it('mapSettled halves the workers on a RateLimitError and still reports every item in order', async () => {
    useFakeTime();
    let inFlight = 0;
    const peaks: number[] = [];
    const results = await settle(
      mapSettled(
        Array.from({ length: 40 }, (_, i) => i),
        async (i) => {
          inFlight++;
          peaks.push(inFlight);
          await turns(1);
          inFlight--;
          if (i === 20) throw refused(i);
          return i * 2;
        },
        { concurrency: 8 },
      ),
    );
    expect(results.map((r) => r.item)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // Item 20 is refused every time: back in the queue three times, then reported with its error.
    expect(results.filter((r) => !r.ok).map((r) => r.item)).toEqual([20]);
    expect(results.filter((r) => r.ok).length).toBe(39);
    // 4 in flight at first, 8 once 4 have succeeded (the slow start)...
    expect(Math.max(...peaks.slice(0, 4))).toBe(4);
    expect(Math.max(...peaks.slice(4, 21))).toBe(8);
    // ...and once the items started before the cut are done, at most half as many.
    expect(Math.max(...peaks.slice(29))).toBeLessThan(8);
  });

  it("waits out a 429's Retry-After before starting any other item, then starts them at a pace", async () => {
    useFakeTime();
    const starts: Array<{ item: number; at: number }> = [];
    const t0 = Date.now();
    let refusedOnce = false;
    const results = await settle(
      mapSettled(
        Array.from({ length: 12 }, (_, i) => i),
        async (i) => {
          starts.push({ item: i, at: Date.now() - t0 });
          await turns(1);
          if (i === 2 && !refusedOnce) {
            refusedOnce = true;
            throw refused(i, 2);
          }
          return i;
        },
        { concurrency: 1 },
      ),
    );
    // Every item read once, item 2 twice (it went back in the queue), each reported in order.
    expect(results.map((r) => (r.ok ? r.value : 'failed'))).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(starts.map((s) => s.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 2]);
    // Nothing started during the 2 s the API asked for; then one start per interval, not all at once.
    expect(starts[3]?.at).toBeGreaterThanOrEqual(2000);
    const gaps = starts.slice(4).map((s, i) => s.at - (starts[i + 3]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThan(0);
  });

  it('reads every item against a limit it does not know, with few 429s, where the retries alone lose items', async () => {
    // 200 credentials behind 20 calls per second (burst 5), the default retry policy (2 retries), no client limit.
    const run = async (bulk: boolean) => {
      useFakeTime();
      const now = () => Date.now();
      const sim = new OvhSimulator({ now, seed: 'minimal', rateLimit: { requests: 20, perMs: 1000, burst: 5 } });
      sim.seedCredentials(200);
      const { ovh } = clientOf(sim, { now });
      const ids = await settle(ovh.credentials.list());
      sim.clearRequests();
      if (bulk) {
        const details = await settle(ovh.credentials.listDetails({}), { maxTimers: 50_000 });
        return { read: details.length, failed: 0, requests: sim.requests.length, ids: ids.length };
      }
      // The same reads as 20 independent calls at a time, each with only its own retries.
      const settled = await settle(Promise.allSettled(ids.map((id) => ovh.credentials.get(id))), { maxTimers: 50_000 });
      return {
        read: settled.filter((r) => r.status === 'fulfilled').length,
        failed: settled.filter((r) => r.status === 'rejected').length,
        requests: sim.requests.length,
        ids: ids.length,
      };
    };
    const adaptive = await run(true);
    expect(adaptive.read).toBe(adaptive.ids);
    const refusedShare = (adaptive.requests - 1 - adaptive.ids) / adaptive.requests;
    expect(refusedShare).toBeLessThan(0.1);

    const alone = await run(false);
    expect(alone.failed).toBeGreaterThan(0);
  });
});
