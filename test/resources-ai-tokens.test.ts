import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BadRequestError, InputValidationError, NotFoundError, ResponseValidationError, Secret, toDate } from '../src/index.js';
import { SIM_PROJECT_ID } from '../src/testing/index.js';
import { API, expectNoLeak, expectSigned, mockClient, mockOvh, simCalls, simClient } from './helpers/resource-mocks.js';

const mock = mockOvh();

const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TOKEN_ID = '2f0d4c7e-91b3-4c0e-8a55-6b1d2e3f4a5b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const tokenBody = (value: string | null, extra: Record<string, unknown> = {}) => ({
  id: TOKEN_ID,
  createdAt: '2024-05-02T09:00:00.123456Z',
  updatedAt: '2024-05-02T09:00:00Z',
  spec: { name: 'ci', region: 'GRA', role: 'ai_training_operator', labelSelector: 'team=vision' },
  status: { value, version: 1 },
  ...extra,
});

describe('AI tokens against the simulator', () => {
  it('list(): the seeded project has two tokens, values not shown on reads', async () => {
    const { ovh, clock } = simClient();
    const tokens = await ovh.aiTokens.list(SIM_PROJECT_ID);
    expect(tokens.map((t) => [t.spec.name, t.spec.role, t.spec.labelSelector])).toEqual([
      ['notebook-reader', 'ai_training_read', null],
      ['ci-trainer', 'ai_training_operator', 'team=vision'],
      ['quantum-runner', 'quantum_operator', null],
    ]);
    for (const t of tokens) {
      expect(t.id).toMatch(UUID);
      expect(t.status).toEqual({ value: null, version: 1 });
      expect(toDate(t.createdAt).getTime()).toBeLessThan(clock()); // seeded days before the simulator started
    }
  });

  it('create() with role shorthand and a label selector object; the value is a redacted Secret', async () => {
    const { sim, ovh } = simClient();
    const token = await ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'operator', labelSelector: { team: 'vision', env: 'prod' } });
    expect(JSON.parse(sim.requests.at(-1)?.body ?? '')).toEqual({
      name: 'ci',
      region: 'GRA',
      role: 'ai_training_operator',
      labelSelector: 'team=vision,env=prod',
    });
    expect(token.spec).toEqual({ name: 'ci', region: 'GRA', role: 'ai_training_operator', labelSelector: 'team=vision,env=prod' });
    expect(token.status.value).toBeInstanceOf(Secret);
    const value = token.status.value!.reveal();
    expect(value).toBe(sim.state.aiTokens.get(token.id)?.value);
    expectNoLeak(token, value);
    expect(JSON.stringify(token.status)).toBe('{"value":"[redacted]","version":1}');
    expect(await ovh.aiTokens.get(SIM_PROJECT_ID, token.id)).toMatchObject({ id: token.id, spec: token.spec, status: { value: null, version: 1 } });
  });

  it('create() with a set-based selector string: the simulator stores it as sent (the description gives it no pattern)', async () => {
    const { ovh } = simClient();
    const token = await ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'read', labelSelector: 'env!=prod,tier in (gpu)' });
    expect(token.spec.labelSelector).toBe('env!=prod,tier in (gpu)');
  });

  it('renew() issues a new secret with the same spec and version + 1', async () => {
    const { sim, ovh } = simClient();
    const [first] = await ovh.aiTokens.list(SIM_PROJECT_ID);
    const before = sim.state.aiTokens.get(first!.id)!.value;
    const renewed = await ovh.aiTokens.renew(SIM_PROJECT_ID, first!.id);
    expect(simCalls(sim).at(-1)).toBe(`POST /cloud/project/${SIM_PROJECT_ID}/ai/token/${first!.id}/renew`);
    expect(renewed.spec).toEqual(first!.spec);
    expect(renewed.status.version).toBe(2);
    expect(renewed.status.value?.reveal()).not.toBe(before);
    expect(renewed.status.value?.reveal()).toBe(sim.state.aiTokens.get(first!.id)?.value);
    expectNoLeak(renewed, renewed.status.value!.reveal());
  });

  it('delete() removes a token; reading it then is a NotFoundError', async () => {
    const { ovh } = simClient();
    const token = await ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'tmp', role: 'read', region: 'bhs' });
    expect(token.spec.region).toBe('BHS');
    await ovh.aiTokens.delete(SIM_PROJECT_ID, token.id);
    await expect(ovh.aiTokens.get(SIM_PROJECT_ID, token.id)).rejects.toMatchObject({
      name: 'NotFoundError',
      apiMessage: `The requested object (id = ${token.id}) does not exist`,
    });
    expect((await ovh.aiTokens.list(SIM_PROJECT_ID)).map((t) => t.id)).not.toContain(token.id);
  });

  it('an unknown project is a NotFoundError; an unavailable region a BadRequestError', async () => {
    const { sim, ovh } = simClient();
    await expect(ovh.aiTokens.list(PROJECT)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'x', role: 'read', region: 'SYD' })).rejects.toBeInstanceOf(BadRequestError);
    const other = sim.createProject();
    expect(await ovh.aiTokens.list(other)).toEqual([]);
    // A token id of another project is not found here.
    const [seeded] = await ovh.aiTokens.list(SIM_PROJECT_ID);
    await expect(ovh.aiTokens.get(other, seeded!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('access rules apply: a key limited to one project cannot list another', async () => {
    const { sim, ovh } = simClient();
    const other = sim.createProject();
    const { consumerKey } = sim.createCredential({ rules: [{ method: 'GET', path: `/cloud/project/${SIM_PROJECT_ID}/ai/*` }] });
    const scoped = ovh.withConsumerKey(consumerKey);
    await expect(scoped.aiTokens.list(SIM_PROJECT_ID)).resolves.toHaveLength(3);
    await expect(scoped.aiTokens.list(other)).rejects.toMatchObject({ name: 'ForbiddenError', errorCode: 'NOT_GRANTED_CALL' });
    await expect(scoped.aiTokens.create(SIM_PROJECT_ID, { name: 'x', role: 'read' })).rejects.toMatchObject({ name: 'ForbiddenError' });
  });
});

