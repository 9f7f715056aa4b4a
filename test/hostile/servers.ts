// Hostile servers on loopback for the tests of test/hostile/: an origin that redirects, one that records what reaches
// it, a forward proxy. Real sockets, so every fetch (the platform's, a user's, one through a proxy) meets them as it
// would in production.
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect } from 'node:net';
import { expect, onTestFinished } from 'vitest';
import { selfSignedCertificate } from '../../src/testing/index.js';

/** Listens on a free port of 127.0.0.1, and closes the server (and its connections) when the test ends. */
async function listenUntilTestEnds(srv: Server): Promise<void> {
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  );
}

/** The error `call` rejects with, checked to be an instance of `type`. */
export async function rejection<E>(call: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** One request as a recording server saw it. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A server on 127.0.0.1 (closed when the test ends) that records every request and answers with `answer`. */
export async function server(
  answer: (request: Seen, response: ServerResponse) => void,
  tls?: { key: string; cert: string },
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      answer(request, res);
    });
  };
  const srv: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await listenUntilTestEnds(srv);
  const { port } = srv.address() as { port: number };
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, seen };
}

/** A server that records what reaches it and answers 200 `{}`: where a redirect points. */
export function elsewhere(): Promise<{ url: string; seen: Seen[] }> {
  return server((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
}

/** An origin that answers `/auth/time` (any prefix) with the time, and every other request with a 307 to `target`. */
export function redirecting(target: string, tls?: { key: string; cert: string }): Promise<{ url: string; seen: Seen[] }> {
  return server((req, res) => {
    if (req.url.endsWith('/auth/time')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(String(Math.floor(Date.now() / 1000)));
      return;
    }
    res.writeHead(307, { location: `${target}${req.url}` }).end();
  }, tls);
}

/** A self-signed certificate for 127.0.0.1. */
export function certificate(): { key: string; cert: string } {
  return selfSignedCertificate({ commonName: '127.0.0.1' });
}

/** A forward proxy as corporate proxies are: absolute-form requests for http:// targets, CONNECT tunnels otherwise. */
export async function forwardProxy(): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    const target = new URL(req.url ?? '');
    const upstream = forward(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  srv.on('connect', (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    seen.push({ method: 'CONNECT', url: `http://${req.url ?? ''}`, headers: req.headers, body: '' });
    const [host = '', port = '80'] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await listenUntilTestEnds(srv);
  return { url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`, seen };
}
