// A fetch for Node built on node:http / node:https with keep-alive agents: the transport's default.
// Node's global fetch (undici) costs ~1.45x a plain https request for small JSON calls on loopback; this one keeps
// about half of that gap (docs/performance.md has the figures). It resolves once the whole body has arrived (the
// transport reads every body inside the attempt anyway, so that timeouts, aborts and retries cover it), with a lean
// Response over that one buffer (core/lean-response): no Headers object, no web stream per call. Semantics are kept
// where the SDK and ky rely on them: AbortSignal honoured until the body's end, redirects followed, and
// `TypeError('fetch failed', { cause })` (or 'terminated' once the headers came) on socket errors so ky and the
// transport see a network error. `sendAttempt` is the transport's entry: it sends headers it has already decided
// (signed ones included) without setting them on the Request first.
import type { Agent as HttpAgent, ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { LeanHeaders, LeanResponse, rawHeader } from './lean-response.js';

type HttpModule = typeof import('node:http');
type HttpsModule = typeof import('node:https');
type ZlibModule = typeof import('node:zlib');

interface Runtime {
  http: HttpModule;
  https: HttpsModule;
  agents: { 'http:': HttpAgent; 'https:': HttpsAgent };
}

let runtime: Runtime | null | undefined;

// Loaded on the first request, not at import: scripts that never send anything do not pay for http/tls, and we
// get the modules' own export objects (what msw and other interceptors patch), not frozen ESM bindings.
function loadRuntime(): Runtime | null {
  if (runtime !== undefined) return runtime;
  const load = typeof process === 'object' ? process.getBuiltinModule : undefined;
  if (typeof load !== 'function') {
    runtime = null;
    return runtime;
  }
  const http = load('node:http');
  const https = load('node:https');
  runtime = {
    http,
    https,
    agents: { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) },
  };
  return runtime;
}

const PROXY_ENV = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([204, 205, 304]);
// Dropped when a redirect leaves the origin: the fetch standard's list, plus OVH's signing headers (the consumer
// key is a secret, and a signature only ever covers the URL it was made for).
const CROSS_ORIGIN_DROPPED = /^(authorization|cookie|proxy-authorization|x-ovh-consumer|x-ovh-signature|x-ovh-timestamp)$/;
const MAX_REDIRECTS = 20;

/**
 * The default fetch of the transport: `nodeFetch` when running on Node without proxy variables, otherwise the
 * global fetch (which is also what a `fetch` client option replaces). The variables are read from `env`: the
 * client's `env` option when given, as for every other setting.
 */
export function defaultFetch(env: Readonly<Record<string, string | undefined>> | undefined = globalThis.process?.env): typeof globalThis.fetch {
  const node = typeof process === 'object' && typeof process.getBuiltinModule === 'function';
  if (!node || PROXY_ENV.some((name) => env?.[name])) return (input, init) => globalThis.fetch(input, init);
  return nodeFetch;
}

/**
 * `fetch` over node:http / node:https with keep-alive agents, resolving once the whole body has arrived, with a
 * lean Response (see core/lean-response). Non-HTTP(S) URLs go to the global fetch.
 * @example const response = await nodeFetch('http://127.0.0.1:8080/1.0/auth/time');
 */
export const nodeFetch: typeof globalThis.fetch = async (input, init) => {
  const request = input instanceof Request && (init === undefined || isEmpty(init)) ? input : new Request(input, init);
  const rt = loadRuntime();
  const url = new URL(request.url);
  if (rt === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return bufferResponse(await globalThis.fetch(request));
  }
  const { signal } = request;
  signal.throwIfAborted();

  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const method = request.method;
  const body = await readRequestBody(request, headers);
  signal.throwIfAborted();
  return send(rt, url, method, headers, body, request, 0);
};

let encoder: TextEncoder | undefined;

/**
 * Sends one attempt whose URL, method, headers and body the caller has decided (the transport: signed headers
 * included), as `nodeFetch` would send a Request carrying them; the Request only lends its signal and redirect
 * mode, and its own headers and body are not read. Header names must be lower case.
 * Off Node, or for a URL that is not HTTP(S), the global fetch sends a Request made of them.
 */
export async function sendAttempt(
  request: Request,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  const rt = loadRuntime();
  if (rt === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const init: RequestInit = { method, headers, signal: request.signal, redirect: request.redirect };
    if (body !== undefined) init.body = body;
    return bufferResponse(await globalThis.fetch(url, init));
  }
  request.signal.throwIfAborted();
  let data: Uint8Array | undefined;
  if (body !== undefined) {
    encoder ??= new TextEncoder();
    data = encoder.encode(body);
    headers['content-length'] = String(data.byteLength);
    if (data.byteLength === 0) data = undefined;
  }
  return send(rt, url, method, headers, data, request, 0);
}

/**
 * A Response whose body has been read whole (so that reading it can no longer stall or fail), as a lean Response
 * with the same status, headers and URL; one without a body as is.
 */
export async function bufferResponse(response: Response): Promise<Response> {
  if (response.body === null) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  return new LeanResponse(body, response.status, response.statusText, response.headers, response.url, response.redirected, response.type);
}

/**
 * The body to send, read whole with its length: the transport's bodies are JSON or form text, so one buffer
 * (sent with its Content-Length, and re-sent as is on a 307/308) is all this fetch needs to handle.
 */
