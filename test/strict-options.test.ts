// Rule 12: every public options object is strict at run time. A plain-JS caller's unknown or misspelt key is an
// InputValidationError that names it (and the closest known key when there is one) before anything is sent, so a
// typo cannot run a destructive default (`dryrun` would otherwise revoke every key for real).
import { describe, expect, it } from 'vitest';
import { accessRules, InputValidationError, leastPrivilege, OvhClient } from '../src/index.js';
import { OvhSimulator, SIM_PROJECT_ID, WebPaasSimulator, selfSignedCertificate, serve } from '../src/testing/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { manualClock } from './helpers/clock.js';

const sim = new OvhSimulator({ now: manualClock() });
const ovh = new OvhClient({ endpoint: 'ovh-eu', ...sim.defaults, fetch: sim.fetch, configFile: false, env: {}, retry: false });
const paasSim = new WebPaasSimulator({ now: manualClock() });
const paas = new WebPaasClient({ apiToken: paasSim.createApiToken(), fetch: paasSim.fetch, env: {}, retry: false });
const P = paasSim.defaults.project;
const CLIENT_ID = 'EU.0123456789abcdef';
const POLICY_ID = '0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90';
const rules = accessRules.readOnly('/me');
const input = { project: P, name: 'FLAG', value: 'on' };

