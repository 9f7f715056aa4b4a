// `ovh-credentials audit`: what is risky on this account, as a table grouped by severity (or JSON), an exit code for CI
// (`--fail-on`), and the plan of safe fixes, applied with `--apply`. Drives the public API only.
import { AUDIT_THRESHOLDS, type AuditFinding, type AuditSeverity, OvhClient } from '../index.js';
import { CliUsageError, type Command, configFiles, fail, parseOptions } from './io.js';

const HELP = `Usage: ovh-credentials audit [options]

Reads the account (consumer keys, applications, service accounts, IAM policies, AI tokens) and prints what is
risky, grouped by severity, with the fix the SDK can apply. Credentials come from OVH_* variables or ovh.conf,
as for the SDK.

Options:
  --json                 Print the report as JSON (findings and plan)
  --fail-on <severity>   Exit 1 when a finding is this severe or more: high, medium or low
  --project <id>         Also audit the AI Training tokens of this Public Cloud project (repeatable)
  --disable <rule>       Turn a rule off (repeatable); rules: see docs/audit.md
  --threshold <n=days>   Change a threshold, e.g. --threshold unusedDays=60 (repeatable): ${Object.keys(AUDIT_THRESHOLDS).join(', ')}
  --no-batch             Read consumer keys one per request (slower; see docs/audit.md)
  --apply                Apply the plan (revoke keys, delete policies and service accounts); asks first
  --yes                  With --apply: do not ask (needed when no one is at the terminal)
  --config <path>        Read credentials from this ovh.conf instead of the standard ones
  -h, --help             Show this help
`;

const SEVERITIES: readonly AuditSeverity[] = ['high', 'medium', 'low'];

/** `ovh-credentials audit`. */
export const audit: Command = async (args, io) => {
  const values = parseOptions(args, {
    json: { type: 'boolean' },
    'fail-on': { type: 'string' },
    project: { type: 'string', multiple: true },
    disable: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    'no-batch': { type: 'boolean' },
    apply: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !SEVERITIES.includes(failOn as AuditSeverity)) {
    throw new CliUsageError(`--fail-on must be high, medium or low, got "${failOn}"`);
  }
  const rules = Object.fromEntries((values.disable ?? []).map((rule) => [rule, false]));
  const thresholds: Record<string, number> = {};
  for (const pair of values.threshold ?? []) {
    const [name = '', days = ''] = pair.split('=');
    if (!/^\d+(\.\d+)?$/.test(days)) throw new CliUsageError(`--threshold takes name=days, e.g. unusedDays=60; got "${pair}"`);
    thresholds[name] = Number(days);
  }
  if (values.apply && !values.yes && !io.interactive) {
    throw new CliUsageError('--apply needs --yes when no one is at the terminal to confirm. Nothing was changed.');
  }

  try {
    const ovh = OvhClient.fromEnvironment({
      env: io.env,
      configFile: configFiles(io, values.config),
      logger: { warn: (message) => io.err(`${message}\n`) },
    });
    const report = await ovh.audit({
      projects: values.project ?? [],
      rules,
      thresholds,
      batch: !values['no-batch'],
      signal: io.signal,
      ...(io.interactive ? { onProgress: ({ phase, done, total }) => done === total && io.err(`read ${total} ${phase}\n`) } : {}),
    });
    const plan = report.plan();
    if (values.json) io.out(`${JSON.stringify({ at: report.at, scanned: report.scanned, findings: report.findings, plan }, null, 2)}\n`);
    else io.out(table(report.findings, report.scanned, plan.length));

    let code =
      failOn !== undefined && report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn as AuditSeverity)) ? 1 : 0;
    if (values.apply && plan.length > 0) {
      if (!values.yes) {
        const answer = await io.prompt(`Apply these ${plan.length} fixes to the account? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) {
          io.err('Nothing was changed.\n');
          return code;
        }
      }
      const done = await ovh.applyAuditPlan(plan, { signal: io.signal });
      const lines = [
        ...done.applied.map((i) => `done     ${i.text}`),
        ...done.alreadyGone.map((i) => `gone     ${i.text} (already deleted)`),
        ...done.failed.map(({ item, error }) => `FAILED   ${item.text}: ${error instanceof Error ? error.message : String(error)}`),
        ...done.skipped.map((i) => `skipped  ${i.text} (interrupted)`),
        ...done.keptCurrent.map((i) => `kept     ${i.text} (this client's own credential)`),
      ];
      (values.json ? io.err : io.out)(`${lines.join('\n')}\n`);
      if (done.failed.length > 0 || done.skipped.length > 0) code = 1;
      if (io.signal.aborted) {
        io.err('ovh-credentials audit: cancelled (Ctrl-C); the lines above say what was done.\n');
        return 130;
      }
    }
    return code;
  } catch (error) {
    // A misspelt rule or threshold is an InputValidationError naming it and the closest one: a usage error.
    return fail(io, 'audit', error, '');
  }
};

/** The findings as one table per severity, then what to do about each rule, then the totals. */
function table(findings: readonly AuditFinding[], scanned: Record<string, number>, planned: number): string {
  const read = Object.entries(scanned)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  if (findings.length === 0) return `No findings (read ${read}).\n`;
  const out: string[] = [];
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    const rows = group.map((f) => [
      f.id,
      `${f.object.kind} ${f.object.id}${f.object.name ? ` (${f.object.name})` : ''}${f.current ? ' [this client]' : ''}`,
      evidenceText(f.evidence),
    ]);
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
    out.push(`${severity.toUpperCase()} (${group.length})`);
    for (const r of rows) out.push(`  ${r[0]?.padEnd(widths[0] as number)}  ${r[1]?.padEnd(widths[1] as number)}  ${r[2]}`);
    out.push('');
  }
  out.push('What to do:');
  for (const text of new Set(findings.map((f) => `  ${f.id}: ${f.recommendation}`))) out.push(text);
  const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  out.push('', `${findings.length} findings (${counts}); read ${read}.`);
  out.push(
    planned ? `${planned} safe fixes planned: run with --apply to apply them (--json lists them).` : 'No fix can be applied without a person.',
  );
  return `${out.join('\n')}\n`;
}

function evidenceText(evidence: Readonly<Record<string, unknown>>): string {
  const text = Object.entries(evidence)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}
