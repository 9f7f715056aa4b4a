// Figure 3: bulk reads. The details of 1 000 credentials with 20 ms of latency per request: `listDetails()` at its
// defaults against a sequential loop on the official client (ids, then one GET after the other: what scripts written
// for it do). The simulator serves over TLS from a second process, ovh-credentials from dist/.
import { officialClient, syncOfficialClock } from './lib/official.js';
import { importPackage } from './lib/package.js';
import { startSimProcess } from './lib/sim-process.js';
import { machineInfo, type MachineInfo } from './lib/stats.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** Options of the list-details benchmark. */
export interface ListDetailsOptions {
  /** Credentials on the account, the default key included. Default 1000. */
  credentials?: number;
  /** Latency the simulator adds to every response, ms. Default 20. */
  latencyMs?: number;
  /** Runs of `listDetails()`. Default 5. */
  runs?: number;
  /** Runs of the official client's sequential loop (about 22 s each at the defaults). Default 1. */
  sequentialRuns?: number;
}

/** Wall-clock ms of each run. */
export interface ListDetailsResult {
  credentials: number;
  latencyMs: number;
  machine: MachineInfo;
  /** The official client, ids then one GET after the other. */
  sequential: number[];
  /** `ovh.credentials.listDetails()`, no options. */
  listDetails: number[];
}

/** Runs figure 3 in a child process that trusts a throwaway certificate. */
export async function benchListDetails(options: ListDetailsOptions = {}): Promise<ListDetailsResult> {
  return runTlsWorker<ListDetailsResult>(new URL(import.meta.url), options);
}

async function main(input: ListDetailsOptions & { keyPath: string; certPath: string }): Promise<ListDetailsResult> {
  const credentials = input.credentials ?? 1000;
  const latencyMs = input.latencyMs ?? 20;
  const runs = input.runs ?? 5;
  const sequentialRuns = input.sequentialRuns ?? 1;
  const pkg = await importPackage();
  const sim = await startSimProcess({ keyPath: input.keyPath, certPath: input.certPath, credentials: credentials - 1, latencyMs });
  try {
    const ovh = new pkg.OvhClient({ baseUrl: sim.base, ...sim.defaults, configFile: false, env: {} });
    const official = officialClient(sim.defaults, sim.port);
    // Both clients read the server's clock before the timed reads.
    await ovh.timeDelta();
    await syncOfficialClock(official);

    const time = async (fn: () => Promise<unknown[]>): Promise<number> => {
      const start = performance.now();
      const details = await fn();
      const ms = performance.now() - start;
      if (details.length !== credentials) throw new Error(`read ${details.length} credentials, expected ${credentials}`);
      return ms;
    };
    const sequential: number[] = [];
    for (let run = 0; run < sequentialRuns; run++) {
      sequential.push(
        await time(async () => {
          const ids = (await official.requestPromised('GET', '/me/api/credential')) as number[];
          const details: unknown[] = [];
          for (const id of ids) details.push(await official.requestPromised('GET', `/me/api/credential/${id}`));
          return details;
        }),
      );
    }
    const listDetails: number[] = [];
    for (let run = 0; run < runs; run++) listDetails.push(await time(() => ovh.credentials.listDetails()));
    return { credentials, latencyMs, machine: machineInfo(), sequential, listDetails };
  } finally {
    await sim.close();
  }
}

workerEntry(import.meta.url, main);
