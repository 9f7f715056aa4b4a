import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  BulkOperationError,
  ForbiddenError,
  InputValidationError,
  NetworkError,
  NotFoundError,
  OvhClient,
  ResponseValidationError,
  ServerError,
  toDate,
  type RevokeReport,
} from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';
import { API, clientOn, expectSigned, mockClient, mockOvh, ovhError, simCalls, simClient } from './helpers/resource-mocks.js';

const mock = mockOvh();

const V1_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;

function credentialBody(id: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    credentialId: id,
    applicationId: 7,
    creation: '2020-03-28T08:07:14+01:00',
    expiration: null,
    lastUse: '2023-03-21T15:40:05.213Z',
    ovhSupport: false,
    rules: [{ method: 'GET', path: '/me' }],
    status: 'validated',
    allowedIPs: null,
    ...extra,
  };
}

/** Every matched id is in exactly one outcome bucket. */
function expectAccounted(report: RevokeReport): void {
  const outcomes = [...report.revoked, ...report.alreadyGone, ...report.failed.map((f) => f.credentialId), ...report.skipped];
  expect([...outcomes].sort()).toEqual([...report.matched].sort());
  expect(new Set(outcomes).size).toBe(outcomes.length);
}

/** The keys the simulator reports expired at `now` (its clock). */
function expiredIds(sim: OvhSimulator, now: number): number[] {
  return [...sim.state.credentials.values()]
    .filter((c) => c.status === 'expired' || (c.expiration !== null && c.expiration <= now))
    .map((c) => c.credentialId);
}

function currentId(sim: OvhSimulator): number {
  const found = [...sim.state.credentials.values()].find((c) => c.consumerKey === sim.defaults.consumerKey);
  if (!found) throw new Error('no current key');
  return found.credentialId;
}

