// Inventory: every consumer key of the account, with its application, status, dates and rules, as a table.
import { toDate, type Credential } from '../src/index.js';
import { runIfMain, type Example } from './_harness.js';

const day = (value: string | null): string => (value === null ? '-' : toDate(value).toISOString().slice(0, 10));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join('  ')
      .trimEnd(),
  );
}

export const main: Example = async ({ ovh, log }) => {
  // Both reads run with bounded concurrency; keys deleted meanwhile are listed in `.missing`, not thrown.
  const [credentials, applications] = await Promise.all([ovh.credentials.listDetails({}, { concurrency: 10 }), ovh.applications.listDetails()]);
  const appName = new Map(applications.map((a) => [a.applicationId, `${a.name} (${a.status})`]));
  const current = await ovh.auth.currentCredential();

  const sorted = [...credentials].sort((a, b) => a.status.localeCompare(b.status) || a.credentialId - b.credentialId);
  const rules = (c: Credential) => c.rules.map((r) => `${r.method} ${r.path}`).join(', ');
  const rows = sorted.map((c) => [
    `${c.credentialId}${c.credentialId === current.credentialId ? '*' : ''}`,
    appName.get(c.applicationId) ?? String(c.applicationId),
    c.status,
    day(c.creation),
    day(c.lastUse),
    day(c.expiration),
    c.allowedIPs?.join(' ') ?? 'any',
    rules(c).length > 40 ? `${rules(c).slice(0, 39)}…` : rules(c),
  ]);
  for (const line of table([['ID', 'APPLICATION', 'STATUS', 'CREATED', 'LAST USE', 'EXPIRES', 'IPS', 'RULES'], ...rows])) log(line);
  log(
    `\n${credentials.length} consumer keys (* = the one this script uses)${credentials.missing.length ? `; ${credentials.missing.length} vanished while listing` : ''}.`,
  );
};

await runIfMain(import.meta, main);
