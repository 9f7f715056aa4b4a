// Harness for the resource tests: an msw 3 server that records every request, checks OVH signatures with its own
// SHA-1 (not src/core/signature.ts), and fails on any request no handler expects; plus simulator-backed clients.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { OvhClient, type OvhClientOptions } from '../../src/index.js';
import { OvhSimulator, type OvhSimulatorOptions } from '../../src/testing/index.js';
import { manualClock, type ManualClock } from './clock.js';

/** The ovh-eu v1 base. */
export const API = 'https://eu.api.ovh.com/1.0';

/** Keys of the msw-backed client; long and unique so leak checks cannot miss them. */
export const KEYS = {
  applicationKey: 'AKres0123456789a',
  applicationSecret: 'ASresSecret7f6e5d4c3b2a1',
  consumerKey: 'CKresSecret1a2b3c4d5e6f7',
} as const;

/**
 * How far the mock API's clock is ahead of the local one: far enough that a timestamp taken from the local clock
 * instead of the server's (`GET /auth/time`) is off by more than a day.
 */
export const SERVER_AHEAD_SECONDS = 86_400 + 1_234;

/** The mock API's clock, epoch seconds. */
function serverSeconds(): number {
  return Math.floor(Date.now() / 1000) + SERVER_AHEAD_SECONDS;
}

/** One request as the mock saw it. */
export interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The mock API's clock (epoch seconds) when the request arrived. */
  serverTime: number;
}

/** '$1$' + hex SHA-1 of AS+CK+METHOD+URL+BODY+TS, written independently of the SDK. */
export function referenceSignature(as: string, ck: string, method: string, url: string, body: string, ts: string): string {
  return `$1$${createHash('sha1').update([as, ck, method, url, body, ts].join('+'), 'utf8').digest('hex')}`;
}

/** Asserts a request is the exact signed call expected: method, URL, body, and AK/CK/timestamp/signature headers. */
export function expectSigned(seen: Seen | undefined, expected: { method: string; url: string; body?: unknown }): void {
  expect(seen, `no ${expected.method} ${expected.url} was sent`).toBeDefined();
  const s = seen as Seen;
  expect({ method: s.method, url: s.url }).toEqual({ method: expected.method, url: expected.url });
  if (expected.body === undefined) {
    expect(s.body).toBe('');
    expect(s.headers['content-type']).toBeUndefined();
  } else {
    expect(JSON.parse(s.body)).toEqual(expected.body);
    expect(s.headers['content-type']).toBe('application/json');
  }
  expect(s.headers['x-ovh-application']).toBe(KEYS.applicationKey);
  expect(s.headers['x-ovh-consumer']).toBe(KEYS.consumerKey);
  const ts = s.headers['x-ovh-timestamp'] ?? '';
  expect(ts).toMatch(/^\d+$/);
  // The server's clock when the request arrived (a day ahead of ours), to the second: rounding aside, the client
  // signs with the time GET /auth/time gave it, not its own.
  expect(Math.abs(Number(ts) - s.serverTime)).toBeLessThanOrEqual(1);
  expect(s.headers['x-ovh-signature']).toBe(referenceSignature(KEYS.applicationSecret, KEYS.consumerKey, s.method, s.url, s.body, ts));
}

/** An OVH error body response. */
export function ovhError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  const cls = { 400: 'Client::BadRequest', 403: 'Client::Forbidden', 404: 'Client::NotFound', 500: 'Server::InternalServerError' }[status];
  return HttpResponse.json({ class: cls ?? 'Client::Error', message, ...extra }, { status, headers: { 'X-Ovh-QueryID': `EU.ext-1.mock.${status}` } });
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The msw mock of one test file. */
export interface MockOvh {
  /** Every request the code under test sent, in order, `/auth/time` excluded. */
  readonly requests: Seen[];
  /** Every request msw saw, handled or not, `/auth/time` excluded: proves "nothing was sent". */
  readonly attempted: Array<{ method: string; url: string }>;
  /** Adds a handler for `method` on `API + path` (msw path syntax, e.g. `/me/api/credential/:id`). */
  on(
    method: Method,
    path: string,
    resolver: (ctx: {
      request: Request;
      seen: Seen;
      params: Record<string, string | readonly string[] | undefined>;
      count: number;
    }) => Response | Promise<Response>,
  ): void;
}

