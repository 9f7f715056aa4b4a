// Configuration as the official clients read it: an access token from OVH_ACCESS_TOKEN / `access_token` (go-ovh),
// node-ovh's endpoint aliases, and ovh.conf warnings carried by the ConfigError they explain.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { OvhClient, type OvhClientOptions } from '../src/client.js';
import { resolveConfig } from '../src/core/config.js';
import { ConfigError } from '../src/core/errors.js';
import { thrown } from './helpers/thrown.js';
import { getEndpoint } from '../src/core/endpoints.js';
import { setupMockApi } from './helpers/msw.js';

const configError = (make: () => unknown) => thrown(ConfigError, make);

const mock = setupMockApi();
const TOKEN = { opt: 'tokFromOptions-1111', env: 'tokFromEnv-2222', file: 'tokFromFile-3333' };
const AS = 'ASfileSecret-aaaa1111';

function conf(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ovh-fix-')), 'ovh.conf');
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}
function client(options: OvhClientOptions): OvhClient {
  return new OvhClient({ env: {}, configFile: false, logger: { warn: () => {} }, retry: false, ...options });
}
async function bearerSent(ovh: OvhClient): Promise<string | undefined> {
  mock.on('GET', '/me', () => HttpResponse.json({}), { verify: false });
  await ovh.get('/me');
  return mock.to('/1.0/me').at(-1)?.headers.authorization;
}

describe('an access token from OVH_ACCESS_TOKEN and ovh.conf (as go-ovh reads it)', () => {
  it('access_token in the endpoint section is sent as the bearer; describeConfig names the file and line, not the value', async () => {
    const path = conf(`[ovh-eu]\naccess_token = ${TOKEN.file}\n`);
    const ovh = client({ configFile: path });
    expect(ovh.authKind).toBe('bearer');
    expect(await bearerSent(ovh)).toBe(`Bearer ${TOKEN.file}`);
    expect(ovh.describeConfig().sources).toEqual({ accessToken: `${path}:2` });
    expect(JSON.stringify(ovh.describeConfig())).not.toContain(TOKEN.file);
  });

  it('precedence option > env > file, and the source is named', async () => {
    const path = conf(`[ovh-eu]\naccess_token = ${TOKEN.file}\n`);
    const env = { OVH_ACCESS_TOKEN: TOKEN.env };
    const fromEnv = client({ configFile: path, env });
    expect(await bearerSent(fromEnv)).toBe(`Bearer ${TOKEN.env}`);
    expect(fromEnv.describeConfig().sources).toEqual({ accessToken: 'env OVH_ACCESS_TOKEN' });
    const fromOption = client({ configFile: path, env, accessToken: TOKEN.opt });
    expect(await bearerSent(fromOption)).toBe(`Bearer ${TOKEN.opt}`);
    expect(fromOption.describeConfig().sources).toEqual({ accessToken: 'option' });
  });

  it('kinds do not mix: the highest source wins (the others named in a debug line); in one source a token yields to complete credentials', () => {
    const path = conf(`[ovh-eu]\napplication_key = AKfile\napplication_secret = ${AS}\n`);
    const debug: string[] = [];
    const bearer = client({ configFile: path, env: { OVH_ACCESS_TOKEN: TOKEN.env }, logger: { warn: () => {}, debug: (l) => debug.push(l) } });
    expect([bearer.authKind, bearer.applicationKey]).toEqual(['bearer', undefined]);
    expect(debug).toEqual([
      `ovh-credentials: using an access token from env; ignored applicationKey (file:${path}:2), applicationSecret (file:${path}:3)`,
    ]);
    const signed = client({ configFile: conf(`[ovh-eu]\naccess_token = ${TOKEN.file}\n`), applicationKey: 'AKopt', applicationSecret: AS });
    expect(signed.authKind).toBe('signed');

    // A CI env holding keys and OVH_ACCESS_TOKEN (for another tool) keeps working with the keys, as before the token was read.
    const mixedDebug: string[] = [];
    const mixed = conf(`[ovh-eu]\napplication_key = AKfile\napplication_secret = ${AS}\naccess_token = ${TOKEN.file}\n`);
    const keys = client({ configFile: mixed, logger: { warn: () => {}, debug: (l) => mixedDebug.push(l) } });
    expect([keys.authKind, keys.applicationKey]).toEqual(['signed', 'AKfile']);
    expect(mixedDebug.join('\n')).toContain(`ignored accessToken (file:${mixed}:4)`);
    const env = { OVH_APPLICATION_KEY: 'AKenv', OVH_APPLICATION_SECRET: AS, OVH_ACCESS_TOKEN: TOKEN.env };
    expect(client({ env }).authKind).toBe('signed');
    expect(client({ accessToken: TOKEN.opt, clientId: 'cid', clientSecret: AS }).authKind).toBe('oauth2');
    // Incomplete keys beside a token: the token is used, the key ignored (it is no longer sent as X-Ovh-Application).
    expect([
      client({ accessToken: TOKEN.opt, applicationKey: 'AKopt' }).authKind,
      client({ accessToken: TOKEN.opt, applicationKey: 'AKopt' }).applicationKey,
    ]).toEqual(['bearer', undefined]);
    // Keys and client credentials in one place still conflict.
    const error = configError(() => client({ applicationKey: 'AKopt', applicationSecret: AS, clientId: 'cid', clientSecret: AS }));
    expect(error.message).toContain('Both application-key credentials and OAuth2 client credentials are configured in the same place');
    for (const text of [TOKEN.file, TOKEN.opt, TOKEN.env, AS]) expect(error.message + debug.join('') + mixedDebug.join('')).not.toContain(text);
  });
});