describe('credentials against the simulator', () => {
  it('list() returns every id; filters go to the query string', async () => {
    const { sim, ovh, clock } = simClient();
    const all = await ovh.credentials.list();
    expect(all).toEqual([...sim.state.credentials.keys()]);
    expect(all.length).toBeGreaterThanOrEqual(10);

    const expired = await ovh.credentials.list({ status: 'expired' });
    expect(expired.sort()).toEqual(expiredIds(sim, clock()).sort());
    expect(expired.length).toBe(3);

    const app = [...sim.state.applications.values()].find((a) => a.name === 'billing-export');
    const ofApp = await ovh.credentials.list({ applicationId: app!.applicationId, status: 'validated' });
    expect(ofApp).toHaveLength(1);
    expect(simCalls(sim).at(-1)).toBe(`GET /me/api/credential?applicationId=${app!.applicationId}&status=validated`);
  });

  it('the seed has keys in every status', async () => {
    const { ovh } = simClient();
    for (const status of ['validated', 'pendingValidation', 'refused', 'expired'] as const) {
      expect((await ovh.credentials.list({ status })).length, status).toBeGreaterThan(0);
    }
  });

  it('get() and getApplication() return typed, validated objects with v1 dates', async () => {
    const { sim, ovh, clock } = simClient();
    const id = currentId(sim);
    const credential = await ovh.credentials.get(id);
    expect(credential).toMatchObject({ credentialId: id, status: 'validated', ovhSupport: false, allowedIPs: null, expiration: null });
    expect(credential.rules).toEqual([
      { method: 'GET', path: '/*' },
      { method: 'POST', path: '/*' },
      { method: 'PUT', path: '/*' },
      { method: 'PATCH', path: '/*' },
      { method: 'DELETE', path: '/*' },
    ]);
    expect(credential.creation).toMatch(V1_DATE);
    expect(toDate(credential.creation).getTime()).toBe(clock()); // created when the simulator was, to the second

    const application = await ovh.credentials.getApplication(id);
    expect(application).toEqual({
      applicationId: credential.applicationId,
      applicationKey: sim.defaults.applicationKey,
      name: 'default',
      description: 'Seeded by OvhSimulator',
      status: 'active',
    });
    expect(JSON.stringify(application)).not.toContain(sim.defaults.applicationSecret);
  });

  it('setAllowedIPs() restricts a key (and is enforced), null lifts it', async () => {
    const { sim, ovh } = simClient();
    const other = sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] });
    await ovh.credentials.setAllowedIPs(other.credentialId, ['203.0.113.0/24', '2001:db8::/32']);
    expect((await ovh.credentials.get(other.credentialId)).allowedIPs).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    const put = sim.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toBe('{"allowedIPs":["203.0.113.0/24","2001:db8::/32"]}');

    // The simulator's client address is 127.0.0.1: the restricted key is now refused.
    const restricted = ovh.withConsumerKey(other.consumerKey);
    await expect(restricted.get('/me')).rejects.toMatchObject({ name: 'ForbiddenError', errorCode: 'NOT_GRANTED_CALL' });
    await ovh.credentials.setAllowedIPs(other.credentialId, null);
    expect((await ovh.credentials.get(other.credentialId)).allowedIPs).toBeNull();
    await expect(restricted.get('/me')).resolves.toMatchObject({ nichandle: 'xx1111-ovh' });
  });

  it('delete() revokes a key; reading it afterwards is a NotFoundError with the API message', async () => {
    const { sim, ovh } = simClient();
    const other = sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] });
    await ovh.credentials.delete(other.credentialId);
    expect(sim.state.credentials.has(other.credentialId)).toBe(false);
    const error = await ovh.credentials.get(other.credentialId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      errorClass: 'Client::NotFound',
      apiMessage: `The requested object (credentialId = ${other.credentialId}) does not exist`,
      queryId: expect.stringMatching(/^EU\./),
    });
    await expect(ovh.withConsumerKey(other.consumerKey).get('/me')).rejects.toMatchObject({ errorCode: 'NOT_CREDENTIAL' });
  });

  it('a key limited to /me gets ForbiddenError (NOT_GRANTED_CALL), not 404', async () => {
    const { sim, ovh } = simClient();
    const meOnly = sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] });
    const scoped = ovh.withConsumerKey(meOnly.consumerKey);
    const error = await scoped.credentials.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, errorCode: 'NOT_GRANTED_CALL', apiMessage: 'This call has not been granted' });
  });

  it('listDetails() reads every credential with at most 20 requests in flight by default (4 at first), or as configured', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    sim.seedCredentials(100);
    sim.setLatency(15);
    let inFlight = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      const detail = /\/credential\/\d+$/.test(new Request(input, init).url);
      if (detail) peak = Math.max(peak, ++inFlight);
      try {
        return await sim.fetch(input, init);
      } finally {
        if (detail) inFlight--;
      }
    };
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: counting, configFile: false, env: {} });
    const details = await ovh.credentials.listDetails();
    expect(details.map((c) => c.credentialId)).toEqual([...sim.state.credentials.keys()]);
    expect(details.missing).toEqual([]);
    expect(peak).toBe(20);

    peak = 0;
    const progress: number[] = [];
    const some = await ovh.credentials.listDetails({ status: 'validated' }, { concurrency: 3, onProgress: (done) => progress.push(done) });
    expect(peak).toBe(3);
    expect(some.every((c) => c.status === 'validated')).toBe(true);
    expect(progress).toEqual(some.map((_, i) => i + 1));
  });

  it('listDetails() skips ids deleted between the list and the read, and reports them in .missing', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const ids = sim.seedCredentials(12);
    const doomed = [ids[3]!, ids[9]!];
    let reads = 0;
    // Someone else deletes two keys right after our first detail read.
    const racing: typeof fetch = async (input, init) => {
      const response = await sim.fetch(input, init);
      if (/\/credential\/\d+$/.test(new Request(input, init).url) && ++reads === 1) for (const id of doomed) sim.state.credentials.delete(id);
      return response;
    };
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: racing, configFile: false, env: {} });
    const details = await ovh.credentials.listDetails({}, { concurrency: 1 });
    expect(details.missing).toEqual(doomed);
    expect(details.map((c) => c.credentialId)).toEqual([...sim.state.credentials.keys()]);
  });

  it('listDetails() throws a BulkOperationError holding every outcome when a read keeps failing', async () => {
    const { sim, ovh } = simClient();
    const ids = [...sim.state.credentials.keys()];
    const broken = ids[2]!;
    sim.failNext({
      status: 500,
      method: 'GET',
      path: `/me/api/credential/${broken}`,
      body: { class: 'Server::InternalServerError', message: 'boom' },
      times: 3,
    });
    const error = (await ovh.credentials.listDetails().catch((e: unknown) => e)) as BulkOperationError<number, unknown>;
    expect(error).toBeInstanceOf(BulkOperationError);
    expect(error.results).toHaveLength(ids.length);
    expect(error.results.filter((r) => r.ok)).toHaveLength(ids.length - 1);
    const failed = error.results.find((r) => !r.ok);
    expect(failed).toMatchObject({ item: broken, ok: false, error: expect.any(ServerError) });
  });

  it('listDetails({}, { batch }) reads 50 (or `batch`) ids per signed request, with X-Ovh-Batch and literal commas', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    sim.seedCredentials(110);
    const batches: Array<{ url: string; separator: string | null }> = [];
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.headers.has('x-ovh-batch')) batches.push({ url: request.url, separator: request.headers.get('x-ovh-batch') });
      return sim.fetch(request);
    };
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: recording, configFile: false, env: {} });
    const all = [...sim.state.credentials.keys()];
    const one = await ovh.credentials.listDetails();
    const batched = await ovh.credentials.listDetails({}, { batch: true });
    expect(batched).toEqual(one);
    expect(batched.missing).toEqual([]);
    expect(batches).toHaveLength(Math.ceil(all.length / 50));
    expect(batches[0]).toEqual({ url: `${API}/me/api/credential/${all.slice(0, 50).join(',')}`, separator: ',' });

    batches.length = 0;
    const progress: number[] = [];
    const some = await ovh.credentials.listDetails({ status: 'validated' }, { batch: 7, concurrency: 2, onProgress: (done) => progress.push(done) });
    expect(some.map((c) => c.credentialId)).toEqual((await ovh.credentials.listDetails({ status: 'validated' })).map((c) => c.credentialId));
    expect(batches).toHaveLength(Math.ceil(some.length / 7));
    expect(progress.at(-1)).toBe(some.length);
  });

  it('the simulator answers a batch read with one {key, value, error} per id, under the access rules', async () => {
    const { sim, ovh } = simClient();
    const [a, b] = [...sim.state.credentials.keys()];
    const batch = { headers: { 'X-Ovh-Batch': ',' } };
    const answer = await ovh.get(`/me/api/credential/${a},999999,${b}`, batch);
    expect(answer).toEqual([
      { key: String(a), value: await ovh.credentials.get(a!), error: null },
      { key: '999999', value: null, error: 'The requested object (credentialId = 999999) does not exist' },
      { key: String(b), value: await ovh.credentials.get(b!), error: null },
    ]);
    await expect(ovh.get(`/me/api/credential/${a},x`, batch)).rejects.toBeInstanceOf(BadRequestError);
    const listOnly = sim.createCredential({ rules: [{ method: 'GET', path: '/me/api/credential' }] });
    await expect(ovh.withConsumerKey(listOnly.consumerKey).get(`/me/api/credential/${a},${b}`, batch)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('listDetails({}, { batch }) puts ids deleted since the list in .missing, as single reads do', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const ids = sim.seedCredentials(12);
    const doomed = [ids[3]!, ids[9]!];
    const racing: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.headers.has('x-ovh-batch')) for (const id of doomed) sim.state.credentials.delete(id);
      return sim.fetch(request);
    };
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: racing, configFile: false, env: {} });
    const details = await ovh.credentials.listDetails({}, { batch: 5 });
    expect(details.missing).toEqual(doomed);
    expect(details.map((c) => c.credentialId)).toEqual([...sim.state.credentials.keys()]);
  });

  it('listDetails({}, { batch }): a failed batch request fails each of its ids; the others are read', async () => {
    const { sim, ovh } = simClient();
    const ids = [...sim.state.credentials.keys()];
    sim.failNext({
      status: 500,
      method: 'GET',
      path: `/me/api/credential/${ids.slice(0, 4).join(',')}`,
      body: { class: 'Server::InternalServerError', message: 'boom' },
      times: 3,
    });
    const error = (await ovh.credentials.listDetails({}, { batch: 4 }).catch((e: unknown) => e)) as BulkOperationError<number, unknown>;
    expect(error).toBeInstanceOf(BulkOperationError);
    expect(error.results.map((r) => r.item)).toEqual(ids);
    expect(error.results.slice(0, 4).every((r) => !r.ok && 'error' in r && r.error instanceof ServerError)).toBe(true);
    expect(error.results.slice(4).every((r) => r.ok)).toBe(true);
  });

  it('revokeAll({ status: "expired" }) deletes exactly the expired keys in one call', async () => {
    const { sim, ovh, clock } = simClient();
    const expired = expiredIds(sim, clock());
    const before = sim.state.credentials.size;
    const report = await ovh.credentials.revokeAll({ status: 'expired' });
    expect(report).toMatchObject({ dryRun: false, alreadyGone: [], failed: [], skipped: [], keptCurrent: undefined });
    expect(report.matched.sort()).toEqual(expired.sort());
    expect(report.revoked.sort()).toEqual(expired.sort());
    expectAccounted(report);
    expect(sim.state.credentials.size).toBe(before - expired.length);
    expect(await ovh.credentials.list({ status: 'expired' })).toEqual([]);
    expect(
      simCalls(sim)
        .filter((c) => c.startsWith('DELETE'))
        .sort(),
    ).toEqual(expired.map((id) => `DELETE /me/api/credential/${id}`).sort());
  });

  it('revokeAll(predicate) revokes what the predicate accepts, reading details first', async () => {
    const { sim, ovh } = simClient();
    const report = await ovh.credentials.revokeAll((c) => c.rules.some((r) => r.path.startsWith('/me/bill')));
    const billing = [...sim.state.credentials.values()].filter((c) => c.rules.some((r) => r.path.startsWith('/me/bill')));
    expect(billing).toEqual([]);
    expect(report.revoked).toHaveLength(3);
    expectAccounted(report);

    const unused = sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] });
    const where = await ovh.credentials.revokeAll({ status: 'validated', where: (c) => c.allowedIPs === null && c.lastUse === null });
    expect(where.revoked).toEqual([unused.credentialId]);
    expectAccounted(where);
  });

  it('dryRun reports what would be revoked and sends no DELETE', async () => {
    const { sim, ovh, clock } = simClient();
    const before = sim.state.credentials.size;
    const report = await ovh.credentials.revokeAll({ status: 'expired' }, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.revoked.sort()).toEqual(expiredIds(sim, clock()).sort());
    expectAccounted(report);
    expect(sim.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(sim.state.credentials.size).toBe(before);
  });

  it('keeps the key the client is using, unless includeCurrent (then it goes last)', async () => {
    const { sim, ovh } = simClient();
    const current = currentId(sim);
    const report = await ovh.credentials.revokeAll({});
    expect(report.keptCurrent).toBe(current);
    expect(report.matched).not.toContain(current);
    expectAccounted(report);
    expect([...sim.state.credentials.keys()]).toEqual([current]);
    await expect(ovh.get('/me')).resolves.toMatchObject({ nichandle: 'xx1111-ovh' });

    const { sim: sim2, ovh: ovh2 } = simClient();
    const current2 = currentId(sim2);
    const all = await ovh2.credentials.revokeAll({}, { includeCurrent: true, concurrency: 4 });
    expect(all.keptCurrent).toBeUndefined();
    expect(all.revoked).toContain(current2);
    expect(
      simCalls(sim2)
        .filter((c) => c.startsWith('DELETE'))
        .at(-1),
    ).toBe(`DELETE /me/api/credential/${current2}`);
    expect(sim2.state.credentials.size).toBe(0);
  });

  it('with injected failures, every matched id is accounted for and nothing throws', async () => {
    const clock = manualClock();
    const sim = new OvhSimulator({ now: clock });
    const ids = sim.seedCredentials(20, { status: 'expired' });
    const [gone, broken, dropped] = [ids[4]!, ids[8]!, ids[15]!];
    sim.failNext({
      status: 404,
      method: 'DELETE',
      path: `/me/api/credential/${gone}`,
      body: { class: 'Client::NotFound', message: `The requested object (credentialId = ${gone}) does not exist` },
    });
    sim.failNext({ status: 503, method: 'DELETE', path: `/me/api/credential/${broken}`, body: { message: 'maintenance' }, times: 3 });
    sim.dropNext({ method: 'DELETE', path: `/me/api/credential/${dropped}`, times: 3 });
    const ovh = clientOn(sim, { retry: { baseDelay: 1, maxDelay: 2 } });
    const expected = expiredIds(sim, clock());
    expect(expected).toEqual(expect.arrayContaining(ids));
    const report = await ovh.credentials.revokeAll({ status: 'expired' });
    expectAccounted(report);
    expect([...report.matched].sort()).toEqual([...expected].sort());
    expect(report.alreadyGone).toEqual([gone]);
    expect(report.failed.map((f) => f.credentialId).sort()).toEqual([broken, dropped].sort());
    expect(report.failed.find((f) => f.credentialId === broken)?.error).toBeInstanceOf(ServerError);
    expect(report.failed.find((f) => f.credentialId === dropped)?.error).toBeInstanceOf(NetworkError);
    expect(report.revoked).toHaveLength(report.matched.length - 3);
    // The failed ones are still there (retry later); the rest are gone.
    expect(sim.state.credentials.has(broken) && sim.state.credentials.has(dropped)).toBe(true);
    expect(await ovh.credentials.list({ status: 'expired' })).toEqual(expect.arrayContaining([broken, dropped]));
  });

  it('an abort mid-way reports the rest as skipped', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const ids = sim.seedCredentials(30, { status: 'refused' });
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {} });
    const controller = new AbortController();
    const report = await ovh.credentials.revokeAll(
      { status: 'refused', applicationId: sim.state.credentials.get(ids[0]!)!.applicationId },
      { concurrency: 2, signal: controller.signal, onProgress: (done) => done === 5 && controller.abort() },
    );
    expectAccounted(report);
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(report.revoked.length + report.skipped.length).toBe(report.matched.length);
    for (const id of report.skipped) expect(sim.state.credentials.has(id)).toBe(true);
    for (const id of report.revoked) expect(sim.state.credentials.has(id)).toBe(false);
  });

  it('a predicate whose reads fail or vanish still accounts for every listed id', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const ids = sim.seedCredentials(6, { status: 'pendingValidation' });
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, retry: false });
    sim.failNext({ status: 500, method: 'GET', path: `/me/api/credential/${ids[1]}`, body: { message: 'boom' } });
    sim.failNext({ status: 404, method: 'GET', path: `/me/api/credential/${ids[2]}`, body: { message: 'gone' } });
    const report = await ovh.credentials.revokeAll({ status: 'pendingValidation', where: (c) => ids.includes(c.credentialId) });
    expectAccounted(report);
    expect(report.failed.map((f) => f.credentialId)).toContain(ids[1]);
    expect(report.alreadyGone).toContain(ids[2]);
    expect(report.revoked.sort()).toEqual([ids[0]!, ids[3]!, ids[4]!, ids[5]!].sort());
    expect(report.matched.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });
});

