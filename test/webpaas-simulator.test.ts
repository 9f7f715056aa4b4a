// WebPaasSimulator on its own, spoken to with plain fetch calls (no SDK): token endpoint, bearer checks, projects,
// environments, variables with inheritance, activities, faults, and serving over loopback HTTP.
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUnknownFields } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { WebPaasSimulator } from '../src/testing/index.js';
import { manualClock, settle, useFakeTime } from './helpers/clock.js';

const ORIGIN = 'https://eu.api.webpaas.ovhcloud.com';
const TOKEN_URL = 'https://eu.auth.webpaas.ovhcloud.com/oauth2/token';
const BASIC = `Basic ${Buffer.from('ovh-eu-cli:').toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

function exchange(sim: WebPaasSimulator, apiToken: string, init: { authorization?: string; contentType?: string; body?: string } = {}) {
  return sim.fetch(TOKEN_URL, {
    method: 'POST',
    headers: { authorization: init.authorization ?? BASIC, 'content-type': init.contentType ?? FORM },
    body: init.body ?? new URLSearchParams({ grant_type: 'api_token', api_token: apiToken }).toString(),
  });
}

async function accessToken(sim: WebPaasSimulator, apiToken = sim.createApiToken()): Promise<string> {
  const res = await exchange(sim, apiToken);
  return ((await res.json()) as { access_token: string }).access_token;
}

function call(sim: WebPaasSimulator, token: string | null, method: string, path: string, body?: unknown): Promise<Response> {
  return sim.fetch(`${ORIGIN}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

async function json(res: Response | Promise<Response>): Promise<{ status: number; body: any }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

/** A simulator on a hand-driven clock, with a ready access token. */
async function setup(options: ConstructorParameters<typeof WebPaasSimulator>[0] = {}) {
  const clock = { now: Date.UTC(2025, 0, 1) };
  const sim = new WebPaasSimulator({ now: () => clock.now, ...options });
  const token = await accessToken(sim);
  const p = sim.defaults.project;
  return { sim, clock, token, p, api: (method: string, path: string, body?: unknown) => json(call(sim, token, method, path, body)) };
}

describe('token endpoint', () => {
  it('exchanges an API token for a bearer access token (expires_in 900 by default, configurable)', async () => {
    const sim = new WebPaasSimulator({ now: manualClock() });
    const res = await json(exchange(sim, sim.createApiToken()));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^wpat_[0-9a-f]{48}$/), expires_in: 900, token_type: 'bearer' });
    const short = new WebPaasSimulator({ now: manualClock(), tokenLifetimeSeconds: 5 });
    expect((await json(exchange(short, short.createApiToken()))).body.expires_in).toBe(5);
    short.setTokenLifetime(60);
    expect((await json(exchange(short, short.createApiToken()))).body.expires_in).toBe(60);
  });

  it('answers an unknown or revoked API token with invalid_grant', async () => {
    const sim = new WebPaasSimulator({ now: manualClock() });
    const expected = { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid API token.' } };
    expect(await json(exchange(sim, 'wpt_unknown'))).toEqual(expected);
    const token = sim.createApiToken();
    expect(sim.revokeApiToken(token)).toBe(true);
    expect(sim.revokeApiToken('nope')).toBe(false);
    expect(await json(exchange(sim, token))).toEqual(expected);
  });

  it('checks the Basic client id (empty secret), the content type, the grant type and api_token', async () => {
    const sim = new WebPaasSimulator({ now: manualClock() });
    const token = sim.createApiToken();
    const client = { error: 'invalid_client', error_description: 'Client authentication failed.' };
    expect(await json(exchange(sim, token, { authorization: '' }))).toEqual({ status: 401, body: client });
    expect(await json(exchange(sim, token, { authorization: `Basic ${btoa('other-cli:')}` }))).toEqual({ status: 401, body: client });
    expect(await json(exchange(sim, token, { authorization: `Basic ${btoa('ovh-eu-cli:secret')}` }))).toEqual({ status: 401, body: client });
    expect(await json(exchange(sim, token, { contentType: 'application/json' }))).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await json(exchange(sim, token, { body: `grant_type=password&api_token=${token}` }))).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await json(exchange(sim, token, { body: 'grant_type=api_token' }))).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const ca = new WebPaasSimulator({ now: manualClock(), clientId: 'ovh-ca-cli' });
    expect((await exchange(ca, ca.createApiToken(), { authorization: `Basic ${btoa('ovh-ca-cli:')}` })).status).toBe(200);
  });
});

