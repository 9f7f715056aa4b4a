// How a bulk run paces itself on 429s (issue 20, point 5), seen from outside: the requests the simulator received,
// when (fake time, moved only by the code's own timers), how many were in flight, and what the run reported. An
// item's requests do not retry a 429 themselves: the run pauses, halves what it has in flight, puts the item back,
// and grows again after a calm stretch. Each step has a test that fails when that step is taken out.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { BulkOperationError, OvhAbortError, OvhClient, type OvhClientOptions, RateLimitError, type RetryEvent } from '../src/index.js';
import { mapSettled } from '../src/core/concurrency.js';
import { OvhSimulator } from '../src/testing/index.js';
import { settle, T0, useFakeTime } from './helpers/clock.js';

const ITEM = /^\/1\.0\/me\/api\/credential\/(\d+(?:,\d+)*)$/;
const LATENCY = 20;

/** One item request as the server saw it: when it started and ended (ms of fake time), and how many were in flight. */
interface Seen {
  id: string;
  start: number;
  end: number;
  status: number;
  /** Item requests in flight when this one started, itself included. */
  inFlight: number;
}

/**
 * `n` credentials on the simulator (the client's own first), answering after 20 ms, read by a client over the
 * simulator's in-process fetch. Every item request is recorded (`seen`, in the order they started); `order` lists
 * the starts and the answers in the order they happened, so a test can tell what started after a 429 came back.
 */
function setup(n: number, options: Pick<OvhClientOptions, 'retry'> = {}) {
  useFakeTime();
  const now = () => Date.now();
  const sim = new OvhSimulator({ now, seed: 'minimal' });
  sim.seedCredentials(n - 1);
  const ids = [...sim.state.credentials.keys()];
  sim.setLatency(LATENCY);
  const seen: Seen[] = [];
  const order: Array<{ kind: 'start' | 'answer'; request: Seen }> = [];
  const retries: RetryEvent[] = [];
  let inFlight = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const id = ITEM.exec(url.pathname)?.[1];
    if (id === undefined) return sim.fetch(input, init);
    const request: Seen = { id, start: Date.now() - T0, end: Number.NaN, status: 0, inFlight: ++inFlight };
    seen.push(request);
    order.push({ kind: 'start', request });
    const response = await sim.fetch(input, init);
    inFlight--;
    request.end = Date.now() - T0;
    request.status = response.status;
    order.push({ kind: 'answer', request });
    return response;
  };
  const ovh = new OvhClient({ ...sim.defaults, configFile: false, env: {}, fetch, now, onRetry: (event) => retries.push(event), ...options });
  /** Makes the next `times` reads of credential `id` answer 429, with `Retry-After: retryAfter` if given. */
  const refuse = (id: number | string | RegExp, times = 1, retryAfter?: string) =>
    sim.failNext({
      method: 'GET',
      path: id instanceof RegExp ? id : `/me/api/credential/${id}`,
      status: 429,
      body: { class: 'Client::TooManyRequests', message: 'Too many requests, please retry later' },
      headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
      times,
    });
  /**
   * The `k`-th 429 answer (0-based), the item requests started later than the instant it came back (one answered
   * at that same instant, and handled before it, may still start one then), and how long after it the first came.
   */
  const startedAfter429 = (k = 0) => {
    const at = order.filter((e) => e.kind === 'answer' && e.request.status === 429)[k];
    if (at === undefined) throw new Error(`no 429 number ${k}`);
    const later = order.slice(order.indexOf(at)).flatMap((e) => (e.kind === 'start' && e.request.start > at.request.end ? [e.request] : []));
    return { answer: at.request, later, resumedAt: Math.min(...later.map((s) => s.start)) - at.request.end };
  };
  return { sim, ids, ovh, seen, retries, refuse, startedAfter429 };
}

