// ovh.audit() and ovh.applyAuditPlan() on the simulator: the messy-account seed gives exactly its planted findings,
// a clean account none, the plan applied in dry run and for real, the caller's key kept, options checked, and 1 000
// keys read within the fair-use limit. The simulator runs on a manual clock; no test reads the wall clock.
import { describe, expect, it } from 'vitest';
import { type AuditProgress, AUDIT_RULE_IDS, InputValidationError, OvhClient, type OvhClientOptions } from '../src/index.js';
import { OvhSimulator, SIM_PROJECT_ID } from '../src/testing/index.js';
import { manualClock, T0 } from './helpers/clock.js';

const BASE = 'https://eu.api.ovh.com/1.0';

function setup(seed: 'messy-account' | 'minimal' | false = 'messy-account', simOptions: ConstructorParameters<typeof OvhSimulator>[0] = {}) {
  const clock = manualClock();
  const sim = new OvhSimulator({ now: clock, seed, ...simOptions });
  const requests: string[] = [];
  const statuses: number[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    const response = await sim.fetch(request);
    statuses.push(response.status);
    return response;
  };
  const client = (options: Partial<OvhClientOptions> = {}) =>
    new OvhClient({ ...(seed ? sim.defaults : {}), baseUrl: BASE, fetch, now: clock, configFile: false, env: {}, ...options } as OvhClientOptions);
  return { sim, clock, requests, statuses, ovh: seed ? client() : (undefined as never), client };
}

// The planted shapes, by rule: what the messy-account seed holds, written out here (not read from the seed).
const PLANTED: Array<[string, string]> = [
  ['credential.fullAccess', 'current'],
  ['credential.canMintKeys', 'current'],
  ['credential.canMintKeys', 'canMintKeys'],
  ['serviceAccount.broadPolicy', 'admin-bot'],
  ['credential.neverUsed', 'neverUsed'],
  ['credential.unused', 'unused'],
  ['credential.noAllowedIPs', 'current'],
  ['credential.noAllowedIPs', 'noAllowedIPs'],
  ['credential.orphanApplication', 'blockedApplication'],
  ['credential.orphanApplication', 'missingApplication'],
  ['application.notActive', 'leaked-script'],
  ['serviceAccount.oldSecret', 'veteran'],
  ['policy.unknownIdentity', 'orphan-grant'],
  ['aiToken.operatorAllJobs', 'all-jobs-operator'],
  ['credential.expired', 'expired'],
  ['credential.expired', 'refused'],
  ['credential.noExpiration', 'current'],
  ['credential.noExpiration', 'noExpiration'],
  ['credential.pendingTooLong', 'pending'],
  ['application.noCredential', 'old-monitoring'],
  ['serviceAccount.noPolicy', 'forgotten-bot'],
  ['serviceAccount.noDescription', 'no-description'],
  ['policy.expired', 'temporary-access'],
  ['aiToken.old', 'old-reader'],
];

/** The object id a planted name stands for on this simulator. */
function idOf(sim: OvhSimulator, name: string): number | string {
  if (name === 'current') return [...sim.state.credentials.values()].find((c) => c.consumerKey === sim.defaults.consumerKey)?.credentialId as number;
  const app = [...sim.state.applications.values()].find((a) => a.name === name);
  return app ? app.applicationId : sim.planted(name);
}

