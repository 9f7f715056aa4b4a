// Web PaaS answers the simulator can give as the spec documents them: bare `{status, code}` write answers,
// variables with a null created_at, scheduled and staged activities, and one bad item among good ones.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OvhApiError, ResponseValidationError } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { WebPaasSimulator } from '../src/testing/index.js';

const API = 'https://eu.api.webpaas.ovhcloud.com';
const TOKEN_URL = 'https://eu.auth.webpaas.ovhcloud.com/oauth2/token';

function setup(options: ConstructorParameters<typeof WebPaasSimulator>[0] = {}) {
  // A manual clock: activities move only when the test says so.
  let now = Date.UTC(2026, 11, 2, 9, 0, 0);
  const sim = new WebPaasSimulator({ activityDurationMs: 1_000, now: () => now, ...options });
  const paas = new WebPaasClient({ apiToken: sim.createApiToken(), env: {}, fetch: sim.fetch, retry: false });
  const calls = () => sim.requests.filter((r) => r.url !== TOKEN_URL).map((r) => `${r.method} ${r.url.replace(API, '')}`);
  return { sim, paas, p: sim.defaults.project, calls, advance: (ms: number) => (now += ms) };
}

describe('writes answered with the bare AcceptedResponse {status, code}', () => {
  it('create and update read the variable back with one GET, and return the same result shape', async () => {
    const { sim, paas, p, calls } = setup({ writeAnswers: 'accepted' });
    const created = await paas.variables.create({ project: p, environment: 'main', name: 'env:MODE', value: 'blue' });
    expect(created).toMatchObject({ status: 'created', code: 201, activities: [], staged: [] });
    expect(created.variable).toMatchObject({ name: 'env:MODE', value: 'blue', environment: 'main', inherited: false });
    expect(calls().slice(-2)).toEqual([
      `POST /projects/${p}/environments/main/variables`,
      `GET /projects/${p}/environments/main/variables/env%3AMODE`,
    ]);

    sim.setWriteAnswers('embedded');
    const updated = await paas.variables.update({ project: p, environment: 'main', name: 'env:MODE', value: 'green' });
    expect(updated.variable.value).toBe('green');
    expect(updated.activities).toHaveLength(1);
    // With the entity in the answer, no read-back.
    expect(calls().at(-1)).toBe(`PATCH /projects/${p}/environments/main/variables/env%3AMODE`);
  });

  it('upsert and delete accept the bare answer too', async () => {
    const { paas, p } = setup({ writeAnswers: 'accepted' });
    const first = await paas.variables.upsert({ project: p, name: 'FLAG', value: 'on' });
    const second = await paas.variables.upsert({ project: p, name: 'FLAG', value: 'off' });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.variable.value).toBe('off');
    expect(await paas.variables.delete({ project: p, name: 'FLAG' })).toEqual({ status: 'deleted', code: 200, activities: [], staged: [] });
  });
});

describe('nullable and open fields', () => {
  it('a variable with a null created_at is listed with the others', async () => {
    const { sim, paas, p } = setup();
    sim.addVariable({ name: 'OLD', value: 'x', createdAt: null });
    sim.addVariable({ name: 'NEW', value: 'y' });
    const vars = await paas.variables.list({ project: p });
    expect(vars.map((v) => [v.name, v.created_at === null])).toEqual([
      ['NEW', false],
      ['OLD', true],
    ]);
  });

  it('env: names are checked as the CLI checks them (length, spaces), no pattern', async () => {
    const { paas, p } = setup();
    const { variable } = await paas.variables.create({ project: p, name: 'env:9-LIVES', value: 'v' });
    expect(variable.name).toBe('env:9-LIVES');
  });
});

