// Hostile servers: an API, a token endpoint or a Web PaaS activity that echoes a secret it received, in whatever
// encoding (raw, JSON-escaped as PHP writes it or all-`\u`, percent-encoded in either case, form-encoded) and content
// type (JSON, text/html, text/plain, a form). Every server here is a real one on 127.0.0.1, and every assertion is
// about what a user sees: the error (message, apiMessage, details, cause chain, util.inspect, JSON.stringify), the
// log lines and what a diagnostics-channel subscriber receives.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CHANNEL } from '../src/core/errors.js';
import { redactText } from '../src/core/redact.js';
import { ConfigError, isOvhError, OvhClient } from '../src/index.js';
import { ActivityFailedError, WebPaasClient } from '../src/webpaas/index.js';
import { manualClock, T0 } from './helpers/clock.js';
import {
  CONTENT_TYPES,
  type ContentType,
  echoBody,
  encodeValue,
  JSON_STYLES,
  type JsonStyle,
  jsonText,
  type LoopbackServer,
  leaksIn,
  loopbackServer,
  type Received,
  type Reply,
  VALUE_ENCODINGS,
  type ValueEncoding,
} from './helpers/echo-server.js';

// The suite-wide secret audit (test/setup/secret-audit.ts): secrets it must look for, and log lines it must read.
const audit = globalThis as { __registerSecret?: (value: string) => void; __recordOutput?: (where: string, text: string) => void };
const registerSecret = (value: string) => audit.__registerSecret?.(value);
const recordOutput = (where: string, text: string) => audit.__recordOutput?.(where, text);

// What a user sees: every error published on the diagnostics channel, and every log line.
const published: unknown[] = [];
const onError = (error: unknown) => published.push(error);
beforeAll(() => subscribe(ERROR_CHANNEL, onError));
afterAll(() => unsubscribe(ERROR_CHANNEL, onError));
let lines: string[] = [];
beforeEach(() => {
  published.length = 0;
  lines = [];
});
const logger = {
  warn: (line: string) => {
    lines.push(line);
    recordOutput('logger.warn', line);
  },
  debug: (line: string) => {
    lines.push(line);
    recordOutput('logger.debug', line);
  },
};

/** Every text a user may see of an error: its own and each cause's, in every rendering. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    out.push(String(e), inspect(e, { depth: Infinity }), inspect(e, { depth: Infinity, showHidden: true }), JSON.stringify(e) ?? '');
    if (e instanceof Error) out.push(e.message, e.stack ?? '');
    const fields = e as { apiMessage?: unknown; details?: Record<string, string> };
    if (typeof fields.apiMessage === 'string') out.push(fields.apiMessage);
    if (fields.details) out.push(...Object.keys(fields.details), ...Object.values(fields.details));
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/** Lets the diagnostics channel publish (a microtask after an error is built), then gathers what a user saw. */
async function seen(error: unknown): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve));
  return [...renderings(error), ...published.flatMap(renderings), ...lines];
}

