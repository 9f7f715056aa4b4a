// Figures 2 and 7: signed `GET /me/api/credential/{id}` through `ovh.credentials.get(id)` and through the official
// `ovh` client, one request at a time and 16 in flight, with the latency each request has on the simulator (its fault
// injection). Figure 2 is the user's situation, 20 ms per request (OVH's API seen from nearby); figure 7 is loopback
// with no latency at all, where the client's CPU is all there is, reported without a target. TLS loopback (the
// official client only speaks https), the simulator in a second process, ovh-credentials from dist/.
import { floorClient } from './lib/floor-client.js';
import { officialClient } from './lib/official.js';
import { importPackage } from './lib/package.js';
import { startSimProcess } from './lib/sim-process.js';
import { machineInfo, type MachineInfo } from './lib/stats.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** One latency and number of requests in flight, and how many requests each client sends per run there. */
export interface LatencyCaseSpec {
  /** Latency the simulator adds to every response, ms. */
  latencyMs: number;
  /** Requests in flight at once (1: sequential). */
  inFlight: number;
  /** Requests per client per run. */
  n: number;
}

/** Options of the latency benchmark. */
export interface LatencyOptions {
  /** The cases. Default `LATENCY_CASES` (figure 2). */
  cases?: readonly LatencyCaseSpec[];
  /** Runs (each client measured once per run and case, in rotating order). Default 7. */
  runs?: number;
  /** Requests each client sends at 0 ms, 16 in flight, before any case: the JIT warmed, the connections open. Default 200. */
  warmup?: number;
}

/** The clients compared, in report order. */
// The floor (bench/lib/floor-client.ts: ky and zod as they document it, on the platform fetch) runs beside both, so
// that what the SDK's own layers cost at a realistic latency is read apart from what ky and the fetch cost.
export const LATENCY_CLIENTS = ['ovh-credentials', 'ovh (official)', 'floor (ky + zod as documented)'] as const;
export type LatencyClient = (typeof LATENCY_CLIENTS)[number];

/**
 * Figure 2: 20 ms per request. One client's run lasts about two seconds (100 × ~22 ms sequential; 960 ÷ 16 in
 * flight × ~22 ms): long enough that a stall of this shared VM weighs little on a run.
 */
export const LATENCY_CASES: readonly LatencyCaseSpec[] = [
  { latencyMs: 20, inFlight: 1, n: 100 },
  { latencyMs: 20, inFlight: 16, n: 960 },
];

/** Figure 7: loopback, no latency (reported without a target: not a user's situation). */
export const LOOPBACK_CASES: readonly LatencyCaseSpec[] = [
  { latencyMs: 0, inFlight: 1, n: 1000 },
  { latencyMs: 0, inFlight: 16, n: 2000 },
];

/** Wall-clock ms of each run, per case and client. */
export interface LatencyResult {
  runs: number;
  machine: MachineInfo;
  cases: Array<LatencyCaseSpec & { wallMs: Record<LatencyClient, number[]> }>;
}

/** Runs the cases in a child process that trusts a throwaway certificate. */
export async function benchLatency(options: LatencyOptions = {}): Promise<LatencyResult> {
  return runTlsWorker<LatencyResult>(new URL(import.meta.url), options);
}

/** Sends `n` requests through `send`, `inFlight` at a time; resolves to the wall-clock ms. */
async function drive(send: () => Promise<unknown>, n: number, inFlight: number): Promise<number> {
  let started = 0;
  const lane = async () => {
    while (started < n) {
      started++;
      await send();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, lane));
  return performance.now() - start;
}

async function main(input: LatencyOptions & { keyPath: string; certPath: string }): Promise<LatencyResult> {
  const cases = input.cases ?? LATENCY_CASES;
  const runs = input.runs ?? 7;
  const warmup = input.warmup ?? 200;
  const pkg = await importPackage();
  const sim = await startSimProcess({ keyPath: input.keyPath, certPath: input.certPath, credentials: 1, latencyMs: 0 });
  const id = sim.ids[0] as number;
  try {
    const keys = sim.defaults;
    const ours = new pkg.OvhClient({ baseUrl: sim.base, ...keys, configFile: false, env: {} });
    const official = officialClient(keys, sim.port);
    const floor = floorClient({ baseUrl: sim.base, ...keys });
    const send: Record<LatencyClient, () => Promise<unknown>> = {
      'ovh-credentials': () => ours.credentials.get(id),
      'ovh (official)': () => official.requestPromised('GET', `/me/api/credential/${String(id)}`),
      'floor (ky + zod as documented)': () => floor.credential(id),
    };
    for (const name of LATENCY_CLIENTS) {
      const first = (await send[name]()) as { credentialId?: unknown };
      if (first.credentialId !== id) throw new Error(`${name} did not read credential ${String(id)}: ${JSON.stringify(first)}`);
      await drive(send[name], warmup, 16);
    }
    const result: LatencyResult['cases'] = [];
    for (const spec of cases) {
      await sim.setLatency(spec.latencyMs);
      const wallMs = Object.fromEntries(LATENCY_CLIENTS.map((name) => [name, [] as number[]])) as Record<LatencyClient, number[]>;
      for (let run = 0; run < runs; run++) {
        // Alternate which client goes first, so that neither always meets the machine in the same state.
        for (let i = 0; i < LATENCY_CLIENTS.length; i++) {
          const name = LATENCY_CLIENTS[(i + run) % LATENCY_CLIENTS.length] as LatencyClient;
          wallMs[name].push(await drive(send[name], spec.n, spec.inFlight));
        }
      }
      result.push({ ...spec, wallMs });
    }
    return { runs, machine: machineInfo(), cases: result };
  } finally {
    await sim.close();
  }
}

workerEntry(import.meta.url, main);
