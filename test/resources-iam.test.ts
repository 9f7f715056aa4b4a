// ovh.iam over msw: exact requests for policies (API v2, cursor paging), URNs, grants and revocation, and the
// ForbiddenError that names the missing IAM actions.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, InputValidationError, OvhClient, iamUrn, policyInput, type IamPolicy } from '../src/index.js';

const HOST = 'https://eu.api.ovh.com';
const NIC = 'ab12345-ovh';
const CLIENT_ID = 'EU.3f9c0a7b2d4e6f81';
const IDENTITY = `urn:v1:eu:identity:credential:${NIC}/oauth2-${CLIENT_ID}`;
const ACCOUNT = `urn:v1:eu:resource:account:${NIC}`;
const seen: Array<{ method: string; url: string; body: unknown }> = [];

const policy = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `p-${id.slice(0, 4)}`,
  identities: [IDENTITY],
  resources: [{ urn: ACCOUNT }],
  permissions: { allow: [{ action: 'account:apiovh:me/get' }] },
  owner: NIC,
  readOnly: false,
  createdAt: '2023-01-27T11:29:22.197537Z',
  ...extra,
});
const P1 = '0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90';
const P2 = '1b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b91';

const server = setupServer(http.get(`${HOST}/1.0/auth/time`, () => HttpResponse.json(Math.floor(Date.now() / 1000))));
server.events.on('request:start', async ({ request }) => {
  if (request.url.endsWith('/auth/time')) return;
  const text = await request.clone().text();
  // JSON bodies parsed; the OAuth2 token request (a form) kept as text.
  const json = request.headers.get('content-type')?.includes('application/json');
  seen.push({ method: request.method, url: request.url, body: text ? (json ? JSON.parse(text) : text) : undefined });
});
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const calls = () => seen.map((s) => `${s.method} ${s.url.replace(HOST, '')}`);
const client = () =>
  new OvhClient({
    endpoint: 'ovh-eu',
    applicationKey: 'AKiam0001',
    applicationSecret: 'ASiamSecret0001',
    consumerKey: 'CKiamSecret0001',
    configFile: false,
    env: {},
    retry: false,
  });

