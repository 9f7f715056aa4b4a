// Consumer check: CommonJS require of the published package, against the simulator on loopback.
const { OvhClient, OvhError } = require('ovh-credentials');
const { OvhSimulator } = require('ovh-credentials/testing');
const { WebPaasClient } = require('ovh-credentials/webpaas');
const { Credential } = require('ovh-credentials/schemas');
if (typeof WebPaasClient !== 'function' || typeof Credential.safeParse !== 'function') throw new Error('subpath entries broken');

(async () => {
  const sim = new OvhSimulator();
  const baseUrl = await sim.listen();
  try {
    const ovh = new OvhClient({ baseUrl, ...sim.defaults, configFile: false, env: {} });
    const ids = await ovh.credentials.list();
    const bad = await ovh.auth.requestConsumerKey({ accessRules: [] }).catch((e) => e);
    if (!(bad instanceof OvhError) || bad.name !== 'InputValidationError') throw new Error(`expected InputValidationError, got ${bad}`);
    console.log(`cjs ok ${process.version} ${ids.length} credentials`);
  } finally {
    await sim.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
