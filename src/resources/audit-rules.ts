// The account audit's rules, in one table: per risky shape, pure functions over what the audit read (AuditData) giving
// the evidence, what to do and the safe fix. audit.ts reads the account, runs the enabled rules and builds the plan;
// docs/audit.md explains each rule.
import { parseIsoDateTime } from '../core/tolerant.js';
import type { AiToken } from './ai-tokens.schemas.js';
import type { Application } from './applications.schemas.js';
import type { Credential } from './credentials.schemas.js';
import type { IamPolicy } from './iam.schemas.js';
import type { OAuth2Client } from './oauth2-clients.schemas.js';

/** How bad a finding is: `high` lets someone do much harm, `medium` widens what a leak gives, `low` is clutter. */
export type AuditSeverity = 'high' | 'medium' | 'low';

/** What a finding is about: its kind, id and a name a person recognises (`project` for AI tokens and variables). */
export interface AuditObject {
  kind: 'credential' | 'application' | 'serviceAccount' | 'policy' | 'aiToken' | 'variable';
  id: string | number;
  name: string;
  project?: string;
  /** A Web PaaS environment-level variable's environment. */
  environment?: string;
}

/** The SDK call that fixes a finding, safe to run unattended (`report.plan()` lists them). */
export type AuditFix =
  | { call: 'credentials.delete'; args: [credentialId: number] }
  | { call: 'iam.policies.delete'; args: [policyId: string] }
  | { call: 'oauth2Clients.delete'; args: [clientId: string, options: { detachPolicies: true }] };

/** One risky thing found on the account. */
export interface AuditFinding<Id extends string = AuditRuleId> {
  /** The rule that found it, e.g. `credential.unused` (turn it off with `rules: { 'credential.unused': false }`). */
  id: Id;
  severity: AuditSeverity;
  object: AuditObject;
  /** The field values that triggered the rule (never a secret). */
  evidence: Readonly<Record<string, unknown>>;
  /** What to do, in one sentence. */
  recommendation: string;
  /** The SDK call that fixes it, when one does without a person's choice. */
  fix?: AuditFix;
  /** True when it is about what this client authenticates with: its fix is never planned. */
  current: boolean;
}

/** What the rules look at: the account as read, the time, and who the caller is. */
export interface AuditData {
  /** Epoch ms. */
  now: number;
  credentials: readonly Credential[];
  applications: readonly Application[];
  serviceAccounts: readonly OAuth2Client[];
  policies: readonly IamPolicy[];
  aiTokens: ReadonlyArray<{ project: string; token: AiToken }>;
  /** The consumer key this client signs with. */
  currentCredentialId?: number | undefined;
  /** The service account this client is. */
  currentClientId?: string | undefined;
  /** Applications keys name that are not the account's own and answered 404 (another account's are left alone). */
  goneApplications?: ReadonlySet<number>;
}

/** The rules' thresholds, in days. */
export interface AuditThresholds {
  /** A validated key never used and older than this (default 30). */
  neverUsedDays: number;
  /** A validated key not used for this long (default 90). */
  unusedDays: number;
  /** A key still waiting for validation after this long (default 1). */
  pendingDays: number;
  /** A service account (its secret cannot be rotated: it is as old as the account) older than this (default 365). */
  secretDays: number;
  /** An AI Training token older than this (default 180). */
  aiTokenDays: number;
}
/** The default thresholds. */
export const DEFAULT_THRESHOLDS: Readonly<AuditThresholds> = { neverUsedDays: 30, unusedDays: 90, pendingDays: 1, secretDays: 365, aiTokenDays: 180 };

const DAY = 86_400_000;
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ageDays = (now: number, iso: string) => Math.floor((now - parseIsoDateTime(iso)) / DAY);
const olderThan = (now: number, iso: string, days: number) => now - parseIsoDateTime(iso) > days * DAY;

const escapeRegExp = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An access-rule path (`*` matches anything, `/` included) against an API path. */
const ruleCovers = (rulePath: string, path: string) => new RegExp(`^${rulePath.split('*').map(escapeRegExp).join('.*')}$`, 's').test(path);
const revoke = (c: Credential): AuditFix => ({ call: 'credentials.delete', args: [c.credentialId] });
const deletePolicy = (p: IamPolicy): AuditFix => ({ call: 'iam.policies.delete', args: [p.id] });
const ruleText = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const writeRules = (c: Credential) => c.rules.filter((r) => WRITE.has(r.method)).map(ruleText);
const expired = (p: IamPolicy, now: number) => p.expiredAt !== null && parseIsoDateTime(p.expiredAt) <= now;