/** Asserts that none of `secrets`, in any form, is in anything the user saw of `error`. */
async function expectNoLeak(error: unknown, secrets: readonly string[]): Promise<void> {
  expect(isOvhError(error), `not an SDK error: ${String(error)}`).toBe(true);
  const leaks = (await seen(error)).flatMap((text) => leaksIn(text, secrets).map((form) => `${JSON.stringify(form)} in: ${text.slice(0, 300)}`));
  expect(leaks).toEqual([]);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

const clock = manualClock();
const common = { env: {}, retry: false, logger, now: clock } as const;
const TIME = { status: 200, body: String(T0 / 1000) };

/** What the server received as the secret, per kind of request. */
const consumerKeyOf = (r: Received) => String(r.headers['x-ovh-consumer']);
const bearerOf = (r: Received) => String(r.headers.authorization).replace(/^Bearer /, '');
const formField = (name: string) => (r: Received) => new URLSearchParams(r.body).get(name) ?? '';
const sentValue = (r: Received) => (JSON.parse(r.body) as { value: string }).value;

// ── The clients, each against the echoing server ────────────────────────────────────────────────────────────────

function signedClient(server: LoopbackServer, consumerKey: string): OvhClient {
  return new OvhClient({
    ...common,
    configFile: false,
    baseUrl: `${server.origin}/1.0`,
    applicationKey: 'AKecho',
    applicationSecret: 'ASecho-application-secret',
    consumerKey,
  });
}
function bearerClient(server: LoopbackServer, accessToken: string): OvhClient {
  return new OvhClient({ ...common, configFile: false, baseUrl: `${server.origin}/1.0`, accessToken });
}
function serviceAccount(server: LoopbackServer, clientSecret: string): OvhClient {
  return new OvhClient({ ...common, configFile: false, baseUrl: `${server.origin}/1.0`, clientId: 'EU.echo-client', clientSecret });
}
function webpaas(server: LoopbackServer, apiToken: string): WebPaasClient {
  return new WebPaasClient({ ...common, apiUrl: server.origin, tokenUrl: `${server.origin}/oauth2/token`, apiToken });
}
const ACCESS_TOKEN = { status: 200, body: JSON.stringify({ access_token: 'wpat-echo-access-token-0001', expires_in: 3600, token_type: 'bearer' }) };

// ── The findings of issue 22 §4, one test each ──────────────────────────────────────────────────────────────────

describe('an error body that is JSON served as text/html or text/plain, with the secret JSON-escaped', () => {
  // PHP's json_encode writes `/` as `\/`; other servers write any character as `\uXXXX`. The body was scrubbed as
  // raw text, where the escaped secret did not match, and then JSON-decoded into the message.
  it.each([
    ['a consumer key, `\\/` as PHP writes it, in text/html', 'text/html', 'json-php', 'CK/echo/consumer/key/0001'],
    ['a consumer key, every character as \\u004b, in text/plain', 'text/plain', 'json-unicode', 'CKechoConsumerKey0002'],
  ] as const)('%s', async (_, contentType, style, consumerKey) => {
    const server = await loopbackServer((r) =>
      r.path === '/1.0/auth/time' ? TIME : { status: 403, contentType, body: echoBody(`refused key ${consumerKeyOf(r)}`, contentType, style) },
    );
    const error = await failure(signedClient(server, consumerKey).get('/me'));
    expect(error).toMatchObject({ status: 403, errorCode: 'ECHO' });
    await expectNoLeak(error, [consumerKey]);
  });

  it('a bearer token, \\u-escaped, in text/html', async () => {
    const token = 'eyJhbGciOi.JIUzI1NiJ9/bearer+token=';
    const server = await loopbackServer((r) => ({
      status: 401,
      contentType: 'text/html',
      body: echoBody(`bad token ${bearerOf(r)}`, 'text/html', 'json-unicode'),
    }));
    const error = await failure(bearerClient(server, token).get('/me'));
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 401 });
    await expectNoLeak(error, [token]);
  });

  it('a sensitive Web PaaS value, `\\/` and \\u-escaped as PHP writes it, in text/plain', async () => {
    const value = 'sk_live/é/Sensitive+Value=1';
    const server = await loopbackServer((r) =>
      r.path === '/oauth2/token'
        ? ACCESS_TOKEN
        : { status: 400, contentType: 'text/plain', body: echoBody(`cannot store ${sentValue(r)}`, 'text/plain', 'json-php') },
    );
    const error = await failure(
      webpaas(server, 'wpt-echo-api-token-0001').variables.create({ project: 'proj1', name: 'env:KEY', value, sensitive: true }),
    );
    expect(error).toMatchObject({ name: 'BadRequestError', status: 400 });
    await expectNoLeak(error, [value]);
  });
});

describe('a token endpoint that echoes the secret percent-encoded', () => {
  it.each(VALUE_ENCODINGS.filter((e) => e !== 'raw'))('the service account client secret, %s', async (encoding) => {
    const clientSecret = 'oauth+Client/Secret=With Space%é';
    const server = await loopbackServer((r) => ({
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: `bad client_secret=${encodeValue(formField('client_secret')(r), encoding)}`,
      }),
    }));
    const error = await failure(serviceAccount(server, clientSecret).get('/me'));
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 401, errorCode: 'invalid_client' });
    await expectNoLeak(error, [clientSecret]);
  });

  it.each(VALUE_ENCODINGS.filter((e) => e !== 'raw'))('the Web PaaS API token, %s', async (encoding) => {
    const apiToken = 'wpt_Tok/en+Echo=0001 ü';
    const server = await loopbackServer((r) => ({
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: `invalid api_token=${encodeValue(formField('api_token')(r), encoding)}` }),
    }));
    const error = await failure(webpaas(server, apiToken).variables.list({ project: 'proj1' }));
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 400, errorCode: 'invalid_grant' });
    await expectNoLeak(error, [apiToken]);
  });
});

