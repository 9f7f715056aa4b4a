// Figure 2: the details of every credential (1 000) with 20 ms of latency per request: `listDetails()` against a
// sequential loop on the official client (what scripts written for it do), and how `listDetails` scales with its
// concurrency. The simulator serves over TLS from a second process.
import { officialClient } from './lib/official.js';
import { importPackage, type PackageSource } from './lib/package.js';
import { startSimProcess } from './lib/sim-process.js';
import { machineInfo, type MachineInfo } from './lib/stats.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** Options of the list-details benchmark. */
export interface ListDetailsOptions {
  /** Credentials on the account, the default key included. Default 1000. */
  credentials?: number;
  /** Latency the simulator adds to every response, ms. Default 20. */
  latencyMs?: number;
  /** Runs of `listDetails()` at its default concurrency, and at each concurrency of 16 or more. Default 5. */
  runs?: number;
  /** Concurrencies to report besides the default. Default [1, 4, 16, 64]. Below 16 they run once (or 3 times for 4-15): they are slow by nature. */
  concurrencies?: number[];
  /** Build of ovh-credentials to measure. Default dist/ when built, else src/. */
  source?: PackageSource;
}

/** Wall-clock ms of each run. */
export interface ListDetailsResult {
  credentials: number;
  source: PackageSource;
  latencyMs: number;
  machine: MachineInfo;
  /** The official client, ids then one GET after the other. */
  sequential: number[];
  /** `listDetails()` with no options (default concurrency). */
  listDetails: number[];
  /** `listDetails({}, { concurrency })`. */
  byConcurrency: Array<{ concurrency: number; ms: number[] }>;
  /** `listDetails({}, { batch: true })`: the opt-in batch reads, 50 ids per request. */
  batched: number[];
}

/** Runs figure 2 in a child process that trusts a throwaway certificate. */
export async function benchListDetails(options: ListDetailsOptions = {}): Promise<ListDetailsResult> {
  return runTlsWorker<ListDetailsResult>(new URL(import.meta.url), options);
}

async function main(input: ListDetailsOptions & { keyPath: string; certPath: string }): Promise<ListDetailsResult> {
  const credentials = input.credentials ?? 1000;
  const latencyMs = input.latencyMs ?? 20;
  const runs = input.runs ?? 5;
  const concurrencies = input.concurrencies ?? [1, 4, 16, 64];
  const { pkg, source } = await importPackage(input.source);
  const sim = await startSimProcess({ keyPath: input.keyPath, certPath: input.certPath, credentials: credentials - 1, latencyMs });
  try {
    const ovh = new pkg.OvhClient({ baseUrl: sim.base, ...sim.defaults, configFile: false, env: {} });
    const official = officialClient(sim.defaults, sim.port);
    await ovh.timeDelta();
    await official.requestPromised('GET', '/auth/time');

    const time = async (fn: () => Promise<unknown[]>): Promise<number> => {
      const start = performance.now();
      const details = await fn();
      const ms = performance.now() - start;
      if (details.length !== credentials) throw new Error(`read ${details.length} credentials, expected ${credentials}`);
      return ms;
    };
    const sequential = [
      await time(async () => {
        const ids = (await official.requestPromised('GET', '/me/api/credential')) as number[];
        const details: unknown[] = [];
        for (const id of ids) details.push(await official.requestPromised('GET', `/me/api/credential/${id}`));
        return details;
      }),
    ];
    const listDetails: number[] = [];
    for (let run = 0; run < runs; run++) listDetails.push(await time(() => ovh.credentials.listDetails()));
    const byConcurrency: ListDetailsResult['byConcurrency'] = [];
    for (const concurrency of concurrencies) {
      const times = concurrency < 4 ? 1 : concurrency < 16 ? Math.min(3, runs) : runs;
      const ms: number[] = [];
      for (let run = 0; run < times; run++) ms.push(await time(() => ovh.credentials.listDetails({}, { concurrency })));
      byConcurrency.push({ concurrency, ms });
    }
    const batched: number[] = [];
    for (let run = 0; run < runs; run++) batched.push(await time(() => ovh.credentials.listDetails({}, { batch: true })));
    return { credentials, source, latencyMs, machine: machineInfo(), sequential, listDetails, byConcurrency, batched };
  } finally {
    await sim.close();
  }
}

workerEntry(import.meta.url, main);
