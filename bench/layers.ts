// Where the time of figure 1 goes: the client CPU of one signed GET, layer by layer, in one process over TLS
// loopback (the simulator in a second process). Each layer adds one piece of what `ovh.credentials.get(id)` does,
// so the difference between two rows is that piece's cost; the official client and raw node:https frame them.
// Measured in rotating order, many short runs: this machine is shared, and the median of the runs is the figure.
import https from 'node:https';
import { officialClient } from './lib/official.js';
import { importPackage, type Package, type PackageSource } from './lib/package.js';
import { rawHttpsGet } from './lib/raw-https.js';
import { signedGetHeaders } from './lib/signed-headers.js';
import { startSimProcess } from './lib/sim-process.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** Options of the layers benchmark. */
export interface LayersOptions {
  /** Requests per layer per run. Default 500. */
  n?: number;
  /** Runs (each layer measured once per run, in rotating order). Default 11. */
  runs?: number;
  /** Requests each layer sends before measuring. Default 300. */
  warmup?: number;
  /** Build of ovh-credentials to measure. Default dist/ when built, else src/. */
  source?: PackageSource;
}

/** CPU µs per request of each run, per layer. */
export interface LayersResult {
  n: number;
  runs: number;
  source: PackageSource;
  layers: Record<LayerName, number[]>;
}

/** The layers, from the bare socket up to the SDK's resource method, then the official client for reference. */
export const LAYERS = [
  'raw node:https + JSON.parse',
  '+ WHATWG Request, lean Response (our nodeFetch)',
  '+ ky (one attempt, timeout; headers added in its fetch)',
  '+ transport: signature, retry policy: ovh.get(path)',
  '+ path check and zod: ovh.credentials.get(id)',
  'ovh (official)',
] as const;
export type LayerName = (typeof LAYERS)[number];

/** Runs the layers benchmark in a child process that trusts a throwaway certificate. */
export async function benchLayers(options: LayersOptions = {}): Promise<LayersResult> {
  return runTlsWorker<LayersResult>(new URL(import.meta.url), options);
}

/** Where the simulator listens and the keys it was seeded with. */
export interface LayerTarget {
  base: string;
  port: number;
  keys: { applicationKey: string; applicationSecret: string; consumerKey: string };
  id: number;
}

/** One function per layer of `pkg` (a build of ovh-credentials), each checked once; `close` frees the raw layer's agent. */
export async function buildLayers(target: LayerTarget, pkg: Package): Promise<{ send: Record<LayerName, () => Promise<unknown>>; close(): void }> {
  const { OvhClient, signRequest } = pkg;
  // The transport's fetch and ky themselves (not public API): the same code dist/ bundles.
  const { nodeFetch, sendAttempt } = await import('../src/core/node-fetch.js');
  const ky = (await import('ky')).default;
  const { base, port, keys, id } = target;
  const path = `/me/api/credential/${String(id)}`;
  const url = `${base}${path}`;
  const ours = new OvhClient({ baseUrl: base, ...keys, configFile: false, env: {} });
  const official = officialClient(keys, port);
  // The lower layers sign once: a signature stays valid for the simulator's 180 s window, longer than a run.
  const headers: Record<string, string> = { 'User-Agent': 'bench', Accept: 'application/json', ...signedGetHeaders(signRequest, keys, url) };
  const agent = new https.Agent({ keepAlive: true });
  // ky as the transport configures it: one attempt per ky call (the transport runs the retries), a timeout, and a
  // fetch that adds each attempt's headers from data ky forwards to it (an option ky does not know), where it signs.
  const attemptHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const kyClient = ky.create({
    fetch: (input, init) =>
      sendAttempt(input as Request, new URL(url), 'GET', { ...(init as { attemptHeaders: Record<string, string> }).attemptHeaders }, undefined),
    timeout: 30_000,
    retry: 0,
  });
  const kyOptions = { attemptHeaders } as Parameters<typeof kyClient>[1];
  const send: Record<LayerName, () => Promise<unknown>> = {
    'raw node:https + JSON.parse': () => rawHttpsGet(url, agent, headers),
    '+ WHATWG Request, lean Response (our nodeFetch)': async () => JSON.parse(await (await nodeFetch(new Request(url, { headers }))).text()),
    '+ ky (one attempt, timeout; headers added in its fetch)': async () => JSON.parse(await (await kyClient(url, kyOptions)).text()),
    '+ transport: signature, retry policy: ovh.get(path)': () => ours.get(path),
    '+ path check and zod: ovh.credentials.get(id)': () => ours.credentials.get(id),
    'ovh (official)': () => official.requestPromised('GET', path),
  };
  for (const name of LAYERS) {
    const first = (await send[name]()) as { credentialId?: unknown };
    if (first.credentialId !== id) throw new Error(`${name} did not read credential ${String(id)}: ${JSON.stringify(first)}`);
  }
  return { send, close: () => agent.destroy() };
}

async function main(input: LayersOptions & { keyPath: string; certPath: string }): Promise<LayersResult> {
  const n = input.n ?? 500;
  const runs = input.runs ?? 11;
  const warmup = input.warmup ?? 300;
  const sim = await startSimProcess({ keyPath: input.keyPath, certPath: input.certPath, credentials: 1, latencyMs: 0 });
  try {
    const { pkg, source } = await importPackage(input.source);
    const { send, close } = await buildLayers({ base: sim.base, port: sim.port, keys: sim.defaults, id: sim.ids[0] as number }, pkg);
    for (const name of LAYERS) for (let i = 1; i < warmup; i++) await send[name]();
    const layers = Object.fromEntries(LAYERS.map((name) => [name, [] as number[]])) as unknown as LayersResult['layers'];
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < LAYERS.length; i++) {
        const name = LAYERS[(i + run) % LAYERS.length] as LayerName;
        const fn = send[name];
        const before = process.cpuUsage();
        for (let k = 0; k < n; k++) await fn();
        const used = process.cpuUsage(before);
        layers[name].push((used.user + used.system) / n);
      }
    }
    close();
    return { n, runs, source, layers };
  } finally {
    await sim.close();
  }
}

workerEntry(import.meta.url, main);
