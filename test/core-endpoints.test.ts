import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { OvhClient } from '../src/client.js';
import { ENDPOINT_NAMES, getEndpoint } from '../src/core/endpoints.js';
import { ConfigError, NetworkError } from '../src/core/errors.js';
import { KEYS, makeClient, setupMockApi } from './helpers/msw.js';

const mock = setupMockApi();

// Straight from API-NOTES.md: the v1 base of every endpoint, and the OAuth2 token URLs of the three regions.
const TABLE = [
  ['ovh-eu', 'https://eu.api.ovh.com/1.0', 'https://eu.api.ovh.com/v2', 'https://www.ovh.com/auth/oauth2/token'],
  ['ovh-ca', 'https://ca.api.ovh.com/1.0', 'https://ca.api.ovh.com/v2', 'https://ca.ovh.com/auth/oauth2/token'],
  ['ovh-us', 'https://api.us.ovhcloud.com/1.0', 'https://api.us.ovhcloud.com/v2', 'https://us.ovhcloud.com/auth/oauth2/token'],
  ['kimsufi-eu', 'https://eu.api.kimsufi.com/1.0', 'https://eu.api.kimsufi.com/v2', undefined],
  ['kimsufi-ca', 'https://ca.api.kimsufi.com/1.0', 'https://ca.api.kimsufi.com/v2', undefined],
  ['soyoustart-eu', 'https://eu.api.soyoustart.com/1.0', 'https://eu.api.soyoustart.com/v2', undefined],
  ['soyoustart-ca', 'https://ca.api.soyoustart.com/1.0', 'https://ca.api.soyoustart.com/v2', undefined],
] as const;

describe('endpoint table', () => {
  it('knows exactly the seven endpoints of the official clients', () => {
    expect([...ENDPOINT_NAMES].sort()).toEqual(TABLE.map((row) => row[0]).sort());
    expect(getEndpoint('ovh-mars')).toBeUndefined();
    expect(getEndpoint('toString')).toBeUndefined();
  });

  it.each(TABLE)('%s: v1 %s, v2 %s, token %s', (name, v1, v2, tokenUrl) => {
    expect(getEndpoint(name)).toEqual({ name, v1, v2, tokenUrl });
  });
});

