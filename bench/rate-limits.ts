// Figure 2 under the API's rate limits: the details of 1 000 credentials read against a simulator that refuses
// calls past a limit with 429 and Retry-After, as OVH's fair use does. Single reads (`listDetails()`, default
// concurrency) against 20 requests/s with bursts of 5, without and with the client's own limiter; batch reads (50 ids
// per request) against 60 requests/minute. Each row reports its time beside the same read without a limit, the items
// that failed (there should be none), and the share of requests the simulator refused, counted by the simulator
// itself in its own process. A low share means the SDK adapts rather than retrying in step.
import type { RateLimitOptions } from '../src/index.js';
import { importPackage, type Package, type PackageSource } from './lib/package.js';
import { startSimProcess, type SimProcess } from './lib/sim-process.js';
import { machineInfo, type MachineInfo } from './lib/stats.js';
import { runTlsWorker, workerEntry } from './lib/worker.js';

/** Options of the rate-limits benchmark. */
export interface RateLimitsOptions {
  /** Credentials on the account, the default key included. Default 1000. */
  credentials?: number;
  /** Latency the simulator adds to every response, ms (figure 2's). Default 20. */
  latencyMs?: number;
  /** Rows to run. Default all of them. */
  rows?: readonly RateLimitRowName[];
  /** Build of ovh-credentials to measure. Default dist/ when built, else src/. */
  source?: PackageSource;
}

/** One read under a limit, and the same read without one. */
export interface RateLimitRowResult {
  /** The simulator's limit, as `new OvhSimulator({ rateLimit })` takes it. */
  serverLimit: RateLimitOptions;
  /** The client's `rateLimit` option, when the row sets one. */
  clientLimit?: RateLimitOptions;
  /** Wall-clock ms of the read under the limit. */
  ms: number;
  /** Wall-clock ms of the same read against a simulator without a limit. */
  unlimitedMs: number;
  /** Items that did not come back (every item, when the read failed as a whole). */
  failed: number;
  /** Why the read failed as a whole, or the first failed item's error, when any failed. */
  firstError?: string;
  /** Requests the simulator answered during the read (retries included; the clock sync before it not). */
  requests: number;
  /** Of those, answered 429. */
  refused: number;
}

/** Every row measured, one run each (a limited row takes about a minute by nature: 1 000 requests at 20/s). */
export interface RateLimitsResult {
  credentials: number;
  latencyMs: number;
  source: PackageSource;
  machine: MachineInfo;
  rows: Partial<Record<RateLimitRowName, RateLimitRowResult>>;
}

interface RowSpec {
  serverLimit: RateLimitOptions;
  clientLimit?: RateLimitOptions;
  read: (ovh: InstanceType<Package['OvhClient']>) => Promise<unknown[]>;
}

/** The rows, in report order. */
export const RATE_LIMIT_ROWS = [
  '`listDetails()`, no client limit, vs 20 requests/s (burst 5)',
  '`listDetails()` with `rateLimit: { requests: 20, perMs: 1000, burst: 5 }`, vs 20 requests/s (burst 5)',
  '`listDetails({}, { batch: true })`, vs 60 requests/minute',
] as const;
export type RateLimitRowName = (typeof RATE_LIMIT_ROWS)[number];

const PER_SECOND: RateLimitOptions = { requests: 20, perMs: 1000, burst: 5 };
const ROWS: Record<RateLimitRowName, RowSpec> = {
  '`listDetails()`, no client limit, vs 20 requests/s (burst 5)': { serverLimit: PER_SECOND, read: (ovh) => ovh.credentials.listDetails() },
  '`listDetails()` with `rateLimit: { requests: 20, perMs: 1000, burst: 5 }`, vs 20 requests/s (burst 5)': {
    serverLimit: PER_SECOND,
    clientLimit: PER_SECOND,
    read: (ovh) => ovh.credentials.listDetails(),
  },
  '`listDetails({}, { batch: true })`, vs 60 requests/minute': {
    serverLimit: { requests: 60, perMs: 60_000 },
    read: (ovh) => ovh.credentials.listDetails({}, { batch: true }),
  },
};

/** Runs the rate-limited rows of figure 2 in a child process that trusts a throwaway certificate. */
export async function benchRateLimits(options: RateLimitsOptions = {}): Promise<RateLimitsResult> {
  return runTlsWorker<RateLimitsResult>(new URL(import.meta.url), options);
}

/** Reads through `spec` against `sim` with a new client: time, failed items, what the simulator answered. */
async function measure(pkg: Package, sim: SimProcess, spec: RowSpec, credentials: number) {
  const ovh = new pkg.OvhClient({
    baseUrl: sim.base,
    ...sim.defaults,
    configFile: false,
    env: {},
    ...(spec.clientLimit ? { rateLimit: spec.clientLimit } : {}),
  });
  await ovh.timeDelta();
  await sim.resetStats();
  const start = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  try {
    const details = await spec.read(ovh);
    failed = credentials - details.length;
    if (failed !== 0) firstError = `read ${details.length} credentials of ${credentials}`;
  } catch (error) {
    const results = error instanceof pkg.BulkOperationError ? (error.results as ReadonlyArray<{ ok: boolean; error?: unknown }>) : undefined;
    const bad = results?.filter((r) => !r.ok);
    failed = bad?.length ?? credentials;
    const first = bad?.[0]?.error ?? error;
    firstError = first instanceof Error ? `${first.name}: ${first.message}` : String(first);
  }
  const ms = performance.now() - start;
  const stats = await sim.stats();
  return { ms, failed, firstError, requests: stats.requests, refused: stats.byStatus[429] ?? 0 };
}

async function main(input: RateLimitsOptions & { keyPath: string; certPath: string }): Promise<RateLimitsResult> {
  const credentials = input.credentials ?? 1000;
  const latencyMs = input.latencyMs ?? 20;
  const { pkg, source } = await importPackage(input.source);
  const simConfig = { keyPath: input.keyPath, certPath: input.certPath, credentials: credentials - 1, latencyMs };
  const rows: RateLimitsResult['rows'] = {};
  const unlimited = await startSimProcess(simConfig);
  try {
    for (const name of input.rows ?? RATE_LIMIT_ROWS) {
      const spec = ROWS[name];
      // A simulator of its own per row: every limited read starts with a full bucket (or an empty window).
      const limited = await startSimProcess({ ...simConfig, rateLimit: spec.serverLimit });
      try {
        const under = await measure(pkg, limited, spec, credentials);
        // The reference is figure 2's read: the same call, no limit on either side.
        const free = await measure(pkg, unlimited, { serverLimit: spec.serverLimit, read: spec.read }, credentials);
        if (free.failed !== 0) throw new Error(`${name}: the read without a limit failed: ${free.firstError ?? ''}`);
        rows[name] = {
          serverLimit: spec.serverLimit,
          ...(spec.clientLimit ? { clientLimit: spec.clientLimit } : {}),
          ms: under.ms,
          unlimitedMs: free.ms,
          failed: under.failed,
          ...(under.firstError !== undefined ? { firstError: under.firstError } : {}),
          requests: under.requests,
          refused: under.refused,
        };
      } finally {
        await limited.close();
      }
    }
    return { credentials, latencyMs, source, machine: machineInfo(), rows };
  } finally {
    await unlimited.close();
  }
}

workerEntry(import.meta.url, main);