describe('ovh.iam.policies', () => {
  it('list(filter) pages by cursor with the filter as query; absent nullable fields read null, absent lists []', async () => {
    server.use(
      http.get(`${HOST}/v2/iam/policy`, ({ request }) =>
        request.headers.get('x-pagination-cursor') === 'page2'
          ? HttpResponse.json([policy(P2, { permissions: {}, updatedAt: null, description: 'two' })])
          : HttpResponse.json([policy(P1)], { headers: { 'X-Pagination-Cursor-Next': 'page2' } }),
      ),
    );
    const all = await client()
      .iam.policies.list({ identity: IDENTITY, action: ['a:b', 'c:d'], details: true })
      .all();
    expect(calls()).toEqual([
      `GET /v2/iam/policy?identity=${encodeURIComponent(IDENTITY)}&action=a%3Ab&action=c%3Ad&details=true`,
      `GET /v2/iam/policy?identity=${encodeURIComponent(IDENTITY)}&action=a%3Ab&action=c%3Ad&details=true`,
    ]);
    expect(all.map((p) => [p.id, p.updatedAt, p.description, p.expiredAt, p.conditions, p.permissionsGroups])).toEqual([
      [P1, null, null, null, null, []],
      [P2, null, 'two', null, null, []],
    ]);
    expect(all[1]?.permissions).toEqual({ allow: [], except: [], deny: [] });
  });

  it('list(badFilter) reports the bad filter when the list is read, before any request', async () => {
    const list = client().iam.policies.list({ identity: 'not a urn', readOnly: 'yes' as unknown as boolean });
    const error = await list.all().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ field: 'filter.identity' });
    expect((error as InputValidationError).issues.map((i) => i.field)).toEqual(['filter.identity', 'filter.readOnly']);
    await expect(list.pages().next()).rejects.toBeInstanceOf(InputValidationError);
    expect(calls()).toEqual([]);
  });

  it('create() takes actions and URNs as strings and sends the API objects; update() sends the whole policy', async () => {
    server.use(
      http.post(`${HOST}/v2/iam/policy`, async ({ request }) => HttpResponse.json(policy(P1, (await request.json()) as Record<string, unknown>))),
      http.put(`${HOST}/v2/iam/policy/:id`, async ({ request, params }) =>
        HttpResponse.json(policy(String(params.id), { ...((await request.json()) as object), updatedAt: '2023-02-01T10:00:00Z' })),
      ),
      http.delete(`${HOST}/v2/iam/policy/:id`, () => new HttpResponse(null, { status: 200 })),
    );
    const ovh = client();
    const created = await ovh.iam.policies.create({
      name: 'ci-read',
      identities: [IDENTITY],
      resources: [ACCOUNT, { urn: 'urn:v1:eu:resource:publicCloudProject:*' }],
      permissions: { allow: ['account:apiovh:me/api/credential/get'], deny: [{ action: 'account:apiovh:me/api/credential/delete' }] },
      expiredAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(seen[0]?.body).toEqual({
      name: 'ci-read',
      identities: [IDENTITY],
      resources: [{ urn: ACCOUNT }, { urn: 'urn:v1:eu:resource:publicCloudProject:*' }],
      permissions: { allow: [{ action: 'account:apiovh:me/api/credential/get' }], deny: [{ action: 'account:apiovh:me/api/credential/delete' }] },
      expiredAt: '2030-01-01T00:00:00.000Z',
    });
    const updated = await ovh.iam.policies.update(created.id, { ...policyInput(created), description: 'now described' });
    expect(seen[1]?.method).toBe('PUT');
    expect(seen[1]?.body).toMatchObject({ name: 'ci-read', description: 'now described', expiredAt: '2030-01-01T00:00:00.000Z' });
    expect(updated.updatedAt).toBe('2023-02-01T10:00:00Z');
    await ovh.iam.policies.delete(created.id);
    expect(calls().at(-1)).toBe(`DELETE /v2/iam/policy/${P1}`);
  });

  it.each([
    ['no name', { identities: [IDENTITY], resources: [ACCOUNT], permissions: {} }, 'input.name'],
    ['a reserved name', { name: 'ovh-admin', identities: [IDENTITY], resources: [ACCOUNT], permissions: {} }, 'input.name'],
    ['a resource that is not a URN', { name: 'x', identities: [IDENTITY], resources: ['account'], permissions: {} }, 'input.resources.0'],
    [
      'an action with a space',
      { name: 'x', identities: [IDENTITY], resources: [ACCOUNT], permissions: { allow: ['me get'] } },
      'input.permissions.allow.0',
    ],
    ['an unknown field', { name: 'x', identities: [IDENTITY], resources: [ACCOUNT], permissions: {}, owner: NIC }, 'input'],
  ])('create() with %s → InputValidationError, nothing sent', async (_name, input, field) => {
    const error = await client()
      .iam.policies.create(input as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect(seen).toEqual([]);
  });

  it('get() and delete() refuse an id that is not a UUID before sending', async () => {
    await expect(client().iam.policies.get('../me')).rejects.toMatchObject({ field: 'policyId' });
    expect(seen).toEqual([]);
  });
});

describe('URNs and grants', () => {
  const withAccount = () =>
    server.use(
      http.get(`${HOST}/1.0/me`, () => HttpResponse.json({ nichandle: NIC })),
      http.get(`${HOST}/1.0/me/api/oauth2/client/:id`, ({ params }) =>
        HttpResponse.json({ clientId: params.id, identity: params.id === CLIENT_ID ? IDENTITY : null }),
      ),
    );

  it('accountUrn() reads the nichandle once; identityOf() takes the API identity, or builds it', async () => {
    withAccount();
    const ovh = client();
    expect(await ovh.iam.accountUrn()).toBe(ACCOUNT);
    expect(await ovh.iam.accountUrn()).toBe(ACCOUNT);
    expect(await ovh.iam.identityOf(CLIENT_ID)).toBe(IDENTITY);
    expect(await ovh.iam.identityOf('EU.other')).toBe(iamUrn.serviceAccount('eu', NIC, 'EU.other'));
    expect(await ovh.iam.identityOf(IDENTITY)).toBe(IDENTITY);
    expect(calls()).toEqual(['GET /1.0/me', `GET /1.0/me/api/oauth2/client/${CLIENT_ID}`, 'GET /1.0/me/api/oauth2/client/EU.other']);
    expect(new OvhClient({ endpoint: 'ovh-ca', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }).iam.region).toBe('ca');
  });

  it('grant() creates one policy for the service account on the account by default, with a stable name', async () => {
    withAccount();
    server.use(
      http.post(`${HOST}/v2/iam/policy`, async ({ request }) => HttpResponse.json(policy(P1, (await request.json()) as Record<string, unknown>))),
    );
    const ovh = client();
    const actions = ['account:apiovh:me/api/credential/get', 'account:apiovh:me/api/credential/delete'];
    await ovh.iam.grant(CLIENT_ID, { actions });
    await ovh.iam.grant(CLIENT_ID, { actions: [...actions].reverse() });
    const bodies = seen
      .filter((s) => s.method === 'POST')
      .map((s) => s.body as { name: string; identities: string[]; resources: unknown; permissions: unknown });
    expect(bodies[0]).toMatchObject({
      identities: [IDENTITY],
      resources: [{ urn: ACCOUNT }],
      permissions: { allow: actions.map((action) => ({ action })) },
    });
    expect(bodies[0]?.name).toMatch(/^grant-EU-3f9c0a7b2d4e6f81-[0-9a-f]{8}$/);
    // The same grant gets the same name, so the API refuses it as a duplicate instead of piling up policies.
    expect(bodies[1]?.name).toBe(bodies[0]?.name);
    await expect(ovh.iam.grant(CLIENT_ID, { actions: [] })).rejects.toMatchObject({ field: 'grant.actions' });
  });

  it('revoke() deletes the policies naming only this identity, removes it from shared ones, skips read-only ones', async () => {
    withAccount();
    const shared = policy(P2, { identities: [IDENTITY, 'urn:v1:eu:identity:user:other'] });
    const managed = policy('2b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b92', { readOnly: true });
    server.use(
      http.get(`${HOST}/v2/iam/policy`, () => HttpResponse.json([policy(P1), shared, managed])),
      http.delete(`${HOST}/v2/iam/policy/:id`, () => new HttpResponse(null)),
      http.put(`${HOST}/v2/iam/policy/:id`, async ({ request }) => HttpResponse.json({ ...shared, ...((await request.json()) as object) })),
    );
    const report = await client().iam.revoke(CLIENT_ID);
    expect(report).toEqual({ deleted: [P1], updated: [P2] });
    expect(seen.find((s) => s.method === 'PUT')?.body).toMatchObject({ identities: ['urn:v1:eu:identity:user:other'] });
  });

  it('oauth2Clients.delete({ detachPolicies: true }) revokes the grants first, then deletes the account', async () => {
    withAccount();
    server.use(
      http.get(`${HOST}/v2/iam/policy`, () => HttpResponse.json([policy(P1)])),
      http.delete(`${HOST}/v2/iam/policy/:id`, () => new HttpResponse(null)),
      http.delete(`${HOST}/1.0/me/api/oauth2/client/:id`, () => new HttpResponse(null)),
    );
    await client().oauth2Clients.delete(CLIENT_ID, { detachPolicies: true });
    expect(calls()).toEqual([
      `GET /1.0/me/api/oauth2/client/${CLIENT_ID}`,
      `GET /v2/iam/policy?identity=${encodeURIComponent(IDENTITY)}`,
      `DELETE /v2/iam/policy/${P1}`,
      `DELETE /1.0/me/api/oauth2/client/${CLIENT_ID}`,
    ]);
  });
});

describe('a 403 from IAM names the missing actions', () => {
  const refuse = (details: unknown) =>
    server.use(
      http.get(`${HOST}/1.0/me/api/credential`, () =>
        HttpResponse.json(
          { class: 'Client::Forbidden', message: 'User not granted for this request', details },
          { status: 403, headers: { 'X-Ovh-QueryID': 'EU.ext-99.iam' } },
        ),
      ),
      http.post('https://www.ovh.com/auth/oauth2/token', () =>
        HttpResponse.json({ access_token: 'at-iam-123456', token_type: 'Bearer', expires_in: 3599 }),
      ),
    );
  const serviceAccount = () =>
    new OvhClient({ endpoint: 'ovh-eu', clientId: CLIENT_ID, clientSecret: 'csIamSecret0001', configFile: false, env: {}, retry: false });

  it.each([
    [
      'a string',
      { unauthorizedActionsByAuthentication: '', unauthorizedActionsByIAM: 'account:apiovh:me/api/credential/get' },
      ['account:apiovh:me/api/credential/get'],
    ],
    ['a comma-separated string', { unauthorizedActionsByIAM: 'a:apiovh:x/get, a:apiovh:y/get' }, ['a:apiovh:x/get', 'a:apiovh:y/get']],
    ['an array', { unauthorizedActionsByIAM: ['a:apiovh:x/get'] }, ['a:apiovh:x/get']],
  ])(
    'details as %s → ForbiddenError.missingActions, and a message naming them, the service account and the grant',
    async (_name, details, actions) => {
      refuse(details);
      const error = (await serviceAccount()
        .credentials.list()
        .catch((e: unknown) => e)) as ForbiddenError;
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.missingActions).toEqual(actions);
      expect(error.caller).toBe(`service account ${CLIENT_ID}`);
      expect(error.queryId).toBe('EU.ext-99.iam');
      expect(error.message).toContain(`IAM did not grant service account ${CLIENT_ID}`);
      for (const action of actions) expect(error.message).toContain(action);
      expect(error.message).toContain(`ovh.iam.grant("${CLIENT_ID}", { actions: ${JSON.stringify(actions)}`);
    },
  );

  it('without details it is still a ForbiddenError, with no missing actions and the general hint', async () => {
    refuse(undefined);
    const error = (await serviceAccount()
      .credentials.list()
      .catch((e: unknown) => e)) as ForbiddenError;
    expect(error.missingActions).toEqual([]);
    expect(error.message).toContain('grant the service account an IAM policy');
  });
});

describe('policyInput()', () => {
  it('turns a policy read back into the input that re-creates it', () => {
    const read = policy(P1, {
      description: null,
      permissions: { allow: [{ action: 'a' }], except: null, deny: [] },
      permissionsGroups: [{ urn: 'urn:v1:eu:permissionsGroup:ovh-admin' }],
      conditions: { operator: 'MATCH', values: { 'resource.Tag(env)': 'prod' } },
    }) as unknown as IamPolicy;
    expect(policyInput({ ...read, permissions: { allow: [{ action: 'a' }], except: [], deny: [] } } as IamPolicy)).toEqual({
      name: read.name,
      identities: [IDENTITY],
      resources: [ACCOUNT],
      permissions: { allow: ['a'] },
      permissionsGroups: ['urn:v1:eu:permissionsGroup:ovh-admin'],
      conditions: { operator: 'MATCH', values: { 'resource.Tag(env)': 'prod' } },
    });
  });
});