describe('a token beside other credentials: complete means complete in that same source', () => {
  const full = () => conf(`[ovh-eu]\napplication_key = AKfile\napplication_secret = ${AS}\nconsumer_key = CKfile-0000\n`);
  it.each([
    ['the token and a key in the options, full keys in ovh.conf', { accessToken: TOKEN.opt, applicationKey: 'AKopt' }, {}],
    ['the token and a secret in the options, full keys in ovh.conf', { accessToken: TOKEN.opt, applicationSecret: AS }, {}],
    ['OVH_ACCESS_TOKEN and OVH_APPLICATION_KEY, full keys in ovh.conf', {}, { OVH_ACCESS_TOKEN: TOKEN.env, OVH_APPLICATION_KEY: 'AKenv' }],
    ['the token and a client id in the options, the client secret in env', { accessToken: TOKEN.opt, clientId: 'cid' }, { OVH_CLIENT_SECRET: AS }],
  ])('%s: the token is used, not a set put together from two places', (_, options, env) => {
    const ovh = client({ ...options, env, configFile: full() });
    expect([ovh.authKind, ovh.applicationKey]).toEqual(['bearer', undefined]);
  });

  it('keys and client credentials in one source conflict, whether or not a token is beside them', () => {
    const options = { applicationKey: 'AKopt', applicationSecret: AS, clientId: 'cid' };
    expect(configError(() => client(options)).message).toContain('Both application-key credentials and OAuth2 client credentials');
    expect(configError(() => client({ ...options, accessToken: TOKEN.opt })).message).toContain(
      'Both application-key credentials and OAuth2 client credentials',
    );
  });

  it("under an alias, a section holding only a misspelt key does not hide the long name's section", () => {
    const text = `[sys-eu]\napplicaton_key = x\n[soyoustart-eu]\napplication_key = AKlong\napplication_secret = ${AS}\n`;
    expect(resolveConfig({ endpoint: 'sys-eu' }, {}, [{ path: 'c', text }]).auth).toMatchObject({ applicationKey: 'AKlong' });
  });
});

