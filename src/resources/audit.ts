// `ovh.audit()` and `ovh.applyAuditPlan()`: read the account within fair use (batch reads of keys, bounded
// concurrency, the client's rate limit), run the rules of audit-rules.ts, and apply the safe fixes they plan.
import { z } from 'zod';
import { type BulkOptions, mapSettled } from '../core/concurrency.js';
import { NotFoundError } from '../core/errors.js';
import type { CallOptions, Transport } from '../core/transport.js';
import { CALL_OPTION_KEYS, functionSchema, optionKeys, parseInput, strictOptions } from '../core/options.js';
import type { OvhClient } from '../client.js';
import {
  AUDIT_RULE_IDS,
  type AuditData,
  type AuditFinding,
  type AuditFix,
  type AuditObject,
  type AuditRuleId,
  type AuditThresholds,
  DEFAULT_THRESHOLDS,
  fixText,
  runRules,
} from './audit-rules.js';
import { BULK_OPTION_KEYS, Concurrency, splitBulkOptions } from './bulk.js';
import { BatchSize } from './credentials.js';

/** Where the audit is in its reads: `done` of `total` objects of one kind. */
export interface AuditProgress {
  phase: 'credentials' | 'applications' | 'serviceAccounts' | 'policies' | 'aiTokens';
  done: number;
  total: number;
}

/** Options of `ovh.audit()`. */
export interface AuditOptions extends CallOptions {
  /** Public Cloud projects whose AI Training tokens are audited (none by default). */
  projects?: readonly string[];
  /** Rules to turn off (`false`) by id, e.g. `{ 'credential.noExpiration': false }`. */
  rules?: Partial<Record<AuditRuleId, boolean>>;
  /** Thresholds in days; see DEFAULT_THRESHOLDS. */
  thresholds?: Partial<AuditThresholds>;
  /** Read consumer keys with OVH's batch reads (`X-Ovh-Batch`): `true` (default) 50 per request, 1–100, or `false` one per key. */
  batch?: boolean | number;
  /** At most how many requests at once (default 20; see BulkOptions). */
  concurrency?: number;
  /** Called as objects are read. */
  onProgress?: (progress: AuditProgress) => void;
}
const AUDIT_KEYS = optionKeys<AuditOptions>()([...CALL_OPTION_KEYS, 'projects', 'rules', 'thresholds', 'batch', 'concurrency', 'onProgress']);
const THRESHOLD_KEYS = Object.keys(DEFAULT_THRESHOLDS);
const Days = z.number().positive({ error: 'must be a positive number of days' }).optional();
// Every value checked before the first request: a mistake here must not surface after reads were sent.
const Input = z.object({
  thresholds: z.object(Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, Days]))),
  rules: z.record(z.string(), z.boolean({ error: 'must be true or false' })),
  projects: z.array(z.string().min(1, { error: 'must be a project id' }), { error: 'must be an array of project ids' }),
  options: z.object({
    batch: z
      .custom<boolean | number>((v) => v === false || BatchSize.safeParse(v).success, { error: 'must be true, false or a number from 1 to 100' })
      .optional(),
    concurrency: Concurrency.optional(),
    onProgress: functionSchema<(progress: AuditProgress) => void>().optional(),
  }),
});

/** A fix of the plan: the call, the line of code it is, the object, and the findings it fixes. */
export type AuditPlanItem = AuditFix & { text: string; object: AuditObject; findings: AuditRuleId[] };

/** What `ovh.audit()` returns. `plan()` lists the safe fixes; JSON gives the rest. */
export interface AuditReport {
  /** When the audit ran (ISO 8601, the client's clock). */
  at: string;
  /** How many objects of each kind were read. */
  scanned: Record<AuditProgress['phase'], number>;
  /** Highest severity first. */
  findings: AuditFinding[];
  /** The safe fixes as SDK calls, in the order they run; never one about this client's own key or service account. */
  plan(): AuditPlanItem[];
}