describe('requests go to the right base', () => {
  it.each(TABLE)('%s: a v1 path, a /v2 path and both v1 aliases hit %s', async (name, v1, v2) => {
    mock.on('GET', `${v1}/me`, () => HttpResponse.json('v1 me'));
    mock.on('GET', `${v2}/iam/policy`, () => HttpResponse.json('v2 policy'));
    const ovh = makeClient({ endpoint: name });
    expect(ovh.baseUrl).toBe(v1);
    expect(ovh.v2BaseUrl).toBe(v2);
    expect(await ovh.get('/me')).toBe('v1 me');
    expect(await ovh.get('/v2/iam/policy')).toBe('v2 policy');
    expect(await ovh.get('/v1/me')).toBe('v1 me');
    expect(await ovh.get('/1.0/me')).toBe('v1 me');
    const signed = mock.requests.filter((r) => !r.url.endsWith('/auth/time'));
    expect(signed.map((r) => r.url)).toEqual([`${v1}/me`, `${v2}/iam/policy`, `${v1}/me`, `${v1}/me`]);
    // The /auth/time used for the timestamp went to the same host, v1.
    expect(mock.requests.filter((r) => r.url.endsWith('/auth/time')).map((r) => r.url)).toEqual([`${v1}/auth/time`]);
    // Every attempt is signed over the URL actually sent.
    expect(signed.every((r) => r.signatureValid === true)).toBe(true);
  });

  it.each(TABLE.filter((row) => row[3] !== undefined))("%s: OAuth2 tokens come from the region's token URL", async (name, v1, _v2, tokenUrl) => {
    mock.on('POST', tokenUrl!, () => HttpResponse.json({ access_token: `tok-${name}`, token_type: 'Bearer', expires_in: 3599 }));
    mock.on('GET', `${v1}/me`, () => HttpResponse.json({ nichandle: 'xx1-ovh' }));
    const ovh = new OvhClient({ endpoint: name, clientId: 'cid', clientSecret: 'client-secret-value', configFile: false, env: {} });
    await ovh.get('/me');
    expect(mock.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${tokenUrl}`, `GET ${v1}/me`]);
    expect(mock.requests[1]?.headers.authorization).toBe(`Bearer tok-${name}`);
  });

  it('endpoints without an OAuth2 region refuse client credentials with a ConfigError', () => {
    const make = () => new OvhClient({ endpoint: 'kimsufi-eu', clientId: 'cid', clientSecret: 'client-secret-value', configFile: false, env: {} });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/no OAuth2 token URL.*tokenUrl/);
  });
});

describe('custom baseUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/1.0', 'http://127.0.0.1:8080/1.0', 'http://127.0.0.1:8080/v2'],
    ['http://localhost:8080', 'http://localhost:8080/1.0', 'http://localhost:8080/v2'],
    ['http://[::1]:9000/v1/', 'http://[::1]:9000/v1', 'http://[::1]:9000/v2'],
    ['http://127.4.5.6/1.0', 'http://127.4.5.6/1.0', 'http://127.4.5.6/v2'],
    ['https://proxy.example.com/ovh/1.0', 'https://proxy.example.com/ovh/1.0', 'https://proxy.example.com/ovh/v2'],
  ])('%s is accepted: v1 %s, v2 %s, and requests go there', async (baseUrl, v1, v2) => {
    mock.on('GET', `${v1}/me`, () => HttpResponse.json('v1'));
    mock.on('GET', `${v2}/iam/policy`, () => HttpResponse.json('v2'));
    const ovh = makeClient({ baseUrl });
    expect(ovh.endpoint).toBe('custom');
    expect(await ovh.get('/me')).toBe('v1');
    expect(await ovh.get('/v2/iam/policy')).toBe('v2');
    expect(mock.requests.map((r) => r.url)).toEqual([`${v1}/auth/time`, `${v1}/me`, `${v2}/iam/policy`]);
    expect(mock.requests.slice(1).every((r) => r.signatureValid === true)).toBe(true);
  });

  it.each([
    'http://example.com/1.0',
    'http://eu.api.ovh.com/1.0',
    'http://localhost.example.com/1.0',
    'http://127.0.0.1.nip.io/1.0',
    'http://10.0.0.1:8080/1.0',
    'ftp://127.0.0.1/1.0',
  ])('%s is refused: https is required off loopback', (baseUrl) => {
    let error: unknown;
    try {
      makeClient({ baseUrl });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/must use https/);
    expect((error as Error).message).toMatch(/loopback/);
    expect(mock.seen).toEqual([]);
  });

  it('refuses a baseUrl that is not a URL, or that carries credentials or a query', () => {
    expect(() => makeClient({ baseUrl: 'eu.api.ovh.com/1.0' })).toThrow(ConfigError);
    expect(() => makeClient({ baseUrl: 'https://user:pw@eu.api.ovh.com/1.0' })).toThrow(/credentials, a query string or a fragment/);
    expect(() => makeClient({ baseUrl: 'https://eu.api.ovh.com/1.0?x=1' })).toThrow(ConfigError);
  });

  it('an insecure baseUrl is refused even when the credentials come from the environment', () => {
    const make = () =>
      new OvhClient({
        baseUrl: 'http://api.example.com',
        configFile: false,
        env: { OVH_APPLICATION_KEY: KEYS.applicationKey, OVH_APPLICATION_SECRET: KEYS.applicationSecret },
      });
    expect(make).toThrow(ConfigError);
  });
});

describe('the msw harness itself', () => {
  it('fails a request no handler matches (onUnhandledFrame: "error"), so a wrong URL cannot pass silently', async () => {
    const error = await makeClient({ retry: false })
      .get('/no/handler/here')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(mock.seen.map((r) => r.url)).toContain('https://eu.api.ovh.com/1.0/no/handler/here');
  });
});
