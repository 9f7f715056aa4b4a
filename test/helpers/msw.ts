// Shared msw harness for the core tests: records every request the code under test sends, and verifies OVH
// signatures with its own SHA-1 implementation (deliberately not src/core/signature.ts).
import { createHash } from 'node:crypto';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OvhClient, type OvhClientOptions } from '../../src/client.js';

/** The ovh-eu v1 base, where most handlers live. */
export const API = 'https://eu.api.ovh.com/1.0';

/** A full AK/AS/CK triple used by most tests. The secrets are long and unique so leak checks cannot miss them. */
export const KEYS = {
  applicationKey: 'AKtest0123456789',
  applicationSecret: 'ASsecretValue9f8e7d6c5b4a',
  consumerKey: 'CKsecretValue1a2b3c4d5e6f',
} as const;

/** Independent reference signer: '$1$' + hex SHA-1 of AS+CK+METHOD+URL+BODY+TS joined by '+'. */
export function referenceSignature(as: string, ck: string, method: string, url: string, body: string, timestamp: string | number): string {
  return `$1$${createHash('sha1')
    .update([as, ck, method, url, body, String(timestamp)].join('+'), 'utf8')
    .digest('hex')}`;
}

/** One request as the mock API saw it. */
export interface RecordedRequest {
  method: string;
  /** Full URL as received (query string included). */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Exact body text ('' when none). */
  body: string;
  /** true/false when the request carried X-Ovh-Signature (checked against the AS registered for its AK), undefined otherwise. */
  signatureValid: boolean | undefined;
  /** Milliseconds (performance.now) when the handler saw it; immune to a faked Date. */
  at: number;
}

/** Context given to a resolver registered with `on()`. */
export interface ResolverContext {
  request: Request;
  record: RecordedRequest;
  /** 1-based count of requests this handler has seen (1 = first attempt). */
  attempt: number;
  url: URL;
}

export type Resolver = (ctx: ResolverContext) => Response | Promise<Response>;

/** True when `record`'s X-Ovh-Signature is valid for the given application secret, over its own timestamp. */
export function verifyRecord(record: RecordedRequest, applicationSecret: string): boolean {
  const ck = record.headers['x-ovh-consumer'];
  const ts = record.headers['x-ovh-timestamp'];
  const sig = record.headers['x-ovh-signature'];
  if (ck === undefined || ts === undefined || sig === undefined) return false;
  return sig === referenceSignature(applicationSecret, ck, record.method, record.url, record.body, ts);
}

/** An OVH-shaped error response. */
export function ovhError(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body, { status, headers });
}

export interface MockApi {
  server: SetupServer;
  /** Every request that reached a handler registered through this harness (including /auth/time). */
  requests: RecordedRequest[];
  /** Every request msw saw at all (handled or not): proves "nothing was sent". */
  seen: Array<{ method: string; url: string }>;
  /** Requests to a path (pathname only, e.g. '/1.0/me'), optionally one method. */
  to(pathname: string, method?: string): RecordedRequest[];
  /** Registers a recording, signature-checking handler. `url` is absolute or relative to API. */
  on(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, resolver: Resolver, options?: { verify?: boolean }): void;
  /** Seconds added to the real (or faked) clock by the default GET * /auth/time handler. */
  serverOffset: number;
  /** application key → application secret, used to verify signatures. */
  secrets: Map<string, string>;
}

/**
 * Starts an msw server for the current test file (onUnhandledFrame: 'error', msw 3's name for onUnhandledRequest), with a default `GET * /auth/time`
 * handler answering `floor(Date.now()/1000) + serverOffset`. Handlers added with `on()` are reset after each test.
 */
export function setupMockApi(): MockApi {
  const requests: RecordedRequest[] = [];
  const seen: Array<{ method: string; url: string }> = [];
  const api: MockApi = {
    server: undefined as unknown as SetupServer,
    requests,
    seen,
    serverOffset: 0,
    secrets: new Map([[KEYS.applicationKey, KEYS.applicationSecret]]),
    to: (pathname, method) => requests.filter((r) => new URL(r.url).pathname === pathname && (!method || r.method === method)),
    on: (method, url, resolver, options) => {
      api.server.use(recorded(method, url, resolver, options?.verify ?? true));
    },
  };

  const record = async (request: Request): Promise<RecordedRequest> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = await request.text();
    const rec: RecordedRequest = { method: request.method, url: request.url, headers, body, signatureValid: undefined, at: performance.now() };
    if (headers['x-ovh-signature'] !== undefined) {
      const as = api.secrets.get(headers['x-ovh-application'] ?? '');
      rec.signatureValid = as !== undefined && verifyRecord(rec, as);
    }
    requests.push(rec);
    return rec;
  };

  const recorded = (method: string, url: string, resolver: Resolver, verify: boolean): HttpHandler => {
    let count = 0;
    const full = /^[a-z]+:\/\//i.test(url) || url.startsWith('*') ? url : `${API}${url}`;
    const factory = http[method.toLowerCase() as 'get'];
    return factory(full, async ({ request }) => {
      const rec = await record(request);
      count += 1;
      if (verify && rec.signatureValid === false) {
        return ovhError(400, { class: 'Client::BadRequest', errorCode: 'INVALID_SIGNATURE', message: 'Invalid signature' });
      }
      return resolver({ request, record: rec, attempt: count, url: new URL(request.url) });
    });
  };

  const defaults = [recorded('GET', '*/auth/time', () => HttpResponse.json(Math.floor(Date.now() / 1000) + api.serverOffset), false)];
  api.server = setupServer(...defaults);
  api.server.events.on('request:start', ({ request }) => {
    seen.push({ method: request.method, url: request.url });
  });

  beforeAll(() => api.server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    api.server.resetHandlers(...defaults);
    requests.length = 0;
    seen.length = 0;
    api.serverOffset = 0;
    api.secrets = new Map([[KEYS.applicationKey, KEYS.applicationSecret]]);
  });
  afterAll(() => api.server.close());
  return api;
}

/** A signed ovh-eu client with KEYS, no env, no ovh.conf, and near-zero retry backoff (tests stay fast). */
export function makeClient(overrides: OvhClientOptions = {}): OvhClient {
  return new OvhClient({
    endpoint: 'ovh-eu',
    ...KEYS,
    configFile: false,
    env: {},
    retry: { baseDelay: 1 },
    ...overrides,
  });
}

/** Resolves after `ms` real milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
