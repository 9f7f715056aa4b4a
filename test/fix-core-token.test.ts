// Token answers as RFC 6749 §5.1 allows them: `expires_in` is only RECOMMENDED (missing: the token is used until
// refused), and golang.org/x/oauth2 reads it as a numeric string too. An answer that is no token answer says so.
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { OvhClient } from '../src/client.js';
import { ResponseValidationError } from '../src/core/errors.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { manualClock } from './helpers/clock.js';
import { ovhError, setupMockApi } from './helpers/msw.js';

const mock = setupMockApi();
const TOKEN_URL = 'https://www.ovh.com/auth/oauth2/token';
const SECRET = 'oauthClientSecret-zzzz9999';
const HOUR = 3600_000;

function serviceAccount(now = manualClock()): OvhClient {
  return new OvhClient({ clientId: 'EU.cid', clientSecret: SECRET, configFile: false, env: {}, now, retry: false });
}

/** The token endpoint answers `body(n)` to its n-th request; GET /me answers 401 when `refuse(token)`. */
function serve(body: (n: number) => unknown, refuse: (token: string) => boolean = () => false) {
  mock.on('POST', TOKEN_URL, ({ attempt }) => HttpResponse.json(body(attempt) as never), { verify: false });
  mock.on(
    'GET',
    '/me',
    ({ record }) =>
      refuse(record.headers.authorization ?? '') ? ovhError(401, { class: 'Client::Unauthorized', message: 'Invalid token' }) : HttpResponse.json({}),
    { verify: false },
  );
}
const tokenCalls = () => mock.to('/auth/oauth2/token').length;
const bearers = () => mock.to('/1.0/me').map((r) => r.headers.authorization);

describe('expires_in', () => {
  it('missing: the token is used (a day later too) until the API refuses it; then one new token and one retry', async () => {
    let revoked = false;
    serve(
      (n) => ({ access_token: `tok-${n}`, token_type: 'Bearer' }),
      (auth) => revoked && auth === 'Bearer tok-1',
    );
    const now = manualClock();
    const ovh = serviceAccount(now);
    await ovh.get('/me');
    now.advance(24 * HOUR);
    await ovh.get('/me');
    expect(tokenCalls()).toBe(1);
    revoked = true;
    await ovh.get('/me');
    expect(tokenCalls()).toBe(2);
    expect(bearers()).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('null is read as missing', async () => {
    serve((n) => ({ access_token: `tok-${n}`, expires_in: null }));
    await serviceAccount().get('/me');
    expect(bearers()).toEqual(['Bearer tok-1']);
  });

  it('a numeric string is a lifetime: "3600" is refreshed before the hour is out, not before', async () => {
    serve((n) => ({ access_token: `tok-${n}`, token_type: 'Bearer', expires_in: '3600' }));
    const now = manualClock();
    const ovh = serviceAccount(now);
    await ovh.get('/me');
    now.advance(HOUR - 61_000);
    await ovh.get('/me');
    expect(tokenCalls()).toBe(1);
    now.advance(2_000);
    await ovh.get('/me');
    expect(bearers()).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('the Web PaaS exchange takes a missing expires_in too', async () => {
    const PAAS_TOKEN_URL = 'https://eu.auth.webpaas.ovhcloud.com/oauth2/token';
    mock.on('POST', PAAS_TOKEN_URL, () => HttpResponse.json({ access_token: 'paas-tok-1', token_type: 'bearer' }), { verify: false });
    mock.on('GET', 'https://eu.api.webpaas.ovhcloud.com/projects/p1/variables', () => HttpResponse.json([]), { verify: false });
    const paas = new WebPaasClient({ apiToken: 'api-token-value-0001', env: {}, retry: false });
    expect(await paas.variables.list({ project: 'p1' })).toEqual([]);
    expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer paas-tok-1');
  });
});

describe('an answer that is no token answer', () => {
  it.each([
    ['expires_in: "soon"', { access_token: 'leaked-token-value-1234', expires_in: 'soon' }, 'expires_in'],
    ['no access_token', { token: 'leaked-token-value-1234', expires_in: 3600 }, 'access_token'],
    ['some other JSON', { page: 'sign-in-form-0001' }, 'access_token'],
  ])('%s: says the token endpoint answered something unexpected and what to check, never the token', async (_, body, field) => {
    serve(() => body);
    const error = await serviceAccount()
      .get('/me')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const { message } = error as Error;
    expect(message).toContain(`The token endpoint ${TOKEN_URL} answered something unexpected: ${field}`);
    expect(message).toMatch(/check that tokenUrl points at the token endpoint/);
    expect(message).not.toMatch(/without a schema/);
    for (const text of ['leaked-token-value-1234', SECRET, 'soon', 'sign-in-form-0001']) expect(message).not.toContain(text);
    expect(JSON.stringify(error)).not.toContain('leaked-token-value-1234');
    expect(mock.to('/1.0/me')).toHaveLength(0);
  });
});

describe('a token endpoint that answers no JSON', () => {
  it('points at tokenUrl, not baseUrl, and shows none of the page', async () => {
    mock.on('POST', TOKEN_URL, () => new HttpResponse('plain text from a proxy sign-in-page-0001', { status: 200 }), { verify: false });
    const error = await serviceAccount()
      .get('/me')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/not JSON.*check tokenUrl\.$/);
    expect((error as Error).message).not.toContain('sign-in-page-0001');
    expect(mock.to('/1.0/me')).toHaveLength(0);
  });
});

describe('a token without a lifetime, refused under concurrent calls', () => {
  it('calls refused after the new token came fetch no other one: one new token, not one per call', async () => {
    // The first refusal is answered at once; the nine others only once the new token was fetched.
    let renewed: () => void = () => {};
    const afterRenewal = new Promise<void>((resolve) => {
      renewed = resolve;
    });
    let revoked = false;
    let refusals = 0;
    mock.on(
      'POST',
      TOKEN_URL,
      ({ attempt }) => {
        if (attempt === 2) setTimeout(renewed, 0);
        return HttpResponse.json({ access_token: `tok-${attempt}`, token_type: 'Bearer' });
      },
      { verify: false },
    );
    mock.on(
      'GET',
      '/me',
      async ({ record }) => {
        if (!revoked || record.headers.authorization !== 'Bearer tok-1') return HttpResponse.json({});
        if (refusals++ > 0) await afterRenewal;
        return ovhError(401, { class: 'Client::Unauthorized', message: 'Invalid token' });
      },
      { verify: false },
    );
    const ovh = serviceAccount();
    await ovh.get('/me');
    revoked = true;
    await Promise.all(Array.from({ length: 10 }, () => ovh.get('/me')));
    expect(tokenCalls()).toBe(2);
  });
});
