// ovh.conf and OVH_* as the official clients read them: configparser's syntax (python-ovh), an endpoint given as a
// URL (go-ovh), a typed base URL for fromEnvironment(), lines that cannot be used reported, and OVH's new hostnames.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OvhClient } from '../src/client.js';
import { mergeConfigFiles, resolveConfig } from '../src/core/config.js';
import { getEndpoint } from '../src/core/endpoints.js';

const file = (text: string) => [{ path: '/etc/ovh.conf', text }];
const AS = 'ASparitySecret;with#odd=chars';

describe('ovh.conf syntax', () => {
  it("reads configparser's `key: value`, `#`/`;` comments and upper-case keys; a value keeps ; # = inside", () => {
    const config = resolveConfig(
      {},
      {},
      file(
        [
          '# comment',
          '; another',
          '[default]',
          'endpoint: ovh-ca',
          '',
          '[ovh-ca]',
          'Application_Key: AKparity',
          `application_secret = ${AS}`,
          'consumer_key:CKparitySecret01',
        ].join('\n'),
      ),
    );
    expect(config.endpoint).toBe('ovh-ca');
    expect(config.auth).toMatchObject({ kind: 'signed', applicationKey: 'AKparity' });
    expect(config.auth.kind === 'signed' && config.auth.applicationSecret.reveal()).toBe(AS);
    expect(config.auth.kind === 'signed' && config.auth.consumerKey?.reveal()).toBe('CKparitySecret01');
    expect(config.warnings).toEqual([]);
  });

  it('a value is text as configparser reads it, `null`, `true` and `false` included; a section name is trimmed (configparser would not)', () => {
    const config = resolveConfig({}, {}, file('[ ovh-eu ]\napplication_key = null\napplication_secret = true\nconsumer_key = false\n'));
    expect(config.auth).toMatchObject({ kind: 'signed', applicationKey: 'null' });
    expect(config.auth.kind === 'signed' && config.auth.applicationSecret.reveal()).toBe('true');
    expect(config.auth.kind === 'signed' && config.auth.consumerKey?.reveal()).toBe('false');
    expect(config.warnings).toEqual([]);
    expect(config.sources).toMatchObject({ applicationKey: 'file:/etc/ovh.conf:2' });
  });

  it('reports unknown keys and lines that are no `key = value`, by file and line, never their values', () => {
    const text = ['[ovh-eu]', 'application_key=AK', 'aplication_secret = ASsecretTypo123', 'just some words'].join('\n');
    const { problems } = mergeConfigFiles([{ path: '/home/me/.ovh.conf', text }]);
    expect(problems).toEqual([
      '/home/me/.ovh.conf:3: unknown key "aplication_secret" (did you mean application_secret?); it was ignored',
      '/home/me/.ovh.conf:4: not a "key = value" line; it was skipped',
    ]);
    expect(problems.join('\n')).not.toContain('ASsecretTypo123');
  });

  it('a client warns with them through its logger, and still uses the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovh-parity-'));
    const path = join(dir, 'ovh.conf');
    writeFileSync(path, '[ovh-eu]\napplication_key=AKfile\napplication_secret=ASfileSecret0003\nconsumer_kee=CKtypoSecret0003\n', { mode: 0o600 });
    const warnings: string[] = [];
    const ovh = new OvhClient({ env: {}, configFile: path, logger: { warn: (m) => warnings.push(m) } });
    expect([ovh.authKind, ovh.applicationKey]).toEqual(['signed', 'AKfile']);
    expect(warnings).toEqual([`ovh-credentials: ${path}:4: unknown key "consumer_kee" (did you mean consumer_key?); it was ignored`]);
  });
});

