// Consumer check: ESM import of the published package, against the simulator on loopback.
import { OvhClient, accessRules, ForbiddenError, isOvhError } from 'ovh-credentials';
import { OvhSimulator, WebPaasSimulator } from 'ovh-credentials/testing';
import { WebPaasClient, OvhError as WebPaasOvhError } from 'ovh-credentials/webpaas';
import { Credential } from 'ovh-credentials/schemas';

const sim = new OvhSimulator();
const baseUrl = await sim.listen();
try {
  const ovh = new OvhClient({ baseUrl, ...sim.defaults, configFile: false, env: {} });
  const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
  sim.validateConsumerKey(pending.validationUrl);
  const me = await ovh.withConsumerKey(pending.consumerKey).get('/me');
  const denied = await ovh
    .withConsumerKey(pending.consumerKey)
    .get('/me/api/credential')
    .catch((e) => e);
  if (!(denied instanceof ForbiddenError) || !isOvhError(denied)) throw new Error(`expected ForbiddenError, got ${denied}`);
  // The Web PaaS entry and the schemas entry resolve, and share the root's error classes.
  const paasSim = new WebPaasSimulator();
  const paas = new WebPaasClient({ apiToken: paasSim.createApiToken(), fetch: paasSim.fetch, env: {} });
  const vars = await paas.variables.list({ project: paasSim.defaults.project });
  if (!Array.isArray(vars) || typeof Credential.safeParse !== 'function' || !(denied instanceof WebPaasOvhError))
    throw new Error('subpath entries broken');
  console.log(`esm ok ${process.version} ${me.nichandle}`);
} finally {
  await sim.close();
}