describe('ovh.audit() on the messy-account seed', () => {
  it('finds exactly the planted shapes, each once, highest severity first, and nothing else', async () => {
    const { sim, ovh } = setup();
    const report = await ovh.audit({ projects: [SIM_PROJECT_ID] });
    expect(report.findings.map((f) => [f.id, f.object.id])).toEqual(PLANTED.map(([rule, name]) => [rule, idOf(sim, name)]));
    expect(report.findings.filter((f) => f.current).map((f) => f.id)).toEqual([
      'credential.fullAccess',
      'credential.canMintKeys',
      'credential.noAllowedIPs',
      'credential.noExpiration',
    ]);
    expect(report.scanned).toEqual({ credentials: 12, applications: 3, serviceAccounts: 6, policies: 5, aiTokens: 3 });
    expect(report.at).toBe(new Date(T0).toISOString());
  });

  it('gives each finding its evidence', async () => {
    const { sim, ovh } = setup();
    const { findings } = await ovh.audit({ projects: [SIM_PROJECT_ID] });
    const evidence = (rule: string, name: string) => findings.find((f) => f.id === rule && f.object.id === idOf(sim, name))?.evidence;
    expect(evidence('credential.fullAccess', 'current')).toEqual({ rules: ['GET /*', 'POST /*', 'PUT /*', 'PATCH /*', 'DELETE /*'] });
    expect(evidence('credential.canMintKeys', 'canMintKeys')).toEqual({ rules: ['POST /me/api/oauth2/client'] });
    expect(evidence('credential.neverUsed', 'neverUsed')).toMatchObject({ lastUse: null, ageDays: 45 });
    expect(evidence('credential.unused', 'unused')).toMatchObject({ unusedDays: 120 });
    expect(evidence('credential.noAllowedIPs', 'noAllowedIPs')).toEqual({ allowedIPs: null, writeRules: ['PUT /domain/*'] });
    expect(evidence('credential.orphanApplication', 'missingApplication')).toEqual({ applicationId: 199_999, application: 'missing' });
    expect(evidence('credential.orphanApplication', 'blockedApplication')).toMatchObject({ application: 'blocked' });
    expect(evidence('credential.expired', 'expired')).toMatchObject({ status: 'expired' });
    expect(evidence('credential.expired', 'refused')).toMatchObject({ status: 'refused' });
    expect(evidence('credential.noExpiration', 'noExpiration')).toEqual({ expiration: null });
    expect(evidence('credential.pendingTooLong', 'pending')).toMatchObject({ status: 'pendingValidation', ageDays: 3 });
    expect(evidence('application.notActive', 'leaked-script')).toEqual({ status: 'blocked' });
    expect(evidence('application.noCredential', 'old-monitoring')).toEqual({ credentials: 0 });
    expect(evidence('serviceAccount.broadPolicy', 'admin-bot')).toEqual({ policies: [{ policy: 'admin-bot-grant', actions: ['*'], resources: [] }] });
    expect(evidence('serviceAccount.noPolicy', 'forgotten-bot')).toEqual({ flow: 'CLIENT_CREDENTIALS', policies: 0 });
    expect(evidence('serviceAccount.noDescription', 'no-description')).toEqual({ description: '' });
    expect(evidence('serviceAccount.oldSecret', 'veteran')).toMatchObject({ ageDays: 400 });
    expect(evidence('policy.unknownIdentity', 'orphan-grant')).toEqual({
      unknownIdentities: ['urn:v1:eu:identity:credential:xx1111-ovh/oauth2-EU.00000000deadbeef'],
    });
    expect(evidence('policy.expired', 'temporary-access')).toHaveProperty('expiredAt');
    expect(evidence('aiToken.operatorAllJobs', 'all-jobs-operator')).toEqual({ role: 'ai_training_operator', labelSelector: null });
    expect(evidence('aiToken.old', 'old-reader')).toMatchObject({ ageDays: 200 });
    // No secret of the account in the report.
    const text = JSON.stringify(findings);
    for (const c of sim.state.credentials.values()) expect(text).not.toContain(c.consumerKey);
    for (const t of sim.state.aiTokens.values()) expect(text).not.toContain(t.value);
  });

  it('turns rules off and moves thresholds', async () => {
    const { ovh } = setup();
    const off = Object.fromEntries(AUDIT_RULE_IDS.filter((id) => id !== 'credential.unused').map((id) => [id, false]));
    expect((await ovh.audit({ rules: off })).findings.map((f) => f.id)).toEqual(['credential.unused']);
    expect((await ovh.audit({ rules: off, thresholds: { unusedDays: 121 } })).findings).toEqual([]);
  });

  it('reports its progress phase by phase', async () => {
    const { ovh } = setup();
    const seen: AuditProgress[] = [];
    await ovh.audit({ projects: [SIM_PROJECT_ID], onProgress: (p) => seen.push(p) });
    const last = new Map(seen.map((p) => [p.phase, p]));
    expect([...last.values()]).toEqual([
      { phase: 'credentials', done: 12, total: 12 },
      { phase: 'applications', done: 3, total: 3 },
      { phase: 'serviceAccounts', done: 6, total: 6 },
      { phase: 'policies', done: 5, total: 5 },
      { phase: 'aiTokens', done: 1, total: 1 },
    ]);
  });
});

