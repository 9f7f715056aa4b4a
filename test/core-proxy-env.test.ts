// Proxies: Node's fetch uses HTTPS_PROXY only when NODE_USE_ENV_PROXY=1 (or --use-env-proxy) turns that on. When a
// proxy is set in the client's env but the platform ignores it, a failed connection says how to turn it on.
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NetworkError, OvhClient } from '../src/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A port on loopback nobody listens on (one just freed): the connection is refused at once. */
let CLOSED = '';
let ORIGIN = '';
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  ORIGIN = `http://127.0.0.1:${port}`;
  CLOSED = `${ORIGIN}/1.0`;
});

function client(env: Record<string, string>): OvhClient {
  return new OvhClient({
    baseUrl: CLOSED,
    applicationKey: 'appKeyProxyTest',
    applicationSecret: 'appSecretProxyTest',
    configFile: false,
    env,
    retry: false,
  });
}

describe('a proxy the platform does not use', () => {
  it('a NetworkError names HTTPS_PROXY and how to turn Node proxy support on', async () => {
    vi.stubEnv('NODE_USE_ENV_PROXY', '');
    const error = await client({ HTTPS_PROXY: 'http://proxy.example:3128' })
      .auth.time()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toContain('HTTPS_PROXY is set');
    expect((error as NetworkError).message).toContain('NODE_USE_ENV_PROXY=1');
    expect((error as NetworkError).message).toContain('EnvHttpProxyAgent');
  });

  it('says nothing of proxies when none is set, or when NODE_USE_ENV_PROXY is on', async () => {
    vi.stubEnv('NODE_USE_ENV_PROXY', '');
    const plain = await client({})
      .auth.time()
      .catch((e: unknown) => e);
    expect((plain as NetworkError).message).not.toContain('PROXY');
    vi.stubEnv('NODE_USE_ENV_PROXY', '1');
    const on = await client({ HTTPS_PROXY: 'http://proxy.example:3128' })
      .auth.time()
      .catch((e: unknown) => e);
    expect(on).toBeInstanceOf(NetworkError);
    expect((on as NetworkError).message).not.toContain('HTTPS_PROXY is set');
  });

  it('a NetworkError names the origin and the system code, and says "tried" only when it retried', async () => {
    const once = (await client({})
      .auth.time()
      .catch((e: unknown) => e)) as NetworkError;
    expect(once.origin).toBe(ORIGIN);
    expect(once.code).toBe('ECONNREFUSED');
    expect(once.message).toContain(ORIGIN);
    expect(once.message).not.toMatch(/tried|retried/);
    const retried = new OvhClient({
      baseUrl: CLOSED,
      applicationKey: 'k',
      applicationSecret: 's',
      configFile: false,
      env: {},
      retry: { limit: 1, baseDelay: 0 },
    });
    const error = (await retried.auth.time().catch((e: unknown) => e)) as NetworkError;
    expect(error.message).toContain('tried 2 times');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'NetworkError',
      code: 'ECONNREFUSED',
      origin: ORIGIN,
      method: 'GET',
      path: '/auth/time',
    });
  });
});