/** A service account's policies that still apply (not expired), matched by identity URN. */
function policiesOf(d: AuditData, sa: OAuth2Client): IamPolicy[] {
  const suffix = `/oauth2-${sa.clientId}`;
  return d.policies.filter((p) => !expired(p, d.now) && p.identities.some((i) => i === sa.identity || i.endsWith(suffix)));
}
/** The client id an identity URN names, when it is a service account's (`…:identity:credential:<nic>/oauth2-<id>`). */
const clientIdOf = (identity: string) => /:identity:credential:[^/]+\/oauth2-(.+)$/.exec(identity)?.[1];
const unknownIdentities = (d: AuditData, p: IamPolicy) =>
  p.readOnly
    ? []
    : p.identities.filter((i) => {
        const id = clientIdOf(i);
        return id !== undefined && !d.serviceAccounts.some((sa) => sa.clientId === id);
      });

/** What a rule goes through: a list of what was read, and the object a finding about one of them names. */
interface Source<T> {
  list: (d: AuditData) => readonly T[];
  object: (x: T, d: AuditData) => AuditObject;
}
function keyObject(c: Credential, d: AuditData): AuditObject {
  const app = d.applications.find((a) => a.applicationId === c.applicationId);
  return { kind: 'credential', id: c.credentialId, name: app ? app.name : `application ${c.applicationId}` };
}
const all: Source<Credential> = { list: (d) => d.credentials, object: keyObject };
const live: Source<Credential> = { list: (d) => d.credentials.filter((c) => c.status === 'validated'), object: keyObject };
const apps: Source<Application> = { list: (d) => d.applications, object: (a) => ({ kind: 'application', id: a.applicationId, name: a.name }) };
const accounts: Source<OAuth2Client> = {
  list: (d) => d.serviceAccounts,
  object: (sa) => ({ kind: 'serviceAccount', id: sa.clientId, name: sa.name }),
};
const policies: Source<IamPolicy> = { list: (d) => d.policies, object: (p) => ({ kind: 'policy', id: p.id, name: p.name }) };
const aiTokens: Source<{ project: string; token: AiToken }> = {
  list: (d) => d.aiTokens,
  object: ({ project, token }) => ({ kind: 'aiToken', id: token.id, name: token.spec.name, project }),
};

/** A rule's parts, for one object of its source. */
interface Spec<T> {
  /** The field values that make the rule fire (never a secret), or false when it does not. */
  evidence: (x: T, d: AuditData, t: AuditThresholds) => AuditFinding<string>['evidence'] | false;
  recommendation: string | ((x: T, d: AuditData, t: AuditThresholds) => string);
  /** The call that fixes it without a person's choice, when there is one. */
  fix?: (x: T, d: AuditData) => AuditFix | undefined;
}
type Found = Pick<AuditFinding<string>, 'object' | 'evidence' | 'recommendation' | 'fix'>;

/** A rule over one source: a finding for each object its evidence fires on. */
function rule<T>(severity: AuditSeverity, source: Source<T>, spec: Spec<T>) {
  const check = (d: AuditData, t: AuditThresholds) =>
    source.list(d).flatMap((x): Found[] => {
      const evidence = spec.evidence(x, d, t);
      if (!evidence) return [];
      const recommendation = typeof spec.recommendation === 'string' ? spec.recommendation : spec.recommendation(x, d, t);
      const fix = spec.fix?.(x, d);
      return [{ object: source.object(x, d), evidence, recommendation, ...(fix ? { fix } : {}) }];
    });
  return { severity, check };
}

