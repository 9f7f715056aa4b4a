// Bad input never reaches the network: every refusal is an InputValidationError (ConfigError at construction) that
// names the field, with zero requests recorded by the simulator. Path parameters of every resource either are
// refused or stay inside their own URL segment, checked on the URL the server saw and, as properties, on arbitrary
// strings through the resource methods themselves. Plus the ovh.conf permission warning through fromEnvironment.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { accessRules, ConfigError, InputValidationError, NotFoundError, OvhClient } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { resolveConfig } from '../src/core/config.js';
import { OvhSimulator, SIM_PROJECT_ID, WebPaasSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';

function simClients(): { sim: OvhSimulator; ovh: OvhClient; paasSim: WebPaasSimulator; paas: WebPaasClient } {
  const sim = new OvhSimulator({ now: manualClock() });
  const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, retry: false });
  const paasSim = new WebPaasSimulator({ now: manualClock() });
  const paas = new WebPaasClient({ apiToken: paasSim.createApiToken(), fetch: paasSim.fetch, env: {}, retry: false });
  return { sim, ovh, paasSim, paas };
}

async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('bad input is refused before any request, naming the field', () => {
  const { sim, ovh, paasSim, paas } = simClients();
  const P = paasSim.defaults.project;
  const cases: Array<[string, () => unknown, string]> = [
    // ids
    ['credential id 0', () => ovh.credentials.get(0), 'credentialId'],
    ['credential id "1/../2"', () => ovh.credentials.delete('1/../2' as never), 'credentialId'],
    ['credential id 2.5', () => ovh.credentials.setAllowedIPs(2.5, null), 'credentialId'],
    ['application id -1', () => ovh.applications.delete(-1), 'applicationId'],
    ['application id "7"', () => ovh.applications.get('7' as never), 'applicationId'],
    ['token id not a uuid', () => ovh.aiTokens.delete(SIM_PROJECT_ID, '../x'), 'tokenId'],
    ['clientId empty', () => ovh.oauth2Clients.get(''), 'clientId'],
    ['clientId with a space', () => ovh.oauth2Clients.delete('EU.a b'), 'clientId'],
    ['clientId ".."', () => ovh.oauth2Clients.get('..'), 'clientId'],
    ['clientId lone surrogate', () => ovh.oauth2Clients.get('EU.\ud800'), 'clientId'],
    // raw paths
    ['raw path without /', () => ovh.get('me'), 'path'],
    ['raw path with ..', () => ovh.get('/me/../auth/time'), 'path'],
    ['raw path with %2e%2e', () => ovh.get('/me/%2e%2e/auth/time'), 'path'],
    ['raw path with ..%2F', () => ovh.delete('/me/api/credential/..%2F..%2Fauth'), 'path'],
    ['raw path with backslashes', () => ovh.get('/me\\..\\auth'), 'path'],
    ['raw path with a fragment', () => ovh.get('/me?status=expired#x'), 'path'],
    // access rules
    ['no access rule', () => ovh.auth.requestConsumerKey({ accessRules: [] }), 'request.accessRules'],
    [
      'rule method HEAD (not in auth.HTTPMethodEnum)',
      () => ovh.auth.requestConsumerKey({ accessRules: [{ method: 'HEAD', path: '/me' } as never] }),
      'request.accessRules.0.method',
    ],
    [
      'rule method in lower case',
      () => ovh.auth.requestConsumerKey({ accessRules: [{ method: 'patch', path: '/me' } as never] }),
      'request.accessRules.0.method',
    ],
    ['rule path without /', () => ovh.auth.requestConsumerKey({ accessRules: [{ method: 'GET', path: 'me' }] }), 'request.accessRules.0.path'],
    [
      'rule path with ?',
      () => ovh.auth.requestConsumerKey({ accessRules: [...accessRules.readOnly('/me'), { method: 'GET', path: '/me?x' }] }),
      'request.accessRules.1.path',
    ],
    ['rule builder path', () => accessRules.readWrite('domain/*'), 'path'],
    [
      'redirection not a string',
      () => ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me'), redirection: 42 as never }),
      'request.redirection',
    ],
    // CIDRs
    ['CIDR /33', () => ovh.credentials.setAllowedIPs(1, ['10.0.0.0/33']), 'allowedIPs.0'],
    ['CIDR hostname', () => ovh.credentials.setAllowedIPs(1, ['203.0.113.0/24', 'office.example.com']), 'allowedIPs.1'],
    [
      'CIDR two slashes',
      () => ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me'), allowedIPs: ['1.2.3.4/8/9'] }),
      'request.allowedIPs.0',
    ],
    // service names, AI roles and label selectors
    ['serviceName a/b', () => ovh.aiTokens.list('a/b'), 'serviceName'],
    ['serviceName not hex', () => ovh.aiTokens.create('z'.repeat(32), { name: 'ci', role: 'read' }), 'serviceName'],
    ['AI role admin', () => ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'admin' as never }), 'input.role'],
    ['AI name empty', () => ovh.aiTokens.create(SIM_PROJECT_ID, { name: ' ', role: 'read' }), 'input.name'],
    ['label selector blank', () => ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'read', labelSelector: ' ' }), 'input.labelSelector'],
    [
      'label selector with /',
      () => ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'read', labelSelector: { model: 'a/b' } }),
      'input.labelSelector',
    ],
    ['region with a space', () => ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'read', region: 'G RA' }), 'input.region'],
    // Web PaaS names, values and ids
    ['Web PaaS name with a space', () => paas.variables.create({ project: P, name: 'MY VAR', value: 'v' }), 'name'],
    ['Web PaaS name too long', () => paas.variables.create({ project: P, name: 'x'.repeat(257), value: 'v' }), 'name'],
    ['Web PaaS value not a string', () => paas.variables.create({ project: P, name: 'X', value: 42 as never }), 'value'],
    ['Web PaaS json value that does not parse', () => paas.variables.create({ project: P, name: 'X', value: '{nope', json: true }), 'value'],
    ['Web PaaS project blank', () => paas.variables.list({ project: '  ' }), 'project'],
    ['Web PaaS project ".."', () => paas.variables.list({ project: '..' }), 'project'],
    ['Web PaaS environment ".."', () => paas.variables.get({ project: P, environment: '..', name: 'X' }), 'environment'],
    ['Web PaaS variable name "."', () => paas.variables.delete({ project: P, name: '.' }), 'name'],
    ['Web PaaS activity id ".."', () => paas.activities.get({ project: P, id: '..' }), 'id'],
    ['Web PaaS option in the wrong place', () => paas.variables.create({ project: P, name: 'X', value: 'v', wait: true } as never), 'wait'],
    ['Web PaaS inheritable at project level', () => paas.variables.create({ project: P, name: 'X', value: 'v', inheritable: false }), 'inheritable'],
  ];

  it.each(cases)('%s → InputValidationError(%s)', async (_name, run, field) => {
    const error = await rejection(run);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect((error as Error).message).toContain(field.split('.').at(-1));
    expect(sim.requests).toEqual([]);
    expect(paasSim.requests).toEqual([]);
  });

  it.each([
    [
      'OVH baseUrl over http to a remote host',
      () => new OvhClient({ baseUrl: 'http://eu.api.ovh.com/1.0', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }),
      'baseUrl',
    ],
    [
      'OVH baseUrl that only looks like loopback',
      () => new OvhClient({ baseUrl: 'http://127.0.0.1.nip.io/1.0', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }),
      'baseUrl',
    ],
    [
      'OVH baseUrl localhost.example.com',
      () => new OvhClient({ baseUrl: 'http://localhost.example.com/1.0', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }),
      'baseUrl',
    ],
    [
      'OVH baseUrl with credentials',
      () => new OvhClient({ baseUrl: 'https://u:p@eu.api.ovh.com/1.0', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }),
      'baseUrl',
    ],
    [
      'OVH baseUrl not a URL',
      () => new OvhClient({ baseUrl: 'eu.api.ovh.com', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }),
      'baseUrl',
    ],
    [
      'OVH tokenUrl over http to a remote host',
      () => new OvhClient({ clientId: 'EU.x', clientSecret: 'y', tokenUrl: 'http://www.ovh.com/auth/oauth2/token', configFile: false, env: {} }),
      'tokenUrl',
    ],
    [
      'OVH unknown endpoint',
      // @ts-expect-error a plain-JS caller's unknown endpoint (TypeScript refuses it)
      () => new OvhClient({ endpoint: 'ovh-mars', applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }),
      'endpoint',
    ],
    [
      'Web PaaS apiUrl over http to a remote host',
      () => new WebPaasClient({ apiToken: 't', apiUrl: 'http://eu.api.webpaas.ovhcloud.com', env: {} }),
      'apiUrl',
    ],
    [
      'Web PaaS tokenUrl over http to a remote host',
      () => new WebPaasClient({ apiToken: 't', tokenUrl: 'http://eu.auth.webpaas.ovhcloud.com/oauth2/token', env: {} }),
      'tokenUrl',
    ],
    [
      'Web PaaS apiUrl with a query',
      () => new WebPaasClient({ apiToken: 't', apiUrl: 'https://eu.api.webpaas.ovhcloud.com?x=1', env: {} }),
      'apiUrl',
    ],
    [
      'Web PaaS apiUrl from env',
      () => new WebPaasClient({ apiToken: 't', env: { OVHCLOUD_WEBPAAS_CLI_API_URL: 'http://10.0.0.1' } }),
      'OVHCLOUD_WEBPAAS_CLI_API_URL',
    ],
  ] as const)('%s → ConfigError naming %s', (_name, build, field) => {
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(field);
    expect(sim.requests).toEqual([]);
    expect(paasSim.requests).toEqual([]);
  });

  it("the OAuth2 token URL of a custom baseUrl is on that same host (or its OVH region's), never another one", () => {
    const oauth = { clientId: 'EU.robot', clientSecret: 'robot-secret-value' };
    const tokenUrl = (options: Parameters<typeof resolveConfig>[0]) => {
      const { auth } = resolveConfig({ ...oauth, ...options }, {}, []);
      return auth.kind === 'oauth2' ? auth.tokenUrl : undefined;
    };
    expect(tokenUrl({ baseUrl: 'http://127.0.0.1:8080/1.0' })).toBe('http://127.0.0.1:8080/auth/oauth2/token');
    expect(tokenUrl({ baseUrl: 'https://gateway.example.com/ovh/1.0' })).toBe('https://gateway.example.com/auth/oauth2/token');
    expect(tokenUrl({ baseUrl: 'https://ca.api.ovh.com/1.0' })).toBe('https://ca.ovh.com/auth/oauth2/token');
    expect(tokenUrl({ baseUrl: 'https://eu.api.ovh.com/v1' })).toBe('https://www.ovh.com/auth/oauth2/token');
    expect(tokenUrl({ baseUrl: 'http://127.0.0.1:8080/1.0', tokenUrl: 'https://sso.example.com/token' })).toBe('https://sso.example.com/token');
    expect(tokenUrl({ endpoint: 'ovh-us' })).toBe('https://us.ovhcloud.com/auth/oauth2/token');
    expect(() => tokenUrl({ baseUrl: 'https://eu.api.kimsufi.com/1.0' })).toThrow(ConfigError);
  });

  it('http is accepted on loopback only, and https anywhere', () => {
    for (const baseUrl of ['http://127.0.0.1:8080/1.0', 'http://localhost/1.0', 'http://[::1]:9/1.0', 'https://gateway.example.com/ovh/1.0']) {
      expect(new OvhClient({ baseUrl, applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {} }).baseUrl).toBe(baseUrl);
    }
  });
});

