// Consumer check: a small TypeScript script run with tsx (ESM), against the simulator on loopback.
import { OvhClient, type Credential } from 'ovh-credentials';
import { OvhSimulator } from 'ovh-credentials/testing';

const sim = new OvhSimulator();
const baseUrl = await sim.listen();
try {
  const ovh = new OvhClient({ baseUrl, ...sim.defaults, configFile: false, env: {} });
  const details: Credential[] = await ovh.credentials.listDetails({ status: 'validated' });
  console.log(`tsx ok ${process.version} ${details.length} validated`);
} finally {
  await sim.close();
}