/** Every rule by id: its severity and its check. */
export const AUDIT_RULES = {
  'credential.expired': rule('low', all, {
    evidence: (c) => (c.status === 'expired' || c.status === 'refused') && { status: c.status, expiration: c.expiration },
    recommendation: 'Revoke it: it can no longer be used, and it clutters every review of the account.',
    fix: revoke,
  }),
  'credential.neverUsed': rule('medium', live, {
    evidence: (c, d, t) =>
      c.lastUse === null &&
      olderThan(d.now, c.creation, t.neverUsedDays) && { lastUse: null, creation: c.creation, ageDays: ageDays(d.now, c.creation) },
    recommendation: (_c, _d, t) => `Revoke it: it was created over ${t.neverUsedDays} days ago and never used.`,
    fix: revoke,
  }),
  'credential.unused': rule('medium', live, {
    evidence: (c, d, t) =>
      c.lastUse !== null && olderThan(d.now, c.lastUse, t.unusedDays) && { lastUse: c.lastUse, unusedDays: ageDays(d.now, c.lastUse) },
    recommendation: (_c, _d, t) => `Revoke it: it has not been used for over ${t.unusedDays} days.`,
    fix: revoke,
  }),
  'credential.fullAccess': rule('high', live, {
    evidence: (c) =>
      ['GET', 'POST', 'PUT', 'DELETE'].every((m) => c.rules.some((r) => r.method === m && r.path === '/*')) && {
        rules: c.rules.filter((r) => r.path === '/*').map(ruleText),
      },
    recommendation: 'Replace it with a key limited to the calls its script makes (leastPrivilege() lists them), then revoke it.',
  }),
  'credential.canMintKeys': rule('high', live, {
    evidence: (c) => {
      const minting = c.rules.filter(
        (r) =>
          WRITE.has(r.method) &&
          ['/me/api/credential', '/me/api/oauth2/client'].some((p) => r.path.startsWith(p) || ruleCovers(r.path, p) || ruleCovers(r.path, `${p}/x`)),
      );
      return minting.length > 0 && { rules: minting.map(ruleText) };
    },
    recommendation:
      'Drop its write rules on /me/api/credential and /me/api/oauth2/client unless it manages keys: whoever holds it can create or change credentials.',
  }),
  'credential.noExpiration': rule('low', live, {
    evidence: (c) => c.expiration === null && { expiration: null },
    recommendation: 'Replace it with a key that expires (the expiration is chosen when the key is validated).',
  }),
  'credential.noAllowedIPs': rule('medium', live, {
    evidence: (c) => writeRules(c).length > 0 && !c.allowedIPs?.length && { allowedIPs: c.allowedIPs, writeRules: writeRules(c) },
    recommendation: 'Restrict it to the addresses it runs from: ovh.credentials.setAllowedIPs(id, [cidr]).',
  }),
  'credential.pendingTooLong': rule('low', all, {
    evidence: (c, d, t) =>
      c.status === 'pendingValidation' &&
      olderThan(d.now, c.creation, t.pendingDays) && { status: c.status, creation: c.creation, ageDays: ageDays(d.now, c.creation) },
    recommendation: 'Revoke it: a validation link left open can still be granted by whoever finds it.',
    fix: revoke,
  }),
  'credential.orphanApplication': rule('medium', all, {
    evidence: (c, d) => {
      const app = d.applications.find((a) => a.applicationId === c.applicationId);
      const gone = app ? app.status === 'blocked' : d.goneApplications?.has(c.applicationId) === true;
      return (
        c.status !== 'expired' && c.status !== 'refused' && gone && { applicationId: c.applicationId, application: app ? app.status : 'missing' }
      );
    },
    recommendation: 'Revoke it: its application is gone or blocked, so whatever used it is broken or abandoned.',
    fix: revoke,
  }),
  'application.noCredential': rule('low', apps, {
    evidence: (a, d) => !d.credentials.some((c) => c.applicationId === a.applicationId) && { credentials: 0 },
    recommendation: 'Delete it if nothing requests keys with it any more: ovh.applications.delete(id).',
  }),
  'application.notActive': rule('medium', apps, {
    evidence: (a) => a.status !== 'active' && a.status !== 'trusted' && { status: a.status },
    recommendation: (a) => `Find out why it is ${a.status}, then delete it (ovh.applications.delete(id)) or have it reactivated.`,
  }),
  'serviceAccount.noPolicy': rule('low', accounts, {
    evidence: (sa, d) => sa.flow !== 'AUTHORIZATION_CODE' && policiesOf(d, sa).length === 0 && { flow: sa.flow, policies: 0 },
    recommendation: 'Delete it: no IAM policy lets it do anything, so it is probably forgotten.',
    fix: (sa) => ({ call: 'oauth2Clients.delete', args: [sa.clientId, { detachPolicies: true }] }),
  }),
  'serviceAccount.broadPolicy': rule('high', accounts, {
    evidence: (sa, d) => {
      const broad = policiesOf(d, sa).flatMap((p) => {
        const actions = p.permissions.allow.map((a) => a.action).filter((a) => a === '*' || a === 'account:apiovh:*');
        const resources = p.resources.map((r) => r.urn).filter((u) => u === '*' || u.endsWith(':resource:*'));
        return actions.length || resources.length ? [{ policy: p.name, actions, resources }] : [];
      });
      return broad.length > 0 && { policies: broad };
    },
    recommendation: 'Grant it only the actions it calls, on the resources it needs (leastPrivilege() lists them).',
  }),
  'serviceAccount.noDescription': rule('low', accounts, {
    evidence: (sa) => sa.description.trim() === '' && { description: sa.description },
    recommendation: 'Describe where it is deployed: ovh.oauth2Clients.update(clientId, { description }).',
  }),
  'serviceAccount.oldSecret': rule('medium', accounts, {
    evidence: (sa, d, t) => olderThan(d.now, sa.createdAt, t.secretDays) && { createdAt: sa.createdAt, ageDays: ageDays(d.now, sa.createdAt) },
    recommendation: 'Rotate it: create a new service account with the same policies, switch to it, delete this one.',
  }),
  'policy.unknownIdentity': rule('medium', policies, {
    evidence: (p, d) => unknownIdentities(d, p).length > 0 && { unknownIdentities: unknownIdentities(d, p) },
    recommendation: (p, d) =>
      unknownIdentities(d, p).length === p.identities.length
        ? 'Delete it: every identity it grants to is gone.'
        : 'Remove the identities that are gone: ovh.iam.policies.update(id, { ...policyInput(policy), identities }).',
    fix: (p, d) => (unknownIdentities(d, p).length === p.identities.length ? deletePolicy(p) : undefined),
  }),
  'policy.expired': rule('low', policies, {
    evidence: (p, d) => !p.readOnly && expired(p, d.now) && { expiredAt: p.expiredAt },
    recommendation: 'Delete it: it grants nothing any more.',
    fix: deletePolicy,
  }),
  'aiToken.operatorAllJobs': rule('medium', aiTokens, {
    evidence: ({ token }) =>
      token.spec.role.endsWith('_operator') && !token.spec.labelSelector && { role: token.spec.role, labelSelector: token.spec.labelSelector },
    recommendation: 'Replace it with a token whose labelSelector names the jobs it operates, then delete it.',
  }),
  'aiToken.old': rule('low', aiTokens, {
    evidence: ({ token }, d, t) =>
      olderThan(d.now, token.createdAt, t.aiTokenDays) && { createdAt: token.createdAt, ageDays: ageDays(d.now, token.createdAt) },
    recommendation: 'Rotate its secret: ovh.aiTokens.renew(project, id), then update what uses it.',
  }),
};