describe('a clean account', () => {
  it('gives an empty report and an empty plan', async () => {
    const { sim, client, clock } = setup(false);
    const app = sim.createApplication({ name: 'billing' });
    const rules = [
      { method: 'GET' as const, path: '/me/*' },
      { method: 'GET' as const, path: '/v2/iam/*' },
    ];
    const { consumerKey } = sim.createCredential({ applicationId: app.applicationId, rules, expiration: new Date(clock() + 30 * 86_400_000) });
    const ovh = client({ applicationKey: app.applicationKey, applicationSecret: app.applicationSecret, consumerKey });
    const report = await ovh.audit();
    expect(report.findings).toEqual([]);
    expect(report.plan()).toEqual([]);
    expect(report.scanned).toMatchObject({ credentials: 1, applications: 1 });
  });
});

describe('the plan', () => {
  it("lists the safe fixes as SDK calls, never the caller's key; a dry run lists the same calls and changes nothing", async () => {
    const { sim, ovh, requests } = setup();
    const report = await ovh.audit({ projects: [SIM_PROJECT_ID] });
    const plan = report.plan();
    const id = (name: string) => JSON.stringify(idOf(sim, name));
    expect(plan.map((i) => i.text)).toEqual([
      ...['neverUsed', 'unused', 'blockedApplication', 'missingApplication', 'expired', 'refused', 'pending'].map(
        (n) => `ovh.credentials.delete(${id(n)})`,
      ),
      `ovh.iam.policies.delete(${id('orphan-grant')})`,
      `ovh.iam.policies.delete(${id('temporary-access')})`,
      `ovh.oauth2Clients.delete(${id('forgotten-bot')}, {detachPolicies: true})`,
    ]);
    const before = requests.length;
    const dry = await ovh.applyAuditPlan(plan, { dryRun: true });
    expect(dry.applied.map((i) => i.text)).toEqual(plan.map((i) => i.text));
    expect(dry).toMatchObject({ dryRun: true, alreadyGone: [], failed: [], skipped: [], keptCurrent: [] });
    expect(requests.slice(before)).toEqual(['GET /1.0/auth/currentCredential']);
  });

  it("applied for real: every item done, the caller's key still works, and a second audit has none of the fixed findings", async () => {
    const { sim, ovh } = setup();
    const first = await ovh.audit({ projects: [SIM_PROJECT_ID] });
    const plan = first.plan();
    const progress: number[] = [];
    const done = await ovh.applyAuditPlan(plan, { onProgress: (n, total) => progress.push(n / total) });
    expect(done.applied).toHaveLength(plan.length);
    expect(done).toMatchObject({ dryRun: false, failed: [], alreadyGone: [], skipped: [], keptCurrent: [] });
    expect(progress.at(-1)).toBe(1);
    await expect(ovh.auth.currentCredential()).resolves.toMatchObject({ status: 'validated' });
    expect(sim.state.oauth2Clients.has(String(idOf(sim, 'forgotten-bot')))).toBe(false);

    const second = await ovh.audit({ projects: [SIM_PROJECT_ID] });
    const fixed = new Set(plan.flatMap((i) => i.findings.map((rule) => `${rule} ${i.object.id}`)));
    expect(second.findings.filter((f) => fixed.has(`${f.id} ${f.object.id}`))).toEqual([]);
    expect(second.plan()).toEqual([]);
    // What remains is what needs a person: the caller's key, the blocked application (now also keyless), and the rest.
    expect(second.findings.map((f) => `${f.id} ${f.object.name}`)).toContain('application.noCredential leaked-script');
    expect(second.findings).toHaveLength(first.findings.length - fixed.size + 1);
  });

  it("never applies an item about the caller's own key, even one written by hand", async () => {
    const { sim, ovh } = setup();
    const current = idOf(sim, 'current') as number;
    const item = {
      call: 'credentials.delete' as const,
      args: [current] as [number],
      text: '',
      object: { kind: 'credential' as const, id: current, name: '' },
      findings: [],
    };
    const report = await ovh.applyAuditPlan([item]);
    expect(report).toMatchObject({ matched: [], applied: [], keptCurrent: [item] });
    expect(sim.state.credentials.has(current)).toBe(true);
  });

  it('reports an item already gone, and goes on', async () => {
    const { sim, ovh } = setup();
    const plan = (await ovh.audit()).plan();
    sim.state.credentials.delete(plan[0]?.args[0] as number);
    const report = await ovh.applyAuditPlan(plan);
    expect(report.alreadyGone).toEqual([plan[0]]);
    expect(report.applied).toHaveLength(plan.length - 1);
  });

  it('refuses a plan that is not one, and misspelt options, before anything is sent', async () => {
    const { ovh, requests } = setup();
    await expect(ovh.applyAuditPlan([{ call: 'applications.delete', args: [1] }] as never)).rejects.toThrow(InputValidationError);
    await expect(ovh.applyAuditPlan([], { dryrun: true } as never)).rejects.toThrow(/Unknown option `dryrun`.*did you mean `dryRun`/);
    // a dryRun that is not a boolean (0 or '' would have applied the plan for real) is refused
    await expect(ovh.applyAuditPlan([], { dryRun: 0 } as never)).rejects.toThrow(/options.dryRun: must be true or false/);
    expect(requests).toEqual([]);
  });
});