/** What a call threw (synchronously or as a rejection); fails when it did not throw. */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    const result = run();
    // A paged list sends nothing until it is used: use it.
    await (result && typeof result === 'object' && 'all' in result ? (result as { all(): Promise<unknown> }).all() : result);
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** Asserts the refusal: an InputValidationError naming `key` (field: `key`, or the input's name), and the suggestion. */
function expectRefused(error: unknown, key: string, suggestion: string | undefined, field = key): void {
  expect(error).toBeInstanceOf(InputValidationError);
  const e = error as InputValidationError;
  expect(e.field).toBe(field);
  expect(e.message).toContain(`Unknown option \`${key}\``);
  if (suggestion) expect(e.message).toContain(`did you mean \`${suggestion}\`?`);
  else expect(e.message).not.toContain('did you mean');
  expect(e.message).toContain('Nothing was sent.');
}

// [what, the call, the unknown key, the suggestion, the field when it is the input's name rather than the key]
type Case = [string, () => unknown, string, string | undefined, string?];

describe('OVH resources: an unknown option is refused before anything is sent', () => {
  const cases: Case[] = [
    ['credentials.list filter', () => ovh.credentials.list({ stauts: 'expired' } as never), 'stauts', 'status', 'filter'],
    ['credentials.listDetails options (CredentialDetailsOptions)', () => ovh.credentials.listDetails({}, { bach: true } as never), 'bach', 'batch'],
    ['credentials.listDetails options, a bulk key', () => ovh.credentials.listDetails({}, { concurency: 5 } as never), 'concurency', 'concurrency'],
    [
      'credentials.setAllowedIPs options',
      () => ovh.credentials.setAllowedIPs(1, ['203.0.113.0/24'], { includecurrent: true } as never),
      'includecurrent',
      'includeCurrent',
    ],
    ['credentials.revokeAll selector', () => ovh.credentials.revokeAll({ stauts: 'expired' } as never), 'stauts', 'status', 'selector'],
    [
      'credentials.revokeAll options (RevokeAllOptions)',
      () => ovh.credentials.revokeAll({}, { includeCurent: true } as never),
      'includeCurent',
      'includeCurrent',
    ],
    [
      'applications.listDetails options (BulkCallOptions)',
      () => ovh.applications.listDetails({ onprogress: () => {} } as never),
      'onprogress',
      'onProgress',
    ],
    [
      'oauth2Clients.listDetails options (BulkCallOptions)',
      () => ovh.oauth2Clients.listDetails({ concurrencyy: 2 } as never),
      'concurrencyy',
      'concurrency',
    ],
    [
      'oauth2Clients.create input',
      () => ovh.oauth2Clients.create({ name: 'ci', description: 'CI', flow: 'CLIENT_CREDENTIALS', callbackUrl: [] } as never),
      'callbackUrl',
      'callbackUrls',
      'input',
    ],
    ['oauth2Clients.update patch', () => ovh.oauth2Clients.update(CLIENT_ID, { descripton: 'x' } as never), 'descripton', 'description', 'patch'],
    ['oauth2Clients.delete options', () => ovh.oauth2Clients.delete(CLIENT_ID, { detachPolicy: true } as never), 'detachPolicy', 'detachPolicies'],
    [
      'auth.requestConsumerKey request (ConsumerKeyRequest)',
      () => ovh.auth.requestConsumerKey({ accessRules: rules, redirect: 'https://x.example' } as never),
      'redirect',
      'redirection',
      'request',
    ],
    ['auth.waitForValidation options (WaitOptions)', () => ovh.auth.waitForValidation({ waittimeout: 1 } as never), 'waittimeout', 'waitTimeout'],
    [
      'aiTokens.create input (AiTokenCreate)',
      () => ovh.aiTokens.create(SIM_PROJECT_ID, { name: 'ci', role: 'read', labelselector: 'a=b' } as never),
      'labelselector',
      'labelSelector',
      'input',
    ],
    ['iam.policies.list filter', () => ovh.iam.policies.list({ identities: [] } as never), 'identities', 'identity', 'filter'],
    ['iam.policies.list options (PageOptions)', () => ovh.iam.policies.list({}, { pagesize: 10 } as never), 'pagesize', 'pageSize'],
    ['iam.policies.get options', () => ovh.iam.policies.get(POLICY_ID, { detail: true } as never), 'detail', 'details'],
    [
      'iam.policies.create input (IamPolicyInput)',
      () => ovh.iam.policies.create({ name: 'p', identities: [], resources: [], permissions: {}, expiresAt: '2030-01-01T00:00:00Z' } as never),
      'expiresAt',
      'expiredAt',
      'input',
    ],
    [
      'iam.policies.update input (IamPolicyInput)',
      () => ovh.iam.policies.update(POLICY_ID, { name: 'p', identities: [], resources: [], permission: {} } as never),
      'permission',
      'permissions',
      'input',
    ],
    ['iam.grant input (GrantInput)', () => ovh.iam.grant(CLIENT_ID, { action: ['account:apiovh:me/get'] } as never), 'action', 'actions'],
    ['iam.grants options (PageOptions)', () => ovh.iam.grants(CLIENT_ID, { cursr: 'x' } as never), 'cursr', 'cursor'],
    ['iam.revoke options (PageOptions)', () => ovh.iam.revoke(CLIENT_ID, { pageSise: 5 } as never), 'pageSise', 'pageSize'],
    ['ovh.paginate options (PageOptions)', () => ovh.paginate('/v2/iam/policy', { pagesize: 5 } as never), 'pagesize', 'pageSize'],
    ['ovh.get options (RawCallOptions)', () => ovh.get('/me', { querry: { a: 1 } } as never), 'querry', 'query'],
    ['accessRules builder options (RuleOptions)', () => accessRules.readWrite('/domain', { recusive: true } as never), 'recusive', 'recursive'],
    ['leastPrivilege options', () => leastPrivilege([], { nichandel: 'xx1111-ovh' } as never), 'nichandel', 'nichandle'],
    ['a key nothing is close to', () => ovh.credentials.revokeAll({}, { confirm: false } as never), 'confirm', undefined],
  ];

  it.each(cases)('%s', async (_what, run, key, suggestion, field) => {
    expectRefused(await thrown(run), key, suggestion, field);
    expect(sim.requests).toEqual([]);
  });

  it('revokeAll({}, { dryrun: true }) from plain JavaScript revokes nothing: refused, no DELETE, every key still there', async () => {
    const before = [...sim.state.credentials.keys()];
    expect(before.length).toBeGreaterThan(1);
    const outcome = await ovh.credentials.revokeAll({}, { dryrun: true } as never).catch((error: unknown) => error);
    expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => new URL(r.url).pathname)).toEqual([]);
    expect([...sim.state.credentials.keys()]).toEqual(before);
    expect(sim.requests).toEqual([]);
    expectRefused(outcome, 'dryrun', 'dryRun');
  });

  it('an options argument that is not an object is refused too', async () => {
    const error = await thrown(() => ovh.credentials.revokeAll({}, 'dryRun' as never));
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as Error).message).toMatch(/^Invalid revokeAll options: expected an object, got a string\. Nothing was sent\.$/);
    expect(sim.requests).toEqual([]);
  });
});

