// Issue 22, section 1: no SDK request follows a redirect. OVH's and Web PaaS's APIs do not redirect API calls; a
// 3xx is a typed error naming where it pointed, and nothing (a signature, a consumer key, a client secret, a
// sensitive value) reaches that other origin: with the platform's fetch, a user's fetch, over a downgrade to http,
// and through a proxy.
import { Agent, ProxyAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { OvhClient, RedirectError } from '../../src/index.js';
import { WebPaasClient } from '../../src/webpaas/index.js';
import { certificate, elsewhere, forwardProxy, redirecting, rejection } from './servers.js';

const KEYS = { applicationKey: 'AKredirect0123456', applicationSecret: 'ASredirectSecret0123456789', consumerKey: 'CKredirectSecret0123456789' };

/** The error a call rejects with. */
const failure = (call: Promise<unknown>) => rejection(call, RedirectError);

describe('a 307 to another origin is not followed', () => {
  it('a signed GET through the platform fetch: a RedirectError naming the other origin; nothing reaches it', async () => {
    const other = await elsewhere();
    const api = await redirecting(other.url);
    const ovh = new OvhClient({ baseUrl: `${api.url}/1.0`, ...KEYS, configFile: false, env: {} });
    const error = await failure(ovh.credentials.list());
    expect(error).toMatchObject({ status: 307, method: 'GET', path: '/me/api/credential', location: other.url });
    expect(error.message).toContain(`redirect to ${other.url}`);
    expect(error.message).toContain('nothing was sent there');
    expect(other.seen).toEqual([]);
  });

  it("a write through a fetch of the user's (globalThis.fetch given as the option): nothing reaches the other origin", async () => {
    const other = await elsewhere();
    const api = await redirecting(other.url);
    const ovh = new OvhClient({ baseUrl: `${api.url}/1.0`, ...KEYS, configFile: false, env: {}, fetch: globalThis.fetch });
    await failure(ovh.credentials.setAllowedIPs(42, ['203.0.113.0/24']));
    expect(other.seen).toEqual([]);
  });

  it('a same-origin redirect is not followed either, and says so', async () => {
    const api = await redirecting('');
    const ovh = new OvhClient({ baseUrl: `${api.url}/1.0`, ...KEYS, configFile: false, env: {} });
    const error = await failure(ovh.credentials.list());
    expect(error.location).toBe(api.url);
    expect(api.seen.filter((r) => r.url.includes('/me/api/credential'))).toHaveLength(1);
  });

  it('the OAuth2 token request: the client secret never reaches the other origin', async () => {
    const other = await elsewhere();
    const api = await redirecting(other.url);
    const ovh = new OvhClient({
      baseUrl: `${api.url}/1.0`,
      clientId: 'EU.redirect',
      clientSecret: 'clientSecretRedirect0123456789',
      configFile: false,
      env: {},
    });
    const error = await failure(ovh.credentials.list());
    expect(error.path).toBe('/auth/oauth2/token');
    expect(other.seen).toEqual([]);
  });

  it('Web PaaS: neither the API token exchange nor a sensitive value reaches the other origin', async () => {
    const other = await elsewhere();
    const api = await redirecting(other.url);
    const paas = new WebPaasClient({ apiToken: 'wpt_redirectToken0123456789', apiUrl: api.url, tokenUrl: `${api.url}/oauth2/token`, env: {} });
    await failure(paas.variables.list({ project: 'abcdefgh12345' }));
    const withToken = new WebPaasClient({
      accessToken: 'accessTokenRedirect0123456789',
      apiUrl: api.url,
      tokenUrl: `${api.url}/oauth2/token`,
      env: {},
    });
    await failure(withToken.variables.create({ project: 'abcdefgh12345', name: 'env:KEY', value: 'sensitiveValueRedirect0123', sensitive: true }));
    expect(other.seen).toEqual([]);
  });

  it('https to http (a downgrade), with a fetch that trusts the test certificate: nothing is sent in clear', async () => {
    const other = await elsewhere();
    const tls = certificate();
    const api = await redirecting(other.url, tls);
    const dispatcher = new Agent({ connect: { ca: tls.cert } });
    const ovh = new OvhClient({
      baseUrl: `${api.url}/1.0`,
      clientId: 'EU.downgrade',
      clientSecret: 'clientSecretDowngrade0123456789',
      configFile: false,
      env: {},
      fetch: (input, init) => fetch(input, { ...init, dispatcher } as RequestInit),
    });
    await failure(ovh.credentials.list());
    expect(other.seen).toEqual([]);
    await dispatcher.close();
  });

  it('through a forward proxy: the proxy relays the 307 and nothing more; the other origin sees nothing', async () => {
    const other = await elsewhere();
    const api = await redirecting(other.url);
    const proxy = await forwardProxy();
    const dispatcher = new ProxyAgent(proxy.url);
    const ovh = new OvhClient({
      baseUrl: `${api.url}/1.0`,
      ...KEYS,
      configFile: false,
      env: {},
      fetch: (input, init) => fetch(input, { ...init, dispatcher } as RequestInit),
    });
    await failure(ovh.credentials.list());
    expect(proxy.seen.map((r) => new URL(r.url).origin)).not.toContain(other.url);
    expect(other.seen).toEqual([]);
    await dispatcher.close();
  });
});