/** Options of `ovh.applyAuditPlan()`. */
export interface ApplyAuditPlanOptions extends BulkOptions, Omit<CallOptions, 'signal'> {
  /** List what would be done, send nothing that changes the account. */
  dryRun?: boolean;
}
const APPLY_KEYS = optionKeys<ApplyAuditPlanOptions>()([...BULK_OPTION_KEYS, 'dryRun']);

/** What `applyAuditPlan` did, item by item (as `revokeAll`): `applied + alreadyGone + failed + skipped = matched`. */
export interface AuditApplyReport {
  dryRun: boolean;
  /** The items this run dealt with: the plan, less the caller's own. */
  matched: AuditPlanItem[];
  /** Done (with dryRun: would be). */
  applied: AuditPlanItem[];
  /** Already gone (404). */
  alreadyGone: AuditPlanItem[];
  failed: Array<{ item: AuditPlanItem; error: unknown }>;
  /** Not started because the signal aborted. */
  skipped: AuditPlanItem[];
  /** Items about this client's own key or service account: never applied. */
  keptCurrent: AuditPlanItem[];
}

const ORDER = ['credentials.delete', 'iam.policies.delete', 'oauth2Clients.delete'] as const;
const PlanItem = z.discriminatedUnion('call', [
  z.looseObject({ call: z.literal(ORDER[0]), args: z.tuple([z.number().int().positive()]) }),
  z.looseObject({ call: z.literal(ORDER[1]), args: z.tuple([z.string().min(1)]) }),
  z.looseObject({ call: z.literal(ORDER[2]), args: z.tuple([z.string().min(1), z.strictObject({ detachPolicies: z.literal(true) })]) }),
]);

/** @internal What OvhClient hands the audit: its resources, transport and clock, and who it authenticates as. */
export interface AuditContext {
  client: Pick<OvhClient, 'auth' | 'credentials' | 'applications' | 'oauth2Clients' | 'iam' | 'aiTokens'>;
  transport: Transport;
  now: () => number;
  /** True when the client signs with a consumer key (its credential id is asked, to protect it). */
  signed: boolean;
  /** The service account the client is, for an OAuth2 client. */
  clientId: string | undefined;
}

/** @internal `ovh.audit()`. */
export async function runAudit(ctx: AuditContext, options: AuditOptions = {}): Promise<AuditReport> {
  strictOptions(options, AUDIT_KEYS, 'audit options');
  const { projects = [], rules = {}, thresholds = {}, batch = true, concurrency, onProgress, ...call } = options;
  strictOptions(rules, AUDIT_RULE_IDS, 'audit rules', 'rules');
  strictOptions(thresholds, THRESHOLD_KEYS, 'audit thresholds', 'thresholds');
  const input = parseInput(Input, { thresholds, rules, projects, options: { batch, concurrency, onProgress } }, '');
  const t: AuditThresholds = { ...DEFAULT_THRESHOLDS, ...(input.thresholds as Partial<AuditThresholds>) };
  const enabled = AUDIT_RULE_IDS.filter((id) => input.rules[id] !== false);
  const { client } = ctx;
  const tell = (phase: AuditProgress['phase']) => (done: number, total: number) => onProgress?.({ phase, done, total });
  const bulk = (phase: AuditProgress['phase']) => ({
    ...call,
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(onProgress ? { onProgress: tell(phase) } : {}),
  });

  // Asked first, so the caller's own key is known before anything else is read.
  const currentCredentialId = ctx.signed ? (await client.auth.currentCredential(call)).credentialId : undefined;
  const credentials = await client.credentials.listDetails({}, { ...bulk('credentials'), ...(batch === false ? {} : { batch }) });
  const applications = await client.applications.listDetails(bulk('applications'));
  // A key of an application the account does not own is either a third-party tool's (alive) or an orphan: asked once
  // per application, through one of its keys; only a 404 means gone.
  const owned = new Set(applications.map((a) => a.applicationId));
  const unknown = new Map<number, number>();
  for (const c of credentials) if (!owned.has(c.applicationId) && !unknown.has(c.applicationId)) unknown.set(c.applicationId, c.credentialId);
  const asked = await mapSettled([...unknown], ([, id]) => client.credentials.getApplication(id, call), concurrency ? { concurrency } : {});
  const goneApplications = new Set(asked.flatMap((r) => (!r.ok && 'error' in r && r.error instanceof NotFoundError ? [r.item[0]] : [])));
  const serviceAccounts = await client.oauth2Clients.listDetails(bulk('serviceAccounts'));
  const policies = await client.iam.policies.list({}, call).all();
  tell('policies')(policies.length, policies.length);
  const aiTokens: AuditData['aiTokens'][number][] = [];
  for (const [i, project] of input.projects.entries()) {
    for (const token of await client.aiTokens.list(project, call)) aiTokens.push({ project, token });
    tell('aiTokens')(i + 1, input.projects.length);
  }

  const read = { credentials, applications, serviceAccounts, policies, aiTokens };
  const data: AuditData = { ...read, now: ctx.now(), currentCredentialId, currentClientId: ctx.clientId, goneApplications };
  const findings = runRules(data, t, enabled);
  return {
    at: new Date(data.now).toISOString(),
    scanned: Object.fromEntries(Object.entries(read).map(([phase, items]) => [phase, items.length])) as AuditReport['scanned'],
    findings,
    plan: () => planOf(findings),
  };
}

