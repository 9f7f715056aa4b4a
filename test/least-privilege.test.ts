// Least privilege, measured: the rules leastPrivilege() derives from a run of examples/revoke-expired.ts let the
// example pass, and removing any one of them makes it fail.
import { describe, expect, it } from 'vitest';
import { main as revokeExpired } from '../examples/revoke-expired.js';
import { leastPrivilege, OvhClient, type AccessRuleGrant, type GrantInput } from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';
import { clientOn } from './helpers/resource-mocks.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Runs the example as a new service account on a fresh simulator, whose only rights are the given IAM grants. */
async function runAsServiceAccount(grants: GrantInput[]) {
  const now = () => T0;
  const sim = new OvhSimulator({ now });
  const { clientId, clientSecret } = sim.createOAuth2Client({ name: 'least-privilege' });
  const identity = sim.state.oauth2Clients.get(clientId)?.identity as string;
  for (const [i, grant] of grants.entries()) {
    sim.createPolicy({
      name: `lp-${i}`,
      identities: [identity],
      resources: [...(grant.resources ?? [])],
      permissions: { allow: grant.actions.map((action) => ({ action })) },
    });
  }
  const baseUrl = 'https://eu.api.ovh.com/1.0';
  const robot = new OvhClient({
    baseUrl,
    clientId,
    clientSecret,
    tokenUrl: 'https://www.ovh.com/auth/oauth2/token',
    fetch: sim.fetch,
    configFile: false,
    env: {},
    retry: false,
    now,
  });
  return runExample(robot, sim);
}

/** Runs examples/revoke-expired.ts with a client; it passed when it threw nothing and ended with "Done.". */
async function runExample(ovh: OvhClient, sim: OvhSimulator) {
  const lines: string[] = [];
  let error: unknown;
  try {
    await revokeExpired({ ovh, sim, log: (...args: unknown[]) => lines.push(args.join(' ')) });
  } catch (e) {
    error = e;
  }
  return { sim, lines, error, passed: error === undefined && lines.at(-1) === 'Done.' };
}

/** Runs the example on a fresh, seeded simulator; with `rules`, on a new consumer key holding only those rules. */
async function run(rules?: AccessRuleGrant[]) {
  const now = () => T0;
  const sim = new OvhSimulator({ now });
  const consumerKey = rules ? sim.createCredential({ rules }).consumerKey : sim.defaults.consumerKey;
  const { applicationKey, applicationSecret } = sim.defaults;
  const ovh = new OvhClient({
    endpoint: 'ovh-eu',
    applicationKey,
    applicationSecret,
    consumerKey,
    fetch: sim.fetch,
    configFile: false,
    env: {},
    retry: false,
    now,
  });
  return runExample(ovh, sim);
}

describe('leastPrivilege()', () => {
  it('collapses ids to *, drops /auth/*, strips the version prefix and the query, and maps calls to IAM actions', () => {
    const result = leastPrivilege(
      [
        { method: 'GET', url: 'http://127.0.0.1:8080/1.0/auth/time' },
        { method: 'GET', url: 'https://eu.api.ovh.com/1.0/me/api/credential?status=expired' },
        { method: 'DELETE', url: 'https://eu.api.ovh.com/1.0/me/api/credential/42' },
        { method: 'DELETE', path: '/me/api/credential/43' },
        { method: 'POST', path: '/cloud/project/0e4b7f2c9a1d4e6f8b3c5a7d9e1f2a4b/ai/token/3c1d2f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/renew' },
        { method: 'GET', path: '/v2/iam/policy' },
        { method: 'GET', path: '/dedicated/server/ns1234.ip-1-2-3.eu/ips' },
        { method: 'GET', path: '/dedicated/server/123456' },
      ],
      { nichandle: 'xx1111-ovh' },
    );
    expect(result.accessRules).toEqual([
      { method: 'POST', path: '/cloud/project/*/ai/token/*/renew' },
      { method: 'GET', path: '/dedicated/server/*' },
      { method: 'GET', path: '/dedicated/server/ns1234.ip-1-2-3.eu/ips' },
      { method: 'GET', path: '/me/api/credential' },
      { method: 'DELETE', path: '/me/api/credential/*' },
      { method: 'GET', path: '/v2/iam/policy' },
    ]);
    expect(result.iam).toEqual([
      {
        actions: ['account:apiovh:iam/policy/get', 'account:apiovh:me/api/credential/delete', 'account:apiovh:me/api/credential/get'],
        resources: ['urn:v1:eu:resource:account:xx1111-ovh'],
      },
      {
        actions: ['publicCloudProject:apiovh:ai/token/renew'],
        resources: ['urn:v1:eu:resource:publicCloudProject:0e4b7f2c9a1d4e6f8b3c5a7d9e1f2a4b'],
      },
    ]);
    expect(result.unknownActions).toEqual([
      { method: 'GET', path: '/dedicated/server/ns1234.ip-1-2-3.eu/ips' },
      { method: 'GET', path: '/dedicated/server/*' },
    ]);
  });

  it('the onRequest hook records what a live client sends, once per call', async () => {
    const sim = new OvhSimulator({ now: () => T0 });
    const calls: Array<{ method: string; path: string; url: string }> = [];
    const ovh = clientOn(sim, { now: () => T0, onRequest: (c) => calls.push(c) });
    await ovh.credentials.list({ status: 'expired' });
    // The call is recorded as it starts; the clock sync it needs comes next.
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET https://eu.api.ovh.com/1.0/me/api/credential?status=expired',
      'GET https://eu.api.ovh.com/1.0/auth/time',
    ]);
    expect(leastPrivilege(calls).accessRules).toEqual([{ method: 'GET', path: '/me/api/credential' }]);
  });
});

describe('on examples/revoke-expired.ts', () => {
  it('the derived rules let the example pass, and it fails when any one of them is removed', async () => {
    const full = await run();
    expect(full.passed).toBe(true);
    const { accessRules } = leastPrivilege(full.sim.requests);
    expect(accessRules).toEqual([
      { method: 'GET', path: '/me/api/credential' },
      { method: 'DELETE', path: '/me/api/credential/*' },
    ]);

    const scoped = await run(accessRules);
    expect(scoped.passed).toBe(true);
    // The same work as with the full-access key: the same expired keys found and revoked.
    expect(scoped.lines.slice(0, 2)).toEqual(full.lines.slice(0, 2));

    for (const [i, removed] of accessRules.entries()) {
      const without = await run(accessRules.filter((_, j) => j !== i));
      expect(without.passed, `the example still passed without ${removed.method} ${removed.path}`).toBe(false);
    }
  });

  it('the derived IAM grants let a service account run it, and it fails when any one action is removed', async () => {
    const full = await run();
    const { iam } = leastPrivilege(full.sim.requests, { nichandle: 'xx1111-ovh' });
    expect(iam).toEqual([
      {
        actions: ['account:apiovh:me/api/credential/delete', 'account:apiovh:me/api/credential/get'],
        resources: ['urn:v1:eu:resource:account:xx1111-ovh'],
      },
    ]);
    const allowed = await runAsServiceAccount(iam);
    expect(allowed.passed).toBe(true);
    expect(allowed.lines.slice(0, 2)).toEqual(full.lines.slice(0, 2));
    for (const action of iam[0]?.actions ?? []) {
      const without = await runAsServiceAccount([{ ...iam[0], actions: iam[0]!.actions.filter((a) => a !== action) }]);
      expect(without.passed, `the example still passed without ${action}`).toBe(false);
    }
  });
});