describe('bearer checks', () => {
  const unauthorized = {
    status: 'error',
    code: 401,
    message: 'Invalid or expired access token.',
    title: 'Unauthorized',
    detail: 'Send a valid access token in the Authorization header.',
  };

  it('refuses missing, unknown, expired and revoked tokens with 401', async () => {
    const { sim, clock, token, p } = await setup({ tokenLifetimeSeconds: 60 });
    const path = `/projects/${p}`;
    expect((await call(sim, token, 'GET', path)).status).toBe(200);
    expect(await json(call(sim, null, 'GET', path))).toEqual({ status: 401, body: unauthorized });
    expect((await call(sim, 'wpat_unknown', 'GET', path)).status).toBe(401);
    clock.now += 59_999;
    expect((await call(sim, token, 'GET', path)).status).toBe(200);
    clock.now += 1;
    expect((await call(sim, token, 'GET', path)).status).toBe(401);

    const apiToken = sim.createApiToken();
    const fresh = await accessToken(sim, apiToken);
    sim.revokeApiToken(apiToken);
    expect((await call(sim, fresh, 'GET', path)).status).toBe(401);

    const other = await accessToken(sim);
    sim.expireAccessTokens();
    expect((await call(sim, other, 'GET', path)).status).toBe(401);
  });
});

describe('projects and environments', () => {
  it('serves the seeded project with main and its child staging', async () => {
    const { api, p } = await setup();
    expect(await api('GET', `/projects/${p}`)).toMatchObject({ status: 200, body: { id: p, default_branch: 'main' } });
    const envs = await api('GET', `/projects/${p}/environments`);
    expect(envs.body.map((e: { id: string; parent: string | null }) => [e.id, e.parent])).toEqual([
      ['main', null],
      ['staging', 'main'],
    ]);
    expect((await api('GET', `/projects/${p}/environments/staging`)).body).toMatchObject({ id: 'staging', parent: 'main', project: p });
    expect(await api('GET', `/projects/${p}/environments/nope`)).toMatchObject({ status: 404, body: { code: 404, title: 'Not Found' } });
    expect(await api('GET', '/projects/nope')).toMatchObject({ status: 404, body: { message: 'Project not found: nope' } });
    expect(await api('GET', '/nothing/here')).toMatchObject({ status: 404, body: { status: 'error', code: 404 } });
  });

  it('can start empty and be built by hand', async () => {
    const sim = new WebPaasSimulator({ now: manualClock(), seed: false });
    expect(() => sim.defaults).toThrow(/seed: false/);
    expect(() => sim.addVariable({ name: 'X', value: 'v' })).toThrow(/no seeded project/);
    const id = sim.createProject({ id: 'myproject1234', title: 'Mine' });
    expect(id).toBe('myproject1234');
    expect(() => sim.createProject({ id })).toThrow(/already exists/);
    sim.createEnvironment({ project: id, id: 'feature/x' });
    sim.createEnvironment({ project: id, id: 'feature/x/y', parent: 'feature/x' });
    expect(() => sim.createEnvironment({ project: id, id: 'z', parent: 'nope' })).toThrow(/Unknown parent/);
    const token = await accessToken(sim);
    const res = await json(call(sim, token, 'GET', `/projects/${id}/environments/feature%2Fx%2Fy`));
    expect(res.body).toMatchObject({ id: 'feature/x/y', parent: 'feature/x', machine_name: 'feature-x-y' });
  });
});