describe('an endpoint given as a URL, and fromEnvironment({ baseUrl })', () => {
  it('OVH_ENDPOINT=<url> and endpoint=<url> in ovh.conf are base URLs (credentials from the URL-named section, as go-ovh)', () => {
    const fromEnv = resolveConfig(
      {},
      { OVH_ENDPOINT: 'https://eu.api.ovh.com/1.0', OVH_APPLICATION_KEY: 'AK', OVH_APPLICATION_SECRET: 'ASenvSecret0001' },
      [],
    );
    expect([fromEnv.endpoint, fromEnv.v1, fromEnv.v2]).toEqual(['custom', 'https://eu.api.ovh.com/1.0', 'https://eu.api.ovh.com/v2']);
    const fromFile = resolveConfig(
      {},
      {},
      file('[default]\nendpoint=http://127.0.0.1:8080/1.0\n[http://127.0.0.1:8080/1.0]\napplication_key=AK\napplication_secret=ASfileSecret0001\n'),
    );
    expect([fromFile.endpoint, fromFile.v1]).toEqual(['custom', 'http://127.0.0.1:8080/1.0']);
    expect(fromFile.auth).toMatchObject({ kind: 'signed', applicationKey: 'AK' });
  });

  it('reads a section named after an IPv6 URL, `[http://[::1]:8080/1.0]`, as configparser does (login writes one for such an endpoint)', () => {
    const text = '[default]\nendpoint=http://[::1]:8080/1.0\n\n[http://[::1]:8080/1.0]\napplication_key=AK6\napplication_secret=ASfileSecret0006\n';
    const resolved = resolveConfig({}, {}, file(text));
    expect([resolved.endpoint, resolved.v1]).toEqual(['custom', 'http://[::1]:8080/1.0']);
    expect(resolved.auth).toMatchObject({ kind: 'signed', applicationKey: 'AK6' });
    expect(resolved.warnings).toEqual([]);
  });

  it('fromEnvironment({ baseUrl }) keeps the credentials from the environment', () => {
    const env = { OVH_APPLICATION_KEY: 'AKenv', OVH_APPLICATION_SECRET: 'ASenvSecret0002', OVH_CONSUMER_KEY: 'CKenvSecret0002' };
    const ovh = OvhClient.fromEnvironment({ baseUrl: 'http://127.0.0.1:9999/1.0', env, configFile: false });
    expect([ovh.endpoint, ovh.baseUrl, ovh.applicationKey]).toEqual(['custom', 'http://127.0.0.1:9999/1.0', 'AKenv']);
  });
});

describe("OVH's two generations of hostnames", () => {
  it('the defaults stay the classic hosts, as the released official clients have them; the new ones are one switch away', () => {
    expect(getEndpoint('ovh-eu')).toMatchObject({ v1: 'https://eu.api.ovh.com/1.0', tokenUrl: 'https://www.ovh.com/auth/oauth2/token' });
    expect(getEndpoint('ovh-eu', 'ovhcloud')).toMatchObject({
      v1: 'https://api.eu.ovhcloud.com/1.0',
      tokenUrl: 'https://auth.eu.ovhcloud.com/oauth2/token',
    });
    expect(getEndpoint('ovh-ca', 'ovhcloud')).toMatchObject({
      v1: 'https://api.ca.ovhcloud.com/1.0',
      tokenUrl: 'https://auth.ca.ovhcloud.com/oauth2/token',
    });
    // Where OVH announced no new host, the classic one stays.
    expect(getEndpoint('ovh-us', 'ovhcloud')?.v1).toBe('https://api.us.ovhcloud.com/1.0');
  });

  it.each([
    ['https://api.eu.ovhcloud.com/1.0', 'https://auth.eu.ovhcloud.com/oauth2/token'],
    ['https://api.ca.ovhcloud.com/1.0', 'https://auth.ca.ovhcloud.com/oauth2/token'],
    ['https://eu.api.ovh.com/1.0', 'https://www.ovh.com/auth/oauth2/token'],
    ['https://gateway.example.com/1.0', 'https://gateway.example.com/auth/oauth2/token'],
  ])('a service account on base URL %s gets the token URL %s', (baseUrl, tokenUrl) => {
    const config = resolveConfig({ baseUrl, clientId: 'EU.cid', clientSecret: 'csParitySecret01' }, {}, []);
    expect(config.auth).toMatchObject({ kind: 'oauth2', tokenUrl });
  });
});
