import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OvhClient, type OvhClientOptions } from '../src/client.js';
import { resolveConfig } from '../src/core/config.js';
import { defaultConfigPaths } from '../src/core/config-files.js';
import { ConfigError } from '../src/core/errors.js';
import { thrown } from './helpers/thrown.js';
import { API, setupMockApi, verifyRecord } from './helpers/msw.js';

const configError = (make: () => unknown) => thrown(ConfigError, make);

// os.homedir() reads the real process environment, which a worker thread cannot change: mock it instead.
const fake = vi.hoisted(() => ({ home: undefined as string | undefined }));
vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof import('node:os')>();
  return { ...os, homedir: () => fake.home ?? os.homedir() };
});

const mock = setupMockApi();

// Distinct values per source, so a header shows exactly which source won. Secrets are long and unique.
const FILE = { ak: 'AKfromFile111', as: 'ASfromFileSecret-aaaa1111', ck: 'CKfromFileSecret-bbbb2222' };
const FILE2 = { ak: 'AKfromFile222', as: 'ASfromFile2Secret-cccc3333', ck: 'CKfromFile2Secret-dddd4444' };
const CA = { ak: 'AKcanada333', as: 'AScanadaSecret-eeee5555', ck: 'CKcanadaSecret-ffff6666' };
const ENV = { ak: 'AKfromEnv444', as: 'ASfromEnvSecret-gggg7777', ck: 'CKfromEnvSecret-hhhh8888' };
const OPT = { ak: 'AKfromOpts555', as: 'ASfromOptsSecret-iiii9999', ck: 'CKfromOptsSecret-jjjj0000' };
const ALL_SECRETS = [FILE.as, FILE.ck, FILE2.as, FILE2.ck, CA.as, CA.ck, ENV.as, ENV.ck, OPT.as, OPT.ck, 'oauthClientSecret-kkkk'];

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ovh-conf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.home = undefined;
  vi.restoreAllMocks();
});

