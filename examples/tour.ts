// The tour `npm run demo` gives: the SDK's main jobs one after the other, against the built-in OVH and Web PaaS
// simulators on 127.0.0.1 (no account, no network). Each step is one of the other examples, which also run on
// their own (`npm run demo -- <name>`, or `npx tsx examples/<name>.ts` against your account).
//
//   1. request a consumer key, have it validated, use it             examples/consumer-key.ts
//   2. the account's consumer keys as a table                        examples/list-credentials.ts
//   3. revoke the expired keys: a dry run, then for real             examples/revoke-expired.ts
//   4. a service account: created, refused, granted, allowed, deleted examples/service-account.ts
//   5. a sensitive Web PaaS variable holding an API token            examples/webpaas-store-token.ts
//
// The tour creates and revokes things, so it only ever runs against the simulators.
import { main as consumerKey } from './consumer-key.js';
import { main as listCredentials } from './list-credentials.js';
import { revokeExpired } from './revoke-expired.js';
import { main as serviceAccount } from './service-account.js';
import { main as storeWebPaasToken } from './webpaas-store-token.js';
import { runSimulatedIfMain, type TourExample } from './_harness.js';

/** `npm run demo` runs it with both simulators (examples/demo.ts reads this). */
export const harness = 'tour';

export const main: TourExample = async (ctx) => {
  const { ovh, log, webpaas } = ctx;
  const steps = 5;
  let step = 0;
  const title = (what: string, file: string) => log(`${step === 0 ? '' : '\n'}── ${++step}/${steps}  ${what}  (examples/${file}.ts)\n`);

  title('A consumer key: request it, have it validated, use it', 'consumer-key');
  await consumerKey(ctx);

  title("The account's consumer keys: application, status, last use, rules", 'list-credentials');
  await listCredentials(ctx);

  title('Revoke the expired keys: a dry run first, then for real', 'revoke-expired');
  await revokeExpired(ctx, { dryRun: true });
  log('');
  const report = await revokeExpired(ctx, { dryRun: false });
  const [left, stillExpired] = await Promise.all([ovh.credentials.list(), ovh.credentials.list({ status: 'expired' })]);
  log(`${report.revoked.length} revoked; ${left.length} consumer keys left, ${stillExpired.length || 'none'} expired.`);

  title('A service account: created, refused with the missing IAM action, granted, allowed, deleted', 'service-account');
  await serviceAccount(ctx);

  title('A Web PaaS variable: an API token stored as a sensitive, runtime-only variable', 'webpaas-store-token');
  await storeWebPaasToken({ ...webpaas, log });

  log('\nThat was the tour. Next:');
  log('  npm run demo -- <name>       one step on its own (consumer-key, list-credentials, revoke-expired, service-account,');
  log('                               ai-token, webpaas-store-token)');
  log('  npx tsx examples/<name>.ts   the same against your account, once OVH_* (or OVHCLOUD_WEBPAAS_CLI_TOKEN) is set');
  log('  docs/getting-started.md      from an application key to your first consumer key');
};

await runSimulatedIfMain(import.meta, { harness, main });