describe('a 429 pauses the whole run', () => {
  it("no item starts before the 429's Retry-After has passed; then the refused item is read", async () => {
    const { ids, ovh, seen, retries, refuse, startedAfter429 } = setup(12);
    refuse(ids[1] as number, 1, '2');
    const details = await settle(ovh.credentials.listDetails({}, { concurrency: 4 }), { maxTimers: 5_000 });
    expect(details.map((c) => c.credentialId)).toEqual(ids);

    const { later, resumedAt } = startedAfter429();
    // Not one start in the 2 s the API asked for...
    expect(resumedAt).toBe(2_000);
    // ...and the refused item is the first to go when the pause ends.
    expect(later[0]?.id).toBe(String(ids[1]));
    // Its own call did not retry the 429: the run did, once, after the pause.
    expect(seen.filter((s) => s.id === String(ids[1])).map((s) => s.status)).toEqual([429, 200]);
    expect(retries).toEqual([]);
  });

  it('without Retry-After, the run backs off on its own: 1 s, then 2 s at the next wave in a row', async () => {
    const { ids, ovh, seen, refuse, startedAfter429 } = setup(6);
    refuse(ids[0] as number, 2);
    await settle(ovh.credentials.listDetails({}, { concurrency: 2 }), { maxTimers: 5_000 });
    expect(startedAfter429(0).resumedAt).toBe(1_000);
    expect(startedAfter429(1).resumedAt).toBe(2_000);
    expect(seen.filter((s) => s.id === String(ids[0])).map((s) => s.status)).toEqual([429, 429, 200]);
  });
});

/** Every delay handed to setTimeout from now on, and every warning Node emits (a TimeoutOverflowWarning...). */
function watchTimers() {
  const delays: number[] = [];
  const warnings: string[] = [];
  const fake = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, ms?: number, ...args: unknown[]) => {
    delays.push(ms ?? 0);
    return fake(handler, ms, ...args);
  }) as typeof setTimeout);
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  onTestFinished(() => {
    process.off('warning', onWarning);
    vi.restoreAllMocks();
  });
  return { delays, warnings };
}

