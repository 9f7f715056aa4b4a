// IAM in the simulator: service accounts (OAuth2 callers) need a policy for each action, consumer keys do not.
// Raw HTTP through sim.fetch, tokens from the simulator's own token endpoint, a manual clock.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IAM_ROUTE_ACTIONS, OvhSimulator, SIM_PROJECT_ID, type IamPolicyView, type OvhSimulatorOptions } from '../src/testing/index.js';
import { aiTokenRoutes } from '../src/testing/routes/ai-tokens.js';
import { applicationRoutes } from '../src/testing/routes/applications.js';
import { authRoutes } from '../src/testing/routes/auth.js';
import { credentialRoutes } from '../src/testing/routes/credentials.js';
import { iamPolicyRoutes } from '../src/testing/routes/iam-policies.js';
import { meRoutes } from '../src/testing/routes/me.js';
import { oauth2ClientRoutes } from '../src/testing/routes/oauth2-clients.js';
import { projectRoutes } from '../src/testing/routes/projects.js';
import { manualClock, T0, type ManualClock } from './helpers/clock.js';

const API = 'https://eu.api.ovh.com/1.0';
const V2 = 'https://eu.api.ovh.com/v2';
const TOKEN_URL = 'https://www.ovh.com/auth/oauth2/token';
const NIC = 'xx1111-ovh';
const ACCOUNT = `urn:v1:eu:resource:account:${NIC}`;
const PROJECT = `urn:v1:eu:resource:publicCloudProject:${SIM_PROJECT_ID}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const refused = (action: string) => ({
  class: 'Client::Forbidden',
  message: 'User not granted for this request',
  details: { unauthorizedActionsByAuthentication: '', unauthorizedActionsByIAM: action },
});

interface Keys {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

type Body = Record<string, unknown> | unknown[] | string;

function init(method: string, body: Body | undefined, headers: Record<string, string>): RequestInit {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return { method, headers: { ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers }, ...(text ? { body: text } : {}) };
}

/** A consumer-key call, signed as OVH documents it ('$1$' + sha1(AS+CK+METHOD+URL+BODY+TS)). */
function signed(sim: OvhSimulator, keys: Keys, method: string, url: string, body?: Body, headers: Record<string, string> = {}): Promise<Response> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(sim.serverTime());
  const signature = createHash('sha1')
    .update([keys.applicationSecret, keys.consumerKey, method, url, text, timestamp].join('+'), 'utf8')
    .digest('hex');
  return sim.fetch(
    url,
    init(method, text || undefined, {
      'X-Ovh-Application': keys.applicationKey,
      'X-Ovh-Consumer': keys.consumerKey,
      'X-Ovh-Timestamp': timestamp,
      'X-Ovh-Signature': `$1$${signature}`,
      ...headers,
    }),
  );
}

interface Robot {
  clientId: string;
  identity: string;
  call(method: string, url: string, body?: Body, headers?: Record<string, string>): Promise<Response>;
}

/** A service account with a bearer token from the simulator's token endpoint. */
async function robot(sim: OvhSimulator, name = 'robot', secret?: { clientId: string; clientSecret: string }): Promise<Robot> {
  const { clientId, clientSecret } = secret ?? sim.createOAuth2Client({ name, description: `${name} robot` });
  const res = await sim.fetch(TOKEN_URL, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'all' }),
  });
  expect(res.status).toBe(200);
  const { access_token: token } = (await res.json()) as { access_token: string };
  const identity = sim.state.oauth2Clients.get(clientId)!.identity;
  return {
    clientId,
    identity,
    call: (method, url, body, headers = {}) => sim.fetch(url, init(method, body, { Authorization: `Bearer ${token}`, ...headers })),
  };
}

async function expectJson(response: Promise<Response> | Response, status: number, body?: unknown): Promise<unknown> {
  const res = await response;
  const text = await res.text();
  expect({ status: res.status, text }).toMatchObject({ status });
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (body !== undefined) expect(parsed).toEqual(body);
  return parsed;
}

function setup(options: OvhSimulatorOptions & { clock?: ManualClock } = {}): { sim: OvhSimulator; clock: ManualClock; keys: Keys } {
  const { clock = manualClock(), ...rest } = options;
  const sim = new OvhSimulator({ seed: 'minimal', ...rest, now: clock });
  return { sim, clock, keys: sim.defaults };
}

const allow = (...actions: string[]) => ({ allow: actions.map((action) => ({ action })) });

describe('a service account without a policy', () => {
  it('is refused with 403 naming the missing action; a policy created over the API lets the call through', async () => {
    const { sim, keys } = setup();
    const bot = await robot(sim);
    const res = await bot.call('GET', `${API}/me`);
    expect(res.headers.get('x-ovh-queryid')).toMatch(/^EU\./);
    await expectJson(res, 403, refused('account:apiovh:me/get'));

    const created = (await expectJson(
      signed(sim, keys, 'POST', `${V2}/iam/policy`, {
        name: 'robot-reads-me',
        identities: [bot.identity],
        resources: [{ urn: ACCOUNT }],
        permissions: allow('account:apiovh:me/get'),
      }),
      200,
    )) as IamPolicyView;
    expect(created).toEqual({
      id: expect.stringMatching(UUID),
      name: 'robot-reads-me',
      description: null,
      identities: [bot.identity],
      resources: [{ urn: ACCOUNT }],
      permissions: { allow: [{ action: 'account:apiovh:me/get' }] },
      permissionsGroups: [],
      conditions: null,
      expiredAt: null,
      owner: NIC,
      readOnly: false,
      createdAt: new Date(T0).toISOString(),
      updatedAt: null,
    });
    expect([...sim.state.policies.keys()]).toEqual([created.id]);

    expect(((await expectJson(bot.call('GET', `${API}/me`), 200)) as { nichandle: string }).nichandle).toBe(NIC);
    // only that action: the next route is still refused
    await expectJson(bot.call('GET', `${API}/me/api/credential`), 403, refused('account:apiovh:me/api/credential/get'));
  });

  it('is refused on every route that has an IAM action, with that action; /auth/details is not checked', async () => {
    const { sim } = setup({ seed: true });
    const bot = await robot(sim);
    const tokenId = [...sim.state.aiTokens.keys()][0]!;
    const policyId = [...sim.state.policies.keys()][0]!;
    const ids: Record<string, string> = {
      credentialId: String([...sim.state.credentials.keys()][0]),
      applicationId: String([...sim.state.applications.keys()][0]),
      clientId: bot.clientId,
      serviceName: SIM_PROJECT_ID,
      tokenId,
      policyId,
    };
    for (const [key, { action }] of Object.entries(IAM_ROUTE_ACTIONS)) {
      const [method, pattern] = key.split(' ') as [string, string];
      const path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!);
      const url = path.startsWith('/v2/') ? `https://eu.api.ovh.com${path}` : `${API}${path}`;
      const body = method === 'POST' || method === 'PUT' ? {} : undefined;
      await expectJson(bot.call(method, url, body), 403, refused(action));
    }
    expect(sim.state.aiTokens.has(tokenId) && sim.state.policies.has(policyId) && sim.state.oauth2Clients.has(bot.clientId)).toBe(true);
    expect(await expectJson(bot.call('GET', `${API}/auth/details`), 200)).toMatchObject({ identities: [bot.identity] });
  });

  it('every signed route outside /auth has an IAM action (a new route must be added to IAM_ROUTE_ACTIONS)', () => {
    const routes = [
      ...authRoutes,
      ...meRoutes,
      ...credentialRoutes,
      ...applicationRoutes,
      ...oauth2ClientRoutes,
      ...aiTokenRoutes,
      ...iamPolicyRoutes,
    ];
    const unmapped = [...routes, ...projectRoutes].filter(
      (r) => r.auth === 'signed' && !r.path.startsWith('/auth/') && IAM_ROUTE_ACTIONS[`${r.method} ${r.path}`] === undefined,
    );
    // GET /cloud/project checks its action on each project, in its handler (see "GET /cloud/project" below).
    expect(unmapped.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /cloud/project']);
    unmapped.pop();
    expect(unmapped.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const stale = Object.keys(IAM_ROUTE_ACTIONS).filter((key) => !routes.some((r) => `${r.method} ${r.path}` === key));
    expect(stale).toEqual([]);
  });

  it('iam: false turns enforcement off', async () => {
    const { sim } = setup({ iam: false });
    const bot = await robot(sim);
    await expectJson(bot.call('GET', `${API}/me`), 200);
    await expectJson(bot.call('GET', `${API}/me/api/oauth2/client`), 200, [bot.clientId]);
  });
});

