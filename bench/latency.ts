// Figure 1d: signed GETs when each request takes time on the server, as it does over a real network: 5 ms and
// 20 ms of latency per request (the simulator's fault injection), one request at a time and 16 in flight, for
// ovh-credentials, raw fetch and the official `ovh` client. With latency the client's own cost weighs less than
// at 0 ms (figure 1), but it is still paid per request, and 16 in flight make the client's CPU count again.
// Same set-up as figure 1: TLS loopback, the simulator in a second process, ovh-credentials from dist/.
import { officialClient } from './lib/official.js';
import { importPackage, type PackageSource } from './lib/package.js';
import { signedGetHeaders } from './lib/signed-headers.js';
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
  /** The cases. Default `LATENCY_CASES`. */
  cases?: readonly LatencyCaseSpec[];
  /** Runs (each client measured once per run and case, in rotating order). Default 5. */
  runs?: number;
  /** Requests each client sends at 0 ms before any case, to warm up. Default 200. */
  warmup?: number;
  /** Build of ovh-credentials to measure. Default dist/ when built, else src/. */
  source?: PackageSource;
}

/** The clients compared, in report order. */
export const LATENCY_CLIENTS = ['ovh-credentials', 'raw fetch', 'ovh (official)'] as const;
export type LatencyClient = (typeof LATENCY_CLIENTS)[number];

/**
 * The default cases, sized so that the figure takes about two minutes: one client's run lasts one to two seconds on
 * this machine (5 ms: 300 × ~7 ms sequential, 1,920 ÷ 16 in flight; 20 ms: 50 × ~22 ms, 640 ÷ 16). The shorter runs
 * first used at 5 ms (100 sequential, 640 in flight: 0.3 to 0.7 s) read from 0.8x to 1.1x the official client
 * within one benchmark on this VM.
 */
export const LATENCY_CASES: readonly LatencyCaseSpec[] = [
  { latencyMs: 5, inFlight: 1, n: 300 },
  { latencyMs: 5, inFlight: 16, n: 1920 },
  { latencyMs: 20, inFlight: 1, n: 50 },
  { latencyMs: 20, inFlight: 16, n: 640 },
];

/** Wall-clock ms of each run, per case and client. */
export interface LatencyResult {
  runs: number;
  source: PackageSource;
  machine: MachineInfo;
  cases: Array<LatencyCaseSpec & { wallMs: Record<LatencyClient, number[]> }>;
}

/** Runs figure 1d in a child process that trusts a throwaway certificate. */
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
  const runs = input.runs ?? 5;
  const warmup = input.warmup ?? 200;
  const { pkg, source } = await importPackage(input.source);
  const sim = await startSimProcess({ keyPath: input.keyPath, certPath: input.certPath, credentials: 1, latencyMs: 0 });
  const id = sim.ids[0] as number;
  try {
    const keys = sim.defaults;
    const path = `/me/api/credential/${String(id)}`;
    const url = `${sim.base}${path}`;
    const ours = new pkg.OvhClient({ baseUrl: sim.base, ...keys, configFile: false, env: {} });
    const official = officialClient(keys, sim.port);
    const headers = signedGetHeaders(pkg.signRequest, keys, url);
    const send: Record<LatencyClient, () => Promise<unknown>> = {
      'ovh-credentials': () => ours.credentials.get(id),
      'raw fetch': async () => {
        const response = await fetch(url, { headers });
        if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
        return response.json();
      },
      'ovh (official)': () => official.requestPromised('GET', path),
    };
    for (const name of LATENCY_CLIENTS) {
      const first = (await send[name]()) as { credentialId?: unknown };
      if (first.credentialId !== id) throw new Error(`${name} did not read credential ${String(id)}: ${JSON.stringify(first)}`);
      // Warm the JIT, and open the 16 connections the cases in flight will use.
      await drive(send[name], warmup, 16);
    }
    const result: LatencyResult['cases'] = [];
    for (const spec of cases) {
      await sim.setLatency(spec.latencyMs);
      const wallMs = Object.fromEntries(LATENCY_CLIENTS.map((name) => [name, [] as number[]])) as Record<LatencyClient, number[]>;
      for (let run = 0; run < runs; run++) {
        // Rotate the order so that no client always runs first (or right after the same neighbour).
        for (let i = 0; i < LATENCY_CLIENTS.length; i++) {
          const name = LATENCY_CLIENTS[(i + run) % LATENCY_CLIENTS.length] as LatencyClient;
          wallMs[name].push(await drive(send[name], spec.n, spec.inFlight));
        }
      }
      result.push({ ...spec, wallMs });
    }
    return { runs, source, machine: machineInfo(), cases: result };
  } finally {
    await sim.close();
  }
}

workerEntry(import.meta.url, main);
