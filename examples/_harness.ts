// Runs an example against real OVH when OVH_* credentials are set, otherwise against the built-in simulator
// on 127.0.0.1 (no account, no network). Examples export `main(ctx)` so the test suite can run them too.
import { pathToFileURL } from 'node:url';
import { OvhClient } from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';

/** What an example gets. */
export interface ExampleContext {
  /** A client with a consumer key. */
  ovh: OvhClient;
  /** The simulator, when running without real credentials. */
  sim: OvhSimulator | undefined;
  /** Where output goes (console.log by default; the tests capture it). */
  log: (...args: unknown[]) => void;
}

/** An example's entry point. */
export type Example = (ctx: ExampleContext) => Promise<void>;

/** Starts a simulator on loopback and a client bound to its seeded application and consumer key. */
export async function simulatedContext(log: ExampleContext['log'] = console.log): Promise<ExampleContext & { close: () => Promise<void> }> {
  const sim = new OvhSimulator();
  const baseUrl = await sim.listen();
  const { applicationKey, applicationSecret, consumerKey } = sim.defaults;
  const ovh = new OvhClient({ baseUrl, applicationKey, applicationSecret, consumerKey, configFile: false, env: {} });
  return { ovh, sim, log, close: () => sim.close() };
}

/** Runs `main` when the file is executed directly (`npx tsx examples/<file>.ts`). */
export async function runIfMain(meta: ImportMeta, main: Example): Promise<void> {
  const entry = process.argv[1];
  if (!entry || meta.url !== pathToFileURL(entry).href) return;
  await runExample(main);
}

/** Runs one example, against OVH when OVH_APPLICATION_KEY is set, else against the simulator. */
export async function runExample(main: Example): Promise<void> {
  if (process.env.OVH_APPLICATION_KEY) {
    await main({ ovh: OvhClient.fromEnvironment(), sim: undefined, log: console.log });
    return;
  }
  console.log('(no OVH_APPLICATION_KEY set: running against the built-in simulator on 127.0.0.1)\n');
  const ctx = await simulatedContext();
  try {
    await main(ctx);
  } finally {
    await ctx.close();
  }
}