describe('credentials over msw (exact requests)', () => {
  it('list() → GET /me/api/credential with the filter as query', async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([3, 1, 2]));
    const ovh = mockClient();
    expect(await ovh.credentials.list({ status: 'expired', applicationId: 7 })).toEqual([3, 1, 2]);
    expect(await ovh.credentials.list()).toEqual([3, 1, 2]);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/credential?applicationId=7&status=expired` });
    expectSigned(mock.requests[1], { method: 'GET', url: `${API}/me/api/credential` });
  });

  it('get() → GET /me/api/credential/{id}; unknown fields pass through; v1 and v2 dates are both accepted', async () => {
    mock.on('GET', '/me/api/credential/:id', ({ params }) => HttpResponse.json(credentialBody(Number(params.id), { futureField: { x: 1 } })));
    const ovh = mockClient();
    const credential = await ovh.credentials.get(42);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/credential/42` });
    expect(credential).toEqual(credentialBody(42, { futureField: { x: 1 } }));
    expect(toDate(credential.creation).toISOString()).toBe('2020-03-28T07:07:14.000Z');
    expect(toDate(credential.lastUse)?.toISOString()).toBe('2023-03-21T15:40:05.213Z');
    expect(toDate(credential.expiration)).toBeNull();
  });

  it('a mistyped response is a ResponseValidationError naming the field and the query id', async () => {
    mock.on('GET', '/me/api/credential/:id', () =>
      HttpResponse.json(credentialBody(5, { status: false, creation: 'yesterday' }), { headers: { 'X-Ovh-QueryID': 'EU.ext-9.abc.1' } }),
    );
    const error = (await mockClient()
      .credentials.get(5)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.queryId).toBe('EU.ext-9.abc.1');
    expect(error.issues.map((i) => i.field).sort()).toEqual(['creation', 'status']);
    expect(error.issues.map((i) => i.received).sort()).toEqual(['"yesterday"', 'false']);
    expect(error.message).toContain('EU.ext-9.abc.1');
    expect(error.message).toMatch(/creation|status/);
  });

  it('getApplication() → GET /me/api/credential/{id}/application', async () => {
    const app = { applicationId: 7, applicationKey: 'AKxxx', name: 'n', description: 'd', status: 'trusted' };
    mock.on('GET', '/me/api/credential/:id/application', () => HttpResponse.json(app));
    expect(await mockClient().credentials.getApplication(9)).toEqual(app);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/credential/9/application` });
  });

  it('setAllowedIPs() → PUT with {allowedIPs} (after checking it is not the key in use); an empty or null answer body is fine', async () => {
    mock.on('GET', '/auth/currentCredential', () => HttpResponse.json(credentialBody(7)));
    mock.on('PUT', '/me/api/credential/:id', ({ count }) => (count === 1 ? new HttpResponse(null, { status: 200 }) : HttpResponse.json(null)));
    const ovh = mockClient();
    await expect(ovh.credentials.setAllowedIPs(42, ['192.0.2.1', '10.0.0.0/8'])).resolves.toBeUndefined();
    await expect(ovh.credentials.setAllowedIPs(42, null)).resolves.toBeUndefined();
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/auth/currentCredential` });
    expectSigned(mock.requests[1], { method: 'PUT', url: `${API}/me/api/credential/42`, body: { allowedIPs: ['192.0.2.1', '10.0.0.0/8'] } });
    // Lifting the restriction cannot lock anyone out: no check first.
    expectSigned(mock.requests[2], { method: 'PUT', url: `${API}/me/api/credential/42`, body: { allowedIPs: null } });
    expect(mock.requests).toHaveLength(3);
  });

  it('delete() → DELETE /me/api/credential/{id}; a 404 is a NotFoundError', async () => {
    mock.on('DELETE', '/me/api/credential/:id', ({ params }) =>
      params.id === '1'
        ? new HttpResponse(null, { status: 200 })
        : ovhError(404, `The requested object (credentialId = ${String(params.id)}) does not exist`),
    );
    const ovh = mockClient();
    await expect(ovh.credentials.delete(1)).resolves.toBeUndefined();
    expectSigned(mock.requests[0], { method: 'DELETE', url: `${API}/me/api/credential/1` });
    await expect(ovh.credentials.delete(2)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('listDetails() → one list then one GET per id; 404s land in .missing', async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([1, 2, 3]));
    mock.on('GET', '/me/api/credential/:id', ({ params }) =>
      params.id === '2'
        ? ovhError(404, 'The requested object (credentialId = 2) does not exist')
        : HttpResponse.json(credentialBody(Number(params.id))),
    );
    const details = await mockClient().credentials.listDetails({ status: 'validated' });
    expect(details.map((c) => c.credentialId)).toEqual([1, 3]);
    expect(details.missing).toEqual([2]);
    expect(mock.requests.map((r) => r.url).sort()).toEqual(
      [`${API}/me/api/credential?status=validated`, `${API}/me/api/credential/1`, `${API}/me/api/credential/2`, `${API}/me/api/credential/3`].sort(),
    );
    for (const r of mock.requests) expectSigned(r, { method: 'GET', url: r.url });
  });

  it("listDetails({}, { batch }) matches wrappers by key, then by the value's id; an id left unanswered fails", async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([1, 2, 3, 4]));
    mock.on('GET', '/me/api/credential/:ids', ({ request }) => {
      expect(request.headers.get('x-ovh-batch')).toBe(',');
      // Out of order, one without key, one with an error object, and no entry at all for 4.
      return HttpResponse.json([
        { key: '3', value: credentialBody(3) },
        { value: credentialBody(1) },
        { key: 2, value: null, error: { message: 'quota' } },
      ]);
    });
    const error = (await mockClient()
      .credentials.listDetails({}, { batch: true })
      .catch((e: unknown) => e)) as BulkOperationError<number, unknown>;
    expect(error).toBeInstanceOf(BulkOperationError);
    expectSigned(mock.requests[1], { method: 'GET', url: `${API}/me/api/credential/1,2,3,4` });
    const [one, two, three, four] = error.results;
    expect(one).toMatchObject({ item: 1, ok: true, value: { credentialId: 1 } });
    expect(two).toMatchObject({ item: 2, ok: false, error: expect.any(ServerError) });
    expect((two as { error: Error }).error.message).toContain('quota');
    expect(three).toMatchObject({ item: 3, ok: true, value: { credentialId: 3 } });
    expect(four).toMatchObject({ item: 4, ok: false, error: expect.any(ResponseValidationError) });
    expect((four as { error: Error }).error.message).toMatch(/no value and no error for credential 4; read without batch/);
  });

  it('revokeAll() asks for the current key, lists, deletes the rest, and reports each id', async () => {
    mock.on('GET', '/auth/currentCredential', () => HttpResponse.json(credentialBody(2)));
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([1, 2, 3, 4]));
    mock.on('DELETE', '/me/api/credential/:id', ({ params }) =>
      params.id === '3'
        ? ovhError(404, 'The requested object (credentialId = 3) does not exist')
        : params.id === '4'
          ? ovhError(403, 'This call has not been granted', { errorCode: 'NOT_GRANTED_CALL' })
          : new HttpResponse(null, { status: 200 }),
    );
    const report = await mockClient().credentials.revokeAll({ status: 'expired' });
    expect(report).toEqual({
      dryRun: false,
      matched: [1, 3, 4],
      revoked: [1],
      alreadyGone: [3],
      failed: [{ credentialId: 4, error: expect.any(ForbiddenError) }],
      skipped: [],
      keptCurrent: 2,
    });
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/auth/currentCredential` });
    expectSigned(mock.requests[1], { method: 'GET', url: `${API}/me/api/credential?status=expired` });
    const deletes = mock.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.url).sort()).toEqual([1, 3, 4].map((id) => `${API}/me/api/credential/${id}`));
    for (const d of deletes) expectSigned(d, { method: 'DELETE', url: d.url });
  });

  it('an OAuth2 client has no current key to keep: it asks nothing and keeps nothing', async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([5]));
    const ovh = new OvhClient({ endpoint: 'ovh-eu', accessToken: 'tok-abcdefgh', configFile: false, env: {} });
    const report = await ovh.credentials.revokeAll({ status: 'expired' }, { dryRun: true });
    expect(report).toMatchObject({ matched: [5], revoked: [5], keptCurrent: undefined, dryRun: true });
    expect(mock.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/me/api/credential?status=expired`]);
    expect(mock.requests[0]?.headers.authorization).toBe('Bearer tok-abcdefgh');
  });
});