describe('audit options', () => {
  it.each([
    [{ rule: {} }, /Unknown option `rule` in audit options: did you mean `rules`\?/],
    [{ rules: { 'credential.unsued': false } }, /Unknown option `credential.unsued` in audit rules: did you mean `credential.unused`\?/],
    [{ thresholds: { unusedDay: 1 } }, /did you mean `unusedDays`\?/],
    [{ thresholds: { unusedDays: -1 } }, /thresholds.unusedDays: must be a positive number of days/],
    [{ rules: { 'credential.unused': 'no' } }, /rules.credential.unused: must be true or false/],
    [{ projects: 'abc' }, /projects: must be an array of project ids/],
    [{ onProgress: 'log' }, /options.onProgress: must be a function/],
    [{ concurrency: 0 }, /options.concurrency/],
    [{ batch: 500 }, /options.batch: must be true, false or a number from 1 to 100/],
  ])('refuses %j before anything is sent', async (options, message) => {
    const { ovh, requests } = setup();
    const error = await ovh.audit(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(String(error)).toMatch(message);
    expect(requests).toEqual([]);
  });
});

describe('a service account auditing', () => {
  it('marks findings about itself as current, and plans nothing against itself', async () => {
    const { sim, clock } = setup();
    const clientId = String(sim.planted('admin-bot'));
    const secret = sim.state.oauth2Clients.get(clientId)?.clientSecret as string;
    const { fetch } = sim;
    const tokenUrl = 'https://eu.api.ovh.com/auth/oauth2/token';
    const robot = new OvhClient({ baseUrl: BASE, tokenUrl, clientId, clientSecret: secret, fetch, now: clock, configFile: false, env: {} });
    const report = await robot.audit();
    expect(report.findings.filter((f) => f.current).map((f) => [f.id, f.object.id])).toEqual([['serviceAccount.broadPolicy', clientId]]);
    // The consumer keys' findings are not the service account's: none is marked.
    expect(report.findings.filter((f) => f.object.kind === 'credential').every((f) => !f.current)).toBe(true);
    const own = {
      call: 'oauth2Clients.delete' as const,
      args: [clientId, { detachPolicies: true }] as [string, { detachPolicies: true }],
      text: '',
      object: { kind: 'serviceAccount' as const, id: clientId, name: '' },
      findings: [],
    };
    expect(await robot.applyAuditPlan([own])).toMatchObject({ applied: [], keptCurrent: [own] });
    expect(sim.state.oauth2Clients.has(clientId)).toBe(true);
  });
});

describe('fair use', () => {
  it('audits 1 000 keys within 60 requests a minute (batch reads), reporting progress, without a 429', async () => {
    const { sim, ovh, requests, statuses } = setup('minimal', { rateLimit: { requests: 60, perMs: 60_000 } });
    sim.seedCredentials(999, { rules: [{ method: 'GET', path: '/me' }] });
    const progress: number[] = [];
    const report = await ovh.audit({ onProgress: (p) => p.phase === 'credentials' && progress.push(p.done) });
    expect(report.scanned.credentials).toBe(1000);
    // The clock never moved: every request fell in the same minute, and the simulator refused none.
    expect(requests.length).toBeLessThanOrEqual(60);
    expect(requests.filter((r) => r.startsWith('GET /1.0/me/api/credential/'))).toHaveLength(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(progress).toHaveLength(20);
    expect(progress.at(-1)).toBe(1000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Each new key is validated, never used and expires never: the report says so for each of them.
    expect(report.findings.filter((f) => f.id === 'credential.noExpiration')).toHaveLength(1000);
  });
});