// Once bugs (bad retry and timeout options were accepted), fixed in src/core/transport.ts: kept as regression tests.
describe('retry and timeout options are validated at construction', () => {
  it.each([
    ['retry.limit', { retry: { limit: -1 } }],
    ['retry.limit', { retry: { limit: 1.5 } }],
    ['retry.maxDelay', { retry: { maxDelay: -5 } }],
    ['retry.baseDelay', { retry: { baseDelay: Number.NaN } }],
    ['timeout', { timeout: -1 }],
    ['timeout', { timeout: 3e9 }],
  ] as const)('%s in %o → ConfigError at construction', (field, options) => {
    const build = () => new OvhClient({ applicationKey: 'a', applicationSecret: 'b', configFile: false, env: {}, ...(options as object) });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(field);
  });
});

describe('path traversal stays in its segment (the URL the simulator saw)', () => {
  it('OAuth2 client ids are encoded as one segment', async () => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    const ovh = new OvhClient({ baseUrl: await sim.listen(), ...sim.defaults, configFile: false, env: {}, retry: false });
    onTestFinished(() => sim.close());
    const cases: Array<[string, string]> = [
      ['../x', '..%2Fx'],
      ['..\\..\\auth\\time', '..%5C..%5Cauth%5Ctime'],
      ['%2e%2e', '%252e%252e'],
      ['%2F..%2F', '%252F..%252F'],
      ['a/../../../auth/time', 'a%2F..%2F..%2F..%2Fauth%2Ftime'],
      ['x?y=1#z', 'x%3Fy%3D1%23z'],
      ['...', '...'],
    ];
    for (const [clientId, segment] of cases) {
      sim.clearRequests();
      const error = await rejection(() => ovh.oauth2Clients.get(clientId));
      expect(error, clientId).toBeInstanceOf(NotFoundError);
      const seen = sim.requests.filter((r) => !r.url.endsWith('/auth/time'));
      expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)).toEqual([`GET /1.0/me/api/oauth2/client/${segment}`]);
      // the simulator decoded the segment back to exactly the id that was asked for
      expect((error as NotFoundError).path).toBe(`/me/api/oauth2/client/${segment}`);
    }
    // and the same for a write: the PUT lands on the encoded id, nothing else changes
    const { clientId } = sim.createOAuth2Client({ name: 'keep' });
    sim.clearRequests();
    await expect(ovh.oauth2Clients.update(`../${clientId}`, { name: 'hacked' })).rejects.toBeInstanceOf(NotFoundError);
    expect(new URL(sim.requests.at(-1)!.url).pathname).toBe(`/1.0/me/api/oauth2/client/..%2F${encodeURIComponent(clientId)}`);
    expect(sim.state.oauth2Clients.get(clientId)?.name).toBe('keep');
  });

  it('Web PaaS project, environment and variable names are encoded as one segment each', async () => {
    const paasSim = new WebPaasSimulator({ now: manualClock() });
    const apiUrl = await paasSim.listen();
    onTestFinished(() => paasSim.close());
    const paas = new WebPaasClient({ apiUrl, tokenUrl: paasSim.tokenUrl, apiToken: paasSim.createApiToken(), env: {}, retry: false });
    const P = paasSim.defaults.project;
    paasSim.addVariable({ name: 'SECRET_FLAG', value: 'kept' });
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => paas.variables.list({ project: 'a/b' }), '/projects/a%2Fb/variables'],
      [() => paas.variables.list({ project: '%2e%2e' }), '/projects/%252e%252e/variables'],
      [() => paas.variables.list({ project: P, environment: 'feature/../../..' }), `/projects/${P}/environments/feature%2F..%2F..%2F../variables`],
      [
        () => paas.variables.get({ project: P, environment: 'main', name: '../../variables/SECRET_FLAG' }),
        `/projects/${P}/environments/main/variables/..%2F..%2Fvariables%2FSECRET_FLAG`,
      ],
      [() => paas.variables.delete({ project: P, name: '..\\SECRET_FLAG' }), `/projects/${P}/variables/..%5CSECRET_FLAG`],
      [() => paas.variables.update({ project: P, environment: 'a\\..', name: 'X', value: 'v' }), `/projects/${P}/environments/a%5C../variables/X`],
      [() => paas.activities.get({ project: P, id: '../../variables' }), `/projects/${P}/activities/..%2F..%2Fvariables`],
    ];
    for (const [run, path] of cases) {
      paasSim.clearRequests();
      const error = await rejection(run);
      expect(error, path).toBeInstanceOf(NotFoundError);
      expect(paasSim.requests.filter((r) => !r.url.endsWith('/oauth2/token')).map((r) => new URL(r.url).pathname)).toEqual([path]);
    }
    expect(paasSim.getVariable({ name: 'SECRET_FLAG' })?.value).toBe('kept');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties: arbitrary path parameters through the resource methods, with a fetch that records the URL.

