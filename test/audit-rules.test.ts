// Each audit rule alone, as a pure function over hand-built data: a shape that triggers it (with its evidence) and
// the nearest shape that must not.
import { describe, expect, it } from 'vitest';
import { AUDIT_RULES, type AuditData, type AuditRuleId, DEFAULT_THRESHOLDS, fixText, runRules } from '../src/resources/audit-rules.js';
import type { AiToken, Application, Credential, IamPolicy, OAuth2Client } from '../src/index.js';

const NOW = Date.UTC(2025, 0, 1, 12);
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();
const NIC = 'xx1111-ovh';
const identity = (clientId: string) => `urn:v1:eu:identity:credential:${NIC}/oauth2-${clientId}`;

const app = (extra: Partial<Application> = {}): Application => ({
  applicationId: 1,
  applicationKey: 'ak',
  name: 'app',
  description: '',
  status: 'active',
  ...extra,
});
const key = (extra: Partial<Credential> = {}): Credential => ({
  credentialId: 10,
  applicationId: 1,
  creation: at(200),
  expiration: at(-100),
  lastUse: at(1),
  ovhSupport: false,
  rules: [{ method: 'GET', path: '/me' }],
  status: 'validated',
  allowedIPs: null,
  ...extra,
});
const sa = (extra: Partial<OAuth2Client> = {}): OAuth2Client => ({
  callbackUrls: null,
  clientId: 'EU.1',
  createdAt: at(30),
  description: 'CI on runner-1',
  flow: 'CLIENT_CREDENTIALS',
  identity: identity('EU.1'),
  name: 'ci',
  ...extra,
});
const policy = (extra: Partial<IamPolicy> = {}): IamPolicy => ({
  id: 'p1',
  name: 'grant',
  description: null,
  identities: [identity('EU.1')],
  resources: [{ urn: `urn:v1:eu:resource:account:${NIC}` }],
  permissions: { allow: [{ action: 'account:apiovh:me/get' }], except: [], deny: [] },
  permissionsGroups: [],
  conditions: null,
  expiredAt: null,
  owner: NIC,
  readOnly: false,
  createdAt: at(30),
  updatedAt: null,
  ...extra,
});
const token = (spec: Partial<AiToken['spec']> = {}, createdAt = at(10)): AiToken => ({
  id: 't1',
  createdAt,
  updatedAt: createdAt,
  spec: { name: 'trainer', region: 'GRA', role: 'ai_training_read', labelSelector: null, ...spec },
  status: { value: null, version: 1 },
});

/** A clean account, with what a test puts in it. */
const data = (extra: Partial<AuditData> = {}): AuditData => ({
  now: NOW,
  credentials: [key()],
  applications: [app()],
  serviceAccounts: [sa()],
  policies: [policy()],
  aiTokens: [{ project: 'p', token: token() }],
  ...extra,
});
const run = (id: AuditRuleId, d: AuditData, thresholds = DEFAULT_THRESHOLDS) => runRules(d, thresholds, [id]);

