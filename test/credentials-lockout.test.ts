// The key a client uses is protected from locking the client out: restricting its allowedIPs needs an explicit
// opt-in, as revoking it does; and a 403 "not granted" says allowedIPs may be why.
import { describe, expect, it } from 'vitest';
import { ForbiddenError, InputValidationError, OvhClient } from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function setup() {
  const sim = new OvhSimulator({ now: () => T0 });
  const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, now: () => T0, retry: false });
  const puts = () => sim.requests.filter((r) => r.method === 'PUT').map((r) => new URL(r.url).pathname);
  return { sim, ovh, puts };
}

describe('setAllowedIPs on the key in use', () => {
  it('is refused before any PUT, naming the key and the opt-in', async () => {
    const { ovh, puts } = setup();
    const current = (await ovh.auth.currentCredential()).credentialId;
    const error = await ovh.credentials.setAllowedIPs(current, ['203.0.113.0/24']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe('credentialId');
    expect((error as Error).message).toContain(`${current} is the consumer key this client uses`);
    expect((error as Error).message).toContain('{ includeCurrent: true }');
    expect(puts()).toEqual([]);
    // The client still works.
    await expect(ovh.credentials.list()).resolves.toContain(current);
  });

  it('goes through with includeCurrent: true (and then this client is locked out, with a hint that says why)', async () => {
    const { ovh, puts } = setup();
    const current = (await ovh.auth.currentCredential()).credentialId;
    await ovh.credentials.setAllowedIPs(current, ['203.0.113.0/24'], { includeCurrent: true });
    expect(puts()).toEqual([`/1.0/me/api/credential/${current}`]);
    const error = await ovh.credentials.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toContain('allowedIPs');
  });

  it('lifting the restriction (null) and restricting another key need no opt-in', async () => {
    const { ovh, sim, puts } = setup();
    const current = (await ovh.auth.currentCredential()).credentialId;
    const other = sim.createCredential({ rules: [{ method: 'GET', path: '/me' }] }).credentialId;
    await ovh.credentials.setAllowedIPs(current, null);
    await ovh.credentials.setAllowedIPs(other, ['203.0.113.0/24']);
    expect(puts()).toEqual([`/1.0/me/api/credential/${current}`, `/1.0/me/api/credential/${other}`]);
  });
});
