// WebPaasClient: configuration, the API-token exchange (cache, renewal, 401 recovery, single flight), error
// mapping and secret hygiene. API traffic goes through msw to a WebPaasSimulator, or to hand-written answers.
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  OvhApiError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
} from '../src/index.js';
import { WebPaasClient, type WebPaasClientOptions } from '../src/webpaas/index.js';
import { WebPaasSimulator } from '../src/testing/index.js';
import { manualClock, type ManualClock } from './helpers/clock.js';

const API = 'https://eu.api.webpaas.ovhcloud.com';
const TOKEN_URL = 'https://eu.auth.webpaas.ovhcloud.com/oauth2/token';
const BASIC_DEFAULT = `Basic ${Buffer.from('ovh-eu-cli:').toString('base64')}`;

let sim: WebPaasSimulator;
let clock: ManualClock;
let apiToken: string;
const seen: Array<{ method: string; url: string }> = [];
const toSim = ({ request }: { request: Request }) => sim.handle(request);
const server = setupServer(http.all(`${API}/*`, toSim), http.post(TOKEN_URL, toSim));
server.events.on('request:start', ({ request }) => {
  seen.push({ method: request.method, url: request.url });
});
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  clock = manualClock();
  sim = new WebPaasSimulator({ now: clock });
  apiToken = sim.createApiToken();
  seen.length = 0;
});
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

function client(options: WebPaasClientOptions = {}): WebPaasClient {
  return new WebPaasClient({ apiToken, env: {}, retry: { baseDelay: 1 }, ...options });
}
const project = () => sim.defaults.project;
const listProject = (paas: WebPaasClient) => paas.variables.list({ project: project() });
const tokenRequests = () => sim.requests.filter((r) => r.url === TOKEN_URL);
const lines = () => sim.requests.map((r) => `${r.method} ${r.url}`);
const issuedTokens = () => [...sim.state.accessTokens.keys()];
/** Sets the client's clock (fake Date) and the simulator's to the same instant. */
const setTime = (iso: string) => {
  vi.setSystemTime(new Date(iso));
  clock.set(Date.parse(iso));
};