describe('variables', () => {
  it('creates, reads, patches and deletes project variables, hiding sensitive values', async () => {
    const { api, p, sim } = await setup();
    const created = await api('POST', `/projects/${p}/variables`, { name: 'env:DB_PASSWORD', value: 'pw', is_sensitive: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'created', code: 201, _embedded: { activities: [] } });
    expect(created.body._embedded.entity).toEqual({
      id: 'env:DB_PASSWORD',
      name: 'env:DB_PASSWORD',
      attributes: {},
      is_json: false,
      is_sensitive: true,
      visible_build: true,
      visible_runtime: true,
      application_scope: [],
      created_at: '2025-01-01T00:00:00.000+00:00',
      updated_at: null,
      _links: { self: { href: `${ORIGIN}/projects/${p}/variables/env%3ADB_PASSWORD` } },
    });
    expect((await api('GET', `/projects/${p}/variables/env%3ADB_PASSWORD`)).body).not.toHaveProperty('value');
    expect(sim.getVariable({ name: 'env:DB_PASSWORD' })?.value).toBe('pw');
    expect(await api('POST', `/projects/${p}/variables`, { name: 'env:DB_PASSWORD', value: 'x' })).toMatchObject({
      status: 409,
      body: { code: 409, title: 'Conflict' },
    });
    const patched = await api('PATCH', `/projects/${p}/variables/env%3ADB_PASSWORD`, { value: 'pw2', visible_build: false });
    expect(patched.body).toMatchObject({
      status: 'updated',
      code: 200,
      _embedded: { entity: { visible_build: false, updated_at: expect.any(String) } },
    });
    expect(sim.getVariable({ name: 'env:DB_PASSWORD' })?.value).toBe('pw2');
    expect(await api('PATCH', `/projects/${p}/variables/env%3ADB_PASSWORD`, { is_sensitive: false })).toMatchObject({
      status: 400,
      body: { message: 'A sensitive variable cannot be made non-sensitive.' },
    });
    expect(await api('DELETE', `/projects/${p}/variables/env%3ADB_PASSWORD`)).toEqual({
      status: 200,
      body: { status: 'deleted', code: 200, _embedded: { activities: [] } },
    });
    expect((await api('GET', `/projects/${p}/variables/env%3ADB_PASSWORD`)).status).toBe(404);
    expect((await api('DELETE', `/projects/${p}/variables/env%3ADB_PASSWORD`)).status).toBe(404);
    expect((await api('PATCH', `/projects/${p}/variables/NOPE`, { value: 'x' })).status).toBe(404);
  });

  it('validates bodies like the CLI, naming fields in detail', async () => {
    const { api, p } = await setup();
    const post = (body: unknown, env?: string) =>
      api('POST', env ? `/projects/${p}/environments/${env}/variables` : `/projects/${p}/variables`, body);
    expect(await post({ name: 'X', value: 'v', is_enabled: true })).toEqual({
      status: 400,
      body: {
        status: 'error',
        code: 400,
        message: 'Invalid variable.',
        title: 'Bad Request',
        detail: { is_enabled: 'This field is only available at environment level.' },
      },
    });
    expect((await post({ name: 'X', value: 'v', colour: 'red' })).body.detail).toEqual({ colour: 'Unknown field.' });
    expect((await post({ name: 'MY VAR', value: 'v' })).body.detail.name).toMatch(/spaces/);
    expect((await post({ name: 'A'.repeat(257), value: 'v' })).body.detail.name).toMatch(/256/);
    // The CLI applies no pattern to env: names, and neither does the simulator (the spec documents none).
    expect((await post({ name: 'env:9X-Y', value: 'v' })).status).toBe(201);
    expect((await post({ name: 'X' })).body.detail).toEqual({ value: 'This field is required.' });
    expect((await post({ name: 'X', value: '{', is_json: true })).body.detail).toEqual({ value: 'The value must be valid JSON.' });
    expect((await post({ name: 'X', value: 1, is_sensitive: 'yes', attributes: [1], application_scope: 'a' })).body.detail).toEqual({
      value: 'This value should be a string.',
      is_sensitive: 'This value should be a boolean.',
      attributes: 'This value should be an object of strings.',
      application_scope: 'This value should be a list of application names.',
    });
    expect((await post('not json')).body.detail).toEqual({ body: 'Invalid JSON.' });
    expect((await post([1])).body.detail).toEqual({ body: 'Expected an object.' });
    await post({ name: 'X', value: 'v' });
    expect((await api('PATCH', `/projects/${p}/variables/X`, { name: 'Y' })).body.detail).toEqual({ name: 'The variable name cannot be changed.' });
    expect((await api('PATCH', `/projects/${p}/variables/X`, { is_json: true })).body.detail).toEqual({ value: 'The value must be valid JSON.' });
    expect((await post({ name: 'X', value: 'v', is_enabled: false, is_inheritable: false }, 'main')).status).toBe(201);
  });

  it("lists an environment's own variables and the inheritable ones of its parents, not the project's", async () => {
    const { api, p, sim } = await setup();
    await api('POST', `/projects/${p}/variables`, { name: 'PROJECT', value: 'project' });
    await api('POST', `/projects/${p}/environments/main/variables`, { name: 'SHARED', value: 'main' });
    await api('POST', `/projects/${p}/environments/main/variables`, { name: 'MAIN_ONLY', value: 'm', is_inheritable: false });
    await api('POST', `/projects/${p}/environments/main/variables`, { name: 'FLOWS', value: 'm', is_enabled: false });
    const names = async (env: string) =>
      (await api('GET', `/projects/${p}/environments/${env}/variables`)).body.map(
        (v: { name: string; value: string; inherited: boolean; is_enabled: boolean }) =>
          `${v.name}=${v.value}${v.inherited ? ' (inherited)' : ''}${v.is_enabled ? '' : ' (disabled)'}`,
      );
    // The spec's `inherited` is "inherited from a parent environment"; the CLI merges the project's list in itself.
    expect(await names('main')).toEqual(['FLOWS=m (disabled)', 'MAIN_ONLY=m', 'SHARED=main']);
    expect(await names('staging')).toEqual(['FLOWS=m (inherited) (disabled)', 'SHARED=main (inherited)']);
    expect((await api('GET', `/projects/${p}/environments/staging/variables/PROJECT`)).status).toBe(404);
    const env = (await api('GET', `/projects/${p}/environments/staging/variables/SHARED`)).body;
    expect(env).toMatchObject({ project: p, environment: 'staging', inherited: true, is_enabled: true, is_inheritable: true });
    expect(env._links.self.href).toBe(`${ORIGIN}/projects/${p}/environments/staging/variables/SHARED`);

    // An inherited variable cannot be deleted here; POST or PATCH on it creates this environment's override.
    expect(await api('DELETE', `/projects/${p}/environments/staging/variables/SHARED`)).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/inherited and cannot be deleted on environment staging/) },
    });
    expect((await api('PATCH', `/projects/${p}/environments/staging/variables/SHARED`, { value: 'staging' })).status).toBe(200);
    expect((await api('POST', `/projects/${p}/environments/staging/variables`, { name: 'FLOWS', value: 's' })).status).toBe(201);
    expect(await names('staging')).toEqual(['FLOWS=s', 'SHARED=staging']);
    expect((await api('POST', `/projects/${p}/environments/staging/variables`, { name: 'FLOWS', value: 's' })).status).toBe(409);
    expect(sim.getVariable({ environment: 'main', name: 'SHARED' })?.value).toBe('main');
    expect(sim.getVariable({ environment: 'staging', name: 'SHARED' })).toMatchObject({ value: 'staging', inherited: false });
    expect((await api('DELETE', `/projects/${p}/environments/staging/variables/SHARED`)).status).toBe(200);
    expect(sim.getVariable({ environment: 'staging', name: 'SHARED' })).toMatchObject({ value: 'main', inherited: true });
    expect((await api('DELETE', `/projects/${p}/environments/staging/variables/NOPE`)).status).toBe(404);
  });

  it('an environment-level variable is hidden from the build unless asked (the API default the CLI relies on)', async () => {
    const { api, p } = await setup();
    expect((await api('POST', `/projects/${p}/variables`, { name: 'P', value: 'v' })).body._embedded.entity).toMatchObject({ visible_build: true });
    const env = await api('POST', `/projects/${p}/environments/main/variables`, { name: 'E', value: 'v' });
    expect(env.body._embedded.entity).toMatchObject({ visible_build: false, visible_runtime: true });
  });

  it('keeps an inherited sensitive variable sensitive in overrides', async () => {
    const { api, p } = await setup();
    await api('POST', `/projects/${p}/environments/main/variables`, { name: 'S', value: 'v', is_sensitive: true });
    expect((await api('PATCH', `/projects/${p}/environments/staging/variables/S`, { is_sensitive: false })).status).toBe(400);
    const override = await api('PATCH', `/projects/${p}/environments/staging/variables/S`, { value: 'w' });
    expect(override.body._embedded.entity).toMatchObject({ is_sensitive: true, inherited: false });
    expect(override.body._embedded.entity).not.toHaveProperty('value');
  });
});