describe('ovh.conf warnings travel with the ConfigError they explain', () => {
  it('a misspelt application_key: the "missing applicationKey" error names the line and the key it meant', () => {
    const path = conf(`[ovh-eu]\napplication_secret = ${AS}\napplication_kee = AKtypo\n`);
    const warnings: string[] = [];
    const error = configError(() => client({ configFile: path, logger: { warn: (l) => warnings.push(l) } }));
    expect(error.message).toMatch(/missing applicationKey/);
    expect(error.message).toContain(`${path}:3: unknown key "application_kee" (did you mean application_key?)`);
    expect(error.message).not.toContain(AS);
    expect(warnings).toEqual([]);
  });

  it('a malformed line is carried too, whatever the error (here an unknown endpoint)', () => {
    const path = '/home/me/.ovh.conf';
    const error = configError(() => resolveConfig({}, {}, [{ path, text: '[default]\nendpoint = ovh-mars\nno equals here\n' }]));
    expect(error.message).toMatch(/Unknown endpoint "ovh-mars"/);
    expect(error.message).toContain(`${path}:3: not a "key = value" line`);
  });

  it('on success they are still logged, and not repeated elsewhere', () => {
    const path = conf(`[ovh-eu]\napplication_key = AK\napplication_secret = ${AS}\nconsumer_kee = x\n`);
    const warnings: string[] = [];
    client({ configFile: path, logger: { warn: (l) => warnings.push(l) } });
    expect(warnings).toEqual([`ovh-credentials: ${path}:4: unknown key "consumer_kee" (did you mean consumer_key?); it was ignored`]);
  });
});

describe("node-ovh's endpoint aliases", () => {
  const ALIASES = [
    ['sys-eu', 'soyoustart-eu', 'https://eu.api.soyoustart.com/1.0'],
    ['sys-ca', 'soyoustart-ca', 'https://ca.api.soyoustart.com/1.0'],
    ['ks-eu', 'kimsufi-eu', 'https://eu.api.kimsufi.com/1.0'],
    ['ks-ca', 'kimsufi-ca', 'https://ca.api.kimsufi.com/1.0'],
  ] as const;

  it.each(ALIASES)('%s is %s (%s) as an option, OVH_ENDPOINT and [default] endpoint', (alias, name, v1) => {
    expect(getEndpoint(alias)).toEqual(getEndpoint(name));
    const keys = { applicationKey: 'AK', applicationSecret: AS };
    for (const ovh of [
      client({ endpoint: alias, ...keys }),
      client({ env: { OVH_ENDPOINT: alias }, ...keys }),
      client({ configFile: conf(`[default]\nendpoint = ${alias}\n`), ...keys }),
    ]) {
      expect([ovh.endpoint, ovh.baseUrl]).toEqual([name, v1]);
    }
  });

  it('the credentials come from the section named as the endpoint was given, else from its other name', () => {
    const aliasSection = resolveConfig({}, {}, [
      { path: 'a', text: `[default]\nendpoint=sys-eu\n[sys-eu]\napplication_key=AKsys\napplication_secret=${AS}\n` },
    ]);
    expect(aliasSection.auth).toMatchObject({ kind: 'signed', applicationKey: 'AKsys' });
    const longSection = resolveConfig({}, {}, [
      { path: 'b', text: `[default]\nendpoint=ks-ca\n[kimsufi-ca]\napplication_key=AKks\napplication_secret=${AS}\n` },
    ]);
    expect([longSection.endpoint, longSection.auth]).toMatchObject(['kimsufi-ca', { kind: 'signed', applicationKey: 'AKks' }]);
    const text = `[sys-eu]\napplication_key=AKsys\n[soyoustart-eu]\napplication_key=AKlong\napplication_secret=${AS}\n`;
    // One section gives the whole set: [sys-eu] holds a key, so its missing secret is not taken from [soyoustart-eu].
    expect(configError(() => resolveConfig({ endpoint: 'sys-eu' }, {}, [{ path: 'c', text }])).message).toMatch(/missing applicationSecret/);
    expect(resolveConfig({ endpoint: 'soyoustart-eu' }, {}, [{ path: 'c', text }]).auth).toMatchObject({ applicationKey: 'AKlong' });
    expect(configError(() => resolveConfig({ endpoint: 'ks-eu' }, {}, [])).message).toContain('(section [ks-eu] or [kimsufi-eu])');
  });
});
