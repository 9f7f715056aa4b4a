// Consumer check: ESM import of the published package, against the simulator on loopback.
import { OvhClient, accessRules, ForbiddenError, isOvhError } from 'ovh-credentials';
import { OvhSimulator } from 'ovh-credentials/testing';

const sim = new OvhSimulator();
const baseUrl = await sim.listen();
try {
  const ovh = new OvhClient({ baseUrl, ...sim.defaults, configFile: false, env: {} });
  const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
  sim.validateConsumerKey(pending.validationUrl);
  const me = await ovh.withConsumerKey(pending.consumerKey).get('/me');
  const denied = await ovh.withConsumerKey(pending.consumerKey).get('/me/api/credential').catch((e) => e);
  if (!(denied instanceof ForbiddenError) || !isOvhError(denied)) throw new Error(`expected ForbiddenError, got ${denied}`);
  console.log(`esm ok ${process.version} ${me.nichandle}`);
} finally {
  await sim.close();
}
