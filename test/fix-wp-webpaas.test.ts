// Web PaaS answers as the CLI's PHP client reads them: a string `detail` beside `message` is part of what went wrong,
// a write answered with an empty body or without `{status, code}` still succeeded; and no OVH-only advice on a
// Web PaaS call (a 5xx, a response that does not match).
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ResponseValidationError, ServerError } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';

const API = 'https://eu.api.webpaas.ovhcloud.com';
const VARS = `${API}/projects/proj1/environments/main/variables`;
const seen: string[] = [];
const server = setupServer();
server.events.on('request:start', ({ request }) => {
  seen.push(`${request.method} ${request.url.replace(API, '')}`);
});
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const paas = () => new WebPaasClient({ accessToken: 'access-token-1', env: {}, retry: false });
const variable = {
  id: 'env:MODE',
  name: 'env:MODE',
  value: 'blue',
  attributes: {},
  is_json: false,
  is_sensitive: false,
  visible_build: false,
  visible_runtime: true,
  application_scope: [],
  created_at: '2026-03-01T09:15:30+00:00',
  updated_at: null,
  project: 'proj1',
  environment: 'main',
  inherited: false,
  is_enabled: true,
  is_inheritable: true,
};

describe('error answers', () => {
  it('keeps a string detail beside the message (platformsh-client-php appends it too)', async () => {
    const body = { message: 'Bad Request', title: 'Bad Request', detail: 'is_json: the value is not valid JSON' };
    server.use(http.post(VARS, () => HttpResponse.json(body, { status: 400 })));
    const error = await paas()
      .variables.create({ project: 'proj1', environment: 'main', name: 'env:MODE', value: 'blue' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ apiMessage: 'Bad Request (is_json: the value is not valid JSON)', details: undefined });
    expect((error as Error).message).toContain('failed with 400: Bad Request (is_json: the value is not valid JSON)');
  });

  it('scrubs the value sent from a detail that echoes it', async () => {
    const value = 'hunter2-secret-value-42';
    server.use(http.post(VARS, () => HttpResponse.json({ message: 'Invalid variable.', detail: `not JSON: ${value}` }, { status: 400 })));
    const error = await paas()
      .variables.create({ project: 'proj1', environment: 'main', name: 'env:MODE', value, json: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ apiMessage: 'Invalid variable. (not JSON: [redacted])' });
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(value);
  });

  it('a 5xx sends the user to Web PaaS support, not OVH support', async () => {
    server.use(http.get(VARS, () => HttpResponse.json({ message: 'boom' }, { status: 500, headers: { 'x-request-id': 'req-9' } })));
    const error = await paas()
      .variables.list({ project: 'proj1', environment: 'main' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toMatch(/quote the query id to Web PaaS support/);
    expect((error as Error).message).not.toMatch(/OVH support/);
  });

  it('a write answer that does not match names no OVH client method', async () => {
    server.use(http.delete(`${VARS}/:name`, () => HttpResponse.json({ status: 'deleted', code: 'two hundred' })));
    const error = await paas()
      .variables.delete({ project: 'proj1', environment: 'main', name: 'env:MODE' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).not.toMatch(/ovh\./);
    expect((error as Error).message).toMatch(/read the resource again before retrying/);
  });
});

describe('write answers without the {status, code} envelope', () => {
  it('a DELETE answered 204 with no body succeeds', async () => {
    server.use(http.delete(`${VARS}/:name`, () => new HttpResponse(null, { status: 204 })));
    await expect(paas().variables.delete({ project: 'proj1', environment: 'main', name: 'env:MODE' })).resolves.toEqual({
      activities: [],
      staged: [],
      status: undefined,
      code: undefined,
    });
  });

  it('a create answered 200 {} reads the variable back; a PATCH answered 204 too', async () => {
    server.use(
      http.post(VARS, () => HttpResponse.json({})),
      http.patch(`${VARS}/:name`, () => new HttpResponse(null, { status: 204 })),
      http.get(`${VARS}/:name`, () => HttpResponse.json(variable)),
    );
    const created = await paas().variables.create({ project: 'proj1', environment: 'main', name: 'env:MODE', value: 'blue' });
    expect(created).toMatchObject({ variable: { name: 'env:MODE', value: 'blue' }, activities: [], status: undefined, code: undefined });
    const updated = await paas().variables.update({ project: 'proj1', environment: 'main', name: 'env:MODE', value: 'blue' });
    expect(updated.variable.name).toBe('env:MODE');
    expect(seen).toEqual([
      'POST /projects/proj1/environments/main/variables',
      'GET /projects/proj1/environments/main/variables/env%3AMODE',
      'PATCH /projects/proj1/environments/main/variables/env%3AMODE',
      'GET /projects/proj1/environments/main/variables/env%3AMODE',
    ]);
  });
});
