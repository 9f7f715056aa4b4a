// The official Node client (`ovh` on npm) against our simulator: its signed requests must be accepted, and
// refused where the real API would refuse them, so the simulator is checked by an implementation we did not write.
import { createRequire } from 'node:module';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvhClient } from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';

type Callback = (error: unknown, result?: unknown) => void;
type LegacyClient = { request(method: string, path: string, params: Record<string, unknown>, cb: Callback): void };
const legacyFactory = createRequire(import.meta.url)('ovh') as (params: Record<string, unknown>) => LegacyClient;

const sim = new OvhSimulator({ now: manualClock() });
// node-ovh speaks https to eu.api.ovh.com; msw intercepts node:https and hands each request to the simulator.
const server = setupServer(http.all('https://eu.api.ovh.com/*', ({ request }) => sim.handle(request)));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

function call(
  keys: { applicationKey: string; applicationSecret: string; consumerKey: string },
  method: string,
  path: string,
  params: Record<string, unknown> = {},
) {
  const legacy = legacyFactory({ appKey: keys.applicationKey, appSecret: keys.applicationSecret, consumerKey: keys.consumerKey, endpoint: 'ovh-eu' });
  return new Promise<{ ok: true; result: unknown } | { ok: false; status: unknown; message: unknown }>((resolve) =>
    legacy.request(method, path, params, (error, result) => resolve(error ? { ok: false, status: error, message: result } : { ok: true, result })),
  );
}

describe('the official node client against the simulator', () => {
  it('its signed GET with a query string is accepted and answered from the simulator state', async () => {
    const outcome = await call(sim.defaults, 'GET', '/me/api/credential', { status: 'expired' });
    expect(outcome.ok).toBe(true);
    // The same question through this SDK gets the same answer.
    const ours = new OvhClient({ ...sim.defaults, fetch: sim.fetch, configFile: false, env: {} });
    const expired = await ours.credentials.list({ status: 'expired' });
    expect(expired.length).toBeGreaterThan(0);
    expect((outcome as { result: number[] }).result).toEqual(expired);
    const seen = sim.requests.filter((r) => r.url.includes('/me/api/credential?'));
    expect(seen.at(-1)?.url).toBe('https://eu.api.ovh.com/1.0/me/api/credential?status=expired');
  });

  it('its signed POST with a JSON body is accepted (a service account is created)', async () => {
    const before = sim.state.oauth2Clients.size;
    const outcome = await call(sim.defaults, 'POST', '/me/api/oauth2/client', {
      name: 'legacy',
      description: 'from node-ovh',
      flow: 'CLIENT_CREDENTIALS',
    });
    expect(outcome.ok).toBe(true);
    expect(sim.state.oauth2Clients.size).toBe(before + 1);
  });

  it('a wrong application secret is refused with 400 Invalid signature', async () => {
    const outcome = await call({ ...sim.defaults, applicationSecret: 'x'.repeat(32) }, 'GET', '/me');
    expect(outcome).toEqual({ ok: false, status: 400, message: 'Invalid signature' });
  });

  it('a read-only key cannot DELETE: 403 This call has not been granted', async () => {
    const app = sim.createApplication({ name: 'legacy-ro' });
    const { consumerKey } = sim.createCredential({ applicationId: app.applicationId, rules: [{ method: 'GET', path: '/*' }] });
    const keys = { applicationKey: app.applicationKey, applicationSecret: app.applicationSecret, consumerKey };
    expect((await call(keys, 'GET', '/me')).ok).toBe(true);
    expect(await call(keys, 'DELETE', '/me/api/credential/300000005')).toEqual({ ok: false, status: 403, message: 'This call has not been granted' });
  });
});