describe('activities', () => {
  it('go pending → in_progress → complete (success) on the clock, one per environment-level write', async () => {
    const { api, p, clock } = await setup({ activityDurationMs: 1000 });
    const res = await api('POST', `/projects/${p}/environments/main/variables`, { name: 'A', value: 'v' });
    const [activity] = res.body._embedded.activities;
    expect(activity).toMatchObject({
      type: 'environment.variable.create',
      project: p,
      environments: ['main'],
      state: 'pending',
      result: null,
      completion_percent: 0,
      started_at: null,
      completed_at: null,
    });
    const read = async () => (await api('GET', `/projects/${p}/activities/${activity.id}`)).body;
    clock.now += 499;
    expect((await read()).state).toBe('pending');
    clock.now += 1;
    expect(await read()).toMatchObject({ state: 'in_progress', completion_percent: 50, started_at: '2025-01-01T00:00:00.500+00:00' });
    clock.now += 500;
    expect(await read()).toMatchObject({
      state: 'complete',
      result: 'success',
      completion_percent: 100,
      completed_at: '2025-01-01T00:00:01.000+00:00',
      log: expect.stringMatching(/redeployed/),
    });
    await api('PATCH', `/projects/${p}/environments/main/variables/A`, { value: 'w' });
    await api('DELETE', `/projects/${p}/environments/main/variables/A`);
    const list = (await api('GET', `/projects/${p}/activities`)).body.map((a: { type: string }) => a.type);
    expect(list).toEqual(['environment.variable.delete', 'environment.variable.update', 'environment.variable.create']);
  });

  it('fails the next activities on request, and completes at once with a zero duration', async () => {
    const { api, p, sim } = await setup({ activityDurationMs: 0 });
    sim.failNextActivity(2);
    const results: string[] = [];
    for (const name of ['A', 'B', 'C']) {
      const res = await api('POST', `/projects/${p}/environments/main/variables`, { name, value: 'v' });
      const [activity] = res.body._embedded.activities;
      expect(activity.state).toBe('complete');
      results.push(activity.result);
    }
    expect(results).toEqual(['failure', 'failure', 'success']);
    expect(() => sim.failNextActivity(0)).toThrow(RangeError);
    expect(() => sim.setActivityDuration(-1)).toThrow(RangeError);
    expect(() => new WebPaasSimulator({ tokenLifetimeSeconds: Number.NaN })).toThrow(RangeError);
    sim.failNextActivity();
    sim.clearFaults();
    const ok = await api('POST', `/projects/${p}/environments/main/variables`, { name: 'D', value: 'v' });
    expect(ok.body._embedded.activities[0].result).toBe('success');
  });

  it('answers 404 for an activity of another project', async () => {
    const { api, p, sim } = await setup();
    const other = sim.createProject();
    const res = await api('POST', `/projects/${p}/environments/main/variables`, { name: 'A', value: 'v' });
    const id = res.body._embedded.activities[0].id;
    expect((await api('GET', `/projects/${other}/activities/${id}`)).status).toBe(404);
  });
});

