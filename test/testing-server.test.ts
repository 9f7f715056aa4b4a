import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dropConnection, isLoopbackHost, OvhSimulator, serve } from '../src/testing/index.js';
import { manualClock, type ManualClock } from './helpers/clock.js';

interface Keys {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

/** Independent signer (not src/core), signing with the simulator's clock (what `GET /auth/time` tells a client). */
function signedInit(sim: OvhSimulator, keys: Keys, method: string, url: string, body = ''): RequestInit {
  const timestamp = String(sim.serverTime());
  const payload = [keys.applicationSecret, keys.consumerKey, method, url, body, timestamp].join('+');
  return {
    method,
    headers: {
      'X-Ovh-Application': keys.applicationKey,
      'X-Ovh-Consumer': keys.consumerKey,
      'X-Ovh-Timestamp': timestamp,
      'X-Ovh-Signature': `$1$${createHash('sha1').update(payload, 'utf8').digest('hex')}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body } : {}),
  };
}

describe('OvhSimulator.listen (loopback HTTP)', () => {
  let sim: OvhSimulator;
  let base: string;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = manualClock();
    sim = new OvhSimulator({ now: clock });
    base = await sim.listen();
  });
  afterEach(() => sim.close());

  it('returns the v1 base URL on 127.0.0.1 and serves /auth/time', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/1\.0$/);
    expect(sim.origin).toBe(base.slice(0, -'/1.0'.length));
    const res = await fetch(`${base}/auth/time`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-ovh-queryid')).toMatch(/^EU\.ext-3\./);
    expect(await res.json()).toBe(clock() / 1000);
  });

  it('verifies signatures over the URL the client addressed, query string included', async () => {
    const url = `${base}/me?fields=a,b&q=%C3%A9`;
    const ok = await fetch(url, signedInit(sim, sim.defaults, 'GET', url));
    expect(ok.status).toBe(200);
    expect((await ok.json()).nichandle).toBe('xx1111-ovh');
    expect(sim.requests.at(-1)?.url).toBe(url);
    const bad = await fetch(url, signedInit(sim, sim.defaults, 'GET', `${base}/me`));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errorCode).toBe('INVALID_SIGNATURE');
  });

  it('receives a non-ASCII body byte for byte', async () => {
    const { consumerKey } = sim.createCredential({ rules: [] });
    const body = '{"note":"é ☕ 🚀"}';
    const res = await fetch(`${base}/auth/logout`, signedInit(sim, { ...sim.defaults, consumerKey }, 'POST', `${base}/auth/logout`, body));
    expect(res.status).toBe(200);
    expect(sim.requests.at(-1)?.body).toBe(body);
  });

  it('checks allowedIPs against the socket address', async () => {
    const local = sim.createCredential({ rules: [{ method: 'GET', path: '/*' }], allowedIPs: ['127.0.0.0/8'] });
    const remote = sim.createCredential({ rules: [{ method: 'GET', path: '/*' }], allowedIPs: ['10.0.0.0/8'] });
    const url = `${base}/me`;
    expect((await fetch(url, signedInit(sim, { ...sim.defaults, consumerKey: local.consumerKey }, 'GET', url))).status).toBe(200);
    const denied = await fetch(url, signedInit(sim, { ...sim.defaults, consumerKey: remote.consumerKey }, 'GET', url));
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ errorCode: 'NOT_GRANTED_CALL', message: 'This call has not been granted' });
  });

  it('sends failNext responses verbatim', async () => {
    sim.failNext({ status: 502, body: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } });
    const res = await fetch(`${base}/auth/time`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html><body>Bad gateway</body></html>');
  });

  it('drops the connection: fetch rejects, the next call works', async () => {
    sim.dropNext({ path: '/auth/time' });
    await expect(fetch(`${base}/auth/time`)).rejects.toThrow('fetch failed');
    expect((await fetch(`${base}/auth/time`)).status).toBe(200);
  });

  it('applies latency over HTTP', async () => {
    sim.setLatency(120);
    const started = performance.now();
    await fetch(`${base}/auth/time`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('refuses a second listen()', async () => {
    await expect(sim.listen()).rejects.toThrow(/already listening/);
  });
});

describe('serve()', () => {
  it('closes quickly even with idle keep-alive sockets, then refuses connections', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const base = await sim.listen();
    const agent = new Agent({ keepAlive: true });
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        httpRequest(`${base}/auth/time`, { agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
    }
    await fetch(`${base}/auth/time`).then((res) => res.text());
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(500);
    await expect(fetch(`${base}/auth/time`)).rejects.toThrow(TypeError);
    agent.destroy();
    await sim.close(); // idempotent
  });

  it('lets an in-flight keep-alive request finish, then closes its socket', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const base = await sim.listen();
    sim.setLatency(150);
    const agent = new Agent({ keepAlive: true });
    const response = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      httpRequest(`${base}/auth/time`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      })
        .on('error', reject)
        .end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await response).toEqual({ status: 200, connection: 'close' });
    agent.destroy();
  });

  it('streams a generic handler response and passes method, headers, body and client IP', async () => {
    const seen: { method: string; url: string; header: string | null; body: string; ip: string }[] = [];
    const server = await serve(async (request, context) => {
      seen.push({
        method: request.method,
        url: request.url,
        header: request.headers.get('x-test'),
        body: await request.text(),
        ip: context.clientIp,
      });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('chunk-1;'));
          controller.enqueue(new TextEncoder().encode('chunk-2'));
          controller.close();
        },
      });
      return new Response(stream, {
        status: 207,
        headers: [
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ],
      });
    });
    try {
      const res = await fetch(`${server.url}/echo?x=1`, { method: 'PUT', headers: { 'X-Test': 'yes' }, body: 'payload' });
      expect(res.status).toBe(207);
      expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(await res.text()).toBe('chunk-1;chunk-2');
      expect(seen).toEqual([{ method: 'PUT', url: `${server.url}/echo?x=1`, header: 'yes', body: 'payload', ip: '127.0.0.1' }]);
    } finally {
      await server.close();
    }
  });

  it('destroys the socket for dropConnection()', async () => {
    const server = await serve(async () => dropConnection());
    try {
      await expect(fetch(`${server.url}/`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    } finally {
      await server.close();
    }
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1'])('refuses to bind %s', async (host) => {
    await expect(serve(async () => new Response('x'), { host })).rejects.toThrow(/only listens on loopback/);
  });

  it('recognises loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'].map(isLoopbackHost)).toEqual(
      Array(8).fill(true),
    );
    expect(['0.0.0.0', '::', '::2', '1.2.3.4', 'localhost.example.com'].map(isLoopbackHost)).toEqual(Array(5).fill(false));
  });

  it('binds another loopback address such as 127.0.0.2', async () => {
    const server = await serve(async (request) => new Response(new URL(request.url).host), { host: '127.0.0.2' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      expect(await (await fetch(server.url)).text()).toBe(server.url.slice('http://'.length));
    } finally {
      await server.close();
    }
  });
});

let openssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  openssl = false;
}

describe.skipIf(!openssl)('HTTPS', () => {
  let dir: string;
  let key: string;
  let cert: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ovh-sim-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the simulator over TLS with https:// URLs signed as sent', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const base = await sim.listen({ tls: { key, cert } });
    try {
      expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/1\.0$/);
      const url = `${base}/me`;
      const init = signedInit(sim, sim.defaults, 'GET', url);
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpsRequest(url, { ca: cert, headers: init.headers as Record<string, string> }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(200);
      expect(JSON.parse(body).nichandle).toBe('xx1111-ovh');
    } finally {
      await sim.close();
    }
  });
});