describe('configuration', () => {
  it('defaults to the EU API, token URL and the CLI client id', () => {
    const paas = client();
    expect(paas.toJSON()).toEqual({ apiUrl: API, tokenUrl: TOKEN_URL, clientId: 'ovh-eu-cli', authKind: 'api-token' });
  });

  it('reads OVHCLOUD_WEBPAAS_CLI_* from the env, and options win over env', async () => {
    const env = {
      OVHCLOUD_WEBPAAS_CLI_TOKEN: ` ${apiToken} `,
      OVHCLOUD_WEBPAAS_CLI_API_URL: 'https://ca.api.webpaas.example/',
      OVHCLOUD_WEBPAAS_CLI_OAUTH2_TOKEN_URL: 'https://ca.auth.webpaas.example/oauth2/token',
      OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID: 'ovh-ca-cli',
    };
    const fromEnv = new WebPaasClient({ env });
    expect(fromEnv.toJSON()).toEqual({
      apiUrl: 'https://ca.api.webpaas.example',
      tokenUrl: 'https://ca.auth.webpaas.example/oauth2/token',
      clientId: 'ovh-ca-cli',
      authKind: 'api-token',
    });
    expect(WebPaasClient.fromEnvironment({ env }).toJSON()).toEqual(fromEnv.toJSON());
    const explicit = new WebPaasClient({ env, apiUrl: API, tokenUrl: TOKEN_URL, clientId: 'ovh-eu-cli', apiToken: 'other' });
    expect(explicit.toJSON()).toMatchObject({ apiUrl: API, tokenUrl: TOKEN_URL, clientId: 'ovh-eu-cli' });

    // The env token (trimmed) is the one exchanged.
    await listProject(new WebPaasClient({ env: { OVHCLOUD_WEBPAAS_CLI_TOKEN: ` ${apiToken} ` } }));
    expect(tokenRequests()[0]?.body).toBe(`grant_type=api_token&api_token=${apiToken}`);
  });

  it('reads process.env when no env option is given', () => {
    vi.stubEnv('OVHCLOUD_WEBPAAS_CLI_TOKEN', apiToken);
    vi.stubEnv('OVHCLOUD_WEBPAAS_CLI_API_URL', 'http://127.0.0.1:9/');
    try {
      expect(WebPaasClient.fromEnvironment().apiUrl).toBe('http://127.0.0.1:9');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses to start without a token, naming the env var', () => {
    const attempt = () => new WebPaasClient({ env: { OVHCLOUD_WEBPAAS_CLI_TOKEN: '  ' } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/OVHCLOUD_WEBPAAS_CLI_TOKEN/);
    expect(seen).toEqual([]);
  });

  it('requires https except on loopback hosts', () => {
    expect(() => client({ apiUrl: 'http://api.example.com' })).toThrow(/apiUrl "http:\/\/api.example.com" must use https/);
    expect(() => client({ tokenUrl: 'http://auth.example.com/oauth2/token' })).toThrow(/tokenUrl .* must use https/);
    expect(() => new WebPaasClient({ apiToken, env: { OVHCLOUD_WEBPAAS_CLI_API_URL: 'http://10.0.0.1' } })).toThrow(
      /apiUrl \(from OVHCLOUD_WEBPAAS_CLI_API_URL\)/,
    );
    expect(() => client({ apiUrl: 'not a url' })).toThrow(ConfigError);
    expect(() => client({ apiUrl: 'https://user:pw@api.example.com' })).toThrow(/credentials/);
    expect(() => client({ tokenUrl: 'https://auth.example.com/token?x=1' })).toThrow(/query string/);
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:3000', '127.1.2.3']) {
      expect(client({ apiUrl: `http://${host}/base/`, tokenUrl: `http://${host}/oauth2/token` }).apiUrl).toBe(`http://${host}/base`);
    }
  });

  it('refuses a client id that cannot go in HTTP Basic', () => {
    expect(() => client({ clientId: 'a:b' })).toThrow(ConfigError);
    expect(() => new WebPaasClient({ apiToken, env: { OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID: 'with space' } })).toThrow(
      /OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID/,
    );
  });

  it('never shows a token in inspect, JSON or String', async () => {
    const paas = client({ accessToken: 'given-access-token-123' });
    await listProject(paas);
    const issued = issuedTokens();
    const views = [
      inspect(paas, { depth: Infinity, showHidden: true }),
      inspect(paas.variables, { depth: Infinity, showHidden: true }),
      inspect(paas.activities, { depth: Infinity, showHidden: true }),
      JSON.stringify(paas),
      String(paas),
    ];
    for (const view of views) {
      expect(view).not.toContain(apiToken);
      expect(view).not.toContain('given-access-token-123');
      for (const token of issued) expect(view).not.toContain(token);
    }
    expect(inspect(paas)).toBe(`WebPaasClient ${JSON.stringify(paas.toJSON())}`);
    expect(JSON.parse(JSON.stringify(paas))).toEqual({ apiUrl: API, tokenUrl: TOKEN_URL, clientId: 'ovh-eu-cli', authKind: 'api-token' });
  });
});

describe('API-token exchange', () => {
  it('posts the API token as a form with HTTP Basic client_id:, then sends the access token as Bearer', async () => {
    await listProject(client());
    expect(sim.requests).toHaveLength(2);
    const [exchange, call] = sim.requests;
    expect(exchange).toMatchObject({
      method: 'POST',
      url: TOKEN_URL,
      body: `grant_type=api_token&api_token=${apiToken}`,
    });
    expect(exchange?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(exchange?.headers.authorization).toBe(BASIC_DEFAULT);
    expect(BASIC_DEFAULT).toBe('Basic b3ZoLWV1LWNsaTo=');
    expect(call?.method).toBe('GET');
    expect(call?.url).toBe(`${API}/projects/${project()}/variables`);
    expect(call?.headers.authorization).toBe(`Bearer ${issuedTokens()[0]}`);
    expect(call?.headers.accept).toBe('application/json');
    expect(call?.headers['user-agent']).toMatch(/^ovh-credentials\//);
  });

  it('uses the configured client id and token URL', async () => {
    sim = new WebPaasSimulator({ now: clock, clientId: 'ovh-ca-cli' });
    apiToken = sim.createApiToken();
    const tokenUrl = 'https://ca.auth.webpaas.example/oauth2/token';
    server.use(http.post(tokenUrl, toSim));
    await listProject(client({ clientId: 'ovh-ca-cli', tokenUrl }));
    expect(sim.requests[0]?.url).toBe(tokenUrl);
    expect(sim.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ovh-ca-cli:').toString('base64')}`);
  });

  it('caches the access token across calls', async () => {
    const paas = client();
    await listProject(paas);
    await listProject(paas);
    await paas.variables.list({ project: project(), environment: 'main' });
    expect(tokenRequests()).toHaveLength(1);
    const bearers = new Set(sim.requests.filter((r) => r.url !== TOKEN_URL).map((r) => r.headers.authorization));
    expect(bearers.size).toBe(1);
  });

  it('renews the token before expires_in runs out (at 90% of its lifetime, at most 60 s early)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    setTime('2025-01-01T00:00:00Z');
    const paas = client();
    await listProject(paas);
    setTime('2025-01-01T00:13:59Z'); // 839 s of 900: still fresh
    await listProject(paas);
    expect(tokenRequests()).toHaveLength(1);
    setTime('2025-01-01T00:14:01Z'); // 841 s: inside the 60 s margin
    await listProject(paas);
    expect(lines()).toEqual([
      `POST ${TOKEN_URL}`,
      `GET ${API}/projects/${project()}/variables`,
      `GET ${API}/projects/${project()}/variables`,
      `POST ${TOKEN_URL}`,
      `GET ${API}/projects/${project()}/variables`,
    ]);
    const [first, second] = issuedTokens();
    expect(sim.requests[2]?.headers.authorization).toBe(`Bearer ${first}`);
    expect(sim.requests[4]?.headers.authorization).toBe(`Bearer ${second}`);
  });

  it('honours a short expires_in from the server', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    setTime('2025-01-01T00:00:00Z');
    sim.setTokenLifetime(10); // margin 1 s: renewed after 9 s
    const paas = client();
    await listProject(paas);
    setTime('2025-01-01T00:00:08.900Z');
    await listProject(paas);
    setTime('2025-01-01T00:00:09.100Z');
    await listProject(paas);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('on a 401, exchanges once more and retries the refused call (POST included)', async () => {
    const paas = client();
    await listProject(paas);
    sim.expireAccessTokens();
    sim.clearRequests();
    await listProject(paas);
    expect(sim.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${API}/projects/${project()}/variables`,
      `POST ${TOKEN_URL}`,
      `GET ${API}/projects/${project()}/variables`,
    ]);
    expect(sim.requests[0]?.headers.authorization).not.toBe(sim.requests[2]?.headers.authorization);
    expect(sim.requests[2]?.headers.authorization).toBe(`Bearer ${issuedTokens()[1]}`);

    sim.expireAccessTokens();
    sim.clearRequests();
    const res = await paas.variables.create({ project: project(), name: 'A', value: 'x' });
    expect(res.code).toBe(201);
    expect(lines()).toEqual([`POST ${API}/projects/${project()}/variables`, `POST ${TOKEN_URL}`, `POST ${API}/projects/${project()}/variables`]);
    expect(sim.requests[0]?.body).toBe(sim.requests[2]?.body);
  });

  it('gives up after one re-exchange when the API keeps answering 401', async () => {
    server.use(
      http.get(`${API}/projects/:p/variables`, () =>
        HttpResponse.json({ code: 401, message: 'Unauthorized', title: 'Unauthorized' }, { status: 401 }),
      ),
    );
    const error = await listProject(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).toMatch(/refused even after a fresh one was fetched/);
    expect(seen.map((s) => `${s.method} ${new URL(s.url).host}`)).toEqual([
      'POST eu.auth.webpaas.ovhcloud.com',
      'GET eu.api.webpaas.ovhcloud.com',
      'POST eu.auth.webpaas.ovhcloud.com',
      'GET eu.api.webpaas.ovhcloud.com',
    ]);
  });

  it('shares one exchange between concurrent first requests', async () => {
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        await new Promise((r) => setTimeout(r, 30));
        return sim.handle(request);
      }),
    );
    const paas = client();
    await Promise.all([
      listProject(paas),
      listProject(paas),
      paas.variables.list({ project: project(), environment: 'main' }),
      paas.variables.list({ project: project(), environment: 'staging' }),
      paas.activities.wait({ project: project(), activities: [] }),
    ]);
    expect(tokenRequests()).toHaveLength(1);
    expect(sim.requests).toHaveLength(5);
    expect(new Set(sim.requests.slice(1).map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${issuedTokens()[0]}`]));
  });

  it('says the API token is invalid and what to do, without sending the API call', async () => {
    const error = await listProject(client({ apiToken: 'wpt_not-a-real-token' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const e = error as AuthenticationError;
    expect(e.status).toBe(400);
    expect(e.apiMessage).toBe('Invalid API token.');
    expect(e.errorCode).toBe('invalid_grant');
    expect(e.message).toMatch(/API token is invalid, expired or revoked/);
    expect(e.message).toMatch(/OVHCLOUD_WEBPAAS_CLI_TOKEN/);
    expect(e.message).not.toContain('wpt_not-a-real-token');
    expect(seen).toHaveLength(1);
  });

  it('fails with the invalid-token error when the API token was revoked mid-session', async () => {
    const paas = client();
    await listProject(paas);
    sim.revokeApiToken(apiToken);
    const error = await listProject(paas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/API token is invalid/);
    expect(lines().slice(1)).toEqual([
      `GET ${API}/projects/${project()}/variables`,
      `GET ${API}/projects/${project()}/variables`,
      `POST ${TOKEN_URL}`,
    ]);
  });

  it('explains a refused client id', async () => {
    const error = await listProject(client({ clientId: 'someone-else' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).errorCode).toBe('invalid_client');
    expect((error as Error).message).toMatch(/client id was refused/);
  });

  it('retries the exchange on a 503 from the token endpoint', async () => {
    sim.failNext({ path: '/oauth2/token', status: 503, body: { error: 'temporarily_unavailable' } });
    await listProject(client());
    expect(tokenRequests()).toHaveLength(2);
  });

  it('reports a token answer without access_token as a ResponseValidationError', async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ token_type: 'bearer', expires_in: 900 })));
    const error = await listProject(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.field).toBe('access_token');
  });

  it('picks the token refusal hint from every field the answer words it in (detail, message), and names a bare refusal', async () => {
    const refusal = async (status: number, body: object, headers: Record<string, string> = {}) => {
      server.use(http.post(TOKEN_URL, () => HttpResponse.json(body, { status, headers })));
      return (await listProject(client()).catch((e: unknown) => e)) as AuthenticationError;
    };
    const problem = await refusal(401, { title: 'Unauthorized', detail: 'Invalid API token' }, { 'x-request-id': 'REQ-1', 'x-ovh-queryid': 'QID-1' });
    expect(problem).toBeInstanceOf(AuthenticationError);
    expect(problem.message).toMatch(/API token is invalid, expired or revoked/);
    expect(problem.queryId).toBe('REQ-1');
    const worded = await refusal(400, { error: 'invalid_request', error_description: 'Bad request', message: 'The API token has expired' });
    expect(worded.message).toMatch(/API token is invalid, expired or revoked/);
    expect(worded.errorCode).toBe('invalid_request');
    // A refusal that echoes the API token, in any field the reader quotes, is scrubbed before the error exists.
    const echoed = await refusal(400, { detail: `Invalid API token ${apiToken}`, title: apiToken });
    expect(echoed.message).toMatch(/API token is invalid, expired or revoked/);
    expect(`${echoed.message} ${JSON.stringify(echoed)} ${inspect(echoed)}`).not.toContain(apiToken);
    const bare = await refusal(403, {});
    expect(bare).toBeInstanceOf(AuthenticationError);
    expect(bare.apiMessage).toBe('HTTP 403 with no error message');
    expect(bare.message).toMatch(/The token endpoint refused the API-token exchange/);
  });

  it('quotes a refusal the token endpoint words as `message` or `title` (a gateway in front of it), or names an HTML page', async () => {
    const refusal = async (answer: () => Response) => {
      server.use(http.post(TOKEN_URL, answer));
      return (await listProject(client()).catch((e: unknown) => e)) as AuthenticationError;
    };
    expect((await refusal(() => HttpResponse.json({ message: 'Blocked by the gateway' }, { status: 403 }))).apiMessage).toBe(
      'Blocked by the gateway',
    );
    expect((await refusal(() => HttpResponse.json({ title: 'Forbidden' }, { status: 403 }))).apiMessage).toBe('Forbidden');
    const page = await refusal(() => new HttpResponse('<html><body>denied</body></html>', { status: 403, headers: { 'content-type': 'text/html' } }));
    expect(page).toBeInstanceOf(AuthenticationError);
    expect(page.apiMessage).toBe('non-JSON error page (HTTP 403)');
  });
});

describe('accessToken option', () => {
  async function issuedAccessToken(): Promise<string> {
    await listProject(client());
    sim.clearRequests();
    return issuedTokens()[0] as string;
  }

  it('sends a given access token as is, never exchanges, and says to pass an API token on a 401', async () => {
    const accessToken = await issuedAccessToken();
    const paas = new WebPaasClient({ accessToken, env: {} });
    expect(paas.authKind).toBe('access-token');
    await listProject(paas);
    expect(sim.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${accessToken}`]);
    sim.expireAccessTokens();
    sim.clearRequests();
    const error = await listProject(paas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/pass apiToken \(or set OVHCLOUD_WEBPAAS_CLI_TOKEN\)/);
    expect(lines()).toEqual([`GET ${API}/projects/${project()}/variables`]);
  });

  it('with an API token too, uses the given access token first, then exchanges the API token after a 401', async () => {
    const accessToken = await issuedAccessToken();
    const paas = client({ accessToken });
    await listProject(paas);
    expect(lines()).toEqual([`GET ${API}/projects/${project()}/variables`]);
    expect(sim.requests[0]?.headers.authorization).toBe(`Bearer ${accessToken}`);
    sim.expireAccessTokens();
    sim.clearRequests();
    await listProject(paas);
    expect(lines()).toEqual([`GET ${API}/projects/${project()}/variables`, `POST ${TOKEN_URL}`, `GET ${API}/projects/${project()}/variables`]);
    expect(sim.requests[2]?.headers.authorization).toBe(`Bearer ${issuedTokens()[1]}`);
  });
});

describe('error mapping', () => {
  const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    server.use(http.get(`${API}/projects/:p/variables`, () => HttpResponse.json(body, { status, headers })));
  const failure = async (options: WebPaasClientOptions = {}) =>
    (await listProject(client({ retry: false, ...options })).catch((e: unknown) => e)) as OvhApiError;

  it.each([
    [400, BadRequestError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
  ])('%i → %o', async (status, type) => {
    answer(status, { status: 'error', code: status, message: `boom ${status}`, title: 'T' }, { 'X-Request-Id': 'req-42' });
    const error = await failure();
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, apiMessage: `boom ${status}`, queryId: 'req-42', method: 'GET', path: `/projects/${project()}/variables` });
    expect(error.message).toContain(`GET /projects/${project()}/variables failed with ${status}: boom ${status}`);
  });

  it('gives Web PaaS hints for 403 rather than OVH consumer-key ones', async () => {
    answer(403, { message: 'Access denied' });
    const error = await failure();
    expect(error.message).toMatch(/lacks the rights for this project/);
    expect(error.message).not.toMatch(/consumer key/);
  });

  it('reads detail as a string, or as an object keyed by field', async () => {
    answer(400, { title: 'Bad Request', detail: 'Something is off' });
    expect((await failure()).apiMessage).toBe('Something is off');
    answer(400, { message: 'Invalid variable.', detail: { name: 'Too long', value: ['Required', 'Must be a string'] } });
    const error = await failure();
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.details).toEqual({ name: 'Too long', value: 'Required; Must be a string' });
    expect(error.apiMessage).toBe('Invalid variable. (name: Too long; value: Required; Must be a string)');
  });

  it('falls back to error_description, title, error, then the status', async () => {
    answer(400, { error: 'invalid_request', error_description: 'Bad things' });
    expect(await failure()).toMatchObject({ apiMessage: 'Bad things', errorCode: 'invalid_request' });
    answer(404, { title: 'Not Found' });
    expect((await failure()).apiMessage).toBe('Not Found');
    answer(418, { error: 'teapot' });
    const teapot = await failure();
    expect(teapot.constructor).toBe(OvhApiError);
    expect(teapot.apiMessage).toBe('teapot');
    server.use(
      http.get(
        `${API}/projects/:p/variables`,
        () => new HttpResponse('<html>proxy</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    expect((await failure()).apiMessage).toBe('non-JSON error page (HTTP 502)');
    server.use(http.get(`${API}/projects/:p/variables`, () => new HttpResponse(null, { status: 500 })));
    expect((await failure()).apiMessage).toBe('HTTP 500 with no error message');
  });

  it('an API message about the API token becomes an AuthenticationError with the token hint', async () => {
    answer(403, { message: 'Your API token has been revoked' });
    const error = await failure();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/Create a new API token/);
  });

  it('scrubs tokens the API echoes back from messages and logs', async () => {
    const debug: string[] = [];
    const paas = client({ logger: { warn: (m) => debug.push(m), debug: (m) => debug.push(m) }, retry: { baseDelay: 1, limit: 1 } });
    await listProject(paas);
    const access = issuedTokens()[0] as string;
    answer(400, { message: `token ${access} and api token ${apiToken} are odd`, detail: `again ${access}` });
    const error = (await listProject(paas).catch((e: unknown) => e)) as OvhApiError;
    sim.failNext({ status: 503, path: '/projects/*' });
    server.resetHandlers();
    await listProject(paas);
    for (const text of [error.message, error.apiMessage, inspect(error), JSON.stringify(error), ...debug]) {
      expect(text).not.toContain(access);
      expect(text).not.toContain(apiToken);
    }
    expect(error.apiMessage).toBe('token [redacted] and api token [redacted] are odd (again [redacted])');
    expect(debug.some((line) => /retry 1 of GET/.test(line))).toBe(true);
  });
});
