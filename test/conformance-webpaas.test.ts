// Schema conformance, Web PaaS: the fixtures written from the published Upsun/Platform.sh OpenAPI spec
// (test/fixtures/published/webpaas/*.json, by someone who never read src/) must parse with the exported schemas
// and come back unchanged through paas.variables and paas.activities. Writes are answered with every shape of
// WriteAnswers.json: the bare AcceptedResponse `{status, code}` (the SDK then reads the variable back with one
// GET) and the `_embedded.entity` / `_embedded.activities` shapes (no extra GET). activities.wait() stops at
// complete and staged, throws ActivityFailedError on cancelled or failed, and polls every other state.
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ACTIVITY_FAILURE_REASONS, ACTIVITY_RESULTS, ACTIVITY_STATES, ActivityFailedError, WebPaasClient } from '../src/webpaas/index.js';
import { Activity, EnvironmentVariable, ProjectVariable } from '../src/schemas.js';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures and digest
// ---------------------------------------------------------------------------------------------------------------

type Json = Record<string, any>;

const load = <T = Json[]>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
const fixture = <T = Json[]>(name: string): T => load<T>(`./fixtures/published/webpaas/${name}.json`);

interface WriteAnswer {
  operation: string;
  httpStatus: number;
  shape: 'bare' | 'entity' | 'activities' | 'entity+activities';
  note?: string;
  body: Json;
}
interface Digest {
  models: Record<string, { direction: string; fields: Record<string, { nullable: boolean; required: boolean; enum?: string }> }>;
  enums: Record<string, string[]>;
}

const PROJECT_VARS = fixture('ProjectVariable');
const ENV_VARS = fixture('EnvironmentVariable');
const ACTIVITIES = fixture('Activity');
const ACCEPTED = fixture('AcceptedResponse');
const WRITES = fixture<WriteAnswer[]>('WriteAnswers');
const digest = load<Digest>('../schemas/published/webpaas.json');

const clone = <T>(v: T): T => structuredClone(v);
const activity = (state: string, n = 0): Json => {
  const found = ACTIVITIES.filter((a) => a.state === state)[n];
  if (!found) throw new Error(`no ${state} activity #${n} in Activity.json`);
  return found;
};
/** A finished, successful copy of an activity, as a later read would return it. */
const completed = (a: Json): Json => ({ ...clone(a), state: 'complete', result: 'success', failure_reason: null, completion_percent: 100 });

/** safeParse with the issues in the failure message, so a failing fixture names its field. */
function parseOk<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const result = schema.safeParse(value);
  expect(result.success, `${label}: ${result.success ? '' : JSON.stringify(result.error.issues)}`).toBe(true);
  return result.data as z.output<S>;
}

// ---------------------------------------------------------------------------------------------------------------
// A hand-written Web PaaS API (msw): routes keyed by `METHOD /raw/encoded/path`, every request recorded
// ---------------------------------------------------------------------------------------------------------------

const API = 'https://eu.api.webpaas.ovhcloud.com';
const PROJECT = 'ab12cd34ef56g';
const ENV = 'main';

type Route = (ctx: { request: Request; body: string; count: number }) => Response | Promise<Response>;
const routes = new Map<string, { route: Route; count: number }>();
const requests: Array<{ method: string; path: string; body: string; authorization: string | null }> = [];

