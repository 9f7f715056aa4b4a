// Figure 1: sequential signed `GET /me/api/credential/{id}` per second over TLS loopback, side by side in one
// process: ovh-credentials (default transport), ovh-credentials on the global fetch, raw fetch, raw node:https and
// the official `ovh` client. The simulator serves them all from a second process, so its cost is shared and the
// measuring process's CPU time is the clients' own.
import https from 'node:https';
import { officialClient } from './lib/official.js';
import { importPackage, type PackageSource } from './lib/package.js';
import { rawHttpsGet } from './lib/raw-https.js';
import { signedGetHeaders } from './lib/signed-headers.js';
import { startSimProcess } from './lib/sim-process.js';
import { machineInfo, timed, type MachineInfo } from './lib/stats.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** Options of the requests benchmark. */
export interface RequestsOptions {
  /** Sequential requests per client per run. Default 1000. */
  n?: number;
  /** Runs (each client measured once per run, in rotating order). Default 5. */
  runs?: number;
  /** Requests each client sends before measuring. Default max(50, n / 5). */
  warmup?: number;
  /** Build of ovh-credentials to measure. Default dist/ when built, else src/. */
  source?: PackageSource;
}

/** Wall-clock and CPU time of each run, per client. */
export interface RequestsResult {
  n: number;
  runs: number;
  source: PackageSource;
  machine: MachineInfo;
  clients: Record<ClientName, { wallMs: number[]; cpuMs: number[] }>;
}

/** The clients compared, in report order. */
export const CLIENTS = ['ovh-credentials', 'ovh-credentials (global fetch)', 'raw fetch', 'raw node:https', 'ovh (official)'] as const;
export type ClientName = (typeof CLIENTS)[number];

/** Runs figure 1 in a child process that trusts a throwaway certificate. */
export async function benchRequests(options: RequestsOptions = {}): Promise<RequestsResult> {
  return runTlsWorker<RequestsResult>(new URL(import.meta.url), options);
}

async function main(input: RequestsOptions & { keyPath: string; certPath: string }): Promise<RequestsResult> {
  const n = input.n ?? 1000;
  const runs = input.runs ?? 5;
  const warmup = input.warmup ?? Math.max(50, Math.round(n / 5));
  const { pkg, source } = await importPackage(input.source);
  const { OvhClient, signRequest } = pkg;
  const sim = await startSimProcess({ keyPath: input.keyPath, certPath: input.certPath, credentials: 1, latencyMs: 0 });
  const { base, port } = sim;
  const id = sim.ids[0];
  try {
    const keys = sim.defaults;
    const path = `/me/api/credential/${String(id)}`;
    const url = `${base}${path}`;
    const common = { baseUrl: base, ...keys, configFile: false as const, env: {} };
    const ours = new OvhClient(common);
    const oursGlobal = new OvhClient({ ...common, fetch: globalThis.fetch });
    const official = officialClient(keys, port);
    // Raw clients sign once: a signature stays valid for the simulator's 180 s window, longer than a run.
    const headers = signedGetHeaders(signRequest, keys, url);
    const agent = new https.Agent({ keepAlive: true });

    const send: Record<ClientName, () => Promise<unknown>> = {
      'ovh-credentials': () => ours.credentials.get(id as number),
      'ovh-credentials (global fetch)': () => oursGlobal.credentials.get(id as number),
      'raw fetch': async () => {
        const response = await fetch(url, { headers });
        if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
        return response.json();
      },
      'raw node:https': () => rawHttpsGet(url, agent, headers),
      'ovh (official)': () => official.requestPromised('GET', path),
    };

    for (const name of CLIENTS) {
      const first = (await send[name]()) as { credentialId?: unknown };
      if (first.credentialId !== id) throw new Error(`${name} did not read credential ${String(id)}: ${JSON.stringify(first)}`);
      for (let i = 1; i < warmup; i++) await send[name]();
    }
    const clients = Object.fromEntries(CLIENTS.map((name) => [name, { wallMs: [] as number[], cpuMs: [] as number[] }])) as RequestsResult['clients'];
    for (let run = 0; run < runs; run++) {
      // Rotate the order so that no client always runs first (or right after the same neighbour).
      const order = CLIENTS.map((_, i) => CLIENTS[(i + run) % CLIENTS.length] as ClientName);
      for (const name of order) {
        const fn = send[name];
        const { wallMs, cpuMs } = await timed(async () => {
          for (let i = 0; i < n; i++) await fn();
        });
        clients[name].wallMs.push(wallMs);
        clients[name].cpuMs.push(cpuMs);
      }
    }
    agent.destroy();
    return { n, runs, source, machine: machineInfo(), clients };
  } finally {
    await sim.close();
  }
}

workerEntry(import.meta.url, main);