describe('credentials input validation (nothing is sent)', () => {
  const ovh = mockClient();
  it.each([
    ['get(0)', () => ovh.credentials.get(0), 'credentialId'],
    ['get(-1)', () => ovh.credentials.get(-1), 'credentialId'],
    ['get(1.5)', () => ovh.credentials.get(1.5), 'credentialId'],
    ['get(NaN)', () => ovh.credentials.get(Number.NaN), 'credentialId'],
    ['get("42")', () => ovh.credentials.get('42' as never), 'credentialId'],
    ['get("../me")', () => ovh.credentials.get('../me' as never), 'credentialId'],
    ['delete(undefined)', () => ovh.credentials.delete(undefined as never), 'credentialId'],
    ['getApplication(2**53)', () => ovh.credentials.getApplication(2 ** 53), 'credentialId'],
    ['setAllowedIPs bad id', () => ovh.credentials.setAllowedIPs(0, ['10.0.0.0/8']), 'credentialId'],
    ['setAllowedIPs /33', () => ovh.credentials.setAllowedIPs(1, ['10.0.0.0/33']), 'allowedIPs.0'],
    ['setAllowedIPs hostname', () => ovh.credentials.setAllowedIPs(1, ['10.0.0.0/8', 'example.com']), 'allowedIPs.1'],
    ['setAllowedIPs a string', () => ovh.credentials.setAllowedIPs(1, '10.0.0.0/8' as never), 'allowedIPs'],
    ['list bad status', () => ovh.credentials.list({ status: 'old' as never }), 'filter.status'],
    ['list bad applicationId', () => ovh.credentials.list({ applicationId: -3 }), 'filter.applicationId'],
    ['list unknown key', () => ovh.credentials.list({ stauts: 'expired' } as never), 'filter'],
    ['listDetails concurrency 0', () => ovh.credentials.listDetails({}, { concurrency: 0 }), 'options.concurrency'],
    ['listDetails concurrency NaN', () => ovh.credentials.listDetails({}, { concurrency: Number.NaN }), 'options.concurrency'],
    ['listDetails batch 0', () => ovh.credentials.listDetails({}, { batch: 0 }), 'options.batch'],
    ['listDetails batch 101', () => ovh.credentials.listDetails({}, { batch: 101 }), 'options.batch'],
    ['listDetails batch false', () => ovh.credentials.listDetails({}, { batch: false as never }), 'options.batch'],
    ['revokeAll typo (would select everything)', () => ovh.credentials.revokeAll({ stauts: 'expired' } as never), 'selector'],
    ['revokeAll where not a function', () => ovh.credentials.revokeAll({ where: true } as never), 'selector.where'],
    ['revokeAll concurrency 1000', () => ovh.credentials.revokeAll({ status: 'expired' }, { concurrency: 1000 }), 'options.concurrency'],
  ])('%s → InputValidationError', async (_name, call, field) => {
    // Every method is async: a validation error is a rejection, never a synchronous throw.
    const error = await (call as () => Promise<unknown>)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect((error as Error).message).toMatch(/Nothing was sent/);
    expect(mock.attempted).toEqual([]);
  });
});