describe('activities staged for a later deploy', () => {
  it('wait() returns as soon as the activity is staged, and says a redeploy is due', async () => {
    const { sim, paas, p, advance } = setup();
    sim.stageNextActivity();
    const { activities } = await paas.variables.create({ project: p, environment: 'main', name: 'env:HELD', value: 'v' });
    expect(activities[0]?.state).toBe('scheduled');
    const seen: string[] = [];
    const waiting = paas.activities.wait({ project: p, activities }, { pollInterval: 1, onProgress: (a) => seen.push(a.state) });
    advance(600); // past half the duration: staged for good
    const done = await waiting;
    expect(done.map((a) => a.state)).toEqual(['staged']);
    expect(done.staged.map((a) => a.id)).toEqual([activities[0]?.id]);
    expect(seen.at(-1)).toBe('staged');
  });

  it('a write with wait: true reports the staged activity instead of polling to its timeout', async () => {
    const { sim, paas, p, advance } = setup();
    sim.stageNextActivity();
    const states: string[] = [];
    // Each poll moves the manual clock on by 300 ms: scheduled at 0 and 300 ms, staged from 500 ms on.
    const onProgress = (a: { state: string }) => {
      states.push(a.state);
      advance(300);
    };
    const result = await paas.variables.create(
      { project: p, environment: 'staging', name: 'env:X', value: '1' },
      { wait: true, pollInterval: 1, waitTimeout: 60_000, onProgress },
    );
    expect(states).toEqual(['scheduled', 'scheduled', 'staged']);
    expect(result.staged).toHaveLength(1);
    expect(result.activities.map((a) => a.state)).toEqual(['staged']);
  });
});

describe('one bad item does not hide the good ones', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('variables.list reports the bad item by index and name; validItems holds the others; paas.get gives the raw list', async () => {
    const good = (name: string) => ({
      id: name,
      name,
      value: 'v',
      attributes: {},
      is_json: false,
      is_sensitive: false,
      visible_build: true,
      visible_runtime: true,
      application_scope: [],
      created_at: '2026-03-01T09:15:30+00:00',
      updated_at: null,
    });
    const list = [good('A'), { ...good('B'), is_json: 'yes' }, good('C')];
    server.use(
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: 'at-123456', expires_in: 900, token_type: 'bearer' })),
      http.get(`${API}/projects/p1/variables`, () => HttpResponse.json(list)),
    );
    const paas = new WebPaasClient({ apiToken: 'api-token-abcdef', env: {}, retry: false });
    const error = (await paas.variables.list({ project: 'p1' }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.invalidItems).toEqual([{ index: 1, id: 'B', issues: [expect.objectContaining({ field: 'is_json', received: '"yes"' })] }]);
    expect((error.validItems as Array<{ name: string }>).map((v) => v.name)).toEqual(['A', 'C']);
    expect(error.message).toContain('item 1 ("B") does not match the expected shape: is_json:');
    expect(error.message).toContain('(got "yes")');
    expect(await paas.get('/projects/p1/variables')).toEqual(list);
  });

  it('an error answer whose JSON is an array, not an object: the OvhApiError of its status, not a ZodError', async () => {
    server.use(
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: 'at-123456', expires_in: 900, token_type: 'bearer' })),
      http.get(`${API}/projects/p1/variables`, () => HttpResponse.json([], { status: 502 })),
    );
    const paas = new WebPaasClient({ apiToken: 'api-token-abcdef', env: {}, retry: false });
    const error = (await paas.variables.list({ project: 'p1' }).catch((e: unknown) => e)) as OvhApiError;
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error.status).toBe(502);
  });

  it('a bad value in a secret field is never described', async () => {
    server.use(
      http.post(TOKEN_URL, () => HttpResponse.json({ access_token: 'at-123456', expires_in: 900, token_type: 'bearer' })),
      http.get(`${API}/projects/p1/variables/X`, () =>
        HttpResponse.json({
          id: 'X',
          name: 'X',
          value: { leaked: 'sup3r-s3cret-value' },
          attributes: {},
          is_json: false,
          is_sensitive: false,
          visible_build: true,
          visible_runtime: true,
          created_at: null,
          updated_at: null,
        }),
      ),
    );
    const paas = new WebPaasClient({ apiToken: 'api-token-abcdef', env: {}, retry: false });
    const error = (await paas.variables.get({ project: 'p1', name: 'X' }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'value', received: '[redacted]' })]);
    expect(JSON.stringify(error)).not.toContain('sup3r');
    expect(error.message).not.toContain('sup3r');
  });
});
