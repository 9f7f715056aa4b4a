// Figure 4: bulk reads under OVH's fair use. The details of 200 credentials, 20 ms of latency per request, read
// against a simulator that answers past 20 requests/s (a token bucket of 5) with 429 and `Retry-After`, as OVH does
// past its limit. `listDetails()` at its defaults must read every item while being refused for at most a third of
// its requests; beside it, the official client's sequential loop against the same limit (it does not retry: an item
// refused is an item lost). Each row against a simulator of its own, started with a full bucket; requests and 429s
// are counted by the simulator, in its own process, from the first call of the read (the clock sync before it not).
import type { RateLimitOptions } from '../src/index.js';
import { officialClient, syncOfficialClock } from './lib/official.js';
import { importPackage, type Package } from './lib/package.js';
import { startSimProcess, type SimProcess } from './lib/sim-process.js';
import { machineInfo, type MachineInfo } from './lib/stats.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** Options of the rate-limits benchmark. */
export interface RateLimitsOptions {
  /** Credentials on the account, the default key included. Default 200. */
  credentials?: number;
  /** Latency the simulator adds to every response, ms. Default 20. */
  latencyMs?: number;
}

/** One read under the limit. */
export interface RateLimitRowResult {
  /** Wall-clock ms of the read. */
  ms: number;
  /** Items read. */
  read: number;
  /** Items that did not come back (every item, when the read failed as a whole). */
  failed: number;
  /** The first failed item's error (or the read's, when it failed as a whole). */
  firstError?: string;
  /** Requests the simulator answered during the read (retries included). */
  requests: number;
  /** Of those, answered 429. */
  refused: number;
}

/** The rows, in report order. */
export const RATE_LIMIT_ROWS = ['ovh-credentials', 'ovh (official)'] as const;
export type RateLimitRowName = (typeof RATE_LIMIT_ROWS)[number];

/** Both rows, one run each. */
export interface RateLimitsResult {
  credentials: number;
  latencyMs: number;
  /** The simulator's limit, as `new OvhSimulator({ rateLimit })` takes it. */
  serverLimit: Required<RateLimitOptions>;
  machine: MachineInfo;
  rows: Record<RateLimitRowName, RateLimitRowResult>;
}

/** 20 requests/s, at most 5 at once. */
export const SERVER_LIMIT: Required<RateLimitOptions> = { requests: 20, perMs: 1000, burst: 5 };

/** Runs figure 4 in a child process that trusts a throwaway certificate. */
export async function benchRateLimits(options: RateLimitsOptions = {}): Promise<RateLimitsResult> {
  return runTlsWorker<RateLimitsResult>(new URL(import.meta.url), options);
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'object' ? JSON.stringify(error) : String(error);

/** `listDetails()` at its defaults, with a new client. */
async function readOurs(pkg: Package, sim: SimProcess, credentials: number) {
  const ovh = new pkg.OvhClient({ baseUrl: sim.base, ...sim.defaults, configFile: false, env: {} });
  await ovh.timeDelta();
  await sim.resetStats();
  const start = performance.now();
  try {
    const details = await ovh.credentials.listDetails();
    return { ms: performance.now() - start, read: details.length, failed: credentials - details.length };
  } catch (error) {
    const ms = performance.now() - start;
    // A bulk read that lost items throws with every item's outcome.
    const results = error instanceof pkg.BulkOperationError ? (error.results as ReadonlyArray<{ ok: boolean; error?: unknown }>) : undefined;
    const bad = results?.filter((r) => !r.ok);
    return {
      ms,
      read: results ? results.length - (bad?.length ?? 0) : 0,
      failed: bad?.length ?? credentials,
      firstError: describe(bad?.[0]?.error ?? error),
    };
  }
}

/** The official client's sequential loop: ids, then each id once; a refused item is counted and skipped. */
async function readOfficial(sim: SimProcess, credentials: number) {
  const official = officialClient(sim.defaults, sim.port);
  await syncOfficialClock(official);
  await sim.resetStats();
  const start = performance.now();
  let ids: number[];
  try {
    ids = (await official.requestPromised('GET', '/me/api/credential')) as number[];
  } catch (error) {
    return { ms: performance.now() - start, read: 0, failed: credentials, firstError: describe(error) };
  }
  let read = 0;
  let firstError: string | undefined;
  for (const id of ids) {
    try {
      await official.requestPromised('GET', `/me/api/credential/${id}`);
      read++;
    } catch (error) {
      firstError ??= describe(error);
    }
  }
  return { ms: performance.now() - start, read, failed: credentials - read, ...(firstError !== undefined ? { firstError } : {}) };
}

async function main(input: RateLimitsOptions & { keyPath: string; certPath: string }): Promise<RateLimitsResult> {
  const credentials = input.credentials ?? 200;
  const latencyMs = input.latencyMs ?? 20;
  const pkg = await importPackage();
  const rows = {} as RateLimitsResult['rows'];
  for (const name of RATE_LIMIT_ROWS) {
    const sim = await startSimProcess({
      keyPath: input.keyPath,
      certPath: input.certPath,
      credentials: credentials - 1,
      latencyMs,
      rateLimit: SERVER_LIMIT,
    });
    try {
      const outcome = name === 'ovh-credentials' ? await readOurs(pkg, sim, credentials) : await readOfficial(sim, credentials);
      const stats = await sim.stats();
      rows[name] = { ...outcome, requests: stats.requests, refused: stats.byStatus[429] ?? 0 };
    } finally {
      await sim.close();
    }
  }
  return { credentials, latencyMs, serverLimit: SERVER_LIMIT, machine: machineInfo(), rows };
}

workerEntry(import.meta.url, main);