/** Writes an ovh.conf in the temp dir (mode 0600 unless told) and returns its path. */
async function conf(text: string, mode = 0o600, name = `ovh-${++n}.conf`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

function section(name: string, keys: { ak?: string; as?: string; ck?: string }): string {
  return [
    `[${name}]`,
    ...(keys.ak ? [`application_key=${keys.ak}`] : []),
    ...(keys.as ? [`application_secret=${keys.as}`] : []),
    ...(keys.ck ? [`consumer_key=${keys.ck}`] : []),
    '',
  ].join('\n');
}

function client(options: OvhClientOptions): OvhClient {
  return new OvhClient({ env: {}, logger: { warn: () => {} }, retry: false, ...options });
}

/** Sends GET /me on the given base and returns what the API saw. */
async function sentBy(ovh: OvhClient, base = API) {
  mock.on('GET', `${base}/me`, () => HttpResponse.json({}), { verify: false });
  await ovh.get('/me');
  const rec = mock.to(new URL(`${base}/me`).pathname, 'GET').at(-1);
  if (!rec) throw new Error('no request seen');
  return rec;
}

function expectNoSecret(text: string): void {
  for (const s of ALL_SECRETS) expect(text).not.toContain(s);
}

describe('precedence: options > env > ovh.conf', () => {
  it('each value comes from the highest source that has it, proven by the headers and signature', async () => {
    const file = await conf(section('ovh-eu', FILE));
    const ovh = client({
      configFile: file,
      env: { OVH_APPLICATION_KEY: ENV.ak, OVH_APPLICATION_SECRET: ENV.as },
      consumerKey: OPT.ck,
    });
    const rec = await sentBy(ovh);
    expect(rec.headers['x-ovh-application']).toBe(ENV.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(OPT.ck);
    expect(verifyRecord(rec, ENV.as)).toBe(true);
    expect(verifyRecord(rec, FILE.as)).toBe(false);
  });

  it('options beat env for every key', async () => {
    const ovh = client({
      configFile: false,
      env: { OVH_APPLICATION_KEY: ENV.ak, OVH_APPLICATION_SECRET: ENV.as, OVH_CONSUMER_KEY: ENV.ck, OVH_ENDPOINT: 'ovh-ca' },
      endpoint: 'ovh-eu',
      applicationKey: OPT.ak,
      applicationSecret: OPT.as,
      consumerKey: OPT.ck,
    });
    const rec = await sentBy(ovh);
    expect(rec.url).toBe(`${API}/me`);
    expect(rec.headers['x-ovh-application']).toBe(OPT.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(OPT.ck);
    expect(verifyRecord(rec, OPT.as)).toBe(true);
  });

  it('env beats the file, including OVH_ENDPOINT over [default] endpoint', async () => {
    const file = await conf(`[default]\nendpoint=ovh-eu\n${section('ovh-eu', FILE)}${section('ovh-ca', CA)}`);
    const ovh = client({ configFile: file, env: { OVH_ENDPOINT: 'ovh-ca', OVH_CONSUMER_KEY: ENV.ck } });
    const rec = await sentBy(ovh, 'https://ca.api.ovh.com/1.0');
    expect(rec.headers['x-ovh-application']).toBe(CA.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(ENV.ck);
    expect(verifyRecord(rec, CA.as)).toBe(true);
  });

  it('empty or blank values do not hide a lower source', async () => {
    const file = await conf(section('ovh-eu', FILE));
    const ovh = client({ configFile: file, env: { OVH_APPLICATION_KEY: '  ', OVH_CONSUMER_KEY: '' }, applicationSecret: '' });
    const rec = await sentBy(ovh);
    expect(rec.headers['x-ovh-application']).toBe(FILE.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(FILE.ck);
    expect(verifyRecord(rec, FILE.as)).toBe(true);
  });

  it('OAuth2 client id and secret come from OVH_CLIENT_ID / OVH_CLIENT_SECRET', async () => {
    mock.on('POST', 'https://www.ovh.com/auth/oauth2/token', () =>
      HttpResponse.json({ access_token: 'tok-env', token_type: 'Bearer', expires_in: 3599 }),
    );
    const ovh = client({ configFile: false, env: { OVH_CLIENT_ID: 'cid-env', OVH_CLIENT_SECRET: 'oauthClientSecret-kkkk' } });
    const rec = await sentBy(ovh);
    expect(rec.headers.authorization).toBe('Bearer tok-env');
    const form = new URLSearchParams(mock.requests[0]?.body);
    expect(form.get('client_id')).toBe('cid-env');
    expect(form.get('client_secret')).toBe('oauthClientSecret-kkkk');
  });
});

describe('ovh.conf files', () => {
  it('later files override earlier ones key by key (configFile: [a, b])', async () => {
    const a = await conf(section('ovh-eu', FILE));
    const b = await conf(section('ovh-eu', { ak: FILE2.ak, ck: FILE2.ck }));
    const rec = await sentBy(client({ configFile: [a, b] }));
    expect(rec.headers['x-ovh-application']).toBe(FILE2.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(FILE2.ck);
    // The secret only a had is still used: merging is per key, not per file.
    expect(verifyRecord(rec, FILE.as)).toBe(true);

    const reversed = await sentBy(client({ configFile: [b, a] }));
    expect(reversed.headers['x-ovh-application']).toBe(FILE.ak);
    expect(reversed.headers['x-ovh-consumer']).toBe(FILE.ck);
  });

  it('[default] endpoint=ovh-ca picks the [ovh-ca] section and the CA host', async () => {
    const file = await conf(`[default]\nendpoint=ovh-ca\n\n${section('ovh-eu', FILE)}${section('ovh-ca', CA)}`);
    const ovh = client({ configFile: file });
    expect(ovh.endpoint).toBe('ovh-ca');
    const rec = await sentBy(ovh, 'https://ca.api.ovh.com/1.0');
    expect(rec.headers['x-ovh-application']).toBe(CA.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(CA.ck);
    expect(verifyRecord(rec, CA.as)).toBe(true);
    expect(mock.requests.every((r) => r.url.startsWith('https://ca.api.ovh.com/'))).toBe(true);
  });

  it('an endpoint passed in options picks its section too', async () => {
    const file = await conf(`[default]\nendpoint=ovh-ca\n${section('ovh-eu', FILE)}${section('ovh-ca', CA)}`);
    const rec = await sentBy(client({ configFile: file, endpoint: 'ovh-eu' }));
    expect(rec.headers['x-ovh-application']).toBe(FILE.ak);
  });

  it('searches /etc/ovh.conf, ~/.ovh.conf and ./ovh.conf, lowest priority first', () => {
    expect(defaultConfigPaths('/work/project', '/home/alice')).toEqual(['/etc/ovh.conf', '/home/alice/.ovh.conf', '/work/project/ovh.conf']);
  });

  it.skipIf(existsSync('/etc/ovh.conf'))('without configFile, reads ~/.ovh.conf then ./ovh.conf (cwd wins)', async () => {
    const home = join(dir, `home-${++n}`);
    const cwd = join(dir, `cwd-${n}`);
    await mkdir(home);
    await mkdir(cwd);
    await writeFile(join(home, '.ovh.conf'), section('ovh-eu', FILE), { mode: 0o600 });
    await writeFile(join(cwd, 'ovh.conf'), section('ovh-eu', { ck: FILE2.ck }), { mode: 0o600 });
    fake.home = home;
    vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    const rec = await sentBy(client({}));
    expect(rec.headers['x-ovh-application']).toBe(FILE.ak);
    expect(rec.headers['x-ovh-consumer']).toBe(FILE2.ck);
    expect(verifyRecord(rec, FILE.as)).toBe(true);
  });

  it.skipIf(existsSync('/etc/ovh.conf'))('missing standard files are skipped, and the error says where it looked', () => {
    fake.home = join(dir, 'no-such-home');
    vi.spyOn(process, 'cwd').mockReturnValue(join(dir, 'no-such-cwd'));
    const error = configError(() => client({}));
    expect(error.message).toContain('/etc/ovh.conf');
    expect(error.message).toContain(join(dir, 'no-such-home', '.ovh.conf'));
    expect(error.message).toContain(join(dir, 'no-such-cwd', 'ovh.conf'));
  });

  it('an explicit configFile that does not exist is a ConfigError naming it', async () => {
    const missing = join(dir, 'does-not-exist.conf');
    const good = await conf(section('ovh-eu', FILE));
    for (const configFile of [missing, [good, missing]]) {
      const error = configError(() => client({ configFile }));
      expect(error.message).toContain(missing);
      expect(error.message).toMatch(/ENOENT/);
      expectNoSecret(error.message);
    }
    expect(mock.seen).toEqual([]);
  });

  it('a configFile that is a directory is a ConfigError', () => {
    expect(() => client({ configFile: dir })).toThrow(ConfigError);
  });
});

describe('configuration errors', () => {
  it('missing pieces: lists what is missing and where it looked, never a secret value', async () => {
    const file = await conf(section('ovh-eu', { ck: FILE.ck, as: FILE.as }));
    const error = configError(() => client({ configFile: file, env: { OVH_CONSUMER_KEY: ENV.ck, OVH_APPLICATION_SECRET: ENV.as } }));
    expect(error.message).toMatch(/missing applicationKey\b/);
    expect(error.message).not.toMatch(/missing.*applicationSecret/);
    expect(error.message).toContain('OVH_APPLICATION_KEY');
    expect(error.message).toContain('application_key');
    expect(error.message).toContain(file);
    expect(error.message).toContain('[ovh-eu]');
    expectNoSecret(error.message);
    expectNoSecret(error.stack ?? '');
    expectNoSecret(JSON.stringify(error));
  });

  it('nothing configured: names both missing keys and says no ovh.conf was read', () => {
    const error = configError(() => client({ configFile: false }));
    expect(error.message).toMatch(/missing applicationKey and applicationSecret/);
    expect(error.message).toContain('OVH_APPLICATION_SECRET');
    expect(error.message).toMatch(/no ovh\.conf/);
  });

  it('OAuth2 with only a client id: says clientSecret is missing', () => {
    const error = configError(() => client({ configFile: false, env: { OVH_CLIENT_ID: 'cid' } }));
    expect(error.message).toMatch(/missing clientSecret/);
  });

  it('both kinds of credentials in the same source: ConfigError naming the sources, not the values', async () => {
    const env = { OVH_APPLICATION_KEY: ENV.ak, OVH_APPLICATION_SECRET: ENV.as, OVH_CLIENT_ID: 'cid', OVH_CLIENT_SECRET: 'oauthClientSecret-kkkk' };
    const error = configError(() => client({ configFile: false, env }));
    expect(error.message).toMatch(/Both application-key credentials and OAuth2 client credentials are configured in the same place/);
    expect(error.message).toContain('clientSecret (env)');
    expect(error.message).toContain('applicationSecret (env)');
    expectNoSecret(error.message);
    expect(() => client({ configFile: false, ...{ applicationKey: OPT.ak, applicationSecret: OPT.as, clientId: 'x', clientSecret: 'y' } })).toThrow(
      ConfigError,
    );
    const file = await conf(`${section('ovh-eu', FILE)}client_id=cid\nclient_secret=oauthClientSecret-kkkk\n`);
    expect(configError(() => client({ configFile: file, env: {} })).message).toContain(`applicationSecret (file:${file}:3)`);
  });

  it('credentials given as options win as a set over ambient ones of the other kind (a debug line names what was ignored)', async () => {
    const file = await conf(section('ovh-eu', FILE));
    const debug: string[] = [];
    const logger = { warn: () => {}, debug: (line: string) => debug.push(line) };
    // A service account given explicitly, where ovh.conf and OVH_* hold application keys: the usual setup.
    const robot = client({
      configFile: file,
      env: { OVH_APPLICATION_KEY: ENV.ak, OVH_CONSUMER_KEY: ENV.ck },
      clientId: 'EU.cid',
      clientSecret: 'oauthClientSecret-kkkk',
      logger,
    });
    expect(robot.authKind).toBe('oauth2');
    expect(debug).toEqual([
      `ovh-credentials: using OAuth2 client credentials from options; ignored applicationKey (env), applicationSecret (file:${file}:3), consumerKey (env)`,
    ]);
    expectNoSecret(debug.join('\n'));
    // Application keys given explicitly, where OVH_CLIENT_* is set in the environment.
    const signed = client({
      configFile: false,
      env: { OVH_CLIENT_ID: 'cid', OVH_CLIENT_SECRET: 'oauthClientSecret-kkkk' },
      applicationKey: OPT.ak,
      applicationSecret: OPT.as,
    });
    expect(signed.authKind).toBe('signed');
    expect(signed.applicationKey).toBe(OPT.ak);
  });

  it('describeConfig() names where each setting came from: option, env var, ovh.conf file and line; never a value', async () => {
    const file = await conf(`# mine\n[default]\nendpoint = ovh-ca\n\n${section('ovh-ca', CA)}`);
    const ovh = client({ configFile: file, env: { OVH_CONSUMER_KEY: ENV.ck }, applicationKey: OPT.ak });
    const described = ovh.describeConfig();
    expect(described).toEqual({
      endpoint: 'ovh-ca',
      baseUrl: 'https://ca.api.ovh.com/1.0',
      authKind: 'signed',
      applicationKey: OPT.ak,
      sources: { endpoint: `${file}:3`, applicationKey: 'option', applicationSecret: `${file}:7`, consumerKey: 'env OVH_CONSUMER_KEY' },
    });
    expectNoSecret(JSON.stringify(described));
    expect(client({ configFile: false, env: {}, applicationKey: OPT.ak, applicationSecret: OPT.as }).describeConfig().sources).toEqual({
      applicationKey: 'option',
      applicationSecret: 'option',
    });
  });

  it('between ambient sources, the higher one chooses the kind: env OAuth2 over ovh.conf application keys', async () => {
    const file = await conf(section('ovh-eu', FILE));
    const ovh = client({ configFile: file, env: { OVH_CLIENT_ID: 'cid', OVH_CLIENT_SECRET: 'oauthClientSecret-kkkk' } });
    expect(ovh.authKind).toBe('oauth2');
    const keys = client({ configFile: file, env: { OVH_APPLICATION_KEY: ENV.ak } });
    expect([keys.authKind, keys.applicationKey]).toEqual(['signed', ENV.ak]);
  });

  it.each([
    ['options', { endpoint: 'ovh-mars' as never }, {}], // a plain-JS caller's: TypeScript refuses it
    ['env', {}, { OVH_ENDPOINT: 'ovh-mars' }],
  ])('unknown endpoint from %s: ConfigError listing the valid ones', (_from, options, env) => {
    const error = configError(() => client({ configFile: false, applicationKey: OPT.ak, applicationSecret: OPT.as, ...options, env }));
    expect(error.message).toContain('"ovh-mars"');
    for (const name of ['ovh-eu', 'ovh-ca', 'ovh-us', 'kimsufi-eu', 'kimsufi-ca', 'soyoustart-eu', 'soyoustart-ca']) {
      expect(error.message).toContain(name);
    }
    expectNoSecret(error.message);
  });

  it('unknown endpoint from [default] in a file', async () => {
    const file = await conf(`[default]\nendpoint=ovh-moon\n${section('ovh-moon', FILE)}`);
    const error = configError(() => client({ configFile: file }));
    expect(error.message).toContain('"ovh-moon"');
    expect(error.message).toContain(file);
    expectNoSecret(error.message);
  });

  it('no consumer key: the client builds, but a signed call is refused with a ConfigError before anything is sent', async () => {
    const ovh = client({ configFile: false, applicationKey: OPT.ak, applicationSecret: OPT.as });
    await expect(ovh.get('/me')).rejects.toThrow(ConfigError);
    await expect(ovh.get('/me')).rejects.toThrow(/consumer key/);
    expect(mock.seen).toEqual([]);
  });
});

describe('ovh.conf permissions', () => {
  it('warns once, through the logger, when a file holding secrets is readable by others', async () => {
    const file = await conf(section('ovh-eu', FILE), 0o644);
    const warn = vi.fn();
    new OvhClient({ configFile: file, env: {}, logger: { warn } });
    new OvhClient({ configFile: file, env: {}, logger: { warn } });
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toContain(file);
    expect(message).toMatch(/chmod 600/);
    expect(message).toMatch(/644/);
    expectNoSecret(message);
  });

  it('group-readable counts too', async () => {
    const warn = vi.fn();
    new OvhClient({ configFile: await conf(section('ovh-eu', FILE), 0o640), env: {}, logger: { warn } });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a 0600 file does not warn, nor does a world-readable file without secrets', async () => {
    const warn = vi.fn();
    new OvhClient({ configFile: await conf(section('ovh-eu', FILE), 0o600), env: {}, logger: { warn } });
    const noSecrets = await conf('[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=AKonly\n', 0o644);
    new OvhClient({ configFile: noSecrets, env: {}, logger: { warn }, applicationSecret: OPT.as });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('property: resolveConfig on arbitrary INI text', () => {
  const line = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .constantFrom('default', 'ovh-eu', 'ovh-ca', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'a.b', '')
      .map((s) => `[${s}]`),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            'endpoint',
            'application_key',
            'application_secret',
            'consumer_key',
            'client_id',
            'client_secret',
            'name',
            'length',
            '__proto__',
            'x[]',
          ),
          fc.string({ maxLength: 10 }),
        ),
        fc.oneof(fc.constantFrom('ovh-eu', 'ovh-ca', 'nope', 'true', '', '"q"'), fc.string({ unit: 'binary', maxLength: 20 })),
      )
      .map(([k, v]) => `${k}=${v}`),
  );
  const iniText = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));

  it('never throws anything but ConfigError, and never pollutes Object', () => {
    fc.assert(
      fc.property(iniText, iniText, (a, b) => {
        try {
          resolveConfig({}, {}, [
            { path: '/a.conf', text: a },
            { path: '/b.conf', text: b },
          ]);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
    expect(Object.keys(Object)).toEqual([]);
    expect(Object.keys(Object.prototype.toString)).toEqual([]);
  });

  it('a [constructor] or [hasOwnProperty] section is just a section', () => {
    for (const name of ['constructor', 'hasOwnProperty', 'toString']) {
      expect(() => resolveConfig({}, {}, [{ path: '/x.conf', text: `[${name}]\nname=x\nlength=1\n` }])).toThrow(ConfigError);
    }
    const ok = resolveConfig({}, {}, [{ path: '/x.conf', text: '[constructor]\nname=x\n[ovh-eu]\napplication_key=a\napplication_secret=bbbb\n' }]);
    expect(ok.auth.kind).toBe('signed');
  });
});
