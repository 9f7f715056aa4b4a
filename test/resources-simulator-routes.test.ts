// The simulator's resource routes, seen through raw calls: the wire-level answers (400/404 bodies, empty bodies,
// read-only fields), the seed, the bulk seeding helper, and the loopback server with the typed resources.
import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, OvhClient } from '../src/index.js';
import { OvhSimulator, SIM_PROJECT_ID } from '../src/testing/index.js';
import { simClient } from './helpers/resource-mocks.js';
import { manualClock } from './helpers/clock.js';

/** A raw signed call: the parsed value on success, `class: message` of the error otherwise. */
async function raw(sim: OvhSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; text?: string; value?: unknown }> {
  const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, retry: false });
  try {
    const value = await ovh.request(method as 'GET', path, body);
    return { status: 200, value };
  } catch (error) {
    const e = error as { status?: number; errorClass?: string; apiMessage?: string };
    return { status: e.status ?? 0, text: `${e.errorClass}: ${e.apiMessage}` };
  }
}

describe('seed', () => {
  it('a demo account: 5 applications (every status), keys in every status, 2 service accounts, 1 project with 3 AI tokens (one quantum)', () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const apps = [...sim.state.applications.values()];
    expect(apps.map((a) => a.status).sort()).toEqual(['active', 'active', 'blocked', 'inactive', 'trusted']);
    expect(apps[0]?.applicationKey).toBe(sim.defaults.applicationKey);
    const statuses = new Set([...sim.state.credentials.values()].map((c) => c.status));
    expect(statuses).toEqual(new Set(['validated', 'pendingValidation', 'refused', 'expired']));
    expect(new Set([...sim.state.credentials.values()].map((c) => c.applicationId)).size).toBe(5);
    expect(sim.state.oauth2Clients.size).toBe(2);
    expect(SIM_PROJECT_ID).toMatch(/^[0-9a-f]{32}$/);
    expect([...sim.state.projects.keys()]).toEqual([SIM_PROJECT_ID]);
    expect([...sim.state.aiTokens.values()].map((t) => t.role)).toEqual(['ai_training_read', 'ai_training_operator', 'quantum_operator']);
  });

  it("seed: 'minimal' has only the default application and key; seed: false nothing", () => {
    const minimal = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    expect([minimal.state.applications.size, minimal.state.credentials.size, minimal.state.oauth2Clients.size, minimal.state.projects.size]).toEqual([
      1, 1, 0, 0,
    ]);
    const empty = new OvhSimulator({ now: manualClock(), seed: false });
    expect([empty.state.applications.size, empty.state.credentials.size, empty.state.projects.size]).toEqual([0, 0, 0]);
  });

  it('the default key keeps GET/POST/PUT/DELETE on /*', async () => {
    const { sim, ovh } = simClient();
    expect(await ovh.credentials.list()).toHaveLength(sim.state.credentials.size);
    const token = await ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'x', role: 'read' });
    await ovh.aiTokens.delete(SIM_PROJECT_ID, token.id);
    await ovh.credentials.setAllowedIPs([...sim.state.credentials.keys()][1]!, null);
  });

  it('seedCredentials(1000) is fast, cycles statuses, and the keys work', async () => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    const started = performance.now();
    const ids = sim.seedCredentials(1000, { status: ['validated', 'expired'] });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(sim.state.credentials.get(ids[0]!)?.status).toBe('validated');
    expect(sim.state.credentials.get(ids[1]!)?.status).toBe('expired');
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {} });
    expect(await ovh.credentials.list({ status: 'expired' })).toHaveLength(500);
    const key = sim.state.credentials.get(ids[998]!)!.consumerKey;
    await expect(ovh.withConsumerKey(key).get('/me')).resolves.toMatchObject({ nichandle: 'xx1111-ovh' });
    expect(() => sim.seedCredentials(-1)).toThrow(RangeError);
    expect(() => sim.seedCredentials(1, { applicationId: 1 })).toThrow(/Unknown applicationId/);
  });

  it('createProject() and createAiToken() add state for tests', async () => {
    const { sim, ovh } = simClient({ seed: 'minimal' });
    const project = sim.createProject();
    const { id, value } = sim.createAiToken(project, { name: 'job-reader', role: 'ai_training_read', labelSelector: 'job=42' });
    const [token] = await ovh.aiTokens.list(project);
    expect(token).toMatchObject({ id, spec: { name: 'job-reader', labelSelector: 'job=42', region: 'GRA' } });
    expect(value).toHaveLength(64);
    expect(() => sim.createProject({ serviceName: 'nope' })).toThrow(/32/);
    expect(() => sim.createAiToken('f'.repeat(32), { name: 'x', role: 'ai_training_read' })).toThrow(/Unknown project/);
  });
});