describe('a Web PaaS activity whose log holds the sensitive value just written', () => {
  it('util.inspect(ActivityFailedError) shows no trace of it', async () => {
    const value = 'db-password/Sensitive+0001';
    let written = '';
    const server = await loopbackServer((r) => {
      if (r.path === '/oauth2/token') return ACCESS_TOKEN;
      if (r.method === 'POST') {
        written = sentValue(r);
        return {
          status: 201,
          body: JSON.stringify({ status: 'created', code: 201, _embedded: { activities: [{ id: 'act1', state: 'in_progress' }] } }),
        };
      }
      return {
        status: 200,
        body: JSON.stringify({ id: 'act1', state: 'complete', result: 'failure', log: `Setting env:DB_PASSWORD=${written}\nDeploy failed` }),
      };
    });
    const paas = webpaas(server, 'wpt-echo-api-token-0002');
    const error = await failure(
      paas.variables.create({ project: 'proj1', name: 'env:DB_PASSWORD', value, sensitive: true }, { wait: true, pollInterval: 1 }),
    );
    expect(error).toBeInstanceOf(ActivityFailedError);
    expect((error as ActivityFailedError).activity.log).toBe('Setting env:DB_PASSWORD=[redacted]\nDeploy failed');
    await expectNoLeak(error, [value]);
  });

  it('the activities a write returns without waiting show no trace of it either', async () => {
    const value = 'db-password/Sensitive+0002';
    const server = await loopbackServer((r) => {
      if (r.path === '/oauth2/token') return ACCESS_TOKEN;
      const activity = { id: 'act2', state: 'in_progress', log: `Setting env:DB_PASSWORD=${sentValue(r)}` };
      const entity = {
        ...{ id: 'env:DB_PASSWORD', name: 'env:DB_PASSWORD', attributes: {}, is_json: false, is_sensitive: true },
        ...{ visible_build: false, visible_runtime: true, created_at: null, updated_at: null },
      };
      return { status: 201, body: JSON.stringify({ status: 'created', code: 201, _embedded: { entity, activities: [activity] } }) };
    });
    const paas = webpaas(server, 'wpt-echo-api-token-0008');
    const result = await paas.variables.create({ project: 'proj1', name: 'env:DB_PASSWORD', value, sensitive: true });
    expect(result.activities.map((a) => a.log)).toEqual(['Setting env:DB_PASSWORD=[redacted]']);
  });
});

describe('the preview of a 200 answer that is not JSON', () => {
  it('is scrubbed before it is cut: no secret, and no first characters of one', async () => {
    const consumerKey = 'CKpreview/Consumer+Key';
    const server = await loopbackServer((r) =>
      r.path === '/1.0/auth/time' ? TIME : { status: 200, contentType: 'text/plain', body: `${consumerKeyOf(r)} ok` },
    );
    const error = await failure(signedClient(server, consumerKey).get('/me'));
    expect((error as Error).message).toContain('with a body that is not JSON (25 characters starting with "[redacted] ok")');
    await expectNoLeak(error, [consumerKey]);
  });

  // From a token endpoint, the token the server issued is not known to the SDK as a secret: no part of it may be shown.
  const token = 'tokZ8qWx3vLp0Rr7Kd2Nf6Hs';
  registerSecret(token);
  const noPartOf = (texts: readonly string[]) => {
    for (let i = 0; i + 6 <= token.length; i++) for (const text of texts) expect(text).not.toContain(token.slice(i, i + 6));
  };
  it.each([
    ['a form (as GitHub answers)', 'application/x-www-form-urlencoded', `access_token=${token}&token_type=bearer&expires_in=3600`],
    ['the bare token', 'text/plain', token],
  ])('service account: %s', async (_, contentType, body) => {
    const server = await loopbackServer(() => ({ status: 200, contentType, body }));
    const error = await failure(serviceAccount(server, 'oauth-client-secret-0002').get('/me'));
    expect(error).toMatchObject({ name: 'ResponseValidationError' });
    expect((error as Error).message).toMatch(/not JSON/);
    noPartOf(await seen(error));
  });

  it('Web PaaS API-token exchange: a JSON string', async () => {
    const server = await loopbackServer(() => ({ status: 200, body: JSON.stringify(`access_token=${token}`) }));
    const error = await failure(webpaas(server, 'wpt-echo-api-token-0003').variables.list({ project: 'proj1' }));
    expect(error).toMatchObject({ name: 'ResponseValidationError' });
    noPartOf(await seen(error));
  });

  it('Web PaaS API-token exchange: a form', async () => {
    const server = await loopbackServer(() => ({
      status: 200,
      contentType: 'application/x-www-form-urlencoded',
      body: `access_token=${token}&expires_in=3600`,
    }));
    const error = await failure(webpaas(server, 'wpt-echo-api-token-0004').variables.list({ project: 'proj1' }));
    expect(error).toMatchObject({ name: 'ResponseValidationError' });
    noPartOf(await seen(error));
  });
});

