// Consumer check: a small TypeScript file run with ts-node (CommonJS), against the simulator on loopback.
import { OvhClient, NotFoundError } from 'ovh-credentials';
import { OvhSimulator } from 'ovh-credentials/testing';

async function main(): Promise<void> {
  const sim = new OvhSimulator();
  const baseUrl = await sim.listen();
  try {
    const ovh = new OvhClient({ baseUrl, ...sim.defaults, configFile: false, env: {} });
    const missing = await ovh.credentials.get(999_999_999).catch((e: unknown) => e);
    if (!(missing instanceof NotFoundError)) throw new Error(`expected NotFoundError, got ${String(missing)}`);
    const apps = await ovh.applications.list();
    console.log(`ts-node ok ${process.version} ${apps.length} applications`);
  } finally {
    await sim.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