describe('wire-level answers', () => {
  it('unknown ids → 404 Client::NotFound "The requested object (… = …) does not exist"', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    expect(await raw(sim, 'GET', '/me/api/credential/42')).toEqual({
      status: 404,
      text: 'Client::NotFound: The requested object (credentialId = 42) does not exist',
    });
    expect((await raw(sim, 'DELETE', '/me/api/application/7')).text).toBe(
      'Client::NotFound: The requested object (applicationId = 7) does not exist',
    );
    expect((await raw(sim, 'PUT', '/me/api/oauth2/client/EU.nope', { name: 'x' })).status).toBe(404);
    expect((await raw(sim, 'POST', `/cloud/project/${SIM_PROJECT_ID}/ai/token/00000000-0000-0000-0000-000000000000/renew`)).status).toBe(404);
    expect((await raw(sim, 'GET', `/cloud/project/${'0'.repeat(32)}/ai/token`)).text).toBe('Client::NotFound: This service does not exist');
  });

  it('ids and filters of the wrong type → 400', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    expect((await raw(sim, 'GET', '/me/api/credential/abc')).text).toBe(
      'Client::BadRequest: [credentialId] Given data (abc) is not valid for type long',
    );
    expect((await raw(sim, 'GET', '/me/api/credential/-1')).status).toBe(400);
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, retry: false });
    await expect(ovh.get('/me/api/credential', { query: { status: 'old' } })).rejects.toMatchObject({
      status: 400,
      apiMessage: '[status] Given data (old) does not belong to the auth.CredentialStateEnum enumeration',
    });
    await expect(ovh.get('/me/api/credential', { query: { applicationId: 'x' } })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('PUT /me/api/credential/{id}: only allowedIPs can change; CIDRs are checked; the answer has no body', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const id = [...sim.state.credentials.keys()][1]!;
    expect(await raw(sim, 'PUT', `/me/api/credential/${id}`, { allowedIPs: ['10.0.0.0/8'] })).toEqual({ status: 200, value: undefined });
    expect(sim.requests.at(-1)?.body).toBe('{"allowedIPs":["10.0.0.0/8"]}');
    const readOnly = await raw(sim, 'PUT', `/me/api/credential/${id}`, { allowedIPs: null, status: 'validated' });
    expect(readOnly.status).toBe(400);
    expect(readOnly.text).toMatch(/read-only field\(s\) status/);
    const badCidr = await raw(sim, 'PUT', `/me/api/credential/${id}`, { allowedIPs: ['10.0.0.0/40'] });
    expect(badCidr).toMatchObject({ status: 400, text: expect.stringContaining('[allowedIPs.0]') });
    expect(sim.state.credentials.get(id)?.allowedIPs).toEqual(['10.0.0.0/8']);
  });

  it('POST /me/api/oauth2/client: 400 on missing name, description or flow; PUT refuses the flow', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    for (const body of [
      { description: 'd', flow: 'CLIENT_CREDENTIALS' },
      { name: 'n', flow: 'CLIENT_CREDENTIALS' },
      { name: 'n', description: 'd' },
      { name: ' ', description: 'd', flow: 'CLIENT_CREDENTIALS' },
      { name: 'n', description: 'd', flow: 'AUTHORIZATION_CODE' },
    ]) {
      expect((await raw(sim, 'POST', '/me/api/oauth2/client', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(sim.state.oauth2Clients.size).toBe(2);
    const created = await raw(sim, 'POST', '/me/api/oauth2/client', { name: 'n', description: 'd', flow: 'CLIENT_CREDENTIALS' });
    const { clientId } = created.value as { clientId: string };
    expect((await raw(sim, 'PUT', `/me/api/oauth2/client/${clientId}`, { flow: 'AUTHORIZATION_CODE' })).text).toMatch(/read-only field\(s\) flow/);
  });

  it('POST …/ai/token: 400 on a bad spec; the created token carries its secret once', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const path = `/cloud/project/${SIM_PROJECT_ID}/ai/token`;
    expect((await raw(sim, 'POST', path, { name: 'x', region: 'GRA', role: 'admin' })).status).toBe(400);
    expect((await raw(sim, 'POST', path, { name: '', region: 'GRA', role: 'ai_training_read' })).status).toBe(400);
    expect((await raw(sim, 'POST', path, { name: 'x', region: 'GRA', role: 'ai_training_read', labelSelector: 42 })).status).toBe(400);
    expect((await raw(sim, 'POST', path, { name: 'x', role: 'ai_training_read' })).status).toBe(400);
    expect(sim.state.aiTokens.size).toBe(3);
  });

  it('DELETE /me/api/oauth2/client/{id} invalidates the access tokens issued to it', async () => {
    const clock = manualClock();
    const sim = new OvhSimulator({ now: clock });
    const [clientId] = [...sim.state.oauth2Clients.keys()];
    sim.state.accessTokens.set('t'.repeat(64), { token: 't'.repeat(64), clientId: clientId!, scope: 'all', expiresAt: clock() + 60_000 });
    await raw(sim, 'DELETE', `/me/api/oauth2/client/${clientId}`);
    expect(sim.state.accessTokens.size).toBe(0);
  });
});

describe('over the loopback server (sim.listen)', () => {
  let sim: OvhSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it('the typed resources work over real HTTP', async () => {
    sim = new OvhSimulator({ now: manualClock() });
    const baseUrl = await sim.listen();
    const ovh = new OvhClient({ baseUrl, ...sim.defaults, configFile: false, env: {} });
    const details = await ovh.credentials.listDetails({ status: 'validated' });
    expect(details.length).toBeGreaterThan(0);
    const report = await ovh.credentials.revokeAll({ status: 'expired' });
    expect(report.revoked).toHaveLength(3);
    await expect(ovh.credentials.get(report.revoked[0]!)).rejects.toBeInstanceOf(NotFoundError);
    const created = await ovh.oauth2Clients.create({ name: 'ci', description: 'CI', flow: 'CLIENT_CREDENTIALS' });
    // the simulator enforces IAM for service accounts: let this one read the project's AI tokens
    sim.createPolicy({
      name: 'ci-ai-tokens',
      identities: [sim.state.oauth2Clients.get(created.clientId)!.identity],
      resources: [`urn:v1:eu:resource:publicCloudProject:${SIM_PROJECT_ID}`],
      permissions: { allow: [{ action: 'publicCloudProject:apiovh:ai/token/get' }] },
    });
    const robot = new OvhClient({
      baseUrl,
      clientId: created.clientId,
      clientSecret: created.clientSecret,
      tokenUrl: `${sim.origin}/auth/oauth2/token`,
      configFile: false,
      env: {},
    });
    expect(await robot.aiTokens.list(SIM_PROJECT_ID)).toHaveLength(3);
  });
});
