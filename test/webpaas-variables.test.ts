// paas.variables and paas.activities: exact requests (method, encoded URL, body, bearer), parsed answers,
// validation before sending, upsert, waiting for activities, and keeping sent values out of errors.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  OvhAbortError,
  BadRequestError,
  ConflictError,
  ERROR_CHANNEL,
  InputValidationError,
  NotFoundError,
  type OvhApiError,
  ResponseValidationError,
  Secret,
  OvhTimeoutError,
  withUnknownFields,
} from '../src/index.js';
import {
  ActivityFailedError,
  WebPaasClient,
  type Activity,
  type EnvironmentVariable,
  type ProjectVariable,
  type Variable,
} from '../src/webpaas/index.js';
import { WebPaasSimulator } from '../src/testing/index.js';
import { manualClock, settle, useFakeTime } from './helpers/clock.js';

const API = 'https://eu.api.webpaas.ovhcloud.com';
const TOKEN_URL = 'https://eu.auth.webpaas.ovhcloud.com/oauth2/token';

let sim: WebPaasSimulator;
let paas: WebPaasClient;
let p: string;
const seen: Array<{ method: string; url: string }> = [];
const toSim = ({ request }: { request: Request }) => sim.handle(request);
const server = setupServer(http.all(`${API}/*`, toSim), http.post(TOKEN_URL, toSim));
server.events.on('request:start', ({ request }) => {
  seen.push({ method: request.method, url: request.url });
});
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(async () => {
  // A clock that stands still unless a test moves it: activities stay pending, dates are exact.
  sim = new WebPaasSimulator({ now: manualClock(), activityDurationMs: 40 });
  p = sim.defaults.project;
  paas = new WebPaasClient({ apiToken: sim.createApiToken(), env: {}, retry: { baseDelay: 1 } });
  // Fetch the access token up front so each test sees only its own API calls.
  await paas.variables.list({ project: p });
  sim.clearRequests();
  seen.length = 0;
});

/**
 * Starts the test over on fake time (`useFakeTime()`), with a simulator that reads that same clock: its activities
 * progress exactly as far as the client's polling moves time. Run calls with `settle()`.
 */
async function onFakeTime(): Promise<void> {
  useFakeTime();
  sim = new WebPaasSimulator({ now: () => Date.now(), activityDurationMs: 40 });
  p = sim.defaults.project;
  paas = new WebPaasClient({ apiToken: sim.createApiToken(), env: {}, retry: { baseDelay: 1 } });
  await settle(paas.variables.list({ project: p }));
  sim.clearRequests();
  seen.length = 0;
}

afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The API calls made (token exchanges excluded), as `METHOD URL body`. */
const calls = () => sim.requests.filter((r) => r.url !== TOKEN_URL).map((r) => `${r.method} ${r.url}${r.body ? ` ${r.body}` : ''}`);
const bearer = () => `Bearer ${[...sim.state.accessTokens.keys()][0]}`;
const pv = (name = '') => `${API}/projects/${p}/variables${name}`;
const ev = (env: string, name = '') => `${API}/projects/${p}/environments/${env}/variables${name}`;
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