/** Strings built from the pieces path attacks are made of, plus arbitrary unicode (lone surrogates included). */
const nasty = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        '..',
        '.',
        '/',
        '\\',
        '%2F',
        '%2f',
        '%2e',
        '%2E%2E',
        '%5C',
        '%',
        '%%',
        '?',
        '#',
        ';',
        '@',
        ':',
        '&',
        '=',
        '+',
        ' ',
        '\t',
        '\n',
        '\u0000',
        '\ud800',
        '\udc00',
        'é',
        '日',
        'a',
        'EU.',
        '0',
        '-',
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 24 }),
  fc.constantFrom('.', '..', '', ' ', '...', '.%2e', '%2e.', 'a/..', '../', '/..'),
);

const wellFormed = (s: string): boolean => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

/** A stub fetch that records each URL (as the Request normalised it) and answers 404. */
function recorder(): { urls: URL[]; fetch: typeof globalThis.fetch } {
  const urls: URL[] = [];
  return {
    urls,
    fetch: async (input, init) => {
      urls.push(new URL(new Request(input, init).url));
      return new Response('{"message":"nope"}', { status: 404, headers: { 'content-type': 'application/json' } });
    },
  };
}

/**
 * Either the call was refused (InputValidationError naming one of `fields`, nothing sent) or exactly one request went
 * out whose path is `prefix` followed by `segments`, each value encoded as exactly one segment.
 */