const isTime = (url: string) => new URL(url).pathname.endsWith('/auth/time');

/**
 * Starts msw for the calling test file with `onUnhandledFrame: 'error'`, answering `GET /auth/time` with the mock
 * API's clock (`SERVER_AHEAD_SECONDS` ahead of the local one). Handlers added with `on()` and the recordings are
 * reset after each test.
 */
export function mockOvh(): MockOvh {
  const requests: Seen[] = [];
  const attempted: Array<{ method: string; url: string }> = [];
  const time = http.get(`${API}/auth/time`, () => HttpResponse.json(serverSeconds()));
  const server = setupServer(time);
  server.events.on('request:start', ({ request }) => {
    if (!isTime(request.url)) attempted.push({ method: request.method, url: request.url });
  });
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers(time);
    requests.length = 0;
    attempted.length = 0;
  });
  afterAll(() => server.close());
  return {
    requests,
    attempted,
    on(method, path, resolver) {
      let count = 0;
      const factory = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete }[method];
      const handler: HttpHandler = factory(`${API}${path}`, async ({ request, params }) => {
        const headers: Record<string, string> = {};
        request.headers.forEach((value, key) => {
          headers[key] = value;
        });
        const serverTime = serverSeconds();
        const seen: Seen = { method: request.method, url: request.url, headers, body: await request.clone().text(), serverTime };
        requests.push(seen);
        return resolver({ request, seen, params: params as Record<string, string | readonly string[] | undefined>, count: ++count });
      });
      server.use(handler);
    },
  };
}

/** A signed client on the ovh-eu endpoint with KEYS, nothing read from env or files, near-zero backoff. */
export function mockClient(overrides: OvhClientOptions = {}): OvhClient {
  return new OvhClient({ endpoint: 'ovh-eu', ...KEYS, configFile: false, env: {}, retry: { baseDelay: 1, maxDelay: 5 }, ...overrides });
}

/**
 * A simulator and a client on its seeded keys, talking through `sim.fetch` (no sockets). The simulator runs on
 * `clock` (a manual clock at `T0` unless given), so its dates are exact and only move when the test moves them.
 */
export function simClient(
  options: Omit<OvhSimulatorOptions, 'now'> & { clock?: ManualClock } = {},
  client: OvhClientOptions = {},
): { sim: OvhSimulator; ovh: OvhClient; clock: ManualClock } {
  const { clock = manualClock(), ...simOptions } = options;
  const sim = new OvhSimulator({ ...simOptions, now: clock });
  return { sim, ovh: clientOn(sim, { retry: { baseDelay: 1, maxDelay: 5 }, ...client }), clock };
}

/** A client on a simulator's seeded keys, through `sim.fetch` (no sockets), reading nothing from the machine. */
export function clientOn(sim: OvhSimulator, client: OvhClientOptions = {}): OvhClient {
  return new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, ...client });
}

/** Requests the simulator saw, `/auth/time` excluded, as `METHOD pathname?query`. */
export function simCalls(sim: OvhSimulator): string[] {
  return sim.requests
    .filter((r) => !isTime(r.url))
    .map((r) => `${r.method} ${new URL(r.url).pathname.replace(/^\/1\.0/, '')}${new URL(r.url).search}`);
}

/** Asserts a secret's value appears in neither JSON.stringify nor util.inspect of a value. */
export function expectNoLeak(value: unknown, secretValue: string): void {
  expect(secretValue.length).toBeGreaterThan(8);
  expect(JSON.stringify(value)).not.toContain(secretValue);
  expect(inspect(value, { depth: 10 })).not.toContain(secretValue);
  expect(String(inspect(value, { depth: 10, showHidden: true }))).not.toContain(secretValue);
}

/** `GET /auth/currentCredential`'s answer for a key in `status` (credential 11 of application 7, reading /me). */
export const credentialBody = (status: string) => ({
  credentialId: 11,
  applicationId: 7,
  creation: '2024-06-01T10:00:00+02:00',
  expiration: null,
  lastUse: null,
  ovhSupport: false,
  rules: [{ method: 'GET', path: '/me' }],
  status,
  allowedIPs: null,
});