describe('a 429 that asks for longer than retry.maxDelay (issue 22, 2)', () => {
  it.each(['3600', '1000000000', '99999999999'])(
    'Retry-After: %s fails that item at once with its RateLimitError; the run does not pause, and sets no timer past the cap',
    async (retryAfter) => {
      const { ids, ovh, seen, refuse } = setup(6);
      const timers = watchTimers();
      const refused = ids[1] as number;
      refuse(refused, 1, retryAfter);
      const started = Date.now();
      const error = await settle(
        ovh.credentials.listDetails({}, { concurrency: 2 }).catch((e: unknown) => e),
        { maxTimers: 5_000 },
      );
      // No pause: only the reads' own 20 ms, a few at a time.
      expect(Date.now() - started).toBeLessThan(500);
      expect(error).toBeInstanceOf(BulkOperationError);
      const results = (error as BulkOperationError<number, unknown>).results;
      expect(results.map((r) => r.item)).toEqual(ids);
      expect(results.filter((r) => !r.ok).map((r) => r.item)).toEqual([refused]);
      const failure = (results.find((r) => r.item === refused) as { error: RateLimitError }).error;
      expect(failure).toBeInstanceOf(RateLimitError);
      expect(failure.retryAfterSeconds).toBe(Number(retryAfter));
      expect(failure.message).toContain(`Wait ${retryAfter}s before retrying`);
      // Asked once, not again: the item is not put back in the queue.
      expect(seen.filter((s) => s.id === String(refused)).map((s) => s.status)).toEqual([429]);
      // The longest timer is an attempt's own timeout (30 s), none for the hour or the centuries asked for.
      expect(Math.max(...timers.delays)).toBeLessThanOrEqual(30_000);
      expect(timers.warnings).toEqual([]);
    },
  );

  it('batch reads: a refused batch asking for longer fails each of its ids at once, without a pause', async () => {
    const { ids, ovh, refuse } = setup(20);
    refuse(new RegExp(`^/me/api/credential/${ids[5]},`), 1, '3600');
    const started = Date.now();
    const error = await settle(
      ovh.credentials.listDetails({}, { batch: 5, concurrency: 2 }).catch((e: unknown) => e),
      { maxTimers: 5_000 },
    );
    expect(Date.now() - started).toBeLessThan(500);
    const results = (error as BulkOperationError<number, unknown>).results;
    expect(results.map((r) => r.item)).toEqual(ids);
    expect(results.filter((r) => !r.ok).map((r) => r.item)).toEqual(ids.slice(5, 10));
  });

  it('revokeAll lists the item in `failed` with its RateLimitError and deletes every other one, without waiting', async () => {
    const { sim, ids, ovh } = setup(10);
    const refused = ids[4] as number;
    sim.failNext({ method: 'DELETE', path: `/me/api/credential/${refused}`, status: 429, headers: { 'Retry-After': '3600' } });
    const started = Date.now();
    const report = await settle(ovh.credentials.revokeAll({}, { concurrency: 3 }), { maxTimers: 5_000 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(report.failed.map((f) => f.credentialId)).toEqual([refused]);
    expect(report.failed[0]?.error).toBeInstanceOf(RateLimitError);
    expect(report.failed[0]?.error).toMatchObject({ retryAfterSeconds: 3600 });
    expect([...report.revoked].sort((a, b) => a - b)).toEqual(ids.filter((id) => id !== refused && id !== report.keptCurrent));
    expect(sim.state.credentials.has(refused)).toBe(true);
  });

  it("the cap is the client's retry.maxDelay: 30 s is waited with maxDelay 30 000, and fails with the default 10 000", async () => {
    const patient = setup(4, { retry: { maxDelay: 30_000 } });
    patient.refuse(patient.ids[0] as number, 1, '30');
    await settle(patient.ovh.credentials.listDetails({}, { concurrency: 1 }), { maxTimers: 5_000 });
    expect(patient.startedAfter429().resumedAt).toBe(30_000);

    const hurried = setup(4);
    hurried.refuse(hurried.ids[0] as number, 1, '30');
    const error = await settle(
      hurried.ovh.credentials.listDetails({}, { concurrency: 1 }).catch((e: unknown) => e),
      { maxTimers: 5_000 },
    );
    expect((error as BulkOperationError<number, unknown>).results.filter((r) => !r.ok).map((r) => r.item)).toEqual([hurried.ids[0]]);
  });

  it('a per-call retry.maxDelay is the cap of that run', async () => {
    const { ids, ovh, refuse, startedAfter429 } = setup(4);
    refuse(ids[0] as number, 1, '30');
    await settle(ovh.credentials.listDetails({}, { concurrency: 1, retry: { maxDelay: 30_000 } }), { maxTimers: 5_000 });
    expect(startedAfter429().resumedAt).toBe(30_000);
  });

  it("without Retry-After, the run's own backoff (1 s, doubled at each wave) is capped at retry.maxDelay too", async () => {
    const { ids, ovh, seen, refuse, startedAfter429 } = setup(6, { retry: { maxDelay: 1_500 } });
    refuse(ids[0] as number, 3);
    await settle(ovh.credentials.listDetails({}, { concurrency: 2 }), { maxTimers: 5_000 });
    expect([0, 1, 2].map((k) => startedAfter429(k).resumedAt)).toEqual([1_000, 1_500, 1_500]);
    expect(seen.filter((s) => s.id === String(ids[0])).map((s) => s.status)).toEqual([429, 429, 429, 200]);
  });
});

describe('what stays with the transport', () => {
  it("the listing call retries its own 429; the items' calls end at theirs, and their 503s are still retried in place", async () => {
    const { sim, ids, ovh, seen, retries, refuse } = setup(10);
    sim.failNext({ method: 'GET', path: '/me/api/credential', status: 429, headers: { 'Retry-After': '1' } });
    refuse(ids[2] as number, 1, '1');
    sim.failNext({ method: 'GET', path: `/me/api/credential/${ids[5]}`, status: 503, body: { message: 'maintenance' } });
    const details = await settle(ovh.credentials.listDetails({}, { concurrency: 3 }), { maxTimers: 5_000 });
    expect(details.map((c) => c.credentialId)).toEqual(ids);
    expect(retries.map((r) => `${r.path} ${r.reason}`)).toEqual(['/me/api/credential 429', `/me/api/credential/${ids[5]} 503`]);
    expect(seen.filter((s) => s.id === String(ids[2])).map((s) => s.status)).toEqual([429, 200]);
  });
});

describe('a 429 halves the items in flight, once per wave', () => {
  it('8 in flight before the 429, at most 4 when the run resumes', async () => {
    const { ids, ovh, seen, refuse, startedAfter429 } = setup(40);
    refuse(ids[2] as number, 1, '1');
    await settle(ovh.credentials.listDetails({}, { concurrency: 8 }), { maxTimers: 5_000 });
    expect(Math.max(...seen.slice(0, 8).map((s) => s.inFlight))).toBe(8);
    const { answer, later, resumedAt } = startedAfter429();
    expect(resumedAt).toBe(1_000);
    const resumed = later.filter((s) => s.start === answer.end + resumedAt);
    expect(resumed).toHaveLength(4);
    expect(Math.max(...resumed.map((s) => s.inFlight))).toBe(4);
  });

  it('three 429s of one wave cut once: 4 in flight after them, not 1', async () => {
    const { ids, ovh, refuse, startedAfter429 } = setup(40);
    for (const i of [1, 3, 5]) refuse(ids[i] as number, 1, '1');
    await settle(ovh.credentials.listDetails({}, { concurrency: 8 }), { maxTimers: 5_000 });
    const { answer, later, resumedAt } = startedAfter429(2);
    expect(resumedAt).toBe(1_000);
    const resumed = later.filter((s) => s.start === answer.end + resumedAt);
    expect(resumed).toHaveLength(4);
    expect(Math.max(...resumed.map((s) => s.inFlight))).toBe(4);
  });
});

describe('a refused item goes back in the queue', () => {
  it('listDetails: an item refused 3 times is read on its 4th turn, and reported once', async () => {
    const { ids, ovh, seen, refuse } = setup(30);
    const refused = ids[7] as number;
    refuse(refused, 3, '1');
    const progress: number[] = [];
    const details = await settle(ovh.credentials.listDetails({}, { concurrency: 5, onProgress: (done) => progress.push(done) }), {
      maxTimers: 5_000,
    });
    expect(details.map((c) => c.credentialId)).toEqual(ids);
    expect(details.missing).toEqual([]);
    expect(seen.filter((s) => s.id === String(refused)).map((s) => s.status)).toEqual([429, 429, 429, 200]);
    // every item counted once, the refused one included
    expect(progress).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  });

  it('revokeAll: the refused deletion is retried by the run and lands in `revoked`', async () => {
    const { sim, ids, ovh } = setup(20);
    const refused = ids[3] as number;
    sim.failNext({ method: 'DELETE', path: `/me/api/credential/${refused}`, status: 429, headers: { 'Retry-After': '1' }, times: 2 });
    const report = await settle(ovh.credentials.revokeAll({}, { concurrency: 4 }), { maxTimers: 5_000 });
    const current = report.keptCurrent;
    expect([...report.revoked].sort((a, b) => a - b)).toEqual(ids.filter((id) => id !== current));
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(sim.state.credentials.has(refused)).toBe(false);
    const deletes = sim.requests.filter((r) => r.method === 'DELETE' && r.url.endsWith(`/${refused}`));
    expect(deletes).toHaveLength(3);
  });

  it('an item refused more than 8 times fails with its RateLimitError; every other item is read', async () => {
    const { ids, ovh, seen, refuse } = setup(10);
    const hopeless = ids[4] as number;
    refuse(hopeless, 20, '1');
    const error = await settle(
      ovh.credentials.listDetails({}, { concurrency: 3 }).catch((e: unknown) => e),
      { maxTimers: 5_000 },
    );
    expect(error).toBeInstanceOf(BulkOperationError);
    const results = (error as BulkOperationError<number, unknown>).results;
    expect(results.map((r) => r.item)).toEqual(ids);
    expect(results.filter((r) => !r.ok).map((r) => r.item)).toEqual([hopeless]);
    const failure = results.find((r) => r.item === hopeless) as { error: unknown };
    expect(failure.error).toBeInstanceOf(RateLimitError);
    expect(failure.error).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect(seen.filter((s) => s.id === String(hopeless))).toHaveLength(9);
  });

  it('batch reads: a refused batch goes back whole, and onProgress counts each id once', async () => {
    const { ids, ovh, refuse } = setup(20);
    refuse(new RegExp(`^/me/api/credential/${ids[5]},`), 1, '1');
    const progress: number[] = [];
    const details = await settle(ovh.credentials.listDetails({}, { batch: 5, concurrency: 2, onProgress: (done) => progress.push(done) }), {
      maxTimers: 5_000,
    });
    expect(details.map((c) => c.credentialId)).toEqual(ids);
    expect(progress).toEqual([5, 10, 15, 20]);
  });
});

describe('the run grows back after a calm stretch', () => {
  it('halved from 8 to 4 by a 429, it is back to 8 in flight once enough items went through without one', async () => {
    const { ids, ovh, seen, refuse, startedAfter429 } = setup(120);
    refuse(ids[0] as number, 1, '1');
    await settle(ovh.credentials.listDetails({}, { concurrency: 8 }), { maxTimers: 5_000 });
    const peaks = startedAfter429().later.map((s) => s.inFlight);
    expect(Math.max(...peaks.slice(0, 4))).toBe(4);
    // one more at a time: 5, 6, 7, then 8, never more
    const firstAt = (k: number) => peaks.indexOf(k);
    expect([5, 6, 7, 8].map(firstAt).every((at, i, all) => at > 0 && (i === 0 || at > (all[i - 1] as number)))).toBe(true);
    expect(Math.max(...seen.map((s) => s.inFlight))).toBe(8);
    expect(seen.filter((s) => s.status === 200)).toHaveLength(ids.length);
  });
});

describe('pacing does not collapse throughput', () => {
  it('300 reads with one 429 (Retry-After: 1) in every ten items take about a second per wave of 429s', async () => {
    const { ids, ovh, seen, refuse } = setup(300);
    for (const [i, id] of ids.entries()) if (i % 10 === 0) refuse(id, 1, '1');
    const start = Date.now();
    const details = await settle(ovh.credentials.listDetails({}), { maxTimers: 20_000 });
    const elapsed = Date.now() - start;
    expect(details).toHaveLength(300);
    const refused = seen.filter((s) => s.status === 429);
    expect(refused).toHaveLength(30);
    // At most one pause (1 s) per instant a 429 came back at, plus the reads' own 20 ms: about 30 s, not minutes.
    const waves = new Set(refused.map((s) => s.end)).size;
    expect(elapsed).toBeLessThan(waves * 1_000 + seen.length * LATENCY);
    expect(elapsed).toBeLessThan(40_000);
  });
});

describe('pacing with the small delays tests use (issue 22, 5): retry { baseDelay: 5 } and one 429 (Retry-After: 1) in every ten', () => {
  it.each([150, 300])(
    'maxDelay 50, %i items: the refused ones fail at once (1 s is longer than the cap), listed with their RateLimitError; the run does not wait',
    async (n) => {
      const { ids, ovh, seen, refuse } = setup(n, { retry: { baseDelay: 5, maxDelay: 50 } });
      const refused = ids.filter((_, i) => i % 10 === 0);
      for (const id of refused) refuse(id, 1, '1');
      const start = Date.now();
      const error = await settle(
        ovh.credentials.listDetails({}).catch((e: unknown) => e),
        { maxTimers: 20_000 },
      );
      const elapsed = Date.now() - start;
      expect(error).toBeInstanceOf(BulkOperationError);
      const results = (error as BulkOperationError<number, unknown>).results;
      expect(results.map((r) => r.item)).toEqual(ids);
      const failed = results.flatMap((r) => (!r.ok && 'error' in r ? [r] : []));
      expect(failed.map((r) => r.item)).toEqual(refused);
      expect(failed.every((r) => r.error instanceof RateLimitError && r.error.retryAfterSeconds === 1)).toBe(true);
      expect((error as Error).message).toMatch(new RegExp(`^${n - refused.length} of ${n} credentials were read, ${refused.length} failed`));
      // One request per item, none asked twice; no pause, so less time than the same reads one at a time.
      expect(seen).toHaveLength(n);
      expect(elapsed).toBeLessThan(n * LATENCY);
    },
  );

  it.each([150, 300])('maxDelay 1 000, %i items: every item is read, in about a second per wave of 429s', async (n) => {
    const { ids, ovh, seen, refuse } = setup(n, { retry: { baseDelay: 5, maxDelay: 1_000 } });
    for (const [i, id] of ids.entries()) if (i % 10 === 0) refuse(id, 1, '1');
    const start = Date.now();
    const details = await settle(ovh.credentials.listDetails({}), { maxTimers: 20_000 });
    const elapsed = Date.now() - start;
    expect(details.map((c) => c.credentialId)).toEqual(ids);
    const refused = seen.filter((s) => s.status === 429);
    expect(refused).toHaveLength(n / 10);
    const waves = new Set(refused.map((s) => s.end)).size;
    expect(elapsed).toBeLessThan(waves * 1_000 + seen.length * LATENCY);
    expect(elapsed).toBeLessThan((n / 10) * 1_500);
  });
});

describe('aborting a paused run', () => {
  it('settles at once: what was read is reported, every other item skipped, no timer left behind', async () => {
    const { ids, ovh, seen, refuse } = setup(20, { retry: { maxDelay: 30_000 } });
    refuse(ids[2] as number, 1, '30');
    const controller = new AbortController();
    let abortedAt = Number.NaN;
    const run = ovh.credentials.listDetails({}, { concurrency: 4, signal: controller.signal }).catch((e: unknown) => e);
    // 5 s into the 30 s pause, the operator presses Ctrl-C.
    const abortLater = async () => {
      while (!seen.some((s) => s.status === 429)) await new Promise<void>((resolve) => setImmediate(resolve));
      setTimeout(() => {
        abortedAt = Date.now();
        controller.abort();
      }, 5_000);
    };
    void abortLater();
    const error = await settle(run, { maxTimers: 5_000 });
    expect(Date.now() - abortedAt).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(error).toBeInstanceOf(BulkOperationError);
    const results = (error as BulkOperationError<number, unknown>).results;
    expect(results.map((r) => r.item)).toEqual(ids);
    const read = results.filter((r) => r.ok).map((r) => r.item);
    const skipped = results.filter((r) => !r.ok && 'skipped' in r).map((r) => r.item);
    expect(read.length + skipped.length).toBe(ids.length);
    // everything that got a 200 is reported read, the refused item and the rest skipped, nothing read twice
    expect(read.sort((a, b) => a - b)).toEqual(
      seen
        .filter((s) => s.status === 200)
        .map((s) => Number(s.id))
        .sort((a, b) => a - b),
    );
    expect(skipped).toContain(ids[2]);
    expect(seen.filter((s) => s.start > (seen.find((x) => x.status === 429)?.end ?? 0))).toEqual([]);
  });
});

describe('aborting a run whose server asks for absurd waits (issue 22, 2)', () => {
  it('settles at once, every id reported, when a deletion in flight got a 503 asking for an hour', async () => {
    const { sim, ids, ovh, seen } = setup(12);
    const stalled = ids[1] as number;
    sim.failNext({ method: 'DELETE', path: `/me/api/credential/${stalled}`, status: 503, headers: { 'Retry-After': '3600' } });
    const controller = new AbortController();
    let abortedAt = Number.NaN;
    const run = ovh.credentials.revokeAll({}, { concurrency: 2, signal: controller.signal });
    // The operator presses Ctrl-C as soon as the 503 is back.
    void (async () => {
      while (!seen.some((s) => s.status === 503)) await new Promise<void>((resolve) => setImmediate(resolve));
      abortedAt = Date.now();
      controller.abort();
    })();
    const report = await settle(run, { maxTimers: 5_000 });
    // at once: the deletion in flight is stopped, not waited for
    expect(Date.now() - abortedAt).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const [first, ...inFlight] = report.failed;
    expect(first).toMatchObject({ credentialId: stalled, error: { name: 'ServerError', status: 503, retryAfterSeconds: 3600 } });
    expect(inFlight.length).toBeLessThanOrEqual(2);
    for (const { error } of inFlight) expect(error).toBeInstanceOf(OvhAbortError);
    const accounted = [...report.revoked, ...report.alreadyGone, ...report.failed.map((f) => f.credentialId), ...report.skipped];
    expect(accounted.sort((a, b) => a - b)).toEqual([...report.matched].sort((a, b) => a - b));
    expect(report.skipped.length).toBeGreaterThan(0);
  });
});

describe("against the simulator's rate limit, which the run does not know", () => {
  /** `n` credentials behind `rateLimit`, read over the simulator's in-process fetch, 20 ms per answer. */
  function limited(
    n: number,
    rateLimit: { requests: number; perMs: number; burst?: number },
    options: { retry?: { limit: number; baseDelay: number; maxDelay: number } } = {},
  ) {
    useFakeTime();
    const now = () => Date.now();
    const sim = new OvhSimulator({ now, seed: 'minimal', rateLimit });
    sim.seedCredentials(n);
    sim.setLatency(LATENCY);
    let refusals = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await sim.fetch(input, init);
      if (response.status === 429) refusals++;
      return response;
    };
    const ovh = new OvhClient({ ...sim.defaults, configFile: false, env: {}, fetch, now, ...options });
    return { sim, ovh, ids: [...sim.state.credentials.keys()], refusals: () => refusals };
  }

  it('listDetails reads every item, in order, with fewer 429s than 20 workers retrying in step', async () => {
    // 100 credentials (and the seeded one) behind 10 calls per second; the client retries a 429 up to 30 times.
    const retry = { limit: 30, baseDelay: 100, maxDelay: 2000 };
    const paced = limited(100, { requests: 10, perMs: 1000 }, { retry });
    const details = await settle(paced.ovh.credentials.listDetails({}), { maxTimers: 20_000 });
    expect(details.map((c) => c.credentialId)).toEqual(paced.ids);
    expect(details.missing).toEqual([]);

    // The same reads without the run: 20 workers, each call retrying on its own.
    const fixed = limited(100, { requests: 10, perMs: 1000 }, { retry });
    await settle(fixed.ovh.credentials.list());
    let next = 0;
    const worker = async () => {
      while (next < fixed.ids.length) await fixed.ovh.credentials.get(fixed.ids[next++] as number);
    };
    await settle(Promise.all(Array.from({ length: 20 }, worker)), { maxTimers: 20_000 });

    expect(fixed.refusals()).toBeGreaterThan(0);
    expect(paced.refusals()).toBeLessThan(fixed.refusals());
  });

  it('reads every item against 20 calls per second (burst 5), where the same reads as independent calls lose some', async () => {
    // At the largest concurrency, the run overshoots most: 95 of its first 100 reads are refused.
    const paced = limited(200, { requests: 20, perMs: 1000, burst: 5 });
    const details = await settle(paced.ovh.credentials.listDetails({}, { concurrency: 100 }), { maxTimers: 50_000 });
    expect(details.map((c) => c.credentialId)).toEqual(paced.ids);

    // The default retry policy (2 retries) alone, 200 calls at once.
    const alone = limited(200, { requests: 20, perMs: 1000, burst: 5 });
    const settled = await settle(Promise.allSettled(alone.ids.map((id) => alone.ovh.credentials.get(id))), { maxTimers: 50_000 });
    const lost = settled.filter((r) => r.status === 'rejected');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((r) => r.status === 'rejected' && r.reason instanceof RateLimitError)).toBe(true);
    expect(paced.refusals()).toBeLessThan(alone.refusals());
  });
});