async function expectContained(
  run: () => Promise<unknown>,
  urls: URL[],
  expected: { prefix: string; segments: ReadonlyArray<string | { value: string }>; fields: readonly string[]; valid: boolean },
): Promise<void> {
  urls.length = 0;
  const outcome = await run().then(
    () => 'resolved',
    (error: unknown) => error,
  );
  if (outcome instanceof InputValidationError) {
    expect(expected.valid, `refused a valid input (${outcome.field}: ${outcome.message})`).toBe(false);
    expect(expected.fields).toContain(outcome.field);
    expect(urls).toEqual([]);
    return;
  }
  expect(expected.valid, 'sent an invalid input').toBe(true);
  expect(outcome).toBeInstanceOf(NotFoundError);
  expect(urls).toHaveLength(1);
  const url = urls[0]!;
  expect(url.search).toBe('');
  expect(url.hash).toBe('');
  const want = expected.segments.map((s) => (typeof s === 'string' ? s : encodeURIComponent(s.value)));
  expect(url.pathname).toBe(`${expected.prefix}/${want.join('/')}`);
  const got = url.pathname.slice(expected.prefix.length + 1).split('/');
  expect(got).toHaveLength(want.length);
  expected.segments.forEach((s, i) => {
    if (typeof s !== 'string') expect(decodeURIComponent(got[i]!)).toBe(s.value);
  });
}

