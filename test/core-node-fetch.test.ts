// The transport's default fetch (node:http/node:https with keep-alive agents): fetch semantics the SDK and ky
// rely on, checked against real loopback servers; plus msw interception and the transport on top of it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OvhClient } from '../src/client.js';
import { NetworkError } from '../src/core/errors.js';
import { defaultFetch, nodeFetch } from '../src/core/node-fetch.js';
import { OvhSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

interface TestServer {
  origin: string;
  /** Requests seen, with their body. */
  seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  /** TCP connections accepted. */
  connections: () => number;
  on(path: string, handler: Handler): void;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const handlers = new Map<string, Handler>();
  const seen: TestServer['seen'] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString('utf8') });
      const handler = handlers.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (handler) handler(req, res, body);
      else res.writeHead(404).end();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    connections: () => connections,
    on: (path, handler) => handlers.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
};

describe('nodeFetch', () => {
  let server: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    server = await startServer();
    other = await startServer();
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });
  afterEach(() => {
    server.seen.length = 0;
    other.seen.length = 0;
  });

  it('answers with a Response (a lean one, see lean-response.test.ts): status, status text, headers (repeated ones too), url and body', async () => {
    server.on('/ok', (_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-Ovh-QueryID', 'EU.ext-1.abc');
      res.statusMessage = 'Fine';
      json(res, 201, { hello: 'wörld' });
    });
    const response = await nodeFetch(`${server.origin}/ok?x=1#frag`, { headers: { 'X-Test': 'yes' } });
    expect(Object.prototype.toString.call(response)).toBe('[object Response]');
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('Fine');
    expect(response.url).toBe(`${server.origin}/ok?x=1`);
    expect(response.redirected).toBe(false);
    expect(response.headers.get('x-ovh-queryid')).toBe('EU.ext-1.abc');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ hello: 'wörld' });
    expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/ok?x=1' });
    expect(server.seen[0]?.headers['x-test']).toBe('yes');
  });

  it('sends a text body once, with its exact bytes and Content-Length', async () => {
    server.on('/echo', (_req, res, body) => json(res, 200, { length: body.length }));
    const body = JSON.stringify({ name: 'café ☕', emoji: '🔑' });
    const response = await nodeFetch(new Request(`${server.origin}/echo`, { method: 'PUT', body, headers: { 'Content-Type': 'application/json' } }));
    expect(await response.json()).toEqual({ length: Buffer.byteLength(body) });
    expect(server.seen[0]?.body).toBe(body);
    expect(server.seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(server.seen[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('reads a streamed request body whole and sends it with its Content-Length', async () => {
    server.on('/upload', (_req, res, body) => json(res, 200, { received: body.toString('utf8') }));
    const parts = ['first,', 'second,', 'third'];
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const response = await nodeFetch(`${server.origin}/upload`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(await response.json()).toEqual({ received: 'first,second,third' });
    expect(server.seen[0]?.headers['content-length']).toBe(String('first,second,third'.length));
    expect(server.seen[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('has no body for 204 and for HEAD', async () => {
    server.on('/empty', (req, res) => (req.method === 'HEAD' ? json(res, 200, { a: 1 }) : res.writeHead(204).end()));
    const none = await nodeFetch(`${server.origin}/empty`, { method: 'DELETE' });
    expect(none.status).toBe(204);
    expect(none.body).toBeNull();
    const head = await nodeFetch(`${server.origin}/empty`, { method: 'HEAD' });
    expect(head.body).toBeNull();
    expect(await head.text()).toBe('');
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    server.on('/ka', (_req, res) => json(res, 200, {}));
    const before = server.connections();
    for (let i = 0; i < 5; i++) await (await nodeFetch(`${server.origin}/ka`)).text();
    expect(server.connections() - before).toBeLessThanOrEqual(1);
  });

  it('rejects with the signal reason when aborted before sending, and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop right there'));
    await expect(nodeFetch(`${server.origin}/ok`, { signal: controller.signal })).rejects.toThrow('stop right there');
    expect(server.seen).toHaveLength(0);
  });

  it('rejects with the signal reason when aborted while waiting for the answer', async () => {
    server.on('/hang', () => {});
    const controller = new AbortController();
    const pending = nodeFetch(`${server.origin}/hang`, { signal: controller.signal });
    await vi.waitFor(() => expect(server.seen).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it("fails with TypeError('fetch failed', { cause }) when the connection cannot be made", async () => {
    const closed = await startServer();
    const origin = closed.origin;
    await closed.close();
    const error = await nodeFetch(`${origin}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it("fails with TypeError('fetch failed') when the server drops the connection before answering", async () => {
    server.on('/drop', (req) => req.socket.destroy());
    const error = await nodeFetch(`${server.origin}/drop`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect((error as TypeError).cause).toBeInstanceOf(Error);
  });

  it('decodes a gzip-encoded body', async () => {
    server.on('/gz', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ compressed: true })));
    });
    expect(await (await nodeFetch(`${server.origin}/gz`)).json()).toEqual({ compressed: true });
  });

  describe('the body is read whole before the fetch resolves (the transport relies on it)', () => {
    it('resolves only once the whole body has arrived, with that body', async () => {
      let finish: () => void = () => {};
      server.on('/slow-buffered', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-ovh-queryid': 'EU.q1' });
        res.write('{"first":1,');
        finish = () => res.end('"second":2}');
      });
      let settled = false;
      const pending = nodeFetch(`${server.origin}/slow-buffered`).then((response) => {
        settled = true;
        return response;
      });
      await vi.waitFor(() => expect(server.seen).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(settled).toBe(false);
      finish();
      const response = await pending;
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ovh-queryid')).toBe('EU.q1');
      expect(await response.json()).toEqual({ first: 1, second: 2 });
    });

    it('rejects the fetch itself with the signal reason when aborted while the body is read', async () => {
      server.on('/half-buffered', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
      });
      const controller = new AbortController();
      const pending = nodeFetch(`${server.origin}/half-buffered`, { signal: controller.signal });
      await vi.waitFor(() => expect(server.seen).toHaveLength(1));
      controller.abort(new Error('enough'));
      await expect(pending).rejects.toThrow('enough');
    });

    it("rejects with TypeError('terminated') when the connection drops in the middle of the body", async () => {
      server.on('/cut-buffered', (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"truncated":');
        setTimeout(() => req.socket.destroy(), 10);
      });
      const error = await nodeFetch(`${server.origin}/cut-buffered`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe('terminated');
    });

    it('reads an empty body as an empty string', async () => {
      server.on('/blank', (_req, res) => res.writeHead(200, { 'content-length': '0' }).end());
      const response = await nodeFetch(`${server.origin}/blank`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    });
  });

  describe('redirects', () => {
    it('follows a same-origin redirect, keeping the headers', async () => {
      server.on('/from', (_req, res) => res.writeHead(302, { location: '/to' }).end());
      server.on('/to', (_req, res) => json(res, 200, { arrived: true }));
      const response = await nodeFetch(`${server.origin}/from`, { headers: { 'X-Ovh-Consumer': 'ck-kept' } });
      expect(await response.json()).toEqual({ arrived: true });
      expect(response.redirected).toBe(true);
      expect(response.url).toBe(`${server.origin}/to`);
      expect(server.seen.at(-1)?.headers['x-ovh-consumer']).toBe('ck-kept');
    });

    it('turns a POST into a GET without body on 303', async () => {
      server.on('/post', (_req, res) => res.writeHead(303, { location: '/result' }).end());
      server.on('/result', (req, res) => json(res, 200, { method: req.method }));
      const response = await nodeFetch(`${server.origin}/post`, { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
      expect(await response.json()).toEqual({ method: 'GET' });
      expect(server.seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
      expect(server.seen.at(-1)?.headers['content-type']).toBeUndefined();
    });

    it('re-sends the same method and body on 307', async () => {
      server.on('/put', (_req, res) => res.writeHead(307, { location: '/put2' }).end());
      server.on('/put2', (req, res, body) => json(res, 200, { method: req.method, body: body.toString() }));
      const response = await nodeFetch(`${server.origin}/put`, { method: 'PUT', body: 'same body' });
      expect(await response.json()).toEqual({ method: 'PUT', body: 'same body' });
    });

    it('drops credentials and OVH signing headers when a redirect leaves the origin', async () => {
      server.on('/away', (_req, res) => res.writeHead(302, { location: `${other.origin}/landing` }).end());
      other.on('/landing', (_req, res) => json(res, 200, {}));
      await nodeFetch(`${server.origin}/away`, {
        headers: { Authorization: 'Bearer tkn', 'X-Ovh-Consumer': 'ck', 'X-Ovh-Signature': '$1$x', 'X-Ovh-Application': 'ak' },
      });
      const landed = other.seen.at(-1)?.headers ?? {};
      expect(landed.authorization).toBeUndefined();
      expect(landed['x-ovh-consumer']).toBeUndefined();
      expect(landed['x-ovh-signature']).toBeUndefined();
      expect(landed['x-ovh-application']).toBe('ak');
    });

    it("returns the redirect itself with redirect: 'manual', and fails with redirect: 'error'", async () => {
      server.on('/r', (_req, res) => res.writeHead(301, { location: '/elsewhere' }).end());
      const manual = await nodeFetch(`${server.origin}/r`, { redirect: 'manual' });
      expect(manual.status).toBe(301);
      expect(manual.headers.get('location')).toBe('/elsewhere');
      await expect(nodeFetch(`${server.origin}/r`, { redirect: 'error' })).rejects.toThrow('fetch failed');
    });

    it('gives up after 20 redirects', async () => {
      server.on('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
      await expect(nodeFetch(`${server.origin}/loop`)).rejects.toThrow('fetch failed');
    });
  });
});

describe('defaultFetch', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is nodeFetch on Node', () => {
    expect(defaultFetch()).toBe(nodeFetch);
  });

  it('leaves requests to the global fetch when a proxy is configured in the environment', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://proxy.example:3128');
    expect(defaultFetch()).not.toBe(nodeFetch);
  });
});

describe('nodeFetch under msw', () => {
  const mock = setupServer(http.get('https://eu.api.ovh.com/1.0/auth/time', () => HttpResponse.json(1_700_000_000)));
  beforeAll(() => mock.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => mock.close());

  it('is intercepted by msw node interceptors', async () => {
    const response = await nodeFetch('https://eu.api.ovh.com/1.0/auth/time');
    expect(await response.json()).toBe(1_700_000_000);
  });
});

describe('the transport on nodeFetch', () => {
  let sim: OvhSimulator;
  let base: string;
  beforeAll(async () => {
    sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    base = await sim.listen();
  });
  afterAll(() => sim.close());

  it('sends signed requests the simulator accepts', async () => {
    const ovh = new OvhClient({ baseUrl: base, ...sim.defaults, configFile: false, env: {} });
    const [id] = sim.seedCredentials(1);
    expect((await ovh.credentials.get(id as number)).credentialId).toBe(id);
  });

  it("replaces the client's retry policy with a call's own, list by list (ky alone would append the lists)", async () => {
    const ovh = new OvhClient({ baseUrl: base, ...sim.defaults, configFile: false, env: {}, retry: { baseDelay: 1 } });
    await ovh.timeDelta();
    sim.clearRequests();
    sim.failNext({ method: 'GET', path: '/me', status: 503, times: 2 });
    // 503 is in the client's list but not in the call's: no retry.
    await expect(ovh.get('/me', { retry: { statusCodes: [500], baseDelay: 1 } })).rejects.toMatchObject({ status: 503 });
    expect(sim.requests.filter((r) => r.url.endsWith('/me'))).toHaveLength(1);
    // The client's own policy still retries it.
    await expect(ovh.get('/me')).resolves.toMatchObject({ nichandle: expect.any(String) });
    sim.clearFaults();
  });

  it('sees a dropped connection as a network error: a GET is retried, and a POST fails with NetworkError', async () => {
    const ovh = new OvhClient({ baseUrl: base, ...sim.defaults, configFile: false, env: {}, retry: { baseDelay: 1 } });
    await ovh.timeDelta();
    sim.dropNext({ method: 'GET', path: '/me' });
    await expect(ovh.get('/me')).resolves.toMatchObject({ nichandle: expect.any(String) });
    sim.dropNext({ method: 'POST' });
    await expect(ovh.post('/auth/logout')).rejects.toBeInstanceOf(NetworkError);
  });
});