describe('evaluation', () => {
  it('deny beats allow, in the same policy and from another one', async () => {
    const { sim } = setup();
    const bot = await robot(sim);
    sim.createPolicy({ name: 'everything', identities: [bot.identity], resources: [ACCOUNT], permissions: allow('*') });
    await expectJson(bot.call('GET', `${API}/me/api/application`), 200);
    await expectJson(bot.call('GET', `${API}/me`), 200);

    sim.createPolicy({
      name: 'no-apps',
      identities: [bot.identity],
      resources: [ACCOUNT],
      permissions: { deny: [{ action: 'account:apiovh:me/api/application/*' }] },
    });
    await expectJson(bot.call('GET', `${API}/me/api/application`), 403, refused('account:apiovh:me/api/application/get'));
    await expectJson(bot.call('GET', `${API}/me`), 200);

    sim.createPolicy({
      name: 'self-contradicting',
      identities: [bot.identity],
      resources: [ACCOUNT],
      permissions: { allow: [{ action: 'account:apiovh:me/get' }], deny: [{ action: 'account:apiovh:me/get' }] },
    });
    await expectJson(bot.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));
  });

  it('except takes actions out of its own policy only', async () => {
    const { sim } = setup();
    const bot = await robot(sim);
    sim.createPolicy({
      name: 'all-but-delete',
      identities: [bot.identity],
      resources: [ACCOUNT],
      permissions: {
        allow: [{ action: 'account:apiovh:me/api/oauth2/client/*' }],
        except: [{ action: 'account:apiovh:me/api/oauth2/client/delete' }],
      },
    });
    const other = sim.createOAuth2Client({ name: 'other' });
    await expectJson(bot.call('GET', `${API}/me/api/oauth2/client/${other.clientId}`), 200);
    await expectJson(bot.call('DELETE', `${API}/me/api/oauth2/client/${other.clientId}`), 403, refused('account:apiovh:me/api/oauth2/client/delete'));
    expect(sim.state.oauth2Clients.has(other.clientId)).toBe(true);

    sim.createPolicy({
      name: 'delete-too',
      identities: [bot.identity],
      resources: [ACCOUNT],
      permissions: allow('account:apiovh:me/api/oauth2/client/delete'),
    });
    await expectJson(bot.call('DELETE', `${API}/me/api/oauth2/client/${other.clientId}`), 200);
    expect(sim.state.oauth2Clients.has(other.clientId)).toBe(false);
  });

  it('expiredAt is honoured on the simulator clock; a policy already expired never applies', async () => {
    const { sim, clock } = setup({ tokenLifetimeSeconds: 7200 });
    const bot = await robot(sim);
    sim.createPolicy({
      name: 'old',
      identities: [bot.identity],
      resources: [ACCOUNT],
      permissions: allow('account:apiovh:me/get'),
      expiredAt: new Date(T0 - 1),
    });
    await expectJson(bot.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));

    const inOneHour = new Date(T0 + 3_600_000).toISOString().replace('.000Z', '+00:00');
    const view = sim.createPolicy({
      name: 'for-an-hour',
      identities: [bot.identity],
      resources: [ACCOUNT],
      permissions: allow('account:apiovh:me/get'),
      expiredAt: inOneHour,
    });
    expect(view.expiredAt).toBe(new Date(T0 + 3_600_000).toISOString());
    await expectJson(bot.call('GET', `${API}/me`), 200);
    clock.advance(3_599_999);
    await expectJson(bot.call('GET', `${API}/me`), 200);
    clock.advance(1);
    await expectJson(bot.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));
  });

  it('resource URNs and actions glob with * at either end', async () => {
    const { sim } = setup();
    sim.createProject({ serviceName: SIM_PROJECT_ID });
    const other = sim.createProject();
    const bot = await robot(sim);
    sim.createPolicy({
      name: 'projects',
      identities: [bot.identity],
      resources: ['urn:v1:eu:resource:publicCloudProject:*'],
      permissions: allow('publicCloudProject:apiovh:ai/token/*'),
    });
    await expectJson(bot.call('GET', `${API}/cloud/project/${SIM_PROJECT_ID}/ai/token`), 200, []);
    const token = (await expectJson(
      bot.call('POST', `${API}/cloud/project/${other}/ai/token`, { name: 'x', region: 'GRA', role: 'ai_training_read' }),
      200,
    )) as { id: string };
    await expectJson(bot.call('POST', `${API}/cloud/project/${other}/ai/token/${token.id}/renew`), 200);
    await expectJson(bot.call('DELETE', `${API}/cloud/project/${other}/ai/token/${token.id}`), 200);
    // the account is not a project, and account actions were not granted
    await expectJson(bot.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));

    sim.createPolicy({ name: 'account-reads', identities: [bot.identity], resources: [`*:account:${NIC}`], permissions: allow('*get') });
    await expectJson(bot.call('GET', `${API}/me`), 200);
    await expectJson(bot.call('GET', `${API}/me/api/application`), 200);
    await expectJson(bot.call('DELETE', `${API}/me/api/application/1`), 403, refused('account:apiovh:me/api/application/delete'));

    const narrow = await robot(sim, 'narrow');
    sim.createPolicy({ name: 'one-project', identities: [narrow.identity], resources: [PROJECT], permissions: allow('publicCloudProject:apiovh:*') });
    await expectJson(narrow.call('GET', `${API}/cloud/project/${SIM_PROJECT_ID}/ai/token`), 200);
    await expectJson(narrow.call('GET', `${API}/cloud/project/${other}/ai/token`), 403, refused('publicCloudProject:apiovh:ai/token/get'));

    const wide = await robot(sim, 'wide');
    sim.createPolicy({
      name: 'all-account',
      identities: [wide.identity],
      resources: ['urn:v1:eu:resource:*'],
      permissions: allow('account:apiovh:*'),
    });
    await expectJson(wide.call('GET', `${API}/me/api/credential`), 200);
    await expectJson(wide.call('GET', `${API}/cloud/project/${SIM_PROJECT_ID}/ai/token`), 403, refused('publicCloudProject:apiovh:ai/token/get'));
  });

  it('a policy for another identity, or another account, does not apply', async () => {
    const { sim } = setup();
    const bot = await robot(sim);
    const twin = await robot(sim, 'twin');
    sim.createPolicy({ name: 'twin-only', identities: [twin.identity], resources: [ACCOUNT], permissions: allow('*') });
    sim.createPolicy({
      name: 'elsewhere',
      identities: [bot.identity],
      resources: ['urn:v1:eu:resource:account:zz9999-ovh'],
      permissions: allow('*'),
    });
    await expectJson(twin.call('GET', `${API}/me`), 200);
    await expectJson(bot.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));
  });

  it('the policy routes are IAM actions too: a service account granted iam/policy/* manages policies', async () => {
    const { sim } = setup();
    const admin = await robot(sim, 'iam-admin');
    const worker = await robot(sim, 'worker');
    const body = { name: 'worker-me', identities: [worker.identity], resources: [{ urn: ACCOUNT }], permissions: allow('account:apiovh:me/get') };
    await expectJson(admin.call('POST', `${V2}/iam/policy`, body), 403, refused('account:apiovh:iam/policy/create'));
    sim.createPolicy({ name: 'iam-admin', identities: [admin.identity], resources: [ACCOUNT], permissions: allow('account:apiovh:iam/policy/*') });
    const created = (await expectJson(admin.call('POST', `${V2}/iam/policy`, body), 200)) as IamPolicyView;
    await expectJson(worker.call('GET', `${API}/me`), 200);
    await expectJson(admin.call('DELETE', `${V2}/iam/policy/${created.id}`), 200);
    await expectJson(worker.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));
  });
});