describe('the clean baseline', () => {
  it('has no finding under any rule', () => {
    expect(runRules(data(), DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe('consumer keys', () => {
  it.each(['expired', 'refused'] as const)('credential.expired: a %s key still present, revoked by the fix', (status) => {
    const [f, ...more] = run('credential.expired', data({ credentials: [key(), key({ credentialId: 11, status })] }));
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'low', object: { kind: 'credential', id: 11, name: 'app' }, evidence: { status } });
    expect(fixText(f?.fix ?? { call: 'credentials.delete', args: [0] })).toBe('ovh.credentials.delete(11)');
  });

  it('credential.neverUsed: validated, never used, older than neverUsedDays; not a younger one', () => {
    const d = data({ credentials: [key({ lastUse: null, creation: at(31) }), key({ credentialId: 11, lastUse: null, creation: at(29) })] });
    expect(run('credential.neverUsed', d).map((f) => [f.object.id, f.evidence])).toEqual([[10, { lastUse: null, creation: at(31), ageDays: 31 }]]);
    expect(run('credential.neverUsed', d, { ...DEFAULT_THRESHOLDS, neverUsedDays: 40 })).toEqual([]);
  });

  it('credential.unused: last used longer ago than unusedDays', () => {
    const d = data({ credentials: [key({ lastUse: at(91) }), key({ credentialId: 11, lastUse: at(89) })] });
    expect(run('credential.unused', d).map((f) => [f.object.id, f.evidence.unusedDays])).toEqual([[10, 91]]);
  });

  it('credential.fullAccess: GET, POST, PUT and DELETE on /*; not GET /* alone', () => {
    const all = (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({ method, path: '/*' }));
    const d = data({ credentials: [key({ rules: all, allowedIPs: ['203.0.113.0/24'] }), key({ credentialId: 11, rules: [all[0] as never] })] });
    const [f, ...more] = run('credential.fullAccess', d);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', object: { id: 10 }, evidence: { rules: ['GET /*', 'POST /*', 'PUT /*', 'DELETE /*'] } });
    expect(f?.fix).toBeUndefined();
  });

  it.each([
    ['POST', '/me/api/oauth2/client', true],
    ['PUT', '/me/api/credential/*', true],
    ['DELETE', '/me/*', true],
    ['POST', '/*', true],
    ['POST', '/me/api/credential*', true],
    ['GET', '/me/api/credential/*', false],
    ['POST', '/domain/*', false],
    ['PUT', '/me/bill', false],
  ] as const)('credential.canMintKeys: %s %s → %s', (method, path, found) => {
    const d = data({ credentials: [key({ rules: [{ method, path }] })] });
    expect(run('credential.canMintKeys', d).map((f) => f.evidence)).toEqual(found ? [{ rules: [`${method} ${path}`] }] : []);
  });

  it('credential.noExpiration: a validated key without expiration; not an expired one', () => {
    const d = data({ credentials: [key({ expiration: null }), key({ credentialId: 11, expiration: null, status: 'expired' })] });
    expect(run('credential.noExpiration', d).map((f) => f.object.id)).toEqual([10]);
  });

  it('credential.noAllowedIPs: a key that can write, with no allowedIPs; not one restricted, nor a read-only one', () => {
    const write = [{ method: 'PUT' as const, path: '/domain/*' }];
    const d = data({
      credentials: [
        key({ rules: write, allowedIPs: [] }),
        key({ credentialId: 11, rules: write, allowedIPs: ['203.0.113.0/24'] }),
        key({ credentialId: 12 }),
      ],
    });
    expect(run('credential.noAllowedIPs', d).map((f) => [f.object.id, f.evidence])).toEqual([
      [10, { allowedIPs: [], writeRules: ['PUT /domain/*'] }],
    ]);
  });

  it('credential.pendingTooLong: pending for more than pendingDays', () => {
    const d = data({
      credentials: [key({ status: 'pendingValidation', creation: at(2) }), key({ credentialId: 11, status: 'pendingValidation', creation: at(0.5) })],
    });
    expect(run('credential.pendingTooLong', d).map((f) => [f.object.id, f.evidence.ageDays])).toEqual([[10, 2]]);
  });

  it("credential.orphanApplication: its application is gone (a 404) or blocked; not inactive, not another account's", () => {
    const d = data({
      applications: [app(), app({ applicationId: 2, status: 'blocked', name: 'leaked' }), app({ applicationId: 3, status: 'inactive' })],
      credentials: [
        key({ applicationId: 2 }),
        key({ credentialId: 11, applicationId: 9 }),
        key({ credentialId: 12, applicationId: 3 }),
        // a third-party tool's application: not listed by /me/api/application, but alive
        key({ credentialId: 13, applicationId: 77 }),
      ],
      goneApplications: new Set([9]),
    });
    expect(run('credential.orphanApplication', d).map((f) => [f.object, f.evidence])).toEqual([
      [
        { kind: 'credential', id: 10, name: 'leaked' },
        { applicationId: 2, application: 'blocked' },
      ],
      [
        { kind: 'credential', id: 11, name: 'application 9' },
        { applicationId: 9, application: 'missing' },
      ],
    ]);
  });
});

describe('applications', () => {
  it('application.noCredential: an application no key belongs to (expired keys count)', () => {
    const d = data({
      applications: [app(), app({ applicationId: 2, name: 'empty' }), app({ applicationId: 3 })],
      credentials: [key(), key({ applicationId: 3, status: 'expired' })],
    });
    expect(run('application.noCredential', d).map((f) => f.object)).toEqual([{ kind: 'application', id: 2, name: 'empty' }]);
  });

  it('application.notActive: blocked or inactive; active and trusted are fine', () => {
    const d = data({
      applications: (['active', 'trusted', 'blocked', 'inactive'] as const).map((status, i) => app({ applicationId: i + 1, status })),
    });
    expect(run('application.notActive', d).map((f) => f.evidence)).toEqual([{ status: 'blocked' }, { status: 'inactive' }]);
  });
});

describe('service accounts', () => {
  it('serviceAccount.noPolicy: a client-credentials account no live policy names; an authorization-code one is fine', () => {
    const d = data({
      serviceAccounts: [sa(), sa({ clientId: 'EU.2', identity: null, name: 'lost' }), sa({ clientId: 'EU.3', flow: 'AUTHORIZATION_CODE' })],
      policies: [policy(), policy({ id: 'p2', identities: [identity('EU.2')], expiredAt: at(1) })],
    });
    const [f, ...more] = run('serviceAccount.noPolicy', d);
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      object: { id: 'EU.2', name: 'lost' },
      fix: { call: 'oauth2Clients.delete', args: ['EU.2', { detachPolicies: true }] },
    });
  });

  it('serviceAccount.noPolicy: a policy naming the account by its URN, when the API leaves identity null, counts', () => {
    expect(run('serviceAccount.noPolicy', data({ serviceAccounts: [sa({ identity: null })] }))).toEqual([]);
  });

  it.each([
    [{ permissions: { allow: [{ action: '*' }], except: [], deny: [] } }, { actions: ['*'], resources: [] }],
    [{ permissions: { allow: [{ action: 'account:apiovh:*' }], except: [], deny: [] } }, { actions: ['account:apiovh:*'], resources: [] }],
    [{ resources: [{ urn: 'urn:v1:eu:resource:*' }] }, { actions: [], resources: ['urn:v1:eu:resource:*'] }],
  ])('serviceAccount.broadPolicy: %j', (extra, evidence) => {
    const d = data({ policies: [policy(extra as Partial<IamPolicy>)] });
    expect(run('serviceAccount.broadPolicy', d).map((f) => f.evidence)).toEqual([{ policies: [{ policy: 'grant', ...evidence }] }]);
    expect(run('serviceAccount.broadPolicy', data({ policies: [policy({ ...(extra as Partial<IamPolicy>), expiredAt: at(1) })] }))).toEqual([]);
  });

  it('serviceAccount.noDescription: empty or blank', () => {
    const d = data({ serviceAccounts: [sa(), sa({ clientId: 'EU.2', description: '  ' })] });
    expect(run('serviceAccount.noDescription', d).map((f) => f.object.id)).toEqual(['EU.2']);
  });

  it('serviceAccount.oldSecret: created (so its secret issued) longer ago than secretDays', () => {
    const d = data({ serviceAccounts: [sa({ createdAt: at(366) }), sa({ clientId: 'EU.2', createdAt: at(364) })] });
    expect(run('serviceAccount.oldSecret', d).map((f) => [f.object.id, f.evidence.ageDays])).toEqual([['EU.1', 366]]);
  });
});

describe('IAM policies', () => {
  it('policy.unknownIdentity: deleted when every identity is gone, left to a person when some remain; read-only ones skipped', () => {
    const gone = identity('EU.gone');
    const account = `urn:v1:eu:identity:account:${NIC}`;
    const d = data({
      policies: [
        policy(),
        policy({ id: 'p2', identities: [gone] }),
        policy({ id: 'p3', identities: [identity('EU.1'), gone, account] }),
        policy({ id: 'p4', identities: [gone], readOnly: true }),
      ],
    });
    const found = run('policy.unknownIdentity', d);
    expect(found.map((f) => [f.object.id, f.evidence, f.fix])).toEqual([
      ['p2', { unknownIdentities: [gone] }, { call: 'iam.policies.delete', args: ['p2'] }],
      ['p3', { unknownIdentities: [gone] }, undefined],
    ]);
  });

  it('policy.expired: expiredAt in the past; not in the future', () => {
    const d = data({ policies: [policy({ expiredAt: at(1) }), policy({ id: 'p2', expiredAt: at(-1) })] });
    expect(run('policy.expired', d).map((f) => [f.object.id, f.evidence])).toEqual([['p1', { expiredAt: at(1) }]]);
  });
});

describe('AI Training tokens', () => {
  it('aiToken.operatorAllJobs: an operator role without labelSelector; not one with, nor a reader', () => {
    const d = data({
      aiTokens: [
        { project: 'p', token: token({ role: 'ai_training_operator' }) },
        { project: 'p', token: token({ role: 'quantum_operator', labelSelector: 'team=a' }) },
        { project: 'p', token: token({ role: 'ai_training_read' }) },
      ],
    });
    expect(run('aiToken.operatorAllJobs', d).map((f) => [f.object, f.evidence])).toEqual([
      [
        { kind: 'aiToken', id: 't1', name: 'trainer', project: 'p' },
        { role: 'ai_training_operator', labelSelector: null },
      ],
    ]);
  });

  it('aiToken.old: created longer ago than aiTokenDays', () => {
    const d = data({
      aiTokens: [
        { project: 'p', token: token({}, at(181)) },
        { project: 'p', token: token({}, at(179)) },
      ],
    });
    expect(run('aiToken.old', d).map((f) => f.evidence.ageDays)).toEqual([181]);
  });
});

describe('runRules', () => {
  it("marks findings about the caller's own key and service account, and sorts by severity", () => {
    const d = data({
      credentials: [key({ expiration: null, rules: [{ method: 'DELETE', path: '/*' }] })],
      serviceAccounts: [sa({ description: '' })],
      currentCredentialId: 10,
      currentClientId: 'EU.1',
    });
    const found = runRules(d, DEFAULT_THRESHOLDS);
    expect(found.map((f) => [f.severity, f.id, f.current])).toEqual([
      ['high', 'credential.canMintKeys', true],
      ['medium', 'credential.noAllowedIPs', true],
      ['low', 'credential.noExpiration', true],
      ['low', 'serviceAccount.noDescription', true],
    ]);
  });

  it('every rule of the table has a test above', () => {
    expect(Object.keys(AUDIT_RULES)).toHaveLength(19);
  });
});