describe('an invalid OVH_ENDPOINT with user:password@', () => {
  it.each([
    ['a base URL that does not parse', (origin: string) => `${origin.replace('http://', 'http://deploy:hunter2-Endpoint-Pass@')}:99999/1.0`],
    ['no scheme', (origin: string) => `deploy:hunter2-Endpoint-Pass@${origin.slice('http://'.length)}/1.0`],
    ['another scheme', (origin: string) => `${origin.replace('http://', 'ftp://deploy:hunter2-Endpoint-Pass@')}/1.0`],
  ])('%s: the ConfigError names it without the credentials, and nothing is sent', async (_, endpoint) => {
    const server = await loopbackServer(() => TIME);
    const env = { OVH_ENDPOINT: endpoint(server.origin), OVH_APPLICATION_KEY: 'AKecho', OVH_APPLICATION_SECRET: 'ASecho-secret-0003' };
    let error: unknown;
    try {
      await new OvhClient({ configFile: false, env, logger }).get('/auth/time');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('127.0.0.1');
    await expectNoLeak(error, ['hunter2-Endpoint-Pass', 'deploy:']);
    expect(server.received).toEqual([]);
  });

  it('with baseUrl given, the missing-credentials error names the section it looked in without them', async () => {
    const server = await loopbackServer(() => TIME);
    const env = { OVH_ENDPOINT: 'https://deploy:hunter2-Endpoint-Pass@eu.api.ovh.com/1.0' };
    let error: unknown;
    try {
      new OvhClient({ baseUrl: `${server.origin}/1.0`, configFile: false, env, logger });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('(section [https://eu.api.ovh.com/1.0])');
    await expectNoLeak(error, ['hunter2-Endpoint-Pass', 'deploy:']);
    expect(server.received).toEqual([]);
  });
});

/** An ovh.conf (mode `mode`) whose endpoint is the server, go-ovh style, with `lines` in the endpoint's section. */
function conf(server: LoopbackServer, lines: string[], mode = 0o600): string {
  const dir = mkdtempSync(join(tmpdir(), 'ovh-hostile-'));
  const path = join(dir, 'ovh.conf');
  writeFileSync(path, ['[default]', `endpoint=${server.origin}/1.0`, `[${server.origin}/1.0]`, ...lines, ''].join('\n'));
  chmodSync(path, mode);
  return path;
}
const api = (r: Received): Reply => (r.path === '/1.0/auth/time' ? TIME : { status: 200, body: '{"nichandle":"xx1-ovh"}' });

describe('ovh.conf warnings quote no value', () => {
  it.each([
    [
      'indented, as configparser continues a value',
      '    Second:HalfOfTheSecret0004',
      'an indented line continues the value of application_secret; it was ignored',
    ],
    ['not indented, so it reads as `key: value`', 'Second:HalfOfTheSecret0004', 'unknown key (not shown: it may be part of a value)'],
  ])('a secret wrapped onto a second line, %s', async (_, wrapped, warning) => {
    const server = await loopbackServer(api);
    const path = conf(server, ['application_key=AKconf', 'application_secret=ASwrappedFirstHalf', wrapped, 'consumer_key=CKconf-consumer-0004']);
    registerSecret('ASwrappedFirstHalf');
    registerSecret('Second:HalfOfTheSecret0004');
    const ovh = new OvhClient({ env: {}, configFile: path, logger, retry: false, now: clock });
    await ovh.get('/me');
    for (const part of ['Second', 'HalfOfTheSecret', 'second', 'halfofthesecret', 'ASwrapped']) expect(lines.join('\n')).not.toContain(part);
    const about = lines.filter((line) => line.includes(path));
    expect(about).toHaveLength(1);
    expect(about[0]).toContain(`${path}:6: ${warning}`);
  });
});

describe('ovh.conf readable by group or others', () => {
  it.skipIf(process.platform === 'win32').each([
    ['`key: value` lines', ['application_key: AKconf', 'application_secret: AScolonSecret0005', 'consumer_key: CKcolonConsumer0005']],
    ['mixed-case keys', ['Application_Key=AKconf', 'Application_Secret=ASmixedCaseSecret0006', 'CONSUMER_KEY=CKmixedCase0006']],
    ['both', ['APPLICATION_KEY : AKconf', 'Application_Secret : ASbothSecret0007', 'Consumer_Key : CKbothConsumer0007']],
  ])('with %s, gets the chmod 600 warning, as with `key=value`', async (_, secrets) => {
    const server = await loopbackServer(api);
    const path = conf(server, secrets, 0o644);
    const ovh = new OvhClient({ env: {}, configFile: path, logger, retry: false, now: clock });
    expect(ovh.applicationKey).toBe('AKconf');
    await ovh.get('/me');
    expect(lines.filter((line) => line.includes(path))).toEqual([
      `ovh-credentials: ${path} holds secrets but is readable by group or others (mode 644); run: chmod 600 ${path}`,
    ]);
  });
});

// ── The mechanism: each character of a secret in any of its forms, mixed ────────────────────────────────────────

describe('redactText, each character of a secret written in any of its forms', () => {
  /** Every form a server may write one character in (a code point): raw, %XX of its UTF-8 in either case, \uXXXX. */
  const forms = (ch: string): string[] => {
    const bytes = [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
    const units = [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
    const json = JSON.stringify(ch).slice(1, -1);
    return [
      ch,
      bytes,
      bytes.toLowerCase(),
      units,
      units.toUpperCase().replace(/\\U/g, '\\u'),
      json,
      ...(ch === '/' ? ['\\/'] : []),
      ...(ch === ' ' ? ['+'] : []),
    ];
  };
  /** What a reader would decode the text into: JSON escapes, then percent- and form-encoding. */
  const decoded = (text: string): string => {
    const unescaped = text.replace(/\\u([0-9a-fA-F]{4})|\\(["\\/bfnrt])/g, (_, hex: string | undefined, c: string) =>
      hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : (JSON.parse(`"\\${c}"`) as string),
    );
    return unescaped.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  };
  const context = 'echo: [redacted] end';

  it('leaves nothing that decodes back to the secret', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 4, maxLength: 24 }).filter((s) => !context.includes(s)),
        fc.array(fc.nat(), { maxLength: 24 }),
        (secret, picks) => {
          const echoed = [...secret].map((ch, i) => {
            const all = forms(ch);
            return all[(picks[i] ?? 0) % all.length];
          });
          const out = redactText(`echo: ${echoed.join('')} end`, [secret]);
          expect(out).toContain('[redacted]');
          expect(decoded(out)).not.toContain(secret);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ── The property: any secret, any encoding, any content type, any of the SDK's error paths ──────────────────────

/** A secret: printable ASCII with `+/=%\"` and spaces (header-safe), or with unicode too (sent in a body). */
const special = fc.constantFrom(...'+/=%\\" \'&<>:@?#[]()*^$|{}!;,`'.split(''));
const ascii = fc.oneof(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'), special);
const unicode = fc.constantFrom('é', 'ü', 'ß', '€', '日本', '😀', '\u2028', 'Ω', 'ñ');
const secretOf = (unit: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.string({ unit, minLength: 6, maxLength: 20 }), special, fc.string({ unit, minLength: 6, maxLength: 20 }))
    .map(([a, s, b]) => `${a}${s}${b}`)
    .filter((s) => s.trim() === s);
const headerSecret = secretOf(ascii);
const bodySecret = secretOf(fc.oneof({ weight: 3, arbitrary: ascii }, { weight: 1, arbitrary: unicode }));

interface Echo {
  encoding: ValueEncoding;
  contentType: ContentType;
  style: JsonStyle;
  page: boolean;
  status: number;
}
const echo: fc.Arbitrary<Echo> = fc.record({
  encoding: fc.constantFrom(...VALUE_ENCODINGS),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  style: fc.constantFrom(...JSON_STYLES),
  page: fc.boolean(),
  status: fc.constantFrom(400, 401, 403, 404, 409, 422, 500),
});
const errorReply = (e: Echo, received: string): Reply => ({
  status: e.status,
  contentType: e.contentType,
  body: echoBody(`echo ${encodeValue(received, e.encoding)} (was: ${encodeValue(received, e.encoding)})`, e.contentType, e.style, e.page),
});

/** Each of the SDK's error paths: a client, a call, and the server's side of it. */
const scenarios = {
  'OVH API, consumer key': {
    secret: headerSecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      server.handle((r) => (r.path === '/1.0/auth/time' ? TIME : errorReply(e, consumerKeyOf(r))));
      return signedClient(server, secret).get('/me');
    },
  },
  'OVH API, bearer token': {
    secret: headerSecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      server.handle((r) => errorReply(e, bearerOf(r)));
      return bearerClient(server, secret).get('/me');
    },
  },
  'OAuth2 token endpoint, client secret': {
    secret: bodySecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      server.handle((r) => errorReply(e, formField('client_secret')(r)));
      return serviceAccount(server, secret).get('/me');
    },
  },
  'Web PaaS token endpoint, API token': {
    secret: bodySecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      server.handle((r) => errorReply(e, formField('api_token')(r)));
      return webpaas(server, secret).variables.list({ project: 'proj1' });
    },
  },
  'Web PaaS API, sensitive value': {
    secret: bodySecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      server.handle((r) => (r.path === '/oauth2/token' ? ACCESS_TOKEN : errorReply(e, sentValue(r))));
      return webpaas(server, 'wpt-echo-api-token-0005').variables.create({ project: 'proj1', name: 'env:KEY', value: secret, sensitive: true });
    },
  },
  'Web PaaS API, access token': {
    secret: headerSecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      server.handle((r) => errorReply(e, bearerOf(r)));
      return new WebPaasClient({ ...common, apiUrl: server.origin, tokenUrl: `${server.origin}/oauth2/token`, accessToken: secret }).variables.list({
        project: 'proj1',
      });
    },
  },
  'Web PaaS activity, sensitive value': {
    secret: bodySecret,
    run: (server: LoopbackServer, secret: string, e: Echo) => {
      let written = '';
      server.handle((r) => {
        if (r.path === '/oauth2/token') return ACCESS_TOKEN;
        if (r.method === 'POST') {
          written = sentValue(r);
          return {
            status: 201,
            body: JSON.stringify({ status: 'created', code: 201, _embedded: { activities: [{ id: 'act1', state: 'pending' }] } }),
          };
        }
        const echoed = encodeValue(written, e.encoding);
        const activity = {
          id: 'act1',
          state: 'complete',
          result: 'failure',
          description: `set ${echoed}`,
          text: echoed,
          log: `value=${echoed}`,
          payload: { [echoed]: echoed },
        };
        return {
          status: 200,
          contentType: e.contentType === 'application/x-www-form-urlencoded' ? 'application/json' : e.contentType,
          body: jsonText(activity, e.style),
        };
      });
      return webpaas(server, 'wpt-echo-api-token-0006').variables.create(
        { project: 'proj1', name: 'env:KEY', value: secret, sensitive: true },
        { wait: true, pollInterval: 1 },
      );
    },
  },
};

describe('property: a secret echoed in any encoding and content type is found in nothing the user sees', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await loopbackServer(undefined, true);
  });
  afterAll(() => server.close());

  it.each(Object.keys(scenarios) as Array<keyof typeof scenarios>)('%s', async (name) => {
    const scenario = scenarios[name];
    await fc.assert(
      fc.asyncProperty(scenario.secret, echo, async (secret, e) => {
        published.length = 0;
        lines = [];
        registerSecret(secret);
        const error = await failure(scenario.run(server, secret, e));
        await expectNoLeak(error, [secret]);
      }),
      { numRuns: 50 },
    );
  });
});