describe('Web PaaS resources: an unknown option is refused before anything is sent', () => {
  const cases: Case[] = [
    ['variables.list target (VariableTarget)', () => paas.variables.list({ project: P, enviroment: 'main' } as never), 'enviroment', 'environment'],
    ['variables.get ref (VariableRef)', () => paas.variables.get({ project: P, nmae: 'FLAG' } as never), 'nmae', 'name'],
    ['variables.create input (VariableCreate)', () => paas.variables.create({ ...input, sensitve: true } as never), 'sensitve', 'sensitive'],
    [
      'variables.update input (VariableUpdate)',
      () => paas.variables.update({ ...input, visibleRuntim: true } as never),
      'visibleRuntim',
      'visibleRuntime',
    ],
    ['variables.create options (VariableWriteOptions)', () => paas.variables.create(input, { wiat: true } as never), 'wiat', 'wait'],
    ['variables.update options (VariableWriteOptions)', () => paas.variables.update(input, { waitTimout: 5 } as never), 'waitTimout', 'waitTimeout'],
    [
      'variables.upsert options (VariableWriteOptions)',
      () => paas.variables.upsert(input, { onprogress: () => {} } as never),
      'onprogress',
      'onProgress',
    ],
    [
      'variables.delete options (VariableWriteOptions)',
      () => paas.variables.delete({ project: P, name: 'FLAG' }, { pollinterval: 5 } as never),
      'pollinterval',
      'pollInterval',
    ],
    ['activities.get input', () => paas.activities.get({ project: P, activity: 'a1' } as never), 'activity', undefined],
    ['activities.wait input', () => paas.activities.wait({ project: P, activites: ['a1'] } as never), 'activites', 'activities'],
    [
      'activities.wait options (ActivityWaitOptions)',
      () => paas.activities.wait({ project: P, activities: ['a1'] }, { polInterval: 5 } as never),
      'polInterval',
      'pollInterval',
    ],
  ];

  it.each(cases)('%s', async (_what, run, key, suggestion, field) => {
    expectRefused(await thrown(run), key, suggestion, field);
    expect(paasSim.requests).toEqual([]);
  });
});

describe('ovh-credentials/testing: the simulators refuse an unknown option', () => {
  const cases: Case[] = [
    ['new OvhSimulator options', () => new OvhSimulator({ skewSecond: 30 } as never), 'skewSecond', 'skewSeconds'],
    ['new OvhSimulator rateLimit option', () => new OvhSimulator({ rateLimit: { requests: 1, perMs: 1000, brust: 2 } } as never), 'brust', 'burst'],
    ['new WebPaasSimulator options', () => new WebPaasSimulator({ activityDuration: 5 } as never), 'activityDuration', 'activityDurationMs'],
    ['OvhSimulator listen options', () => sim.listen({ prot: 0 } as never), 'prot', 'port'],
    ['WebPaasSimulator listen options', () => paasSim.listen({ tsl: undefined } as never), 'tsl', 'tls'],
    ['serve options', () => serve(async () => new Response(), { hots: '127.0.0.1' } as never), 'hots', 'host'],
    ['failNext options', () => sim.failNext({ status: 503, time: 2 } as never), 'time', 'times'],
    ['dropNext options', () => paasSim.dropNext({ method: 'GET', pat: '/projects' } as never), 'pat', 'path'],
    ['selfSignedCertificate options', () => selfSignedCertificate({ day: 1 } as never), 'day', 'days'],
  ];

  it.each(cases)('%s', async (_what, run, key, suggestion, field) => {
    expectRefused(await thrown(run), key, suggestion, field);
  });
});

// The client constructors, every call's CallOptions and ovh.paginate's options: test/strict-client-options.test.ts.

describe('an input that is not an object is refused as such, naming the input', () => {
  const cases: Array<[string, () => unknown, string, string]> = [
    ["paas.activities.get('abc')", () => paas.activities.get('abc' as never), 'input', 'a string'],
    ['paas.activities.get(undefined)', () => paas.activities.get(undefined as never), 'input', 'undefined'],
    ['paas.activities.wait(undefined)', () => paas.activities.wait(undefined as never), 'input', 'undefined'],
    ['paas.audit(undefined)', () => paas.audit(undefined as never), 'options', 'undefined'],
    ['paas.variables.list(null)', () => paas.variables.list(null as never), 'input', 'null'],
    ['ovh.credentials.list([])', () => ovh.credentials.list([] as never), 'filter', 'an array'],
    ["ovh.oauth2Clients.create('sa')", () => ovh.oauth2Clients.create('sa' as never), 'input', 'a string'],
  ];

  it.each(cases)('%s', async (_what, run, field, got) => {
    const error = await thrown(run);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(field);
    expect((error as Error).message).toMatch(new RegExp(`^Invalid .+: expected an object, got ${got}\\. Nothing was sent\\.$`));
    expect(sim.requests).toEqual([]);
    expect(paasSim.requests).toEqual([]);
  });
});

describe('a wait is refused a poll interval past the longest timer Node sets (it would fire at once and poll in a loop)', () => {
  it.each([
    ['auth.waitForValidation', () => ovh.auth.waitForValidation({ pollInterval: 3_000_000_000 })],
    ['paas.activities.wait', () => paas.activities.wait({ project: P, activities: [] }, { pollInterval: 3_000_000_000 })],
  ])('%s', async (_what, run) => {
    const error = await thrown(run);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe('pollInterval');
    expect((error as Error).message).toContain('at most 2147483647');
  });
});