describe('reads', () => {
  it('lists project variables, sensitive values absent, snake_case kept', async () => {
    sim.addVariable({ name: 'B_PLAIN', value: 'visible', json: false, attributes: { team: 'web' } });
    sim.addVariable({ name: 'A_SECRET', value: 'hidden-value', sensitive: true, visibleBuild: false });
    const vars = await paas.variables.list({ project: p });
    expect(calls()).toEqual([`GET ${pv()}`]);
    expect(sim.requests[0]?.headers.authorization).toBe(bearer());
    expect(vars.map((v) => v.name)).toEqual(['A_SECRET', 'B_PLAIN']);
    expect(vars[0]).toMatchObject({ id: 'A_SECRET', is_sensitive: true, visible_build: false, visible_runtime: true, is_json: false });
    expect(vars[0]).not.toHaveProperty('value');
    expect(vars[1]).toMatchObject({ value: 'visible', attributes: { team: 'web' }, application_scope: [], updated_at: null });
    expect(vars[1]?.created_at).toMatch(DATE);
    expect(withUnknownFields(vars[1]!)._links).toBeDefined(); // unknown fields pass through, reached by withUnknownFields
  });

  it('lists environment variables with what they inherit from parent environments (project ones are listed at project level)', async () => {
    sim.addVariable({ name: 'FROM_PROJECT', value: 'p' });
    sim.addVariable({ environment: 'main', name: 'MAIN_SHARED', value: 'm', inheritable: true });
    sim.addVariable({ environment: 'main', name: 'MAIN_ONLY', value: 'm', inheritable: false });
    sim.addVariable({ environment: 'staging', name: 'FROM_PROJECT', value: 'override', enabled: false });
    const vars = await paas.variables.list({ project: p, environment: 'staging' });
    expect(calls()).toEqual([`GET ${ev('staging')}`]);
    expect(vars.map((v) => [v.name, v.value, v.inherited, v.is_enabled, v.environment, v.project])).toEqual([
      ['FROM_PROJECT', 'override', false, false, 'staging', p],
      ['MAIN_SHARED', 'm', true, true, 'staging', p],
    ]);
    const main = await paas.variables.list({ project: p, environment: 'main' });
    expect(main.map((v) => [v.name, v.inherited, v.is_inheritable])).toEqual([
      ['MAIN_ONLY', false, false],
      ['MAIN_SHARED', false, true],
    ]);
  });

  it('gets one variable, encoding every path segment', async () => {
    sim.createEnvironment({ id: 'feature/x', parent: 'staging' });
    sim.addVariable({ environment: 'feature/x', name: 'env:API_KEY', value: 'k' });
    const v = await paas.variables.get({ project: p, environment: 'feature/x', name: 'env:API_KEY' });
    expect(calls()).toEqual([`GET ${API}/projects/${p}/environments/feature%2Fx/variables/env%3AAPI_KEY`]);
    expect(v).toMatchObject({ name: 'env:API_KEY', value: 'k', environment: 'feature/x', inherited: false });
    sim.addVariable({ name: 'a b?c#d%e', value: 'odd' }); // only the SDK's create refuses spaces
    await paas.variables.get({ project: p, name: 'a b?c#d%e' });
    expect(calls()[1]).toBe(`GET ${pv('/a%20b%3Fc%23d%25e')}`);
  });

  it('throws NotFoundError for a missing variable, project or environment', async () => {
    await expect(paas.variables.get({ project: p, name: 'NOPE' })).rejects.toThrow(NotFoundError);
    await expect(paas.variables.list({ project: 'unknownproject' })).rejects.toThrow(NotFoundError);
    await expect(paas.variables.list({ project: p, environment: 'nope' })).rejects.toThrow(/Environment not found: nope/);
  });

  it('accepts attributes sent as [] and rejects answers of the wrong shape', async () => {
    const base = {
      id: 'X',
      name: 'X',
      value: 'v',
      is_json: false,
      is_sensitive: false,
      visible_build: true,
      visible_runtime: true,
      created_at: '2024-01-01T10:00:00.123456+00:00',
      updated_at: null,
    };
    server.use(http.get(`${API}/projects/:p/variables/X`, () => HttpResponse.json({ ...base, attributes: [] })));
    expect((await paas.variables.get({ project: p, name: 'X' })).attributes).toEqual({});
    server.use(http.get(`${API}/projects/:p/variables/X`, () => HttpResponse.json({ ...base, attributes: {}, is_sensitive: 'no' })));
    const error = await paas.variables.get({ project: p, name: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.field).toBe('is_sensitive');
    server.use(http.get(`${API}/projects/:p/environments/main/variables/X`, () => HttpResponse.json({ ...base, attributes: {} })));
    await expect(paas.variables.get({ project: p, environment: 'main', name: 'X' })).rejects.toThrow(/project: /);
  });

  it('honours per-call options: signal, timeout, headers', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(paas.variables.list({ project: p }, { signal: controller.signal })).rejects.toThrow(OvhAbortError);
    await paas.variables.get({ project: p, name: 'X' }, { headers: { 'X-Trace': 't-1' } }).catch(() => undefined);
    expect(sim.requests.at(-1)?.headers['x-trace']).toBe('t-1');
    sim.setLatency(200);
    const error = await paas.variables.list({ project: p }, { timeout: 20, retry: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 20, path: `/projects/${p}/variables` });
  });

  it('types results by level', () => {
    // Compile-time only: never called, so no request is left in flight.
    const types = () => {
      expectTypeOf(paas.variables.list({ project: p })).resolves.toEqualTypeOf<ProjectVariable[]>();
      expectTypeOf(paas.variables.list({ project: p, environment: 'main' })).resolves.toEqualTypeOf<EnvironmentVariable[]>();
      const maybe: string | undefined = undefined as string | undefined;
      expectTypeOf(paas.variables.get({ project: p, environment: maybe, name: 'X' })).resolves.toEqualTypeOf<Variable>();
      expectTypeOf(paas.variables.create({ project: p, environment: 'main', name: 'X', value: 'v' }))
        .resolves.toHaveProperty('variable')
        .toEqualTypeOf<EnvironmentVariable>();
      expectTypeOf(paas.variables.upsert({ project: p, name: 'X', value: 'v' }))
        .resolves.toHaveProperty('variable')
        .toEqualTypeOf<ProjectVariable>();
    };
    expect(types).toBeTypeOf('function');
  });
});