async function readRequestBody(request: Request, headers: Record<string, string>): Promise<Uint8Array | undefined> {
  if (request.body === null) return undefined;
  const data = new Uint8Array(await request.arrayBuffer());
  headers['content-length'] = String(data.byteLength);
  return data.byteLength > 0 ? data : undefined;
}

function send(
  rt: Runtime,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
  request: Request,
  redirects: number,
): Promise<Response> {
  const { signal } = request;
  return new Promise<Response>((resolve, reject) => {
    const protocol = url.protocol as 'http:' | 'https:';
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let req: ClientRequest;
    let res: IncomingMessage | undefined;
    let settled = false;

    const cleanup = (): void => signal.removeEventListener('abort', onAbort);
    const fail = (error: unknown): void => {
      cleanup();
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    function onAbort(): void {
      fail(signal.reason);
      req.destroy();
      res?.destroy();
    }

    try {
      req = (protocol === 'https:' ? rt.https : rt.http).request({
        protocol,
        hostname,
        port: url.port || undefined,
        path: url.pathname + url.search,
        method,
        headers: headers as OutgoingHttpHeaders,
        agent: rt.agents[protocol],
      });
    } catch (error) {
      reject(new TypeError('fetch failed', { cause: error }));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });

    req.on('error', (error) => {
      if (signal.aborted) return;
      // Once the headers are in, a socket error cuts the body: fetch calls that 'terminated'.
      fail(new TypeError(res ? 'terminated' : 'fetch failed', { cause: error }));
    });

    req.on('response', (incoming) => {
      res = incoming;
      const status = incoming.statusCode ?? 0;
      const raw = incoming.rawHeaders;
      // Read from the raw list (IncomingMessage.headers would parse them all a second time).
      const location = REDIRECTS.has(status) ? rawHeader(raw, 'location', true) : null;
      if (location !== null && request.redirect !== 'manual') {
        incoming.resume();
        cleanup();
        settled = true;
        if (request.redirect === 'error') {
          reject(new TypeError('fetch failed', { cause: new Error(`unexpected redirect (${status}) to ${location}`) }));
          return;
        }
        follow(rt, url, method, headers, body, request, redirects, status, location).then(resolve, reject);
        return;
      }

      const nullBody = method === 'HEAD' || NULL_BODY.has(status);
      const respond = (content: Uint8Array | null): void => {
        const href = url.hash === '' ? url.href : url.href.slice(0, -url.hash.length);
        settled = true;
        resolve(new LeanResponse(content, status, incoming.statusMessage ?? '', new LeanHeaders(raw), href, redirects > 0));
      };
      if (nullBody) {
        incoming.resume();
        incoming.once('end', cleanup);
        respond(null);
        return;
      }
      // Settles on 'end': an abort, a timeout or a cut connection until then rejects the fetch itself.
      const source = decode(incoming, rawHeader(raw, 'content-encoding') ?? undefined);
      const chunks: Buffer[] = [];
      source.on('data', (chunk: Buffer) => chunks.push(chunk));
      source.once('end', () => {
        cleanup();
        respond(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
      });
      source.once('error', (error) => fail(new TypeError('terminated', { cause: error })));
      // A connection closed before the end of the body, with no error event on this Node version.
      source.once('close', () => {
        if (!settled) fail(new TypeError('terminated', { cause: new Error('other side closed') }));
      });
    });

    req.end(body);
  });
}

function follow(
  rt: Runtime,
  from: URL,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
  request: Request,
  redirects: number,
  status: number,
  location: string,
): Promise<Response> {
  if (redirects >= MAX_REDIRECTS) return Promise.reject(new TypeError('fetch failed', { cause: new Error('redirect count exceeded') }));
  let next: URL;
  try {
    next = new URL(location, from);
  } catch (error) {
    return Promise.reject(new TypeError('fetch failed', { cause: error }));
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return Promise.reject(new TypeError('fetch failed', { cause: new Error(`redirect to unsupported protocol ${next.protocol}`) }));
  }
  const nextHeaders = { ...headers };
  let nextMethod = method;
  let nextBody = body;
  if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    nextMethod = 'GET';
    nextBody = undefined;
    for (const name of ['content-length', 'content-type', 'content-encoding', 'content-language', 'content-location']) delete nextHeaders[name];
  }
  if (next.origin !== from.origin) {
    for (const name of Object.keys(nextHeaders)) if (CROSS_ORIGIN_DROPPED.test(name)) delete nextHeaders[name];
  }
  return send(rt, next, nextMethod, nextHeaders, nextBody, request, redirects + 1);
}

let zlib: ZlibModule | undefined;

/** Undoes a single Content-Encoding (gzip, deflate, br) as fetch does; anything else is passed through. */
function decode(incoming: IncomingMessage, encoding: string | undefined): Readable {
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return incoming;
  zlib ??= process.getBuiltinModule('node:zlib');
  const flush = zlib.constants.Z_SYNC_FLUSH;
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? zlib.createGunzip({ flush, finishFlush: flush })
      : coding === 'deflate'
        ? zlib.createInflate({ flush, finishFlush: flush })
        : coding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (decoder === undefined) return incoming;
  incoming.on('error', (error) => decoder.destroy(error));
  return incoming.pipe(decoder);
}

function isEmpty(init: object): boolean {
  for (const key in init) if ((init as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}