describe('consumer keys', () => {
  it('are not subject to IAM, and keep their access rules', async () => {
    const { sim, keys } = setup();
    expect(sim.state.policies.size).toBe(0);
    await expectJson(signed(sim, keys, 'GET', `${API}/me`), 200);
    await expectJson(signed(sim, keys, 'GET', `${API}/me/api/oauth2/client`), 200, []);
    await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy`), 200, []);
    // a policy denying everything to everyone named changes nothing for them
    sim.createPolicy({
      name: 'deny-all',
      identities: [`urn:v1:eu:identity:account:${NIC}`],
      resources: ['*'],
      permissions: { deny: [{ action: '*' }] },
    });
    await expectJson(signed(sim, keys, 'GET', `${API}/me`), 200);

    const narrow = { ...keys, consumerKey: sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] }).consumerKey };
    await expectJson(signed(sim, narrow, 'GET', `${API}/me`), 200);
    await expectJson(signed(sim, narrow, 'GET', `${API}/me/api/credential`), 403, {
      class: 'Client::Forbidden',
      errorCode: 'NOT_GRANTED_CALL',
      httpCode: '403 Forbidden',
      message: 'This call has not been granted',
    });
    await expectJson(signed(sim, narrow, 'GET', `${V2}/iam/policy`), 403);
  });
});

describe('GET /cloud/project', () => {
  it('lists the project ids (string[]) to a consumer key its access rules allow, and refuses one they do not', async () => {
    const { sim, keys } = setup();
    expect(await expectJson(signed(sim, keys, 'GET', `${API}/cloud/project`), 200)).toEqual([]); // minimal seed: none
    const serviceName = sim.createProject();
    await expectJson(signed(sim, keys, 'GET', `${API}/cloud/project`), 200, [serviceName]);
    const narrow = { ...keys, consumerKey: sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] }).consumerKey };
    await expectJson(signed(sim, narrow, 'GET', `${API}/cloud/project`), 403, {
      class: 'Client::Forbidden',
      errorCode: 'NOT_GRANTED_CALL',
      httpCode: '403 Forbidden',
      message: 'This call has not been granted',
    });
  });

  it('lists to a service account only the projects a policy grants it publicCloudProject:apiovh:get on', async () => {
    const { sim } = setup({ seed: true });
    const other = sim.createProject();
    const bot = await robot(sim);
    await expectJson(bot.call('GET', `${API}/cloud/project`), 200, []);
    sim.createPolicy({ name: 'read-project', identities: [bot.identity], resources: [PROJECT], permissions: allow('publicCloudProject:apiovh:get') });
    await expectJson(bot.call('GET', `${API}/cloud/project`), 200, [SIM_PROJECT_ID]);
    const open = setup({ seed: true, iam: false });
    const free = await robot(open.sim);
    expect(await expectJson(free.call('GET', `${API}/cloud/project`), 200)).toEqual([SIM_PROJECT_ID]);
    expect(other).not.toBe(SIM_PROJECT_ID);
  });
});

describe('deleting a service account', () => {
  it('leaves its policies in place, as the API does', async () => {
    const { sim, keys } = setup();
    const bot = await robot(sim);
    const policy = sim.createPolicy({ name: 'bot', identities: [bot.identity], resources: [ACCOUNT], permissions: allow('account:apiovh:me/get') });
    await expectJson(signed(sim, keys, 'DELETE', `${API}/me/api/oauth2/client/${bot.clientId}`), 200);
    await expectJson(bot.call('GET', `${API}/me`), 401);
    expect(await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy?identity=${encodeURIComponent(bot.identity)}`), 200)).toEqual([policy]);
    expect(sim.deleteOAuth2Client(sim.createOAuth2Client().clientId)).toBe(true);
    expect(sim.state.policies.size).toBe(1);
  });
});

