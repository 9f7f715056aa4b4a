import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, BadRequestError, InputValidationError, NotFoundError, OvhClient, Secret } from '../src/index.js';
import { API, expectNoLeak, expectSigned, mockClient, mockOvh, ovhError, simCalls, simClient } from './helpers/resource-mocks.js';

const mock = mockOvh();

const clientBody = (clientId: string, extra: Record<string, unknown> = {}) => ({
  callbackUrls: null,
  clientId,
  createdAt: '2024-02-14T10:35:24.581795Z',
  description: 'CI deployer',
  flow: 'CLIENT_CREDENTIALS',
  identity: `urn:v1:eu:identity:credential:ab1-ovh/oauth2-${clientId}`,
  name: 'ci',
  ...extra,
});

describe('service accounts against the simulator', () => {
  it('list() and listDetails(): two seeded service accounts with identity URNs', async () => {
    const { sim, ovh } = simClient();
    const ids = await ovh.oauth2Clients.list();
    expect(ids).toEqual([...sim.state.oauth2Clients.keys()]);
    expect(ids).toHaveLength(2);
    const details = await ovh.oauth2Clients.listDetails();
    expect(details.map((c) => c.name).sort()).toEqual(['ci-deployer', 'grafana-sso']);
    for (const c of details) expect(c.identity).toBe(`urn:v1:eu:identity:credential:xx1111-ovh/oauth2-${c.clientId}`);
    expect(details.find((c) => c.flow === 'AUTHORIZATION_CODE')?.callbackUrls).toEqual(['https://grafana.example.com/login/generic_oauth']);
    expect(details.missing).toEqual([]);
  });

  it('create() → a client whose id and secret authenticate an OAuth2 OvhClient; delete() stops it', async () => {
    const { sim, ovh } = simClient();
    const created = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI deployer', flow: 'CLIENT_CREDENTIALS' });
    expect(created.clientId).toMatch(/^EU\.[0-9a-f]{16}$/);
    expect(created.clientSecret).toBeInstanceOf(Secret);
    expectNoLeak(created, created.clientSecret.reveal());
    expect(String(created.clientSecret)).toBe('[redacted]');
    // the simulator enforces IAM for service accounts: grant the one action the robot calls
    sim.createPolicy({
      name: 'ci-me',
      identities: [sim.state.oauth2Clients.get(created.clientId)!.identity],
      resources: [sim.accountUrn],
      permissions: { allow: [{ action: 'account:apiovh:me/get' }] },
    });

    const robot = new OvhClient({
      endpoint: 'ovh-eu',
      clientId: created.clientId,
      clientSecret: created.clientSecret,
      fetch: sim.fetch,
      configFile: false,
      env: {},
    });
    expect(robot.authKind).toBe('oauth2');
    expect(await robot.get('/me')).toMatchObject({ nichandle: 'xx1111-ovh' });
    expect(await robot.auth.details()).toMatchObject({
      method: 'oauth2_client_credentials',
      identities: [`urn:v1:eu:identity:credential:xx1111-ovh/oauth2-${created.clientId}`],
    });
    const tokenCall = sim.requests.find((r) => new URL(r.url).pathname === '/auth/oauth2/token');
    expect(new URLSearchParams(tokenCall?.body).get('client_id')).toBe(created.clientId);
    expectNoLeak(robot, created.clientSecret.reveal());

    expect(await ovh.oauth2Clients.get(created.clientId)).toMatchObject({
      name: 'ci',
      description: 'CI deployer',
      flow: 'CLIENT_CREDENTIALS',
      callbackUrls: [],
    });
    await ovh.oauth2Clients.delete(created.clientId);
    expect(simCalls(sim).at(-1)).toBe(`DELETE /me/api/oauth2/client/${created.clientId}`);
    await expect(robot.get('/me')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(ovh.oauth2Clients.get(created.clientId)).rejects.toMatchObject({
      name: 'NotFoundError',
      apiMessage: `The requested object (clientId = ${created.clientId}) does not exist`,
    });
  });

  it('update() changes name, description and callback URLs', async () => {
    const { ovh } = simClient();
    const { clientId } = await ovh.oauth2Clients.create({
      name: 'portal',
      description: 'Customer portal',
      flow: 'AUTHORIZATION_CODE',
      callbackUrls: ['https://portal.example.com/cb'],
    });
    await ovh.oauth2Clients.update(clientId, { name: 'portal-v2', callbackUrls: ['https://portal.example.com/cb', 'http://localhost:3000/cb'] });
    expect(await ovh.oauth2Clients.get(clientId)).toMatchObject({
      name: 'portal-v2',
      description: 'Customer portal',
      flow: 'AUTHORIZATION_CODE',
      callbackUrls: ['https://portal.example.com/cb', 'http://localhost:3000/cb'],
    });
  });

  it('the simulator refuses a body the API would refuse (400), e.g. through a raw call', async () => {
    const { ovh } = simClient();
    await expect(ovh.post('/me/api/oauth2/client', { name: 'x', flow: 'CLIENT_CREDENTIALS' })).rejects.toMatchObject({
      name: 'BadRequestError',
      apiMessage: expect.stringContaining('description'),
    });
    await expect(ovh.post('/me/api/oauth2/client', { name: 'x', description: 'y' })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('service accounts over msw (exact requests)', () => {
  it('list() → GET /me/api/oauth2/client', async () => {
    mock.on('GET', '/me/api/oauth2/client', () => HttpResponse.json(['EU.a', 'EU.b']));
    expect(await mockClient().oauth2Clients.list()).toEqual(['EU.a', 'EU.b']);
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/oauth2/client` });
  });

  it('create() → POST with name, description, flow, callbackUrls; the secret comes back as a Secret', async () => {
    mock.on('POST', '/me/api/oauth2/client', () => HttpResponse.json({ clientId: 'EU.1234abcd', clientSecret: 'cs-VerySecretValue-42' }));
    const created = await mockClient().oauth2Clients.create({
      name: ' web ',
      description: 'Web login',
      flow: 'AUTHORIZATION_CODE',
      callbackUrls: ['https://app.example.com/callback'],
    });
    expectSigned(mock.requests[0], {
      method: 'POST',
      url: `${API}/me/api/oauth2/client`,
      body: { name: 'web', description: 'Web login', flow: 'AUTHORIZATION_CODE', callbackUrls: ['https://app.example.com/callback'] },
    });
    expect(created.clientId).toBe('EU.1234abcd');
    expect(created.clientSecret.reveal()).toBe('cs-VerySecretValue-42');
    expectNoLeak(created, 'cs-VerySecretValue-42');
    expect(JSON.stringify(created)).toBe('{"clientId":"EU.1234abcd","clientSecret":"[redacted]"}');
  });

  it('get() → GET /me/api/oauth2/client/{clientId} (encoded), v2-style dates accepted', async () => {
    mock.on('GET', '/me/api/oauth2/client/:id', ({ params }) => HttpResponse.json(clientBody(String(params.id), { extra: true })));
    const client = await mockClient().oauth2Clients.get('EU.a/b');
    expectSigned(mock.requests[0], { method: 'GET', url: `${API}/me/api/oauth2/client/EU.a%2Fb` });
    expect(client).toEqual(clientBody('EU.a/b', { extra: true }));
  });

  it('update() → PUT with only the given fields; delete() → DELETE', async () => {
    mock.on('PUT', '/me/api/oauth2/client/:id', () => new HttpResponse(null, { status: 200 }));
    mock.on('DELETE', '/me/api/oauth2/client/:id', ({ params }) =>
      params.id === 'EU.gone' ? ovhError(404, 'gone') : new HttpResponse(null, { status: 200 }),
    );
    const ovh = mockClient();
    await ovh.oauth2Clients.update('EU.x', { description: 'New text' });
    await ovh.oauth2Clients.delete('EU.x');
    expectSigned(mock.requests[0], { method: 'PUT', url: `${API}/me/api/oauth2/client/EU.x`, body: { description: 'New text' } });
    expectSigned(mock.requests[1], { method: 'DELETE', url: `${API}/me/api/oauth2/client/EU.x` });
    await expect(ovh.oauth2Clients.delete('EU.gone')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('listDetails() → list, then one GET per id', async () => {
    mock.on('GET', '/me/api/oauth2/client', () => HttpResponse.json(['EU.a', 'EU.b', 'EU.c']));
    mock.on('GET', '/me/api/oauth2/client/:id', ({ params }) =>
      params.id === 'EU.b' ? ovhError(404, 'gone') : HttpResponse.json(clientBody(String(params.id))),
    );
    const details = await mockClient().oauth2Clients.listDetails({ concurrency: 1 });
    expect(details.map((c) => c.clientId)).toEqual(['EU.a', 'EU.c']);
    expect(details.missing).toEqual(['EU.b']);
    expect(mock.requests.map((r) => r.url)).toEqual([
      `${API}/me/api/oauth2/client`,
      `${API}/me/api/oauth2/client/EU.a`,
      `${API}/me/api/oauth2/client/EU.b`,
      `${API}/me/api/oauth2/client/EU.c`,
    ]);
  });
});

describe('service accounts input validation (nothing is sent)', () => {
  const ovh = mockClient();
  const base = { name: 'ci', description: 'CI', flow: 'CLIENT_CREDENTIALS' as const };
  it.each([
    ['no name', () => ovh.oauth2Clients.create({ ...base, name: undefined as never }), 'input.name'],
    ['empty name', () => ovh.oauth2Clients.create({ ...base, name: '   ' }), 'input.name'],
    ['no description', () => ovh.oauth2Clients.create({ ...base, description: '' }), 'input.description'],
    ['bad flow', () => ovh.oauth2Clients.create({ ...base, flow: 'PASSWORD' as never }), 'input.flow'],
    ['code flow without callback', () => ovh.oauth2Clients.create({ ...base, flow: 'AUTHORIZATION_CODE' }), 'input.callbackUrls'],
    ['callback not a URL', () => ovh.oauth2Clients.create({ ...base, callbackUrls: ['nope'] }), 'input.callbackUrls.0'],
    ['unknown field', () => ovh.oauth2Clients.create({ ...base, secret: 'x' } as never), 'input'],
    ['update with nothing', () => ovh.oauth2Clients.update('EU.x', {}), 'patch'],
    ['update empty name', () => ovh.oauth2Clients.update('EU.x', { name: '' }), 'patch.name'],
    ['update the flow', () => ovh.oauth2Clients.update('EU.x', { flow: 'CLIENT_CREDENTIALS' } as never), 'patch'],
    ['get empty id', () => ovh.oauth2Clients.get(''), 'clientId'],
    ['get id with a space', () => ovh.oauth2Clients.get('EU. x'), 'clientId'],
    ['get ..', () => ovh.oauth2Clients.get('..'), 'clientId'],
    ['delete undefined', () => ovh.oauth2Clients.delete(undefined as never), 'clientId'],
    ['update bad id', () => ovh.oauth2Clients.update('', { name: 'x' }), 'clientId'],
  ])('%s → InputValidationError', async (_name, call, field) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect(mock.attempted).toEqual([]);
  });
});
