/**
 * The simulator's seed: a realistic account to play with. One application per status, consumer keys in every
 * state spread across them, two service accounts, and one Public Cloud project with three AI tokens (one with a quantum role). The first
 * application and its full-access key are the simulator's `defaults`. IAM: OVH's read-only `ovh-default` policy
 * (the account itself may do everything), and a `ci-deployer` policy granting the `ci-deployer` service account
 * `GET /me` and the AI tokens of the project.
 */
import { randomUUID } from 'node:crypto';
import type { AccessRule } from './access-rules.js';
import { accountUrn, addPolicy, projectUrn } from './iam.js';
import {
  addAiToken,
  addApplication,
  addCredential,
  addOAuth2Client,
  addProject,
  FULL_ACCESS_RULES,
  type CredentialStatus,
  type SimulatorState,
} from './state.js';

/** The seeded Public Cloud project id (`serviceName`), for AI token examples and tests. */
export const SIM_PROJECT_ID = '0e4b7f2c9a1d4e6f8b3c5a7d9e1f2a4b';

/** The seeded application key, secret and full-access consumer key. */
export interface SeedDefaults {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

const DAY = 86_400_000;
const get = (path: string): AccessRule => ({ method: 'GET', path });
const all = (path: string): AccessRule[] => (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((method) => ({ method, path }));

/** Adds the default application and its full-access consumer key only. */
export function seedMinimal(state: SimulatorState, now: number): SeedDefaults {
  const application = addApplication(state, { name: 'default', description: 'Seeded by OvhSimulator' });
  const credential = addCredential(state, { applicationId: application.applicationId, rules: [...FULL_ACCESS_RULES], now });
  return { applicationKey: application.applicationKey, applicationSecret: application.applicationSecret, consumerKey: credential.consumerKey };
}

/** Adds the whole demo account (see the module comment) and returns the defaults. */
export function seedAccount(state: SimulatorState, now: number): SeedDefaults {
  const defaults = seedMinimal(state, now);
  const main = [...state.applications.values()][0];
  if (main === undefined) throw new Error('seedMinimal added no application');
  const billing = addApplication(state, { name: 'billing-export', description: 'Nightly invoice export to the ERP' });
  const monitoring = addApplication(state, { name: 'old-monitoring', description: 'Former Nagios checks', status: 'inactive' });
  const leaked = addApplication(state, { name: 'leaked-script', description: 'Blocked after its secret leaked', status: 'blocked' });
  const partner = addApplication(state, { name: 'partner-console', description: 'Reseller integration', status: 'trusted' });

  const key = (
    applicationId: number,
    rules: AccessRule[],
    ageDays: number,
    extra: { status?: CredentialStatus; expiresInDays?: number; usedDaysAgo?: number; allowedIPs?: string[] } = {},
  ): void => {
    const credential = addCredential(state, {
      applicationId,
      rules,
      now: now - ageDays * DAY,
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      expiration: extra.expiresInDays === undefined ? null : now + extra.expiresInDays * DAY,
      ...(extra.allowedIPs !== undefined ? { allowedIPs: extra.allowedIPs } : {}),
    });
    if (extra.usedDaysAgo !== undefined) credential.lastUse = now - extra.usedDaysAgo * DAY;
  };
  key(main.applicationId, [get('/me')], 30, { usedDaysAgo: 0.1, expiresInDays: 335 });
  key(main.applicationId, [get('/me'), get('/me/*')], 0.01, { status: 'pendingValidation' });
  key(main.applicationId, all('/domain/*'), 2, { status: 'refused' });
  key(main.applicationId, [get('/me/bill'), get('/me/bill/*')], 400, { status: 'expired', expiresInDays: -35, usedDaysAgo: 36 });
  key(billing.applicationId, [get('/me/bill'), get('/me/bill/*')], 90, { usedDaysAgo: 1, allowedIPs: ['203.0.113.0/24'] });
  // Validated, but its expiration date has passed: the API reports it as expired.
  key(billing.applicationId, [get('/me/bill/*')], 200, { expiresInDays: -2, usedDaysAgo: 3 });
  key(monitoring.applicationId, [get('/*')], 800, { status: 'expired', expiresInDays: -400, usedDaysAgo: 401 });
  key(monitoring.applicationId, [get('/dedicated/server/*')], 700, { usedDaysAgo: 250 });
  key(leaked.applicationId, all('/*'), 60, { usedDaysAgo: 59 });
  key(partner.applicationId, [...all('/domain'), ...all('/domain/*')], 120, { usedDaysAgo: 0.5 });

  const deployer = addOAuth2Client(state, {
    now: now - 45 * DAY,
    name: 'ci-deployer',
    description: 'GitHub Actions deployer',
    flow: 'CLIENT_CREDENTIALS',
  });
  addOAuth2Client(state, {
    now: now - 10 * DAY,
    name: 'grafana-sso',
    description: 'Grafana login with OVHcloud',
    flow: 'AUTHORIZATION_CODE',
    callbackUrls: ['https://grafana.example.com/login/generic_oauth'],
  });

  addProject(state, { serviceName: SIM_PROJECT_ID, description: 'ml-experiments' });
  addAiToken(state, { serviceName: SIM_PROJECT_ID, name: 'notebook-reader', role: 'ai_training_read', now: now - 20 * DAY });
  addAiToken(state, {
    serviceName: SIM_PROJECT_ID,
    name: 'ci-trainer',
    role: 'ai_training_operator',
    labelSelector: 'team=vision',
    now: now - 5 * DAY,
  });
  // A role added to cloud.project.ai.TokenRoleEnum after the first two: real projects hold such tokens.
  addAiToken(state, { serviceName: SIM_PROJECT_ID, name: 'quantum-runner', role: 'quantum_operator', now: now - 3 * DAY });

  // Every account carries OVH's managed policy giving the account itself every right (read-only, DOC-POL).
  addPolicy(
    state,
    {
      name: 'ovh-default',
      description: 'Default policy of the account (managed by OVHcloud)',
      identities: [`urn:v1:${state.region}:identity:account:${state.account.nichandle}`],
      resources: [{ urn: `urn:v1:${state.region}:resourceGroup:${randomUUID()}` }],
      permissions: { allow: [{ action: '*' }] },
    },
    { now: now - 800 * DAY, readOnly: true },
  );
  addPolicy(
    state,
    {
      name: 'ci-deployer',
      description: 'What the GitHub Actions deployer may do',
      identities: [deployer.identity],
      resources: [{ urn: accountUrn(state) }, { urn: projectUrn(state, SIM_PROJECT_ID) }],
      permissions: { allow: [{ action: 'account:apiovh:me/get' }, { action: 'publicCloudProject:apiovh:ai/token/*' }] },
    },
    { now: now - 45 * DAY },
  );
  return defaults;
}

/**
 * The `messy-account` seed: every risky shape `ovh.audit()` looks for, planted once on top of the default
 * application and its full-access key (which the audit marks as the caller's own), so a report on it has exactly
 * the planted findings (docs/audit.md lists them). AI tokens live in the project `SIM_PROJECT_ID`; `sim.planted(name)`
 * gives the id of each planted object.
 */
export function seedMessyAccount(state: SimulatorState, now: number): SeedDefaults {
  const defaults = seedMinimal(state, now);
  const main = [...state.applications.values()][0];
  if (main === undefined) throw new Error('seedMinimal added no application');
  const blocked = addApplication(state, { name: 'leaked-script', description: 'Blocked after its secret leaked', status: 'blocked' });
  addApplication(state, { name: 'old-monitoring', description: 'Former Nagios checks, no key left' });
  // A clean key unless told otherwise: read-only, expiring in 300 days, used yesterday.
  const key = (
    name: string,
    extra: Partial<{ applicationId: number; rules: AccessRule[]; status: CredentialStatus; ageDays: number; expiresInDays: number | null }> & {
      usedDaysAgo?: number | null;
      allowedIPs?: string[];
    } = {},
  ): void => {
    const credential = addCredential(state, {
      applicationId: extra.applicationId ?? main.applicationId,
      rules: extra.rules ?? [get('/me')],
      now: now - (extra.ageDays ?? 200) * DAY,
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      expiration: extra.expiresInDays === null ? null : now + (extra.expiresInDays ?? 300) * DAY,
      ...(extra.allowedIPs !== undefined ? { allowedIPs: extra.allowedIPs } : {}),
    });
    const used = extra.usedDaysAgo === undefined ? 1 : extra.usedDaysAgo;
    credential.lastUse = used === null ? null : now - used * DAY;
    messy.set(name, credential.credentialId);
  };
  const messy = new Map<string, number | string>();
  key('expired', { expiresInDays: -10, usedDaysAgo: 12 });
  key('refused', { status: 'refused', usedDaysAgo: null });
  key('neverUsed', { ageDays: 45, usedDaysAgo: null });
  key('unused', { usedDaysAgo: 120 });
  key('canMintKeys', { rules: [get('/me'), { method: 'POST', path: '/me/api/oauth2/client' }], allowedIPs: ['203.0.113.0/24'] });
  key('noExpiration', { expiresInDays: null });
  key('noAllowedIPs', { rules: [get('/domain/*'), { method: 'PUT', path: '/domain/*' }] });
  key('pending', { status: 'pendingValidation', ageDays: 3, usedDaysAgo: null });
  key('pendingToday', { status: 'pendingValidation', ageDays: 0.1, usedDaysAgo: null });
  key('blockedApplication', { applicationId: blocked.applicationId });
  key('missingApplication', { applicationId: 199_999 });

  const sa = (name: string, description: string, ageDays = 30, flow: 'CLIENT_CREDENTIALS' | 'AUTHORIZATION_CODE' = 'CLIENT_CREDENTIALS') => {
    const client = addOAuth2Client(state, {
      now: now - ageDays * DAY,
      name,
      description,
      flow,
      ...(flow === 'AUTHORIZATION_CODE' ? { callbackUrls: ['https://grafana.example.com/login/generic_oauth'] } : {}),
    });
    messy.set(name, client.clientId);
    return client;
  };
  const deployer = sa('ci-deployer', 'GitHub Actions deployer (repo acme/site)');
  sa('forgotten-bot', 'Test of 2024, never granted anything');
  const admin = sa('admin-bot', 'Ops automation (runs on ops-1)');
  const silent = sa('no-description', '');
  const veteran = sa('veteran', 'Backup job on nas-2', 400);
  sa('grafana-sso', 'Grafana login with OVHcloud', 10, 'AUTHORIZATION_CODE');

  const policy = (name: string, identities: string[], allow: string[], extra: { expiredAt?: number; resources?: string[] } = {}) => {
    const created = addPolicy(
      state,
      {
        name,
        identities,
        resources: (extra.resources ?? [accountUrn(state)]).map((urn) => ({ urn })),
        permissions: { allow: allow.map((action) => ({ action })) },
        ...(extra.expiredAt !== undefined ? { expiredAt: extra.expiredAt } : {}),
      },
      { now: now - 30 * DAY },
    );
    messy.set(name, created.id);
  };
  // OVH's managed policy for the account itself: read-only, granting everything to the account, never a finding.
  addPolicy(
    state,
    {
      name: 'ovh-default',
      identities: [`urn:v1:${state.region}:identity:account:${state.account.nichandle}`],
      resources: [{ urn: `urn:v1:${state.region}:resource:*` }],
      permissions: { allow: [{ action: '*' }] },
    },
    { now: now - 800 * DAY, readOnly: true },
  );
  policy('ci-deployer-grant', [deployer.identity, silent.identity, veteran.identity], ['account:apiovh:me/get']);
  policy('admin-bot-grant', [admin.identity], ['*']);
  policy(
    'orphan-grant',
    [`urn:v1:${state.region}:identity:credential:${state.account.nichandle}/oauth2-EU.00000000deadbeef`],
    ['account:apiovh:me/get'],
  );
  policy('temporary-access', [deployer.identity], ['account:apiovh:me/bill/get'], { expiredAt: now - 5 * DAY });

  addProject(state, { serviceName: SIM_PROJECT_ID, description: 'ml-experiments' });
  const token = (name: string, role: 'ai_training_operator' | 'ai_training_read', ageDays: number, labelSelector: string | null = null) =>
    messy.set(name, addAiToken(state, { serviceName: SIM_PROJECT_ID, name, role, labelSelector, now: now - ageDays * DAY }).id);
  token('all-jobs-operator', 'ai_training_operator', 10);
  token('old-reader', 'ai_training_read', 200);
  token('vision-trainer', 'ai_training_operator', 5, 'team=vision');
  messyIds.set(state, messy);
  return defaults;
}

const messyIds = new WeakMap<SimulatorState, Map<string, number | string>>();

/**
 * The objects the `messy-account` seed planted, by name: credential ids (by the shape they plant, e.g. `unused`),
 * service account client ids, policy ids and AI token ids (by their names).
 */
export function messyAccountIds(state: SimulatorState): ReadonlyMap<string, number | string> {
  const ids = messyIds.get(state);
  if (ids === undefined) throw new Error('This simulator was not seeded with messy-account');
  return ids;
}