const server = setupServer(
  http.all(`${API}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const body = await request.text();
    requests.push({ method: request.method, path: url.pathname, body, authorization: request.headers.get('authorization') });
    const entry = routes.get(`${request.method} ${url.pathname}`);
    if (!entry) return HttpResponse.json({ message: `no route for ${request.method} ${url.pathname}` }, { status: 501 });
    entry.count += 1;
    return entry.route({ request, body, count: entry.count });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  routes.clear();
  requests.length = 0;
});
afterAll(() => server.close());

const on = (method: string, path: string, route: Route): void => void routes.set(`${method} ${path}`, { route, count: 0 });
const json = (body: unknown, status = 200) => HttpResponse.json(body as Json, { status });
const seen = () => requests.map((r) => `${r.method} ${r.path}`);

const enc = encodeURIComponent;
const collection = (environment?: string) =>
  environment === undefined ? `/projects/${enc(PROJECT)}/variables` : `/projects/${enc(PROJECT)}/environments/${enc(environment)}/variables`;
const item = (name: string, environment?: string) => `${collection(environment)}/${enc(name)}`;
const activityPath = (id: string) => `/projects/${enc(PROJECT)}/activities/${enc(id)}`;

const ACCESS_TOKEN = 'conformance-access-token-0123456789';
const client = () => new WebPaasClient({ accessToken: ACCESS_TOKEN, env: {}, retry: { baseDelay: 1, maxDelay: 5 } });

// ---------------------------------------------------------------------------------------------------------------
// 1. Through the exported schemas
// ---------------------------------------------------------------------------------------------------------------

describe('fixtures parse with the exported schemas', () => {
  const MODELS: Array<[string, Json[], z.ZodType]> = [
    ['ProjectVariable', PROJECT_VARS, ProjectVariable],
    ['EnvironmentVariable', ENV_VARS, EnvironmentVariable],
    ['Activity', ACTIVITIES, Activity],
  ];
  for (const [model, list, schema] of MODELS) {
    it(`${model}: every fixture object parses and comes back as sent (nulls, absent value, _links, futureField)`, () => {
      expect(list.length).toBeGreaterThan(0);
      for (const [i, obj] of list.entries()) expect(parseOk(schema, obj, `${model}[${i}]`), `${model}[${i}]`).toEqual(obj);
      const tolerant = list.filter((o) => 'futureField' in o);
      expect(tolerant).toHaveLength(1);
      expect(schema.parse(tolerant[0])).toHaveProperty('futureField', tolerant[0]?.futureField);
    });

    it(`${model}: every published field is typed by the SDK schema`, () => {
      const shape = (schema as unknown as z.ZodObject).shape;
      expect(Object.keys(shape)).toEqual(expect.arrayContaining(Object.keys(digest.models[model]?.fields ?? {})));
    });
  }

  it('ProjectVariable / EnvironmentVariable: sensitive ones carry no value, nulls stay null, _links kept', () => {
    const pv = PROJECT_VARS.map((v) => ProjectVariable.parse(v));
    expect(pv[2]).not.toHaveProperty('value');
    expect(pv[2]).toMatchObject({ is_sensitive: true, created_at: null, updated_at: null });
    expect(pv[1]).toMatchObject({ updated_at: null, attributes: { owner: 'backend', ticket: 'OPS-42' }, application_scope: ['app', 'worker'] });
    expect(pv[3]?.value).toBe('');
    expect(pv[3]?._links).toEqual(PROJECT_VARS[3]?._links);
    const ev = ENV_VARS.map((v) => EnvironmentVariable.parse(v));
    expect(ev[1]).toMatchObject({ environment: 'feature/login', inherited: true, is_enabled: false, updated_at: null });
    expect(ev[2]).not.toHaveProperty('value');
    expect(ev[2]).toMatchObject({ is_sensitive: true, created_at: null, updated_at: null, is_inheritable: false });
    expect(ev[3]?._links).toEqual(ENV_VARS[3]?._links);
  });

  it('Activity: every state, result and failure reason comes back as sent', () => {
    const parsed = ACTIVITIES.map((a) => Activity.parse(a));
    expect(new Set(parsed.map((a) => a.state))).toEqual(new Set(digest.enums['Activity.state']));
    expect(new Set(parsed.map((a) => a.result).filter((r) => r !== null))).toEqual(new Set(digest.enums['Activity.result']));
    expect(new Set(parsed.map((a) => a.failure_reason).filter((r) => r !== null))).toEqual(new Set(digest.enums['Activity.failure_reason']));
    expect(parsed.find((a) => a.state === 'staged')).not.toHaveProperty('environments');
    expect(parsed.find((a) => a.state === 'in_progress')?.integration).toBe('int-github-01');
    expect(parsed.find((a) => a.state === 'scheduled')).toMatchObject({ created_at: null, updated_at: null, expires_at: null });
  });

  it('every published value of every Activity enum is a value the SDK knows', () => {
    expect([...ACTIVITY_STATES].sort()).toEqual([...(digest.enums['Activity.state'] ?? [])].sort());
    expect([...ACTIVITY_RESULTS].sort()).toEqual([...(digest.enums['Activity.result'] ?? [])].sort());
    expect([...ACTIVITY_FAILURE_REASONS].sort()).toEqual([...(digest.enums['Activity.failure_reason'] ?? [])].sort());
  });

  it('Activity: state, result and failure_reason values the API adds later come back unchanged', () => {
    const obj = { ...clone(activity('complete')), state: 'rolled_back', result: 'partial', failure_reason: 'timeout' };
    expect(parseOk(Activity, obj, 'Activity with unknown enum values')).toMatchObject({
      state: 'rolled_back',
      result: 'partial',
      failure_reason: 'timeout',
    });
  });

  it('WriteAnswers: every embedded entity parses with the variable schema of its level, every activity with Activity', () => {
    for (const [i, w] of WRITES.entries()) {
      const entity = w.body._embedded?.entity;
      if (entity) {
        const schema = w.operation.includes('/environments/') ? EnvironmentVariable : ProjectVariable;
        expect(parseOk(schema, entity, `WriteAnswers[${i}].entity`)).toEqual(entity);
      }
      for (const [j, a] of (w.body._embedded?.activities ?? []).entries())
        expect(parseOk(Activity, a, `WriteAnswers[${i}].activities[${j}]`)).toEqual(a);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. End to end: reads
// ---------------------------------------------------------------------------------------------------------------

describe('paas.variables reads answer with the variable fixtures', () => {
  it('list() at project level returns every ProjectVariable fixture as sent', async () => {
    on('GET', collection(), () => json(PROJECT_VARS));
    const vars = await client().variables.list({ project: PROJECT });
    expect(vars).toEqual(PROJECT_VARS);
    expect(vars.find((v) => v.id === 'env:FEATURE_X')).toHaveProperty('futureField');
    expect(seen()).toEqual([`GET ${collection()}`]);
    expect(requests[0]?.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('list() at environment level returns every EnvironmentVariable fixture as sent', async () => {
    on('GET', collection(ENV), () => json(ENV_VARS));
    const vars = await client().variables.list({ project: PROJECT, environment: ENV });
    expect(vars).toEqual(ENV_VARS);
    expect(vars.map((v) => v.inherited)).toContain(true);
    expect(seen()).toEqual([`GET ${collection(ENV)}`]);
  });

  it('get() at project level returns each ProjectVariable fixture', async () => {
    for (const v of PROJECT_VARS) on('GET', item(v.name), () => json(v));
    const paas = client();
    for (const v of PROJECT_VARS) expect(await paas.variables.get({ project: PROJECT, name: v.name })).toEqual(v);
    expect(seen()).toEqual(PROJECT_VARS.map((v) => `GET ${item(v.name)}`));
  });

  it('get() at environment level returns each EnvironmentVariable fixture (environment feature/login encoded as one segment)', async () => {
    for (const v of ENV_VARS) on('GET', item(v.name, v.environment), () => json(v));
    const paas = client();
    for (const v of ENV_VARS) expect(await paas.variables.get({ project: PROJECT, environment: v.environment, name: v.name })).toEqual(v);
    expect(seen()).toEqual(ENV_VARS.map((v) => `GET ${item(v.name, v.environment)}`));
    expect(seen()).toContain(`GET /projects/${PROJECT}/environments/feature%2Flogin/variables/env%3AAPP_MODE`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. End to end: writes answered with every shape of WriteAnswers.json
// ---------------------------------------------------------------------------------------------------------------

const methodOf = (w: WriteAnswer) => w.operation.split(' ')[0] as 'POST' | 'PATCH' | 'DELETE';
const levelOf = (w: WriteAnswer) => (w.operation.includes('/environments/') ? ENV : undefined);
const label = (w: WriteAnswer, i: number) => `[${i}] ${w.operation} → ${w.shape}${w.note ? ` (${w.note})` : ''}`;
/** What a GET of the variable returns when the write answer carries no entity. */
const readBack = (environment: string | undefined): Json => (environment === undefined ? (PROJECT_VARS[0] as Json) : (ENV_VARS[0] as Json));
/** The variable a write names: the embedded entity's, or the one read back. */
const nameOf = (w: WriteAnswer): string => (w.body._embedded?.entity ?? readBack(levelOf(w))).name;

/** Asserts a create/update/upsert result against the answer it was given, and the requests made for it. */
function expectWrite(result: Json, w: WriteAnswer, writes: string[]): void {
  const environment = levelOf(w);
  const entity = w.body._embedded?.entity;
  expect(result.status).toBe(w.body.status);
  expect(result.code).toBe(w.body.code);
  expect(result.activities).toEqual(w.body._embedded?.activities ?? []);
  expect(result.staged).toEqual([]);
  if (entity) {
    // the embedded entity is the result: no extra GET
    expect(result.variable).toEqual(entity);
    expect(seen()).toEqual(writes);
  } else {
    // bare answer: the variable is read back with exactly one GET, after the write
    expect(seen()).toEqual([...writes, `GET ${item(nameOf(w), environment)}`]);
    expect(result.variable).toEqual(readBack(environment));
  }
}

function serveReadBack(w: WriteAnswer): void {
  const environment = levelOf(w);
  on('GET', item(nameOf(w), environment), () => json(readBack(environment)));
}

describe('paas.variables writes answered with every shape of WriteAnswers.json', () => {
  it('covers 6 operations × 4 shapes', () => {
    expect(WRITES).toHaveLength(24);
    expect(new Set(WRITES.map((w) => `${w.operation} ${w.shape}`)).size).toBe(24);
  });

  const posts = WRITES.map((w, i) => [w, i] as const).filter(([w]) => methodOf(w) === 'POST');
  const patches = WRITES.map((w, i) => [w, i] as const).filter(([w]) => methodOf(w) === 'PATCH');
  const deletes = WRITES.map((w, i) => [w, i] as const).filter(([w]) => methodOf(w) === 'DELETE');

  for (const [w, i] of posts) {
    it(`create() ${label(w, i)}`, async () => {
      const environment = levelOf(w);
      const name = nameOf(w);
      on('POST', collection(environment), () => json(w.body, w.httpStatus));
      serveReadBack(w);
      const result = await client().variables.create({ project: PROJECT, ...(environment ? { environment } : {}), name, value: 'v1' });
      expectWrite(result, w, [`POST ${collection(environment)}`]);
      expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ name, value: 'v1' });
    });

    it(`upsert() creating ${label(w, i)}`, async () => {
      const environment = levelOf(w);
      const name = nameOf(w);
      on('POST', collection(environment), () => json(w.body, w.httpStatus));
      serveReadBack(w);
      const result = await client().variables.upsert({ project: PROJECT, ...(environment ? { environment } : {}), name, value: 'v1' });
      expect(result.created).toBe(true);
      expectWrite(result, w, [`POST ${collection(environment)}`]);
    });
  }

  for (const [w, i] of patches) {
    it(`update() ${label(w, i)}`, async () => {
      const environment = levelOf(w);
      const name = nameOf(w);
      on('PATCH', item(name, environment), () => json(w.body, w.httpStatus));
      serveReadBack(w);
      const result = await client().variables.update({ project: PROJECT, ...(environment ? { environment } : {}), name, value: 'v2' });
      expectWrite(result, w, [`PATCH ${item(name, environment)}`]);
      expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ value: 'v2' });
    });

    it(`upsert() updating after a 409 ${label(w, i)}`, async () => {
      const environment = levelOf(w);
      const name = nameOf(w);
      on('POST', collection(environment), () => json({ status: 'error', code: 409, message: `Variable ${name} already exists` }, 409));
      on('PATCH', item(name, environment), () => json(w.body, w.httpStatus));
      serveReadBack(w);
      const result = await client().variables.upsert({ project: PROJECT, ...(environment ? { environment } : {}), name, value: 'v2' });
      expect(result.created).toBe(false);
      expectWrite(result, w, [`POST ${collection(environment)}`, `PATCH ${item(name, environment)}`]);
    });
  }

  for (const [w, i] of deletes) {
    it(`delete() ${label(w, i)}`, async () => {
      const environment = levelOf(w);
      const name = nameOf(w);
      on('DELETE', item(name, environment), () => json(w.body, w.httpStatus));
      const result = await client().variables.delete({ project: PROJECT, ...(environment ? { environment } : {}), name });
      expect(result).toEqual({ activities: w.body._embedded?.activities ?? [], staged: [], status: w.body.status, code: w.body.code });
      // a delete never reads anything back
      expect(seen()).toEqual([`DELETE ${item(name, environment)}`]);
    });
  }

  const withActivities = WRITES.map((w, i) => [w, i] as const).filter(([w]) => (w.body._embedded?.activities ?? []).length > 0);
  for (const [w, i] of withActivities) {
    it(`{ wait: true } ${label(w, i)}: unfinished activities are polled until complete, staged ones listed`, async () => {
      const environment = levelOf(w);
      const name = nameOf(w);
      const method = methodOf(w);
      const answered: Json[] = w.body._embedded.activities;
      for (const a of answered) on('GET', activityPath(a.id), () => json(completed(a)));
      const target = { project: PROJECT, ...(environment ? { environment } : {}), name };
      let result: Json;
      if (method === 'POST') {
        on('POST', collection(environment), () => json(w.body, w.httpStatus));
        serveReadBack(w);
        result = await client().variables.create({ ...target, value: 'v1' }, { wait: true, pollInterval: 1 });
      } else if (method === 'PATCH') {
        on('PATCH', item(name, environment), () => json(w.body, w.httpStatus));
        serveReadBack(w);
        result = await client().variables.update({ ...target, value: 'v2' }, { wait: true, pollInterval: 1 });
      } else {
        on('DELETE', item(name, environment), () => json(w.body, w.httpStatus));
        result = await client().variables.delete(target, { wait: true, pollInterval: 1 });
      }
      const expected = answered.map((a) => (a.state === 'complete' || a.state === 'staged' ? a : completed(a)));
      expect(result.activities).toEqual(expected);
      expect(result.staged).toEqual(answered.filter((a) => a.state === 'staged'));
      const polled = answered.filter((a) => a.state !== 'complete' && a.state !== 'staged').map((a) => `GET ${activityPath(a.id)}`);
      expect(seen().filter((r) => r.includes('/activities/'))).toEqual(polled);
    });
  }

  it('the AcceptedResponse fixtures, as bare write answers, are read back with one GET (futureField tolerated)', async () => {
    for (const accepted of ACCEPTED) {
      requests.length = 0;
      on('POST', collection(), () => json(accepted, accepted.code));
      on('GET', item('env:APP_MODE'), () => json(PROJECT_VARS[0]));
      const result = await client().variables.create({ project: PROJECT, name: 'env:APP_MODE', value: 'production' });
      expect(result).toEqual({ variable: PROJECT_VARS[0], activities: [], staged: [], status: accepted.status, code: accepted.code });
      expect(seen()).toEqual([`POST ${collection()}`, `GET ${item('env:APP_MODE')}`]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. End to end: activities
// ---------------------------------------------------------------------------------------------------------------

describe('paas.activities answer with the Activity fixtures', () => {
  it('get() returns each fixture as sent', async () => {
    for (const a of ACTIVITIES) on('GET', activityPath(a.id), () => json(a));
    const paas = client();
    for (const a of ACTIVITIES) expect(await paas.activities.get({ project: PROJECT, id: a.id })).toEqual(a);
    expect(seen()).toEqual(ACTIVITIES.map((a) => `GET ${activityPath(a.id)}`));
  });

  describe('wait() given the activities themselves', () => {
    const done = ACTIVITIES.filter((a) => a.state === 'complete' && a.result === 'success');
    for (const a of done) {
      it(`returns at once for ${a.id} (complete/success), reading nothing`, async () => {
        const list = await client().activities.wait({ project: PROJECT, activities: [a as Activity] }, { pollInterval: 1 });
        expect([...list]).toEqual([a]);
        expect(list.staged).toEqual([]);
        expect(requests).toEqual([]);
      });
    }

    it('returns at once for a staged activity, listed in .staged', async () => {
      const staged = activity('staged');
      const list = await client().activities.wait({ project: PROJECT, activities: [staged as Activity] }, { pollInterval: 1 });
      expect([...list]).toEqual([staged]);
      expect(list.staged).toEqual([staged]);
      expect(requests).toEqual([]);
    });

    const bad = ACTIVITIES.filter((a) => a.state === 'cancelled' || (a.state === 'complete' && a.result === 'failure'));
    it('the fixtures hold a cancelled and two failed activities', () =>
      expect(bad.map((a) => [a.state, a.result, a.failure_reason])).toEqual([
        ['complete', 'failure', 'shell'],
        ['complete', 'failure', 'error'],
        ['cancelled', 'failure', null],
      ]));
    for (const a of bad) {
      it(`throws ActivityFailedError for ${a.id} (${a.state}/${a.result}/${a.failure_reason}), reading nothing`, async () => {
        const error = await client()
          .activities.wait({ project: PROJECT, activities: [a as Activity] }, { pollInterval: 1 })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ActivityFailedError);
        expect((error as ActivityFailedError).activity).toEqual(a);
        expect((error as ActivityFailedError).project).toBe(PROJECT);
        expect(requests).toEqual([]);
      });
    }

    for (const state of ['pending', 'scheduled', 'in_progress']) {
      it(`keeps polling a ${state} activity: the first read still ${state}, the second complete`, async () => {
        const a = activity(state);
        on('GET', activityPath(a.id), ({ count }) => json(count === 1 ? a : completed(a)));
        const progress: string[] = [];
        const list = await client().activities.wait(
          { project: PROJECT, activities: [a as Activity] },
          { pollInterval: 1, onProgress: (x) => progress.push(x.state) },
        );
        expect([...list]).toEqual([completed(a)]);
        expect(list.staged).toEqual([]);
        expect(progress).toEqual([state, 'complete']);
        expect(seen()).toEqual([`GET ${activityPath(a.id)}`, `GET ${activityPath(a.id)}`]);
      });
    }

    it('keeps polling a state the SDK does not know yet', async () => {
      const a = { ...clone(activity('pending')), id: 'aaaunknown001', state: 'queued_for_approval' };
      on('GET', activityPath(a.id), ({ count }) => json(count === 1 ? a : completed(a)));
      const list = await client().activities.wait({ project: PROJECT, activities: [a as Activity] }, { pollInterval: 1 });
      expect([...list]).toEqual([completed(a)]);
      expect(seen()).toHaveLength(2);
    });

    it('a polled activity that ends failed throws ActivityFailedError with that read', async () => {
      const a = activity('in_progress');
      const failed = { ...clone(activity('complete', 1)), id: a.id };
      on('GET', activityPath(a.id), ({ count }) => json(count === 1 ? a : failed));
      const error = await client()
        .activities.wait({ project: PROJECT, activities: [a as Activity] }, { pollInterval: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActivityFailedError);
      expect((error as ActivityFailedError).activity).toEqual(failed);
    });

    it('every non-failing state at once: returns them all as last read, .staged listing the staged one', async () => {
      const all = ACTIVITIES.filter((a) => !(a.state === 'cancelled' || (a.state === 'complete' && a.result === 'failure')));
      expect(new Set(all.map((a) => a.state))).toEqual(new Set(['pending', 'scheduled', 'in_progress', 'staged', 'complete']));
      for (const a of all) on('GET', activityPath(a.id), ({ count }) => json(count === 1 ? a : completed(a)));
      const list = await client().activities.wait({ project: PROJECT, activities: all as Activity[] }, { pollInterval: 1 });
      expect([...list]).toEqual(all.map((a) => (a.state === 'complete' || a.state === 'staged' ? a : completed(a))));
      expect(list.staged).toEqual([activity('staged')]);
    });
  });

  describe('wait() given ids: the first read is each fixture', () => {
    for (const a of ACTIVITIES) {
      const fails = a.state === 'cancelled' || (a.state === 'complete' && a.result === 'failure');
      const stops = a.state === 'complete' || a.state === 'staged';
      it(`${a.id} (${a.state}${a.result ? `/${a.result}` : ''}) → ${fails ? 'ActivityFailedError' : stops ? 'returned after one read' : 'polled again, complete on the second read'}`, async () => {
        on('GET', activityPath(a.id), ({ count }) => json(count === 1 ? a : completed(a)));
        const waiting = client().activities.wait({ project: PROJECT, activities: [a.id] }, { pollInterval: 1 });
        if (fails) {
          const error = await waiting.catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ActivityFailedError);
          expect((error as ActivityFailedError).activity).toEqual(a);
          expect(seen()).toEqual([`GET ${activityPath(a.id)}`]);
          return;
        }
        const list = await waiting;
        expect([...list]).toEqual([stops ? a : completed(a)]);
        expect(list.staged).toEqual(a.state === 'staged' ? [a] : []);
        expect(seen()).toHaveLength(stops ? 1 : 2);
      });
    }
  });
});
