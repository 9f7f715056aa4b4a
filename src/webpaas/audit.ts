// `paas.audit({ project })`: Web PaaS variables that look like secrets but are not sensitive, and sensitive ones
// visible to the build as well as at runtime. A value is looked at here, in the client, and never reported.
import { z } from 'zod';
import type { CallOptions } from '../core/transport.js';
import { CALL_OPTION_KEYS, optionKeys, parseInput, requireObject, strictOptions } from '../core/options.js';
// Types only: a value import would bundle the OVH audit's rules into the webpaas entry.
import type { AuditFinding, AuditSeverity } from '../resources/audit-rules.js';
import { ProjectId } from './activities.schemas.js';
import type { VariablesResource } from './variables.js';
import type { Variable } from './variables.schemas.js';

/** The rules of `paas.audit()`. */
export const WEBPAAS_AUDIT_RULE_IDS = ['variable.secretNotSensitive', 'variable.sensitiveAtBuild'] as const;
/** The id of a Web PaaS audit rule. */
export type WebPaasAuditRuleId = (typeof WEBPAAS_AUDIT_RULE_IDS)[number];

/** Options of `paas.audit()`. */
export interface WebPaasAuditOptions extends CallOptions {
  /** The project whose variables are audited (project level). */
  project: string;
  /** Environments (branch names) whose own variables are audited too; inherited ones are reported where they are set. */
  environments?: readonly string[];
  /** Rules to turn off (`false`) by id. */
  rules?: Partial<Record<WebPaasAuditRuleId, boolean>>;
}
const KEYS = optionKeys<WebPaasAuditOptions>()([...CALL_OPTION_KEYS, 'project', 'environments', 'rules']);
const Options = z.object({
  project: ProjectId,
  environments: z.array(z.string().min(1, { error: 'must be an environment id (a branch name)' })).optional(),
  rules: z.record(z.string(), z.boolean({ error: 'must be true or false' })).optional(),
});

/** What `paas.audit()` returns. */
export interface WebPaasAuditReport {
  /** Highest severity first. Never a variable's value. */
  findings: Array<AuditFinding<WebPaasAuditRuleId>>;
  /** How many variables were looked at (inherited ones not counted again). */
  scanned: { variables: number };
}

// Names that say "secret", and values shaped like well-known tokens (their issuers' documented prefixes).
const SECRET_NAME = /(secret|token|password|key|dsn)/i;
const TOKEN_SHAPES: ReadonlyArray<readonly [string, RegExp]> = [
  ['GitHub token', /^(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})$/],
  ['GitLab token', /^glpat-[\w-]{20,}$/],
  ['AWS access key id', /^(AKIA|ASIA)[A-Z0-9]{16}$/],
  ['Slack token', /^xox[abprs]-[A-Za-z0-9-]{10,}$/],
  ['Stripe key', /^[sr]k_(live|test)_[A-Za-z0-9]{16,}$/],
  ['JSON Web Token', /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['URL with a password', /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];

/** Why a variable looks like a secret (never its value), or undefined. */
function looksSecret(v: Variable): string | undefined {
  if (SECRET_NAME.test(v.name)) return 'name';
  const shape = v.value === undefined ? undefined : TOKEN_SHAPES.find(([, re]) => re.test(v.value as string));
  return shape ? `value shaped like a ${shape[0]}` : undefined;
}

/** @internal `paas.audit()`. */
export async function auditVariables(variables: VariablesResource, options: WebPaasAuditOptions): Promise<WebPaasAuditReport> {
  requireObject(options, 'paas.audit options', 'options');
  strictOptions(options, KEYS, 'paas.audit options');
  const { project, environments = [], rules = {}, ...call } = options;
  parseInput(Options, { project, environments, rules }, 'options');
  strictOptions(rules, WEBPAAS_AUDIT_RULE_IDS, 'paas.audit rules', 'rules');
  const read: Array<{ environment?: string; variable: Variable }> = (await variables.list({ project }, call)).map((variable) => ({ variable }));
  for (const environment of environments) {
    for (const variable of await variables.list({ project, environment }, call)) {
      if (!variable.inherited) read.push({ environment, variable });
    }
  }
  const findings: WebPaasAuditReport['findings'] = [];
  for (const { environment, variable: v } of read) {
    const object = { kind: 'variable' as const, id: v.name, name: v.name, project, ...(environment ? { environment } : {}) };
    const found = (id: WebPaasAuditRuleId, severity: AuditSeverity, hit: Pick<AuditFinding, 'evidence' | 'recommendation'>) => {
      if (rules[id] !== false) findings.push({ id, severity, object, ...hit, current: false });
    };
    const why = v.is_sensitive ? undefined : looksSecret(v);
    if (why) {
      found('variable.secretNotSensitive', 'high', {
        evidence: { is_sensitive: false, matched: why },
        recommendation: `Mark it sensitive so reads no longer show its value: paas.variables.update({ project, ${environment ? 'environment, ' : ''}name, sensitive: true }).`,
      });
    }
    if (v.is_sensitive && v.visible_build && v.visible_runtime) {
      found('variable.sensitiveAtBuild', 'low', {
        evidence: { is_sensitive: true, visible_build: true, visible_runtime: true },
        recommendation: 'If only the running application needs it, hide it from the build: update it with visibleBuild: false.',
      });
    }
  }
  return { findings: findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]), scanned: { variables: read.length } };
}

const RANK: Record<AuditSeverity, number> = { high: 0, medium: 1, low: 2 };
