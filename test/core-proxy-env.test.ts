// The default fetch follows the client's `env` option, like every other setting: proxy variables there hand the
// requests to the global fetch (and whatever dispatcher the application set on it).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OvhClient } from '../src/client.js';
import { defaultFetch, nodeFetch } from '../src/core/node-fetch.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('proxy variables are read from the env option', () => {
  it('defaultFetch(env) decides on the env it is given, not on process.env', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://proxy.example:3128');
    expect(defaultFetch({})).toBe(nodeFetch);
    vi.unstubAllEnvs();
    expect(defaultFetch({ HTTPS_PROXY: 'http://proxy.example:3128' })).not.toBe(nodeFetch);
    expect(defaultFetch({ https_proxy: 'http://proxy.example:3128' })).not.toBe(nodeFetch);
  });

  it('a client built with env: { HTTPS_PROXY } sends through the global fetch', async () => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return Response.json(1_700_000_000);
    });
    const ovh = new OvhClient({
      endpoint: 'ovh-eu',
      applicationKey: 'appKeyProxyTest',
      applicationSecret: 'appSecretProxyTest',
      configFile: false,
      env: { HTTPS_PROXY: 'http://proxy.example:3128' },
    });
    expect(await ovh.auth.time()).toBe(1_700_000_000);
    expect(seen).toEqual(['https://eu.api.ovh.com/1.0/auth/time']);
  });
});