describe('GET /v2/iam/policy', () => {
  function manyPolicies(sim: OvhSimulator, count: number): string[] {
    return Array.from(
      { length: count },
      (_, i) =>
        sim.createPolicy({
          name: `p-${String(i).padStart(3, '0')}`,
          identities: [],
          resources: [ACCOUNT],
          permissions: allow('account:apiovh:me/get'),
        }).id,
    );
  }

  async function page(sim: OvhSimulator, keys: Keys, headers: Record<string, string>, query = ''): Promise<{ ids: string[]; next: string | null }> {
    const res = await signed(sim, keys, 'GET', `${V2}/iam/policy${query}`, undefined, headers);
    expect(res.status).toBe(200);
    return { ids: ((await res.json()) as IamPolicyView[]).map((p) => p.id), next: res.headers.get('x-pagination-cursor-next') };
  }

  it('pages with X-Pagination-Size and the cursor headers, 25 a page by default', async () => {
    const { sim, keys } = setup();
    const ids = manyPolicies(sim, 60);
    const first = await page(sim, keys, {});
    expect(first.ids).toEqual(ids.slice(0, 25));
    expect(first.next).toEqual(expect.any(String));
    const second = await page(sim, keys, { 'X-Pagination-Cursor': first.next! });
    expect(second.ids).toEqual(ids.slice(25, 50));
    const third = await page(sim, keys, { 'X-Pagination-Cursor': second.next! });
    expect(third).toEqual({ ids: ids.slice(50), next: null });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const current: { ids: string[]; next: string | null } = await page(sim, keys, {
        'X-Pagination-Size': '7',
        ...(cursor ? { 'X-Pagination-Cursor': cursor } : {}),
      });
      expect(current.ids.length).toBe(pages < 8 ? 7 : 4);
      seen.push(...current.ids);
      cursor = current.next;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(9);
    expect(seen).toEqual(ids);

    // exactly one page's worth: no cursor at all
    const exact = setup();
    manyPolicies(exact.sim, 25);
    expect((await page(exact.sim, exact.keys, {})).next).toBeNull();
  });

  it('a cursor stays valid when policies are deleted between pages; new ones show up at the end', async () => {
    const { sim, keys } = setup();
    const ids = manyPolicies(sim, 9);
    const first = await page(sim, keys, { 'X-Pagination-Size': '3' });
    sim.state.policies.delete(ids[2]!);
    sim.state.policies.delete(ids[3]!);
    const late = sim.createPolicy({ name: 'late', identities: [], resources: [ACCOUNT], permissions: {} }).id;
    const second = await page(sim, keys, { 'X-Pagination-Size': '3', 'X-Pagination-Cursor': first.next! });
    expect(second.ids).toEqual(ids.slice(4, 7));
    const third = await page(sim, keys, { 'X-Pagination-Size': '3', 'X-Pagination-Cursor': second.next! });
    expect(third).toEqual({ ids: [ids[7], ids[8], late], next: null });
  });

  it('an unknown, or foreign, cursor → 400 invalid cursor; a bad page size → 400', async () => {
    const { sim, keys } = setup();
    manyPolicies(sim, 5);
    const invalid = { class: 'Client::BadRequest', message: 'invalid cursor' };
    await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy`, undefined, { 'X-Pagination-Cursor': 'bm9wZQ' }), 400, invalid);
    const first = await page(sim, keys, { 'X-Pagination-Size': '2' });
    await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy?readOnly=false`, undefined, { 'X-Pagination-Cursor': first.next! }), 400, invalid);
    const other = setup();
    await expectJson(signed(other.sim, other.keys, 'GET', `${V2}/iam/policy`, undefined, { 'X-Pagination-Cursor': first.next! }), 400, invalid);
    for (const size of ['0', '-1', 'ten', '2.5']) {
      await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy`, undefined, { 'X-Pagination-Size': size }), 400);
    }
  });

  it('filters on identity, resourceURN, action (each repeatable) and readOnly', async () => {
    const { sim, keys } = setup({ seed: true });
    const [ciDeployer] = [...sim.state.oauth2Clients.values()];
    const names = async (query: string): Promise<string[]> =>
      ((await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy${query}`), 200)) as IamPolicyView[]).map((p) => p.name);
    const a = 'urn:v1:eu:identity:credential:xx1111-ovh/oauth2-EU.aaaaaaaaaaaaaaaa';
    const b = 'urn:v1:eu:identity:credential:xx1111-ovh/oauth2-EU.bbbbbbbbbbbbbbbb';
    sim.createPolicy({ name: 'a', identities: [a], resources: [ACCOUNT], permissions: { allow: [{ action: 'account:apiovh:me/get' }] } });
    sim.createPolicy({
      name: 'b',
      identities: [b],
      resources: [PROJECT],
      permissions: { deny: [{ action: 'publicCloudProject:apiovh:ai/token/delete' }] },
    });
    sim.createPolicy({
      name: 'ab',
      identities: [a, b],
      resources: [ACCOUNT, PROJECT],
      permissions: { except: [{ action: 'account:apiovh:me/get' }] },
    });

    expect(await names('')).toEqual(['ovh-default', 'ci-deployer', 'a', 'b', 'ab']);
    expect(await names(`?identity=${encodeURIComponent(a)}`)).toEqual(['a', 'ab']);
    expect(await names(`?identity=${encodeURIComponent(a)}&identity=${encodeURIComponent(ciDeployer!.identity)}`)).toEqual([
      'ci-deployer',
      'a',
      'ab',
    ]);
    expect(await names(`?resourceURN=${encodeURIComponent(PROJECT)}`)).toEqual(['ci-deployer', 'b', 'ab']);
    expect(await names(`?action=${encodeURIComponent('account:apiovh:me/get')}`)).toEqual(['ci-deployer', 'a', 'ab']);
    expect(await names(`?action=${encodeURIComponent('publicCloudProject:apiovh:ai/token/delete')}&action=*`)).toEqual(['ovh-default', 'b']);
    expect(await names('?readOnly=true')).toEqual(['ovh-default']);
    expect(await names(`?readOnly=false&identity=${encodeURIComponent(b)}&details=true`)).toEqual(['b', 'ab']);
    await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy?readOnly=yes`), 400);
  });
});

describe('POST, GET, PUT and DELETE /v2/iam/policy', () => {
  const valid = {
    name: 'ci',
    identities: [`urn:v1:eu:identity:credential:${NIC}/oauth2-EU.0123456789abcdef`],
    resources: [{ urn: ACCOUNT }],
    permissions: allow('account:apiovh:me/get'),
  };

  it('refuses what the API refuses, with a 400 naming the field', async () => {
    const { sim, keys } = setup();
    const post = (body: Body) => signed(sim, keys, 'POST', `${V2}/iam/policy`, body);
    const cases: Array<[string, Body, string, RegExp]> = [
      ['no name', { ...valid, name: undefined }, 'MISSING_PARAMETER', /\[name\] is required/],
      ['no identities', { ...valid, identities: undefined }, 'MISSING_PARAMETER', /\[identities\] is required/],
      ['no resources', { ...valid, resources: undefined }, 'MISSING_PARAMETER', /\[resources\] is required/],
      ['no permissions', { ...valid, permissions: undefined }, 'MISSING_PARAMETER', /\[permissions\] is required/],
      ['an unknown field', { ...valid, owner: 'me' }, 'INVALID_PARAMETER', /\[body\] unknown field\(s\) owner/],
      ['an unknown permissions key', { ...valid, permissions: { allows: [] } }, 'INVALID_PARAMETER', /\[permissions\] unknown field\(s\) allows/],
      ['a name with spaces', { ...valid, name: 'my policy' }, 'INVALID_FORMAT', /\[name\]/],
      ['a reserved name', { ...valid, name: 'ovh-mine' }, 'INVALID_PARAMETER', /ovh- prefix is reserved/],
      ['resources as strings', { ...valid, resources: [ACCOUNT] }, 'INVALID_PARAMETER', /\[resources\.0\]/],
      ['a non-URN resource', { ...valid, resources: [{ urn: 'account' }] }, 'INVALID_PARAMETER', /\[resources\.0\.urn\]/],
      ['a wildcard inside a URN', { ...valid, resources: [{ urn: 'urn:v1:eu:resource:*:x' }] }, 'INVALID_PARAMETER', /\[resources\.0\.urn\]/],
      ['a wildcard inside an action', { ...valid, permissions: allow('account:*:me/get') }, 'INVALID_PARAMETER', /\[permissions\.allow\.0\.action\]/],
      ['an action as a string', { ...valid, permissions: { allow: ['account:apiovh:me/get'] } }, 'INVALID_PARAMETER', /\[permissions\.allow\.0\]/],
      ['a bad identity', { ...valid, identities: ['robot'] }, 'INVALID_PARAMETER', /\[identities\.0\]/],
      ['a date without zone', { ...valid, expiredAt: '2026-01-01T00:00:00' }, 'INVALID_PARAMETER', /\[expiredAt\]/],
      ['a bad condition operator', { ...valid, conditions: { operator: 'XOR' } }, 'INVALID_PARAMETER', /\[conditions\.operator\]/],
      [
        'a MATCH with sub-conditions',
        { ...valid, conditions: { operator: 'MATCH', values: {}, conditions: [{ operator: 'MATCH' }] } },
        'INVALID_PARAMETER',
        /MATCH/,
      ],
    ];
    for (const [what, body, errorCode, message] of cases) {
      const error = (await expectJson(post(body), 400)) as { class: string; errorCode: string; message: string };
      expect({ what, class: error.class, errorCode: error.errorCode }).toEqual({ what, class: 'Client::BadRequest', errorCode });
      expect(error.message, what).toMatch(message);
    }
    await expectJson(post('{not json'), 400);
    expect(sim.state.policies.size).toBe(0);

    await expectJson(post(valid), 200);
    const conflict = (await expectJson(post({ ...valid, identities: [] }), 409)) as { class: string; errorCode: string };
    expect(conflict).toMatchObject({ class: 'Client::Conflict', errorCode: 'POLICY_ALREADY_EXISTS' });
    expect(sim.state.policies.size).toBe(1);
  });

  it('keeps every optional field; GET by id; PUT replaces the whole policy and sets updatedAt; DELETE removes it', async () => {
    const { sim, keys, clock } = setup();
    const full = {
      ...valid,
      description: 'CI robot',
      resources: [{ urn: ACCOUNT, group: { id: 'x', name: 'g', readOnly: false } }],
      permissions: {
        allow: [{ action: 'account:apiovh:*' }],
        except: [{ action: 'account:apiovh:me/api/credential/delete' }],
        deny: [{ action: '*delete' }],
      },
      permissionsGroups: [{ urn: 'urn:v1:eu:permissionsGroup:ovh:globalReadOnly' }],
      conditions: { operator: 'AND', conditions: [{ operator: 'MATCH', values: { 'resource.Tag(env)': 'prod' } }] },
      expiredAt: '2026-12-31T23:59:59.5+01:00',
    };
    const created = (await expectJson(signed(sim, keys, 'POST', `${V2}/iam/policy`, full), 200)) as IamPolicyView;
    expect(created).toMatchObject({
      description: 'CI robot',
      resources: [{ urn: ACCOUNT }],
      permissions: full.permissions,
      permissionsGroups: full.permissionsGroups,
      conditions: full.conditions,
      expiredAt: '2026-12-31T22:59:59.500Z',
      updatedAt: null,
    });
    const url = `${V2}/iam/policy/${created.id}`;
    await expectJson(signed(sim, keys, 'GET', url), 200, created);
    await expectJson(signed(sim, keys, 'GET', `${url}?details=true`), 200, created);

    clock.advance(90_000);
    const { identities, resources, permissions } = valid;
    const replaced = (await expectJson(signed(sim, keys, 'PUT', url, { name: 'ci-v2', identities, resources, permissions }), 200)) as IamPolicyView;
    expect(replaced).toEqual({
      ...created,
      name: 'ci-v2',
      description: null,
      permissions,
      permissionsGroups: [],
      conditions: null,
      expiredAt: null,
      updatedAt: new Date(T0 + 90_000).toISOString(),
    });
    await expectJson(signed(sim, keys, 'GET', url), 200, replaced);
    await expectJson(signed(sim, keys, 'PUT', url, { name: 'ci-v2', identities }), 400);
    sim.createPolicy({ name: 'taken', identities: [], resources: [ACCOUNT], permissions: {} });
    await expectJson(signed(sim, keys, 'PUT', url, { ...valid, name: 'taken' }), 409);

    await expectJson(signed(sim, keys, 'DELETE', url), 200);
    const missing = { class: 'Client::NotFound', message: `The requested object (policyId = ${created.id}) does not exist` };
    await expectJson(signed(sim, keys, 'GET', url), 404, missing);
    await expectJson(signed(sim, keys, 'PUT', url, valid), 404, missing);
    await expectJson(signed(sim, keys, 'DELETE', url), 404, missing);
    await expectJson(signed(sim, keys, 'GET', `${V2}/iam/policy/not-a-uuid`), 400);
  });

  it('OVH-managed (read-only) policies cannot be edited or deleted', async () => {
    const { sim, keys } = setup({ seed: true });
    const managed = [...sim.state.policies.values()].find((p) => p.readOnly)!;
    expect(managed).toMatchObject({
      name: 'ovh-default',
      identities: [`urn:v1:eu:identity:account:${NIC}`],
      permissions: { allow: [{ action: '*' }] },
    });
    const url = `${V2}/iam/policy/${managed.id}`;
    await expectJson(signed(sim, keys, 'PUT', url, { ...valid, name: 'ovh-default' }), 403);
    await expectJson(signed(sim, keys, 'DELETE', url), 403);
    expect(sim.state.policies.get(managed.id)?.name).toBe('ovh-default');
  });
});

describe('simulator helpers', () => {
  it('createPolicy() validates like the API and refuses a name in use', () => {
    const { sim } = setup();
    expect(() => sim.createPolicy({ name: 'bad name', identities: [], resources: [ACCOUNT], permissions: {} })).toThrow(/\[name\]/);
    expect(() => sim.createPolicy({ name: 'ovh-x', identities: [], resources: [ACCOUNT], permissions: {} })).toThrow(/reserved/);
    expect(sim.createPolicy({ name: 'ovh-x', identities: [], resources: [ACCOUNT], permissions: {}, readOnly: true }).readOnly).toBe(true);
    sim.createPolicy({ name: 'x', identities: [], resources: [{ urn: ACCOUNT }], permissions: {} });
    expect(() => sim.createPolicy({ name: 'x', identities: [], resources: [ACCOUNT], permissions: {} })).toThrow(/already exists/);
    expect([...sim.state.policies.values()].map((p) => p.name)).toEqual(['ovh-x', 'x']);
  });

  it('iamActionOf() maps a call to its action and resource URN', () => {
    const { sim } = setup();
    expect(sim.iamActionOf('GET', '/me')).toEqual({ action: 'account:apiovh:me/get', resource: ACCOUNT });
    expect(sim.iamActionOf('get', '/1.0/me/api/credential/42?x=1')).toEqual({ action: 'account:apiovh:me/api/credential/get', resource: ACCOUNT });
    expect(sim.iamActionOf('PUT', '/v1/me/api/credential/{credentialId}')).toEqual({
      action: 'account:apiovh:me/api/credential/edit',
      resource: ACCOUNT,
    });
    expect(sim.iamActionOf('GET', `${API}/me/api/credential/1/application`)?.action).toBe('account:apiovh:me/api/credential/application/get');
    expect(sim.iamActionOf('POST', `/cloud/project/${SIM_PROJECT_ID}/ai/token/abc/renew`)).toEqual({
      action: 'publicCloudProject:apiovh:ai/token/renew',
      resource: PROJECT,
    });
    expect(sim.iamActionOf('DELETE', '/v2/iam/policy/3f8e0c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b')).toEqual({
      action: 'account:apiovh:iam/policy/delete',
      resource: ACCOUNT,
    });
    expect(sim.iamActionOf('GET', '/auth/details')).toBeUndefined();
    expect(sim.iamActionOf('POST', '/auth/oauth2/token')).toBeUndefined();
    expect(sim.iamActionOf('GET', '/dedicated/server')).toBeUndefined();
    expect(sim.iamActionOf('PATCH', '/me')).toBeUndefined();
  });

  it('region: URNs of identities and resources name it', async () => {
    const { sim } = setup({ region: 'ca' });
    expect(sim.iamActionOf('GET', '/me')?.resource).toBe(`urn:v1:ca:resource:account:${NIC}`);
    expect(sim.accountUrn).toBe(`urn:v1:ca:resource:account:${NIC}`);
    const bot = await robot(sim);
    expect(bot.identity).toBe(`urn:v1:ca:identity:credential:${NIC}/oauth2-${bot.clientId}`);
    sim.createPolicy({ name: 'eu-urn', identities: [bot.identity], resources: [ACCOUNT], permissions: allow('*') });
    await expectJson(bot.call('GET', `${API}/me`), 403, refused('account:apiovh:me/get'));
    sim.createPolicy({ name: 'ca-urn', identities: [bot.identity], resources: [sim.accountUrn], permissions: allow('*') });
    await expectJson(bot.call('GET', `${API}/me`), 200);
    expect(() => new OvhSimulator({ region: 'fr' as never })).toThrow(/region/);
  });

  it('the full seed grants the ci-deployer service account GET /me and the project AI tokens, nothing more', async () => {
    const { sim } = setup({ seed: true });
    const deployer = [...sim.state.oauth2Clients.values()].find((c) => c.name === 'ci-deployer')!;
    const bot = await robot(sim, 'ci-deployer', deployer);
    await expectJson(bot.call('GET', `${API}/me`), 200);
    expect(((await expectJson(bot.call('GET', `${API}/cloud/project/${SIM_PROJECT_ID}/ai/token`), 200)) as unknown[]).length).toBe(3);
    await expectJson(bot.call('GET', `${API}/me/api/credential`), 403, refused('account:apiovh:me/api/credential/get'));
    await expectJson(bot.call('GET', `${V2}/iam/policy`), 403, refused('account:apiovh:iam/policy/get'));
  });
});