/** The id of an audit rule. */
export type AuditRuleId = keyof typeof AUDIT_RULES;
/** Every rule id, in report order within a severity. */
export const AUDIT_RULE_IDS = Object.keys(AUDIT_RULES) as AuditRuleId[];

const RANK: Record<AuditSeverity, number> = { high: 0, medium: 1, low: 2 };
/** Sorts findings highest severity first (stable: in the order found within one severity). */
export const bySeverity = (a: Pick<AuditFinding, 'severity'>, b: Pick<AuditFinding, 'severity'>) => RANK[a.severity] - RANK[b.severity];

/** Runs the enabled rules over the data: findings by severity, then rule, then as read; the caller's own marked. */
export function runRules(data: AuditData, thresholds: AuditThresholds, enabled: readonly AuditRuleId[] = AUDIT_RULE_IDS): AuditFinding[] {
  const findings = enabled.flatMap((id) =>
    AUDIT_RULES[id].check(data, thresholds).map((hit): AuditFinding => {
      const { kind, id: objectId } = hit.object;
      const current =
        (kind === 'credential' && objectId === data.currentCredentialId) || (kind === 'serviceAccount' && objectId === data.currentClientId);
      return { id, severity: AUDIT_RULES[id].severity, ...hit, current };
    }),
  );
  return findings.sort(bySeverity);
}

/** A fix as the line of code that runs it, e.g. `ovh.credentials.delete(42)`. */
export function fixText(fix: AuditFix): string {
  return `ovh.${fix.call}(${fix.args.map((a) => JSON.stringify(a).replace(/"(\w+)":/g, '$1: ')).join(', ')})`;
}