const RUNS = { numRuns: 1000 };

describe('property: path parameters through the OVH resource methods', () => {
  const { urls, fetch } = recorder();
  const ovh = new OvhClient({ accessToken: 'property-access-token', fetch, retry: false, configFile: false, env: {} });
  const prefix = '/1.0';

  it('clientId (get, update, delete): refused, or one segment', async () => {
    const valid = (s: string) => s.trim() !== '' && /^\S+$/.test(s.trim()) && s.trim() !== '.' && s.trim() !== '..' && wellFormed(s);
    await fc.assert(
      fc.asyncProperty(nasty, fc.constantFrom('get', 'update', 'delete'), async (clientId, method) => {
        const run =
          method === 'get'
            ? () => ovh.oauth2Clients.get(clientId)
            : method === 'update'
              ? () => ovh.oauth2Clients.update(clientId, { name: 'n' })
              : () => ovh.oauth2Clients.delete(clientId);
        await expectContained(run, urls, {
          prefix,
          segments: ['me', 'api', 'oauth2', 'client', { value: clientId.trim() }],
          fields: ['clientId'],
          valid: valid(clientId),
        });
      }),
      RUNS,
    );
  });

  it('serviceName and tokenId (list, get, delete, renew): refused, or one segment each', async () => {
    const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/);
    const serviceName = fc.oneof(
      hex32,
      nasty,
      hex32.map((h) => `${h}/..`),
      hex32.map((h) => `../${h}`),
    );
    const tokenId = fc.oneof(
      fc.uuid(),
      nasty,
      fc.uuid().map((u) => `${u}/renew`),
      fc.uuid().map((u) => `..%2F${u}`),
    );
    const okService = (s: string) => /^[0-9a-f]{32}$/i.test(s);
    const okToken = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
    await fc.assert(
      fc.asyncProperty(serviceName, tokenId, fc.constantFrom('list', 'get', 'delete', 'renew'), async (s, t, method) => {
        const base = ['cloud', 'project', { value: s }, 'ai', 'token'];
        if (method === 'list') {
          await expectContained(() => ovh.aiTokens.list(s), urls, { prefix, segments: base, fields: ['serviceName'], valid: okService(s) });
          return;
        }
        const run =
          method === 'get' ? () => ovh.aiTokens.get(s, t) : method === 'delete' ? () => ovh.aiTokens.delete(s, t) : () => ovh.aiTokens.renew(s, t);
        await expectContained(run, urls, {
          prefix,
          segments: [...base, { value: t }, ...(method === 'renew' ? ['renew'] : [])],
          fields: [...(okService(s) ? [] : ['serviceName']), ...(okToken(t) ? [] : ['tokenId'])],
          valid: okService(s) && okToken(t),
        });
      }),
      RUNS,
    );
  });

  it('credential and application ids: refused unless a positive safe integer, then its decimal text', async () => {
    const id = fc.oneof(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.integer(),
      fc.double(),
      fc.constantFrom(0, -0, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.5),
      nasty,
      fc.constantFrom('42', '1/../2', '1%2F..%2F2'),
    );
    await fc.assert(
      fc.asyncProperty(
        id,
        fc.constantFrom('credentials.get', 'credentials.delete', 'credentials.getApplication', 'applications.get', 'applications.delete'),
        async (value, method) => {
          const valid = typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
          const v = value as number;
          const [resource, verb] = method.split('.') as ['credentials' | 'applications', string];
          const run =
            method === 'credentials.get'
              ? () => ovh.credentials.get(v)
              : method === 'credentials.delete'
                ? () => ovh.credentials.delete(v)
                : method === 'credentials.getApplication'
                  ? () => ovh.credentials.getApplication(v)
                  : method === 'applications.get'
                    ? () => ovh.applications.get(v)
                    : () => ovh.applications.delete(v);
          await expectContained(run, urls, {
            prefix,
            segments: [
              'me',
              'api',
              resource === 'credentials' ? 'credential' : 'application',
              String(value),
              ...(verb === 'getApplication' ? ['application'] : []),
            ],
            fields: [resource === 'credentials' ? 'credentialId' : 'applicationId'],
            valid,
          });
        },
      ),
      RUNS,
    );
  });
});

