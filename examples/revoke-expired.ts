// Clean-up job: revoke every expired consumer key of the account in one call, and print what happened to each.
// `--dry-run` only reports. The key this script runs with is never revoked.
import type { RevokeReport } from '../src/index.js';
import { runIfMain, type Example, type ExampleContext } from './_harness.js';

/** Revokes (or, with `dryRun`, lists) the account's expired consumer keys, and prints the report. */
export async function revokeExpired({ ovh, log }: Pick<ExampleContext, 'ovh' | 'log'>, { dryRun }: { dryRun: boolean }): Promise<RevokeReport> {
  const report = await ovh.credentials.revokeAll({ status: 'expired' }, { dryRun, concurrency: 5 });

  log(`${dryRun ? '[dry run] ' : ''}Expired consumer keys found: ${report.matched.length}`);
  if (report.revoked.length) log(`${dryRun ? 'Would revoke' : 'Revoked'}: ${report.revoked.join(', ')}`);
  if (report.alreadyGone.length) log(`Already gone: ${report.alreadyGone.join(', ')}`);
  for (const { credentialId, error } of report.failed) {
    log(`Failed to revoke ${credentialId}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (report.skipped.length) log(`Not attempted (aborted): ${report.skipped.join(', ')}`);
  if (report.keptCurrent !== undefined) log(`Kept ${report.keptCurrent}: it is the key this script uses.`);
  if (report.failed.length) log('Some keys could not be revoked: run again later.');
  else log(dryRun ? 'Dry run: nothing was revoked.' : 'Done.');
  return report;
}

export const main: Example = async (ctx) => {
  await revokeExpired(ctx, { dryRun: process.argv.includes('--dry-run') });
};

await runIfMain(import.meta, main);
