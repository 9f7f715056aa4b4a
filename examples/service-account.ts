// The service-account story, end to end: create a service account (an OAuth2 client), read its identity URN, see a
// call refused with the missing IAM action named, grant exactly that action, call again, then revoke and delete.
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

  try {
    // 2. Its identity URN: what IAM policies name.
    const identity = await ovh.iam.identityOf(clientId);
    log('Identity:', identity);

    // 3. A client authenticated as the service account: client_credentials grant, token cached and refreshed.
    const robot = sim
      ? new OvhClient({ baseUrl: ovh.baseUrl, clientId, clientSecret, tokenUrl: `${sim.origin}/auth/oauth2/token`, configFile: false, env: {} })
      : new OvhClient({ endpoint: ovh.endpoint === 'custom' ? 'ovh-eu' : ovh.endpoint, clientId, clientSecret, configFile: false, env: {} });

    // 4. Without a policy, IAM refuses, and the error names the action it lacks.
    let missing: readonly string[] = [];
    try {
      await robot.credentials.list();
      log('Listing credentials worked at once: this service account already holds a policy that allows it.');
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      missing = error.missingActions;
      log('Refused as expected. Missing IAM action(s):', missing.join(', ') || '(none named)');
    }

    // 5. Grant exactly what was missing, on the account, and call again.
    if (missing.length > 0) {
      const policy = await ovh.iam.grant(clientId, { actions: missing });
      log(`Granted with policy ${policy.name} (${policy.id})`);
      const ids = await robot.credentials.list();
      log(`The service account now lists ${ids.length} credential(s).`);
    }

    // 6. What it was granted, then take it back.
    const grants = await ovh.iam.grants(clientId);
    log('Its policies:', grants.map((p) => `${p.name}: ${p.permissions.allow.map((a) => a.action).join(', ')}`).join('; ') || 'none');
  } finally {
    // 7. Detach its policies (as OVH recommends), then delete it: its tokens stop working.
    await ovh.oauth2Clients.delete(clientId, { detachPolicies: true });
    log('Policies detached and service account deleted:', clientId);
  }
};

await runIfMain(import.meta, main);