describe('property: path parameters through the Web PaaS resource methods', () => {
  const { urls, fetch } = recorder();
  const paas = new WebPaasClient({ accessToken: 'property-access-token', fetch, retry: false, env: {} });
  const okId = (s: string) => s.trim() !== '' && s !== '.' && s !== '..' && wellFormed(s);
  const okName = (s: string) => s !== '' && s !== '.' && s !== '..' && wellFormed(s);
  const branch = fc.oneof(nasty, fc.constantFrom('main', 'feature/login', 'a/../b'));

  it('project, environment, variable name and activity id: refused, or one segment each', async () => {
    await fc.assert(
      fc.asyncProperty(
        nasty,
        fc.option(branch, { nil: undefined }),
        nasty,
        fc.constantFrom('list', 'get', 'delete', 'update', 'activity'),
        async (project, environment, name, method) => {
          const level = environment === undefined ? [] : ['environments', { value: environment }];
          const collection = ['projects', { value: project }, ...level, 'variables'];
          const badTarget = [...(okId(project) ? [] : ['project']), ...(environment === undefined || okId(environment) ? [] : ['environment'])];
          const target = environment === undefined ? { project } : { project, environment };
          if (method === 'activity') {
            await expectContained(() => paas.activities.get({ project, id: name }), urls, {
              prefix: '',
              segments: ['projects', { value: project }, 'activities', { value: name }],
              fields: [...(okId(project) ? [] : ['project']), ...(okId(name) ? [] : ['id'])],
              valid: okId(project) && okId(name),
            });
            return;
          }
          if (method === 'list') {
            await expectContained(() => paas.variables.list(target), urls, {
              prefix: '',
              segments: collection,
              fields: badTarget,
              valid: badTarget.length === 0,
            });
            return;
          }
          const run =
            method === 'get'
              ? () => paas.variables.get({ ...target, name })
              : method === 'delete'
                ? () => paas.variables.delete({ ...target, name })
                : () => paas.variables.update({ ...target, name, value: 'v' });
          const fields = [...badTarget, ...(okName(name) ? [] : ['name'])];
          await expectContained(run, urls, { prefix: '', segments: [...collection, { value: name }], fields, valid: fields.length === 0 });
        },
      ),
      RUNS,
    );
  });
});

