/**
 * Small Fetch-API helpers: JSON and error responses, the `X-Ovh-QueryID` header, and path patterns with
 * `{param}` placeholders. Nothing here knows about OVH state.
 */
import { randomBytes } from 'node:crypto';
import { errorBody, type OvhErrorSpec } from './errors.js';
import { untilAborted } from '../core/poll.js';

/** The content type of every JSON response. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The response header carrying OVH's request id. */
export const QUERY_ID_HEADER = 'X-Ovh-QueryID';

/** A JSON response, e.g. `jsonResponse({ ok: true }, { status: 201 })`. `undefined` is sent as `null`. */
export function jsonResponse(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', JSON_CONTENT_TYPE);
  return new Response(JSON.stringify(body ?? null), { status: init.status ?? 200, headers });
}

/** A 200 with an empty body: what OVH answers to PUT and DELETE calls that return nothing. */
export function emptyResponse(): Response {
  return new Response(null, { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE } });
}

/** An OVH error response built from one of the specs in `OVH_ERRORS` (or `badRequest(...)`). */
export function errorResponse(spec: OvhErrorSpec, init: { headers?: HeadersInit } = {}): Response {
  return jsonResponse(errorBody(spec), { status: spec.status, ...init });
}

/**
 * A response that makes the transport drop the connection: the loopback server destroys the socket, the
 * simulator's `fetch` rejects with `TypeError('fetch failed')`, and msw (which treats `Response.error()` as a
 * network error) makes the caller's fetch reject too.
 */
export function dropConnection(): Response {
  return Response.error();
}

/** Whether a response asks the transport to drop the connection (see `dropConnection`). */
export function isDroppedConnection(response: Response): boolean {
  return response.type === 'error';
}

/**
 * Makes `X-Ovh-QueryID` values like `EU.ext-3.6543a1b2.1234.42`: a per-source random part, then a counter.
 * @example const nextId = createQueryIdSource(); nextId(); // 'EU.ext-3.6543a1b2.1234.1'
 */
export function createQueryIdSource(region = 'EU'): () => string {
  const instance = randomBytes(4).toString('hex');
  const worker = 1000 + (randomBytes(2).readUInt16BE(0) % 9000);
  let counter = 0;
  return () => `${region}.ext-3.${instance}.${worker}.${++counter}`;
}

/** Returns the response with `X-Ovh-QueryID` set (a copy when its headers are immutable). Drops pass through. */
export function withQueryId(response: Response, queryId: string): Response {
  if (isDroppedConnection(response)) return response;
  try {
    response.headers.set(QUERY_ID_HEADER, queryId);
    return response;
  } catch {
    // Headers of a Response obtained from fetch() are immutable: rebuild it.
    const headers = new Headers(response.headers);
    headers.set(QUERY_ID_HEADER, queryId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** A compiled path pattern such as `/me/api/credential/{credentialId}`. */
export interface PathPattern {
  /** The source pattern. */
  readonly pattern: string;
  /** The decoded parameters when `path` matches, else `null`. Placeholders match one non-empty segment. */
  match(path: string): Record<string, string> | null;
}

/**
 * Compiles a path pattern; `{name}` matches one segment, everything else matches literally.
 * @example compilePath('/me/api/credential/{id}').match('/me/api/credential/7') // { id: '7' }
 */
export function compilePath(pattern: string): PathPattern {
  const names: string[] = [];
  const source = pattern
    .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
    .map((piece) => {
      const name = /^\{(.+)\}$/.exec(piece)?.[1];
      if (name !== undefined) {
        names.push(name);
        return '([^/]+)';
      }
      return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const regex = new RegExp(`^${source}$`);
  return {
    pattern,
    match(path) {
      const found = regex.exec(path);
      if (found === null) return null;
      const params: Record<string, string> = {};
      for (const [index, name] of names.entries()) {
        try {
          params[name] = decodeURIComponent(found[index + 1] ?? '');
        } catch {
          return null; // malformed percent-encoding: not a match, so a 404
        }
      }
      return params;
    },
  };
}

/** A route a `Router` can dispatch to. */
export interface RouteLike {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path pattern (see `compilePath`). */
  readonly path: string;
}

/** Finds the route for a method and path; routes are tried in the order given. */
export class Router<R extends RouteLike> {
  readonly #routes: { route: R; pattern: PathPattern }[];

  /** Compiles the routes once. */
  constructor(routes: readonly R[]) {
    this.#routes = routes.map((route) => ({ route, pattern: compilePath(route.path) }));
  }

  /** The first route whose method and pattern match (and that `accept` allows), with its parameters. */
  find(method: string, path: string, accept: (route: R) => boolean = () => true): { route: R; params: Record<string, string> } | null {
    for (const { route, pattern } of this.#routes) {
      if (route.method !== method || !accept(route)) continue;
      const params = pattern.match(path);
      if (params !== null) return { route, params };
    }
    return null;
  }
}

/** Reads a request body as exact text ('' when none). */
export async function readBodyText(request: Request): Promise<string> {
  if (request.body === null) return '';
  // Decode without stripping a BOM: the signature covers the exact text sent.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await request.arrayBuffer());
}

/**
 * A `fetch` backed by a simulator's `handle()` (no network). A dropped connection rejects with
 * `TypeError('fetch failed')` like Node's fetch; an aborted signal rejects with its reason.
 */
export function fetchFromHandler(handle: (request: Request) => Promise<Response>, name: string): typeof fetch {
  return async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const request = new Request(input, init);
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const response = await untilAborted(handle(request), signal);
    if (isDroppedConnection(response)) {
      throw new TypeError('fetch failed', { cause: new Error(`other side closed (dropped by ${name})`) });
    }
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  };
}
