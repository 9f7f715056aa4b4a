// The scenario of OVHcloud's Web PaaS API-token guide: store an API token as the sensitive environment variable
// env:OVHCLOUD_WEBPAAS_CLI_TOKEN on `main`, so the application's cron jobs can run the `webpaas` CLI. The SDK
// equivalent of
//   webpaas variable:create -e main --level environment --name env:OVHCLOUD_WEBPAAS_CLI_TOKEN --sensitive true --value <token>
// (with --update, so running it again replaces the stored token).
//
// Real run: OVHCLOUD_WEBPAAS_CLI_TOKEN=… WEBPAAS_PROJECT=… [WEBPAAS_ENVIRONMENT=main] [WEBPAAS_TOKEN_TO_STORE=…]
// npx tsx examples/webpaas-store-token.ts. Without OVHCLOUD_WEBPAAS_CLI_TOKEN it runs against the simulator.
import { Secret } from '../src/index.js';
import { ActivityFailedError } from '../src/webpaas/index.js';
import { runWebPaasIfMain, type WebPaasExample } from './_harness.js';

/** `npm run demo -- webpaas-store-token` runs it with the Web PaaS harness (examples/demo.ts reads this). */
export const harness = 'webpaas';

const NAME = 'env:OVHCLOUD_WEBPAAS_CLI_TOKEN';

export const main: WebPaasExample = async ({ paas, sim, project, log }) => {
  const environment = sim ? 'main' : (process.env.WEBPAAS_ENVIRONMENT ?? 'main');
  // The token the cron jobs will use: a dedicated one if given, else the one this script runs with. Held as a
  // Secret, so printing it by mistake shows [redacted].
  const token = new Secret(
    sim ? sim.createApiToken({ name: 'cron' }) : (process.env.WEBPAAS_TOKEN_TO_STORE ?? process.env.OVHCLOUD_WEBPAAS_CLI_TOKEN ?? ''),
  );
  log(`Storing ${NAME} on ${project}/${environment} (value ${String(token)})`);
  // Each poll reports the activity; print only when its state changes.
  const states = new Map<string, string>();
  const progress = (id: string, state: string) => {
    if (states.get(id) !== state) log(`  activity ${id}: ${state}`);
    states.set(id, state);
  };

  try {
    // Sensitive: write-only from now on. Not inherited by child environments, so preview branches do not get a token
    // that can change production. Build and runtime visibility are left to the API's defaults at environment level
    // (runtime only), as the CLI does: it leaves out `visible_build: false` there for older API versions.
    const result = await paas.variables.upsert(
      { project, environment, name: NAME, value: token, sensitive: true, inheritable: false },
      // Interactive, so wait for the redeploy; a cron job would leave wait off (the CLI's --no-wait).
      { wait: true, pollInterval: sim ? 50 : 2_000, onProgress: (a) => progress(a.id, `${a.state}${a.result ? ` (${a.result})` : ''}`) },
    );
    log(`${result.created ? 'Created' : 'Updated'} ${result.variable.name}; ${environment} redeployed.`);
  } catch (error) {
    if (error instanceof ActivityFailedError) {
      log(`The variable was saved but the redeploy failed: ${error.message}`);
      return;
    }
    throw error;
  }

  // Read it back: a sensitive variable comes back without its value (and this never prints one).
  const stored = await paas.variables.get({ project, environment, name: NAME });
  const visible = [stored.visible_build && 'build', stored.visible_runtime && 'runtime'].filter(Boolean).join(' and ') || 'nowhere';
  log(
    `Read back ${stored.name}: ${stored.is_sensitive ? 'sensitive' : 'NOT sensitive'}, value ${stored.value === undefined ? 'hidden' : 'readable'},`,
    `visible at ${visible}, ${stored.is_inheritable ? 'inherited by' : 'not inherited by'} child environments.`,
  );
  log('In the app container, cron jobs can now run e.g. `webpaas backup:create --no-wait` with that token.');
};

await runWebPaasIfMain(import.meta, main);