describe('create', () => {
  it('posts the API field names at project level and returns the entity with no activities', async () => {
    const res = await paas.variables.create({
      project: p,
      name: 'CONFIG',
      value: '{"a":1}',
      json: true,
      sensitive: false,
      visibleBuild: false,
      visibleRuntime: true,
      applicationScope: ['app'],
      attributes: { owner: 'ops' },
    });
    expect(calls()).toEqual([
      `POST ${pv()} {"name":"CONFIG","value":"{\\"a\\":1}","attributes":{"owner":"ops"},"is_json":true,"is_sensitive":false,"visible_build":false,"visible_runtime":true,"application_scope":["app"]}`,
    ]);
    expect(sim.requests[0]?.headers['content-type']).toBe('application/json');
    expect(sim.requests[0]?.headers.authorization).toBe(bearer());
    expect(res).toMatchObject({ status: 'created', code: 201, activities: [] });
    expect(res.variable).toMatchObject({ name: 'CONFIG', value: '{"a":1}', is_json: true, visible_build: false, application_scope: ['app'] });
  });

  it('creates at environment level with is_enabled/is_inheritable, returns the activity, and does not wait by default', async () => {
    const res = await paas.variables.create({
      project: p,
      environment: 'main',
      name: 'env:API_KEY',
      value: new Secret('s3cr3t-value'),
      sensitive: true,
      inheritable: false,
      enabled: true,
    });
    expect(calls()).toEqual([
      `POST ${ev('main')} {"name":"env:API_KEY","value":"s3cr3t-value","is_sensitive":true,"is_enabled":true,"is_inheritable":false}`,
    ]);
    expect(res.variable).toMatchObject({ name: 'env:API_KEY', is_sensitive: true, inherited: false, is_inheritable: false, environment: 'main' });
    expect(res.variable).not.toHaveProperty('value');
    expect(res.activities).toHaveLength(1);
    expect(res.activities[0]).toMatchObject({ state: 'pending', type: 'environment.variable.create', project: p, environments: ['main'] });
    expect(sim.getVariable({ environment: 'main', name: 'env:API_KEY' })?.value).toBe('s3cr3t-value');
  });

  it('throws ConflictError when the variable exists', async () => {
    sim.addVariable({ name: 'DUP', value: 'x' });
    const error = await paas.variables.create({ project: p, name: 'DUP', value: 'y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
    expect(calls()).toHaveLength(1);
  });
});

describe('update', () => {
  it('patches only the fields given, never the name', async () => {
    sim.addVariable({ environment: 'main', name: 'env:MODE', value: 'a' });
    const res = await paas.variables.update({ project: p, environment: 'main', name: 'env:MODE', value: 'b', visibleBuild: false });
    expect(calls()).toEqual([`PATCH ${ev('main', '/env%3AMODE')} {"value":"b","visible_build":false}`]);
    expect(res).toMatchObject({ status: 'updated', code: 200, variable: { value: 'b', visible_build: false, visible_runtime: true } });
    expect(res.activities[0]?.type).toBe('environment.variable.update');
    const project = await paas.variables.update({ project: p, name: 'NEW_SCOPE', applicationScope: [] }).catch((e: unknown) => e);
    expect(project).toBeInstanceOf(NotFoundError);
  });

  it('refuses to make a sensitive variable non-sensitive: reads it, sends no PATCH', async () => {
    sim.addVariable({ name: 'TOKEN', value: 'tok-value', sensitive: true });
    const error = await paas.variables.update({ project: p, name: 'TOKEN', sensitive: false, value: 'new-value' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ field: 'sensitive' });
    expect((error as Error).message).toMatch(/cannot be made non-sensitive again/);
    expect((error as Error).message).not.toContain('new-value');
    expect(calls()).toEqual([`GET ${pv('/TOKEN')}`]);
    expect(sim.getVariable({ name: 'TOKEN' })).toMatchObject({ value: 'tok-value', is_sensitive: true });
  });

  it('sends sensitive: false after checking a non-sensitive variable; sensitive: true needs no check', async () => {
    sim.addVariable({ name: 'PLAIN', value: 'x' });
    await paas.variables.update({ project: p, name: 'PLAIN', sensitive: false });
    await paas.variables.update({ project: p, name: 'PLAIN', sensitive: true });
    expect(calls()).toEqual([`GET ${pv('/PLAIN')}`, `PATCH ${pv('/PLAIN')} {"is_sensitive":false}`, `PATCH ${pv('/PLAIN')} {"is_sensitive":true}`]);
  });

  it('the server also refuses it (400) when a client skips the check', async () => {
    sim.addVariable({ name: 'TOKEN', value: 'tok', sensitive: true });
    const res = await sim.fetch(`${API}/projects/${p}/variables/TOKEN`, {
      method: 'PATCH',
      headers: { authorization: bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ is_sensitive: false }),
    });
    expect(res.status).toBe(400);
  });
});

describe('upsert', () => {
  it('creates when the variable does not exist', async () => {
    const res = await paas.variables.upsert({ project: p, environment: 'main', name: 'env:NEW', value: 'v1', sensitive: true });
    expect(res.created).toBe(true);
    expect(res.code).toBe(201);
    expect(calls()).toEqual([`POST ${ev('main')} {"name":"env:NEW","value":"v1","is_sensitive":true}`]);
  });

  it('patches the same fields when create answers 409', async () => {
    sim.addVariable({ environment: 'main', name: 'env:OLD', value: 'v0', sensitive: true });
    const res = await paas.variables.upsert({ project: p, environment: 'main', name: 'env:OLD', value: 'v1', sensitive: true, visibleBuild: false });
    expect(res.created).toBe(false);
    expect(res.code).toBe(200);
    expect(res.variable).toMatchObject({ name: 'env:OLD', is_sensitive: true, visible_build: false });
    expect(calls()).toEqual([
      `POST ${ev('main')} {"name":"env:OLD","value":"v1","is_sensitive":true,"visible_build":false}`,
      `PATCH ${ev('main', '/env%3AOLD')} {"value":"v1","is_sensitive":true,"visible_build":false}`,
    ]);
    expect(sim.getVariable({ environment: 'main', name: 'env:OLD' })?.value).toBe('v1');
  });

  it('refuses sensitive: false on an existing sensitive variable after the 409', async () => {
    sim.addVariable({ name: 'S', value: 'v0', sensitive: true });
    await expect(paas.variables.upsert({ project: p, name: 'S', value: 'v1', sensitive: false })).rejects.toMatchObject({
      name: 'InputValidationError',
      field: 'sensitive',
    });
    expect(calls()).toEqual([`POST ${pv()} {"name":"S","value":"v1","is_sensitive":false}`, `GET ${pv('/S')}`]);
  });

  it('does not patch after other errors', async () => {
    server.use(http.post(`${API}/projects/:p/variables`, () => HttpResponse.json({ message: 'Nope' }, { status: 400 })));
    await expect(paas.variables.upsert({ project: p, name: 'S', value: 'v' })).rejects.toThrow(BadRequestError);
    expect(seen.map((s) => s.method)).toEqual(['POST']);
  });
});

describe('delete', () => {
  it('deletes at both levels, returning the activities', async () => {
    sim.addVariable({ name: 'env:GONE', value: 'x' });
    sim.addVariable({ environment: 'staging', name: 'LOCAL', value: 'x' });
    expect(await paas.variables.delete({ project: p, name: 'env:GONE' })).toEqual({ status: 'deleted', code: 200, activities: [], staged: [] });
    const env = await paas.variables.delete({ project: p, environment: 'staging', name: 'LOCAL' });
    expect(env.activities[0]).toMatchObject({ type: 'environment.variable.delete', environments: ['staging'] });
    expect(calls()).toEqual([`DELETE ${pv('/env%3AGONE')}`, `DELETE ${ev('staging', '/LOCAL')}`]);
    expect(sim.getVariable({ name: 'env:GONE' })).toBeUndefined();
  });

  it('cannot delete an inherited variable at environment level', async () => {
    sim.addVariable({ environment: 'main', name: 'SHARED', value: 'x' });
    const error = await paas.variables.delete({ project: p, environment: 'staging', name: 'SHARED' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as OvhApiError).apiMessage).toMatch(/inherited and cannot be deleted on environment staging/);
    await expect(paas.variables.delete({ project: p, name: 'MISSING' })).rejects.toThrow(NotFoundError);
  });
});

describe('validation before sending', () => {
  const base = { project: 'proj', name: 'GOOD' };
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ['name over 256 characters', () => paas.variables.create({ ...base, name: 'A'.repeat(257), value: 'v' }), 'name'],
    ['name with a space', () => paas.variables.create({ ...base, name: 'MY VAR', value: 'v' }), 'name'],
    ['empty name', () => paas.variables.create({ ...base, name: '', value: 'v' }), 'name'],
    ['value that is not JSON with json: true', () => paas.variables.create({ ...base, value: '{not json', json: true }), 'value'],
    ['JSON check on update', () => paas.variables.update({ ...base, value: 'nope', json: true }), 'value'],
    ['missing value', () => paas.variables.create({ ...base } as never), 'value'],
    ['value not a string', () => paas.variables.create({ ...base, value: 42 } as never), 'value'],
    ['inheritable at project level', () => paas.variables.create({ ...base, value: 'v', inheritable: true } as never), 'inheritable'],
    ['enabled at project level', () => paas.variables.update({ ...base, enabled: false } as never), 'enabled'],
    ['sensitive not a boolean', () => paas.variables.create({ ...base, value: 'v', sensitive: 'yes' } as never), 'sensitive'],
    ['applicationScope not a list', () => paas.variables.create({ ...base, value: 'v', applicationScope: 'app' } as never), 'applicationScope'],
    ['unknown option (a typo)', () => paas.variables.create({ ...base, value: 'v', sensitve: true } as never), 'sensitve'],
    ['unknown option on list', () => paas.variables.list({ project: 'proj', env: 'main' } as never), 'env'],
    ['empty project', () => paas.variables.list({ project: '' }), 'project'],
    ['blank project', () => paas.variables.get({ project: '  ', name: 'X' }), 'project'],
    ['empty environment', () => paas.variables.list({ project: 'proj', environment: '' }), 'environment'],
    ['environment ".."', () => paas.variables.get({ project: 'proj', environment: '..', name: 'X' }), 'environment'],
    ['name "." on delete', () => paas.variables.delete({ project: 'proj', name: '.' }), 'name'],
    ['empty name on get', () => paas.variables.get({ project: 'proj', name: '' }), 'name'],
    ['update without changes', () => paas.variables.update({ ...base }), 'changes'],
    ['wait in the input', () => paas.variables.create({ ...base, value: 'v', wait: true } as never), 'wait'],
    ['signal in the input', () => paas.variables.update({ ...base, value: 'v', signal: AbortSignal.timeout(1) } as never), 'signal'],
    ['zero pollInterval', () => paas.activities.wait({ project: 'proj', activities: ['a1'] }, { pollInterval: 0 }), 'pollInterval'],
    [
      'infinite waitTimeout (every wait is capped)',
      () => paas.activities.wait({ project: 'proj', activities: ['a1'] }, { waitTimeout: Infinity }),
      'waitTimeout',
    ],
    [
      'zero pollInterval on a write that waits (checked before the write)',
      () => paas.variables.create({ ...base, value: 'v' }, { wait: true, pollInterval: 0 }),
      'pollInterval',
    ],
    ['empty activity id', () => paas.activities.get({ project: 'proj', id: '' }), 'id'],
    ['no activities to wait for', () => paas.activities.wait({ project: 'proj' } as never), 'activities'],
    [
      'an activity that is neither an id nor an activity',
      () => paas.activities.wait({ project: 'proj', activities: ['a1', null] } as never),
      'activities.1',
    ],
    ['an empty activity id to wait for', () => paas.activities.wait({ project: 'proj', activities: [''] }), 'activities.0'],
    [
      'an onProgress that is no function on a write that waits (checked before the write)',
      () => paas.variables.create({ ...base, value: 'v' }, { wait: true, onProgress: 'log' } as never),
      'onProgress',
    ],
    [
      'an onProgress that is no function',
      () => paas.activities.wait({ project: 'proj', activities: ['a1'] }, { onProgress: 'log' } as never),
      'onProgress',
    ],
  ];

  it.each(cases)('%s → InputValidationError, nothing sent', async (_label, run, field) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    const e = error as InputValidationError;
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(seen).toEqual([]);
  });

  it('never quotes the value in a JSON validation error', async () => {
    const error = (await paas.variables.create({ ...base, value: '{"password": "hunter2-leaky', json: true }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Invalid value: must be valid JSON when json is true (it does not parse). Nothing was sent.');
    expect(inspect(error)).not.toContain('hunter2');
  });
});

describe('wait: true', () => {
  it('polls each activity until complete, reporting progress', async () => {
    // A hand-driven clock: each progress report moves it 25 ms, so the 40 ms activity is read in each state.
    let clock = Date.UTC(2025, 0, 1);
    sim = new WebPaasSimulator({ now: () => clock, activityDurationMs: 40 });
    p = sim.defaults.project;
    paas = new WebPaasClient({ apiToken: sim.createApiToken(), env: {} });
    const progress: string[] = [];
    const res = await paas.variables.create(
      { project: p, environment: 'main', name: 'env:X', value: 'v' },
      {
        wait: true,
        pollInterval: 1,
        onProgress: (a) => {
          progress.push(a.state);
          clock += 25;
        },
      },
    );
    const id = res.activities[0]?.id as string;
    expect(res.activities).toEqual([expect.objectContaining({ id, state: 'complete', result: 'success', completion_percent: 100 })]);
    expect(progress).toEqual(['pending', 'in_progress', 'complete']);
    const polls = sim.requests.slice(2);
    expect(sim.requests.slice(0, 2).map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(polls.length).toBe(3);
    for (const poll of polls) {
      expect(`${poll.method} ${poll.url}`).toBe(`GET ${API}/projects/${p}/activities/${id}`);
      expect(poll.headers.authorization).toBe(bearer());
    }
  });

  it('does not poll when there is nothing to wait for', async () => {
    await paas.variables.create({ project: p, name: 'P', value: 'v' }, { wait: true });
    sim.setActivityDuration(0);
    const res = await paas.variables.create({ project: p, environment: 'main', name: 'Q', value: 'v' }, { wait: true });
    expect(res.activities[0]?.state).toBe('complete');
    expect(calls().map((c) => c.split(' ')[0])).toEqual(['POST', 'POST']);
  });

  it('throws ActivityFailedError carrying the activity when the redeploy fails; the change stays', async () => {
    await onFakeTime();
    sim.failNextActivity();
    const error = await settle(
      paas.variables.update({ project: p, environment: 'staging', name: 'SHARED', value: 'v2' }, { wait: true, pollInterval: 10 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError); // nothing to update yet: the failure is still queued
    sim.addVariable({ environment: 'main', name: 'SHARED', value: 'v1' });
    const started = Date.now();
    const failed = await settle(
      paas.variables.update({ project: p, environment: 'staging', name: 'SHARED', value: 'v2' }, { wait: true, pollInterval: 10 }),
    ).catch((e: unknown) => e);
    // seen at the first poll (every 10 ms) after the 40 ms redeploy ended
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(Date.now() - started).toBeLessThanOrEqual(40 + 10);
    expect(failed).toBeInstanceOf(ActivityFailedError);
    const f = failed as ActivityFailedError;
    expect(f.project).toBe(p);
    expect(f.activity).toMatchObject({ state: 'complete', result: 'failure', type: 'environment.variable.update' });
    expect(f.activity.log).toMatch(/simulated failure/);
    expect(f.message).toMatch(/finished with result failure\. The variable change was saved/);
    expect(sim.getVariable({ environment: 'staging', name: 'SHARED' })).toMatchObject({ value: 'v2', inherited: false });
  });

  it('throws OvhTimeoutError after waitTimeout, saying the change was saved', async () => {
    await onFakeTime();
    sim.setActivityDuration(60_000);
    const started = Date.now();
    const error = await settle(paas.variables.delete({ project: p, environment: 'main', name: 'X' }, { wait: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    sim.addVariable({ environment: 'main', name: 'X', value: 'x' });
    const timeout = await settle(
      paas.variables.delete({ project: p, environment: 'main', name: 'X' }, { wait: true, waitTimeout: 60, pollInterval: 15 }),
    ).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(OvhTimeoutError);
    expect(timeout).toMatchObject({ timeoutMs: 60, method: 'GET' });
    // 60 ms into a 60 s redeploy: still in its first half
    expect((timeout as Error).message).toMatch(/still pending after 60 ms\. The change was saved/);
    expect(Date.now() - started).toBeLessThanOrEqual(60); // gave up by waitTimeout, not at the end of the redeploy
    expect(sim.getVariable({ environment: 'main', name: 'X' })).toBeUndefined();
  });

  it('stops waiting on abort', async () => {
    sim.setActivityDuration(60_000);
    const controller = new AbortController();
    const error = await paas.variables
      .create(
        { project: p, environment: 'main', name: 'Y', value: 'v' },
        { wait: true, pollInterval: 20, signal: controller.signal, onProgress: () => controller.abort(new Error('user stop')) },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhAbortError);
    expect((error as Error).message).toMatch(/aborted by its AbortSignal; the change itself was saved/);
    expect(calls().map((c) => c.split(' ')[0])).toEqual(['POST', 'GET']);
  });

  it('an aborted signal with nothing to wait for is an OvhAbortError, not a TypeError', async () => {
    const error = await paas.activities.wait({ project: p, activities: [] }, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhAbortError);
    expect((error as Error).message).toMatch(
      /^Waiting for Web PaaS activities on project .* was aborted by its AbortSignal; the change itself was saved/,
    );
  });

  it('an abort during a poll request surfaces as OvhAbortError too', async () => {
    sim.setActivityDuration(60_000);
    const { activities } = await paas.variables.create({ project: p, environment: 'main', name: 'Z', value: 'v' });
    server.use(
      http.get(`${API}/projects/:p/activities/:id`, async ({ params }) => {
        await new Promise((r) => setTimeout(r, 200));
        return HttpResponse.json({ id: params.id, state: 'in_progress' });
      }),
    );
    const error = await paas.activities.wait({ project: p, activities }, { signal: AbortSignal.timeout(30) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhAbortError);
  });

  it('waits for several activities, by object or id, and treats a cancelled one as failed', async () => {
    let reads = 0;
    const act = (id: string, state: string, result: string | null = null) => ({ id, state, result, type: 'environment.variable.update' });
    server.use(
      http.get(`${API}/projects/:p/activities/:id`, ({ params }) => {
        reads += 1;
        const id = String(params.id);
        if (id === 'gone') return HttpResponse.json(act(id, 'cancelled'));
        return HttpResponse.json(reads > 2 ? act(id, 'complete', 'success') : act(id, 'in_progress'));
      }),
    );
    const seenStates: Activity[] = [];
    const done = await paas.activities.wait(
      { project: p, activities: ['a1', act('a2', 'pending') as Activity] },
      { pollInterval: 5, onProgress: (a) => seenStates.push(a) },
    );
    expect(done.map((a) => [a.id, a.state, a.result])).toEqual([
      ['a1', 'complete', 'success'],
      ['a2', 'complete', 'success'],
    ]);
    expect(seenStates.map((a) => `${a.id}:${a.state}`)).toEqual(['a1:in_progress', 'a2:in_progress', 'a1:complete', 'a2:complete']);
    expect(seen.map((s) => new URL(s.url).pathname)).toEqual([
      `/projects/${p}/activities/a1`,
      `/projects/${p}/activities/a2`,
      `/projects/${p}/activities/a1`,
      `/projects/${p}/activities/a2`,
    ]);
    await expect(paas.activities.wait({ project: p, activities: ['gone'] }, { pollInterval: 5 })).rejects.toThrow(/was cancelled/);
  });

  it('reports a failure already known from the write answer without polling', async () => {
    server.use(
      http.post(`${API}/projects/:p/environments/main/variables`, () =>
        HttpResponse.json(
          {
            status: 'created',
            code: 201,
            _embedded: {
              entity: {
                id: 'K',
                name: 'K',
                value: 'v',
                attributes: {},
                is_json: false,
                is_sensitive: false,
                visible_build: true,
                visible_runtime: true,
                created_at: '2024-01-01T00:00:00+00:00',
                updated_at: null,
                project: p,
                environment: 'main',
                inherited: false,
                is_enabled: true,
                is_inheritable: true,
              },
              activities: [{ id: 'done', state: 'complete', result: 'failure' }],
            },
          },
          { status: 201 },
        ),
      ),
    );
    await expect(paas.variables.create({ project: p, environment: 'main', name: 'K', value: 'v' }, { wait: true })).rejects.toThrow(
      ActivityFailedError,
    );
    expect(seen).toHaveLength(1);
  });

  it('gets one activity', async () => {
    const { activities } = await paas.variables.create({ project: p, environment: 'main', name: 'G', value: 'v' });
    const id = activities[0]?.id as string;
    const activity = await paas.activities.get({ project: p, id });
    expect(activity).toMatchObject({ id, project: p, environments: ['main'] });
    await expect(paas.activities.get({ project: p, id: 'nope' })).rejects.toThrow(NotFoundError);
  });
});

describe('sent values never appear in errors', () => {
  const echo = (status: number, body: (value: string) => Record<string, unknown>) =>
    server.use(
      http.all(`${API}/projects/:p/*`, async ({ request }) => {
        const sent = (await request.json()) as { value: string };
        return HttpResponse.json(body(sent.value), { status });
      }),
    );

  it('scrubs the value from message, apiMessage and details (raw and JSON-escaped)', async () => {
    const value = 'pa"ss\nw0rd-very-secret';
    echo(400, (v) => ({ message: `Value ${v} is invalid`, detail: { value: `${JSON.stringify(v)} rejected` } }));
    const error = (await paas.variables.create({ project: p, name: 'S', value, sensitive: true }).catch((e: unknown) => e)) as OvhApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    const texts = [error.message, error.apiMessage, JSON.stringify(error.details), inspect(error), String(error.stack)];
    for (const text of texts) {
      expect(text).not.toContain('w0rd-very-secret');
    }
    expect(error.apiMessage).toBe('Value [redacted] is invalid (value: "[redacted]" rejected)');
    expect(error.message).toContain(`POST /projects/${p}/variables failed with 400: Value [redacted] is invalid`);
  });

  it('scrubs a short value only where it stands alone', async () => {
    echo(400, (v) => ({ message: `Bad value ${v}; abcdef stays` }));
    const error = (await paas.variables.update({ project: p, name: 'S', value: 'abc' }).catch((e: unknown) => e)) as OvhApiError;
    expect(error.apiMessage).toBe('Bad value [redacted]; abcdef stays');
  });

  it('scrubs on the upsert conflict path and for Secret values', async () => {
    sim.addVariable({ name: 'S', value: 'old' });
    server.use(
      http.patch(`${API}/projects/:p/variables/S`, async ({ request }) => {
        const sent = (await request.json()) as { value: string };
        return HttpResponse.json({ message: `cannot store ${sent.value}` }, { status: 500 });
      }),
    );
    const error = (await paas.variables
      .upsert({ project: p, name: 'S', value: new Secret('secret-from-vault') }, { retry: false })
      .catch((e: unknown) => e)) as OvhApiError;
    expect(error.status).toBe(500);
    expect(error.message).not.toContain('secret-from-vault');
    expect(error.apiMessage).toBe('cannot store [redacted]');
  });

  it('a subscriber to the diagnostics channel never sees the value either: errors are built clean, not patched', async () => {
    const value = 'channel-leak-value-42';
    echo(400, (v) => ({ message: `Invalid value: ${v}`, detail: { value: v } }));
    const seen: string[] = [];
    const listen = (message: unknown) => {
      const error = message as OvhApiError;
      // What a subscriber reads the moment it is told, e.g. a telemetry hook that ships the message.
      seen.push(`${error.name} ${error.message} ${String(error.stack)} ${JSON.stringify(error)}`);
    };
    subscribe(ERROR_CHANNEL, listen);
    try {
      const error = (await paas.variables.create({ project: p, name: 'S', value, sensitive: true }).catch((e: unknown) => e)) as OvhApiError;
      expect(error).toBeInstanceOf(BadRequestError);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      unsubscribe(ERROR_CHANNEL, listen);
    }
    const published = seen.filter((text) => text.includes('Invalid value'));
    expect(published).toHaveLength(1);
    expect(published[0]).toContain('Invalid value: [redacted]');
    expect(published[0]).not.toContain(value);
    // The subscriber gets the finished error: its name and class fields are set.
    expect(published[0]).toMatch(/^BadRequestError /);
    expect(published[0]).toContain('"status":400');
  });
});
