/**
 * Serves any Fetch-API handler over HTTP or HTTPS on a loopback address.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { normalizeIp } from './allowed-ips.js';
import { isDroppedConnection } from './http.js';
import { optionKeys, strictOptions } from '../core/options.js';

/** What the server tells the handler about the connection. */
export interface ServeContext {
  /** The socket's remote address (IPv4-mapped IPv6 addresses are given as plain IPv4). */
  clientIp: string;
}

/** A Fetch-API handler; return `dropConnection()` to destroy the socket instead of answering. */
export type FetchHandler = (request: Request, context: ServeContext) => Promise<Response>;

/** TLS material for HTTPS (PEM). */
export interface TlsOptions {
  /** Private key. */
  key: string | Buffer;
  /** Certificate (chain). */
  cert: string | Buffer;
}

/** Options of `serve`. */
export interface ServeOptions {
  /** Port; `0` or omitted picks a free one. */
  port?: number;
  /** Loopback host to bind: `127.0.0.1` (default), any `127.x.y.z`, `::1` or `localhost`. */
  host?: string;
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsOptions;
}
const SERVE_KEYS = optionKeys<ServeOptions>()(['port', 'host', 'tls']);

/** A running server. */
export interface ServedHandler {
  /** Origin, e.g. `http://127.0.0.1:34567`. */
  readonly url: string;
  /** Stops accepting connections, closes idle keep-alive sockets and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Whether `host` is a loopback name or address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const address = normalizeIp(bare);
  if (isIP(address) === 4) return address.split('.')[0] === '127';
  if (isIP(address) === 6) return /^(0{0,4}:){7}0{0,3}1$|^::1$/i.test(address);
  return false;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function toRequest(req: IncomingMessage, body: Buffer, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    if (name.startsWith(':') || HOP_BY_HOP.has(name.toLowerCase())) continue;
    headers.append(name, req.rawHeaders[i + 1] ?? '');
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  // The URL is the one the client addressed (its Host header), so that it matches what the client signed.
  const host = req.headers.host;
  const origin = host && /^[A-Za-z0-9.\-[\]:]+$/.test(host) ? `${new URL(base).protocol}//${host}` : base;
  const target = req.url ?? '/';
  const url = /^https?:\/\//i.test(target) ? target : `${origin}${target.startsWith('/') ? '' : '/'}${target}`;
  return new Request(url, { method, headers, signal, ...(hasBody ? { body: new Uint8Array(body) } : {}) });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function writeResponse(res: ServerResponse, response: Response, method: string, closing: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) headers[name] = value;
  });
  // A server that is closing must not keep the socket alive after this response.
  if (closing) headers['connection'] = 'close';
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (response.body === null || method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  for await (const chunk of response.body) {
    if (res.destroyed) break;
    if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  res.end();
}

/**
 * Serves `handler` on a loopback address and resolves once listening. Refuses non-loopback hosts.
 * @example const { url, close } = await serve((request) => sim.handle(request)); await fetch(`${url}/1.0/auth/time`);
 */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<ServedHandler> {
  strictOptions(options, SERVE_KEYS, 'serve options');
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(`Refusing to bind ${host}: the simulator only listens on loopback (127.0.0.0/8, ::1, localhost)`);
  }
  const protocol = options.tls ? 'https:' : 'http:';
  let closing = false;
  let base = '';

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort(new Error('client disconnected'));
    });
    void (async () => {
      try {
        const body = await readBody(req);
        const request = toRequest(req, body, base, aborter.signal);
        const response = await handler(request, { clientIp: normalizeIp(req.socket.remoteAddress ?? '') });
        if (isDroppedConnection(response)) {
          req.socket.destroy();
          return;
        }
        await writeResponse(res, response, request.method, closing);
      } catch (error) {
        if (aborter.signal.aborted || res.destroyed) return;
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`Handler failed: ${error instanceof Error ? error.message : String(error)}`);
        } else {
          res.destroy(error instanceof Error ? error : undefined);
        }
      }
    })();
  };

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createHttpServer(onRequest);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  base = `${protocol}//${hostForUrl}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url: base,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