describe('ovh.conf readable by others (through OvhClient.fromEnvironment)', () => {
  const register = (globalThis as { __registerSecret?: (value: string) => void }).__registerSecret;
  const AS = 'AS-from-conf-f00dfeedcafe';
  const CK = 'CK-from-conf-0badc0ffee42';
  register?.(AS);
  register?.(CK);

  function cwdWithConf(mode: number): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'ovh-reliability-'));
    const file = join(dir, 'ovh.conf');
    writeFileSync(file, `[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=AKfromconf\napplication_secret=${AS}\nconsumer_key=${CK}\n`);
    chmodSync(file, mode);
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    return { dir, file };
  }

  it.skipIf(process.platform === 'win32')('warns once through the logger, naming the file and the fix, never a secret', () => {
    const { file } = cwdWithConf(0o644);
    const warn = vi.fn();
    const ovh = OvhClient.fromEnvironment({ env: {}, logger: { warn } });
    expect(ovh.applicationKey).toBe('AKfromconf'); // ./ovh.conf in the (temp) cwd was read
    OvhClient.fromEnvironment({ env: {}, logger: { warn } });
    const about = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes(file));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatch(/readable by group or others \(mode 644\)/);
    expect(about[0]).toContain(`chmod 600 ${file}`);
    expect(about[0]).not.toContain(AS);
    expect(about[0]).not.toContain(CK);
  });

  it.skipIf(process.platform === 'win32')('without a logger, the warning goes to process.emitWarning (once)', () => {
    const { file } = cwdWithConf(0o640);
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    OvhClient.fromEnvironment({ env: {} });
    OvhClient.fromEnvironment({ env: {} });
    const about = emitWarning.mock.calls.filter(([message]) => String(message).includes(file));
    expect(about).toHaveLength(1);
    expect(about[0]?.[1]).toMatchObject({ code: 'OVH_CREDENTIALS' });
  });

  it.skipIf(process.platform === 'win32')('a 0600 ovh.conf does not warn', () => {
    const { file } = cwdWithConf(0o600);
    const warn = vi.fn();
    expect(OvhClient.fromEnvironment({ env: {}, logger: { warn } }).applicationKey).toBe('AKfromconf');
    expect(warn.mock.calls.filter(([message]) => String(message).includes(file))).toEqual([]);
  });
});
