// The service-account story: create an OAuth2 client (a machine identity), store its secret, then use it from a
// second OvhClient that authenticates with client credentials instead of a consumer key. Cleans up at the end.
import { ForbiddenError, OvhClient } from '../src/index.js';
import { runIfMain, type Example } from './_harness.js';

export const main: Example = async ({ ovh, sim, log }) => {
  // 1. Create it. The secret is returned once, wrapped so it cannot end up in logs by accident.
  const { clientId, clientSecret } = await ovh.oauth2Clients.create({
    name: 'ci-deployer-example',
    description: 'Created by examples/service-account.ts',
    flow: 'CLIENT_CREDENTIALS',
  });
  log('Service account created:', clientId);
  log('Its secret prints as', String(clientSecret), '- store clientSecret.reveal() in your vault now: it is shown only once.');

  const account = await ovh.oauth2Clients.get(clientId);
  log('Identity to use in IAM policies:', account.identity);

  try {
    // 2. A client authenticated as the service account: client_credentials grant, token cached and refreshed.
    const robot = sim
      ? new OvhClient({ baseUrl: ovh.baseUrl, clientId, clientSecret, tokenUrl: `${sim.origin}/auth/oauth2/token`, configFile: false, env: {} })
      : new OvhClient({ endpoint: ovh.endpoint === 'custom' ? 'ovh-eu' : ovh.endpoint, clientId, clientSecret, configFile: false, env: {} });
    log('Robot client authenticates with:', robot.authKind);

    // 3. Call the API as the service account. On real OVH it needs an IAM policy granting the actions it calls.
    try {
      const me = (await robot.get('/me')) as { nichandle: string };
      log('GET /me as the service account →', me.nichandle);
      const details = await robot.auth.details();
      log('It acts as', details.identities.join(', '), `(method ${details.method})`);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      log('Authenticated, but not allowed yet: grant the identity above an IAM policy (POST /v2/iam/policy).');
    }
  } finally {
    // 4. Clean up: deleting the service account makes its tokens stop working.
    await ovh.oauth2Clients.delete(clientId);
    log('Service account deleted:', clientId);
  }
};

await runIfMain(import.meta, main);