describe('faults, request log, headers', () => {
  it('records every request, stamps X-Request-Id, and injects failures, drops and latency', async () => {
    const { sim, token, p } = await setup();
    expect(sim.requests[0]).toMatchObject({ method: 'POST', url: TOKEN_URL, headers: { authorization: BASIC, 'content-type': FORM } });
    sim.clearRequests();
    const ok = await call(sim, token, 'GET', `/projects/${p}/variables`);
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-\d+$/);
    sim.failNext({ path: '/projects/*', status: 503, body: { message: 'maintenance' } });
    expect(await json(call(sim, token, 'GET', `/projects/${p}/variables`))).toEqual({ status: 503, body: { message: 'maintenance' } });
    sim.failNext({ method: 'POST', path: '/oauth2/token', status: 500 });
    expect((await exchange(sim, 'x')).status).toBe(500);
    sim.dropNext({ path: '/projects/*' });
    await expect(call(sim, token, 'GET', `/projects/${p}/variables`)).rejects.toThrow('fetch failed');
    useFakeTime();
    sim.setLatency(40);
    const started = Date.now();
    await settle(call(sim, token, 'GET', `/projects/${p}/variables`));
    expect(Date.now() - started).toBe(40);
    sim.clearFaults();
    expect(sim.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'GET', 'GET']);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(sim.fetch(`${ORIGIN}/projects/${p}`, { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('as msw handlers', () => {
  const sim = new WebPaasSimulator({ now: manualClock() });
  const server = setupServer(http.all('https://*.webpaas.ovhcloud.com/*', ({ request }) => sim.handle(request)));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  it('serves both hosts to the global fetch', async () => {
    const paas = new WebPaasClient({ apiToken: sim.createApiToken(), env: {} });
    await paas.variables.create({ project: sim.defaults.project, name: 'X', value: 'v' });
    expect(sim.requests.map((r) => new URL(r.url).host)).toEqual(['eu.auth.webpaas.ovhcloud.com', 'eu.api.webpaas.ovhcloud.com']);
  });
});

describe('over loopback HTTP', () => {
  it('serves the API and the token URL from one server', async () => {
    const clock = manualClock();
    const sim = new WebPaasSimulator({ now: clock, activityDurationMs: 20 });
    expect(() => sim.origin).toThrow(/listen\(\)/);
    const apiUrl = await sim.listen();
    try {
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.apiUrl).toBe(apiUrl);
      expect(sim.tokenUrl).toBe(`${apiUrl}/oauth2/token`);
      await expect(sim.listen()).rejects.toThrow(/already listening/);
      const paas = new WebPaasClient({ apiUrl, tokenUrl: sim.tokenUrl, apiToken: sim.createApiToken(), env: {} });
      const res = await paas.variables.create(
        { project: sim.defaults.project, environment: 'main', name: 'env:TOKEN', value: 'v', sensitive: true },
        // the simulator's clock moves 10 ms per poll, as the client's does
        { wait: true, pollInterval: 10, onProgress: () => clock.advance(10) },
      );
      expect(res.activities[0]).toMatchObject({ state: 'complete', result: 'success' });
      expect(withUnknownFields(res.variable)._links).toEqual({
        self: { href: `${apiUrl}/projects/${sim.defaults.project}/environments/main/variables/env%3ATOKEN` },
      });
      expect(sim.requests[0]?.url).toBe(`${apiUrl}/oauth2/token`);
    } finally {
      await sim.close();
      await sim.close();
    }
  });
});