describe('mapSettled', () => {
  const refused = (retryAfterSeconds?: number) =>
    new RateLimitError({ status: 429, method: 'GET', path: '/x', apiMessage: 'slow down', retryAfterSeconds }, 'slow down');

  it('reports every item once, in input order; only a RateLimitError sends an item back in the queue', async () => {
    useFakeTime();
    const calls = new Map<number, number>();
    const progress: number[] = [];
    const results = await settle(
      mapSettled(
        Array.from({ length: 12 }, (_, i) => i),
        async (i) => {
          const n = (calls.get(i) ?? 0) + 1;
          calls.set(i, n);
          await new Promise<void>((resolve) => setTimeout(resolve, 10 + (i % 3)));
          if (i === 4 && n < 3) throw refused(1);
          if (i === 7) throw new Error(`item ${i} broke`);
          return i * 2;
        },
        { concurrency: 3, onProgress: (done, total) => progress.push(done * 100 + total) },
      ),
    );
    expect(results.map((r) => r.item)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(results.map((r) => (r.ok ? r.value : 'failed'))).toEqual([0, 2, 4, 6, 8, 10, 12, 'failed', 16, 18, 20, 22]);
    expect(calls.get(4)).toBe(3);
    expect(calls.get(7)).toBe(1);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 100 + 12));
  });

  it('an onProgress that throws fails the run with its error, once what is in flight has finished, and starts nothing more', async () => {
    useFakeTime();
    const started: number[] = [];
    let inFlight = 0;
    const run = mapSettled(
      Array.from({ length: 10 }, (_, i) => i),
      async (i) => {
        started.push(i);
        inFlight++;
        await new Promise<void>((resolve) => setTimeout(resolve, 10 * (i + 1)));
        inFlight--;
        return i;
      },
      {
        concurrency: 3,
        onProgress: (done) => {
          if (done === 1) throw new Error('progress bar broke');
        },
      },
    ).catch((e: unknown) => e);
    const error = await settle(run);
    expect((error as Error).message).toBe('progress bar broke');
    expect(started).toEqual([0, 1, 2]);
    expect(inFlight).toBe(0);
  });
});
