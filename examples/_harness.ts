// Runs an example against real OVH when OVH_* credentials are set, otherwise against the built-in simulator
// on 127.0.0.1 (no account, no network). Examples export `main(ctx)` so the test suite can run them too.
import { pathToFileURL } from 'node:url';
import { OvhClient } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { OvhSimulator, WebPaasSimulator, type WebPaasSimulatorOptions } from '../src/testing/index.js';

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
export async function simulatedContext(
  log: ExampleContext['log'] = console.log,
): Promise<ExampleContext & { sim: OvhSimulator; close: () => Promise<void> }> {
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

/** What a Web PaaS example gets. */
export interface WebPaasExampleContext {
  /** A Web PaaS client (API token from OVHCLOUD_WEBPAAS_CLI_TOKEN, or a simulator token). */
  paas: WebPaasClient;
  /** The simulator, when running without a real API token. */
  sim: WebPaasSimulator | undefined;
  /** The project to work on: WEBPAAS_PROJECT, or the simulator's seeded one. */
  project: string;
  /** Where output goes (console.log by default; the tests capture it). */
  log: (...args: unknown[]) => void;
}

/** A Web PaaS example's entry point. */
export type WebPaasExample = (ctx: WebPaasExampleContext) => Promise<void>;

/** Starts a Web PaaS simulator on loopback (API and token URL on one server) and a client with a fresh API token. */
export async function simulatedWebPaasContext(
  log: WebPaasExampleContext['log'] = console.log,
  simulator: WebPaasSimulatorOptions = {},
): Promise<WebPaasExampleContext & { sim: WebPaasSimulator; close: () => Promise<void> }> {
  const sim = new WebPaasSimulator({ activityDurationMs: 300, ...simulator });
  const apiUrl = await sim.listen();
  const paas = new WebPaasClient({ apiUrl, tokenUrl: sim.tokenUrl, apiToken: sim.createApiToken(), env: {} });
  return { paas, sim, project: sim.defaults.project, log, close: () => sim.close() };
}

/** Runs a Web PaaS example, against the real API when OVHCLOUD_WEBPAAS_CLI_TOKEN is set, else against the simulator. */
export async function runWebPaasExample(main: WebPaasExample): Promise<void> {
  if (process.env.OVHCLOUD_WEBPAAS_CLI_TOKEN) {
    const project = process.env.WEBPAAS_PROJECT;
    if (!project) throw new Error('Set WEBPAAS_PROJECT to the id of the Web PaaS project to work on.');
    await main({ paas: WebPaasClient.fromEnvironment(), sim: undefined, project, log: console.log });
    return;
  }
  console.log('(no OVHCLOUD_WEBPAAS_CLI_TOKEN set: running against the built-in Web PaaS simulator on 127.0.0.1)\n');
  const ctx = await simulatedWebPaasContext();
  try {
    await main(ctx);
  } finally {
    await ctx.close();
  }
}

/** Runs a Web PaaS example's `main` when the file is executed directly (`npx tsx examples/<file>.ts`). */
export async function runWebPaasIfMain(meta: ImportMeta, main: WebPaasExample): Promise<void> {
  const entry = process.argv[1];
  if (!entry || meta.url !== pathToFileURL(entry).href) return;
  await runWebPaasExample(main);
}

/** What the tour gets: both simulators, always (it creates and revokes things, so it never runs on a real account). */
export interface TourContext extends ExampleContext {
  sim: OvhSimulator;
  /** The Web PaaS side, on its own simulator. */
  webpaas: WebPaasExampleContext & { sim: WebPaasSimulator };
}

/** The tour's entry point. */
export type TourExample = (ctx: TourContext) => Promise<void>;

/**
 * What an example module exports: `main`, and `harness` when it needs another harness than the OVH one
 * (`'webpaas'` for a Web PaaS example, `'tour'` for one that needs both simulators).
 */
export type ExampleModule =
  | { harness?: 'ovh'; main: Example }
  | { harness: 'webpaas'; main: WebPaasExample }
  | { harness: 'tour'; main: TourExample };

/** The simulators a run used (closed by then; their state stays readable). */
export interface SimulatedRun {
  ovh?: OvhSimulator;
  webpaas?: WebPaasSimulator;
}

/** Runs an example against fresh simulators on loopback, with the harness it asks for, whatever the environment holds. */
export async function runSimulated(example: ExampleModule, log: ExampleContext['log'] = console.log): Promise<SimulatedRun> {
  if (example.harness === 'webpaas') {
    const ctx = await simulatedWebPaasContext(log);
    try {
      await example.main(ctx);
    } finally {
      await ctx.close();
    }
    return { webpaas: ctx.sim };
  }
  const ctx = await simulatedContext(log);
  try {
    if (example.harness === 'tour') {
      const webpaas = await simulatedWebPaasContext(log);
      try {
        await example.main({ ...ctx, webpaas });
      } finally {
        await webpaas.close();
      }
      return { ovh: ctx.sim, webpaas: webpaas.sim };
    }
    await example.main(ctx);
    return { ovh: ctx.sim };
  } finally {
    await ctx.close();
  }
}

/** Runs an example against fresh simulators when its file is executed directly (`npx tsx examples/<file>.ts`). */
export async function runSimulatedIfMain(meta: ImportMeta, example: ExampleModule): Promise<void> {
  const entry = process.argv[1];
  if (!entry || meta.url !== pathToFileURL(entry).href) return;
  await runSimulated(example);
}