describe('AI tokens over msw (exact requests)', () => {
  it('list() → GET …/ai/token: full tokens, unknown fields kept', async () => {
    mock.on('GET', '/cloud/project/:p/ai/token', () => HttpResponse.json([tokenBody(null, { labels: { a: 'b' } })]));
    const tokens = await mockClient().aiTokens.list(PROJECT);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/cloud/project/${PROJECT}/ai/token` });
    expect(tokens).toEqual([tokenBody(null, { labels: { a: 'b' } })]);
  });

  it('create() → POST …/ai/token with the API role name and default region GRA', async () => {
    mock.on('POST', '/cloud/project/:p/ai/token', () => HttpResponse.json(tokenBody('tok-SecretBearer-1234567890')));
    const token = await mockClient().aiTokens.create(PROJECT.toUpperCase(), {
      name: 'ci',
      role: 'ai_training_operator',
      labelSelector: 'team=vision',
    });
    expectSigned(mock.requests[0], {
      method: 'POST',
      url: `${API}/cloud/project/${PROJECT.toUpperCase()}/ai/token`,
      body: { name: 'ci', region: 'GRA', role: 'ai_training_operator', labelSelector: 'team=vision' },
    });
    expect(token.status.value?.reveal()).toBe('tok-SecretBearer-1234567890');
    expectNoLeak(token, 'tok-SecretBearer-1234567890');
  });

  it('create() without labelSelector sends none (the token sees every job)', async () => {
    mock.on('POST', '/cloud/project/:p/ai/token', () => HttpResponse.json(tokenBody('v-abcdefghijkl')));
    await mockClient().aiTokens.create(PROJECT, { name: 'all', role: 'read', region: 'BHS' });
    expect(JSON.parse(mock.requests[0]!.body)).toEqual({ name: 'all', region: 'BHS', role: 'ai_training_read' });
  });

  it('get(), delete(), renew() hit the token path', async () => {
    mock.on('GET', '/cloud/project/:p/ai/token/:id', () => HttpResponse.json(tokenBody(null)));
    mock.on('DELETE', '/cloud/project/:p/ai/token/:id', () => new HttpResponse(null, { status: 200 }));
    mock.on('POST', '/cloud/project/:p/ai/token/:id/renew', () =>
      HttpResponse.json(tokenBody('renewed-Secret-0987654321', { status: { value: 'renewed-Secret-0987654321', version: 2 } })),
    );
    const ovh = mockClient();
    expect((await ovh.aiTokens.get(PROJECT, TOKEN_ID)).status).toEqual({ value: null, version: 1 });
    await expect(ovh.aiTokens.delete(PROJECT, TOKEN_ID)).resolves.toBeUndefined();
    const renewed = await ovh.aiTokens.renew(PROJECT, TOKEN_ID);
    const item = `${API}/cloud/project/${PROJECT}/ai/token/${TOKEN_ID}`;
    expectSigned(mock.requests[0], { method: 'GET', url: item });
    expectSigned(mock.requests[1], { method: 'DELETE', url: item });
    expectSigned(mock.requests[2], { method: 'POST', url: `${item}/renew` });
    expect(renewed.status.version).toBe(2);
    expectNoLeak(renewed, 'renewed-Secret-0987654321');
  });

  it('a token with a bad date or a mistyped role is reported by index and id; the good tokens are still reachable', async () => {
    const bad = tokenBody(null, { id: 'bad-1', createdAt: '2024-05-02 09:00:00', spec: { name: 'x', region: 'GRA', role: 7 } });
    mock.on('GET', '/cloud/project/:p/ai/token', () =>
      HttpResponse.json([tokenBody(null), bad], {
        headers: { 'X-Ovh-QueryID': 'EU.ext-2.ai.7' },
      }),
    );
    const error = (await mockClient()
      .aiTokens.list(PROJECT)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues.map((i) => i.field).sort()).toEqual(['1.createdAt', '1.spec.role']);
    expect(error.invalidItems).toEqual([
      {
        index: 1,
        id: 'bad-1',
        issues: expect.arrayContaining([
          expect.objectContaining({ field: 'createdAt', received: '"2024-05-02 09:00:00"' }),
          expect.objectContaining({ field: 'spec.role', received: '7' }),
        ]),
      },
    ]);
    expect(error.validItems).toHaveLength(1);
    expect(error.message).toContain('item 1 ("bad-1")');
    expect(error.message).toContain('(got "2024-05-02 09:00:00")');
    expect(error.queryId).toBe('EU.ext-2.ai.7');
  });

  it('a role added to the API after this SDK (e.g. quantum_reader, or one not known yet) passes through unchanged', async () => {
    mock.on('GET', '/cloud/project/:p/ai/token', () =>
      HttpResponse.json([
        tokenBody(null, { spec: { name: 'q', region: 'GRA', role: 'quantum_reader', labelSelector: null } }),
        tokenBody(null, { spec: { name: 'f', region: 'GRA', role: 'future_role' } }),
      ]),
    );
    const tokens = await mockClient().aiTokens.list(PROJECT);
    expect(tokens.map((t) => t.spec.role)).toEqual(['quantum_reader', 'future_role']);
    // labelSelector absent (OVH v1 cannot tell null from absent) reads as null.
    expect(tokens.map((t) => t.spec.labelSelector)).toEqual([null, null]);
  });
});

describe('AI tokens input validation (nothing is sent)', () => {
  const ovh = mockClient();
  const ok = { name: 'ci', role: 'read' as const };
  it.each([
    ['short serviceName', () => ovh.aiTokens.list('abc123'), 'serviceName'],
    ['non-hex serviceName', () => ovh.aiTokens.list('z'.repeat(32)), 'serviceName'],
    ['serviceName with a slash', () => ovh.aiTokens.list(`${PROJECT.slice(0, 31)}/`), 'serviceName'],
    ['create bad serviceName', () => ovh.aiTokens.create('my-project', ok), 'serviceName'],
    ['get bad uuid', () => ovh.aiTokens.get(PROJECT, 'not-a-uuid'), 'tokenId'],
    ['delete missing id', () => ovh.aiTokens.delete(PROJECT, undefined as never), 'tokenId'],
    ['renew uuid with ../', () => ovh.aiTokens.renew(PROJECT, `../${TOKEN_ID}`), 'tokenId'],
    ['bad role', () => ovh.aiTokens.create(PROJECT, { name: 'ci', role: 'admin' as never }), 'input.role'],
    ['empty name', () => ovh.aiTokens.create(PROJECT, { ...ok, name: ' ' }), 'input.name'],
    ['selector empty', () => ovh.aiTokens.create(PROJECT, { ...ok, labelSelector: '' }), 'input.labelSelector'],
    ['selector blank', () => ovh.aiTokens.create(PROJECT, { ...ok, labelSelector: ' \t ' }), 'input.labelSelector'],
    ['selector {}', () => ovh.aiTokens.create(PROJECT, { ...ok, labelSelector: {} }), 'input.labelSelector'],
    ['selector key with space', () => ovh.aiTokens.create(PROJECT, { ...ok, labelSelector: { 'my team': 'x' } }), 'input.labelSelector'],
    ['selector a number', () => ovh.aiTokens.create(PROJECT, { ...ok, labelSelector: 3 as never }), 'input.labelSelector'],
    ['bad region', () => ovh.aiTokens.create(PROJECT, { ...ok, region: 'G R A' }), 'input.region'],
    ['unknown field', () => ovh.aiTokens.create(PROJECT, { ...ok, expires: '1d' } as never), 'input'],
  ])('%s → InputValidationError', async (_name, call, field) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect(mock.attempted).toEqual([]);
  });
});