/** The safe fixes of the findings, one per call, in the order they run; never the caller's own. */
function planOf(findings: readonly AuditFinding[]): AuditPlanItem[] {
  const items = new Map<string, AuditPlanItem>();
  for (const f of findings) {
    if (!f.fix || f.current) continue;
    const text = fixText(f.fix);
    const item = items.get(text);
    if (item) item.findings.push(f.id);
    else items.set(text, { ...f.fix, text, object: f.object, findings: [f.id] });
  }
  return [...items.values()].sort((a, b) => ORDER.indexOf(a.call) - ORDER.indexOf(b.call));
}

/** @internal `ovh.applyAuditPlan()`. */
export async function applyPlan(ctx: AuditContext, plan: readonly AuditPlanItem[], options: ApplyAuditPlanOptions = {}): Promise<AuditApplyReport> {
  const { bulk, call, list } = splitBulkOptions(options, ctx.transport, 'applyAuditPlan options', APPLY_KEYS);
  const items = parseInput(z.array(PlanItem, { error: 'must be the array report.plan() returns' }), plan, 'plan') as AuditPlanItem[];
  const { dryRun = false } = options;
  parseInput(z.boolean({ error: 'must be true or false' }), dryRun, 'options.dryRun');
  const current = ctx.signed ? (await ctx.client.auth.currentCredential(list)).credentialId : undefined;
  const own = (i: AuditPlanItem) =>
    i.args[0] === (i.call === 'credentials.delete' ? current : i.call === 'oauth2Clients.delete' ? ctx.clientId : undefined);
  const todo = items.filter((i) => !own(i));
  const report: AuditApplyReport = { dryRun, matched: todo, applied: [], alreadyGone: [], failed: [], skipped: [], keptCurrent: items.filter(own) };
  if (dryRun) {
    report.applied.push(...todo);
    return report;
  }
  const run = (i: AuditPlanItem): Promise<void> =>
    i.call === 'credentials.delete'
      ? ctx.client.credentials.delete(i.args[0], call)
      : i.call === 'iam.policies.delete'
        ? ctx.client.iam.policies.delete(i.args[0], call)
        : ctx.client.oauth2Clients.delete(i.args[0], { ...call, detachPolicies: true });
  // One kind after the other: a service account's detach reads the policies left after the policy deletions.
  const { onProgress } = bulk;
  let offset = 0;
  for (const kind of ORDER) {
    const group = todo.filter((i) => i.call === kind);
    const at = offset;
    const progress = onProgress ? { onProgress: (done: number) => onProgress(at + done, todo.length) } : {};
    for (const r of await mapSettled(group, run, { ...bulk, ...progress })) {
      if (r.ok) report.applied.push(r.item);
      else if ('skipped' in r) report.skipped.push(r.item);
      else if (r.error instanceof NotFoundError) report.alreadyGone.push(r.item);
      else report.failed.push({ item: r.item, error: r.error });
    }
    offset += group.length;
  }
  return report;
}
