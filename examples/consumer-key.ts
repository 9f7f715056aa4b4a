// The consumer-key flow: request a key limited to GET /me, have the account owner validate it, then use it.
import { accessRules, ForbiddenError } from '../src/index.js';
import { runIfMain, type Example } from './_harness.js';

export const main: Example = async ({ ovh, sim, log }) => {
  // 1. Ask OVH for a consumer key that may only read /me (sent with the application key alone).
  const pending = await ovh.auth.requestConsumerKey({ accessRules: accessRules.readOnly('/me') });
  log('Consumer key requested. State:', pending.state);
  // An answer in OVH's older shape may carry no validation URL: such a key can never be granted.
  if (pending.validationUrl === null) throw new Error('OVH gave no validation URL for this key: request a new one.');
  log('Send the account owner to:', pending.validationUrl);
  log('The key itself prints as', String(pending.consumerKey), '(call .reveal() to store it)');

  // 2. The owner opens validationUrl and grants it. Against the simulator we play that click ourselves.
  if (sim) sim.validateConsumerKey(pending.validationUrl);

  // 3. A client using the new key. With real OVH, waitForValidation() polls until the owner has clicked.
  const scoped = ovh.withConsumerKey(pending.consumerKey);
  const credential = await scoped.auth.waitForValidation({ pollInterval: 2_000, waitTimeout: 10 * 60_000 });
  log(`Validated: credential #${credential.credentialId}, rules: ${credential.rules.map((r) => `${r.method} ${r.path}`).join(', ')}`);

  // 4. Use it.
  const me = (await scoped.get('/me')) as { nichandle: string; email?: string };
  log(`GET /me → account ${me.nichandle}${me.email ? ` (${me.email})` : ''}`);

  // 5. Anything outside the rules is refused with a typed error (403 NOT_GRANTED_CALL).
  try {
    await scoped.credentials.list();
    log("GET /me/api/credential unexpectedly succeeded: check the key's access rules.");
  } catch (error) {
    if (error instanceof ForbiddenError) log('GET /me/api/credential →', error.name, `(${error.errorCode}): ${error.apiMessage}`);
    else throw error;
  }
};

await runIfMain(import.meta, main);
