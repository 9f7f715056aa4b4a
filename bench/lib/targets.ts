// The figures of the performance issue (issue 20, point 8) against one run: each figure beside the official client,
// with its target where it has one. This is the summary table at the top of the generated section of
// docs/performance.md. Speed is judged where users are: at realistic latency (20 ms), in bulk work under OVH's fair
// use, and at a script's cold start; instructions per call and loopback at 0 ms are reported without a target.
import { coldInstructionsFigures } from '../cold-instructions.js';
import type { LatencyCaseSpec, LatencyResult } from '../latency.js';
import { LATENCY_CASES, LOOPBACK_CASES } from '../latency.js';
import type { RateLimitRowResult } from '../rate-limits.js';
import type { BenchResults } from './report.js';
import { summarize } from './stats.js';

/** The targets. */
export const TARGETS = {
  /** Figure 2: ovh-credentials' speed ÷ the official client's (official time ÷ ours), at least. */
  latencyVsOfficial: 0.93,
  /** Figure 3: `listDetails()` against the official client's sequential loop, times faster at least. */
  listDetailsSpeedup: 10,
  /** Figure 4: every item read, and at most this share of the requests answered 429. */
  refusedShare: 1 / 3,
  /** Figure 5: import + first signed GET over bare node, at most this multiple of the floor's. */
  coldStartVsFloor: 1.3,
  /** Figure 6: the packed tarball, bytes at most (npm's kB: 1,000 bytes). */
  tarballBytes: 400_000,
} as const;

/** One figure: both clients' values, what the target is judged on, and whether it is met. */
export interface TargetRow {
  figure: string;
  ours: string;
  official: string;
  result: string;
  /** `—` when the figure is reported without a target. */
  target: string;
  /** `undefined`: not measured, or no target. */
  met: boolean | undefined;
}

const x2 = (n: number) => `${n.toFixed(2)}x`;
const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const k = (n: number) => `${n0(n / 1000)} k`;
const mega = (n: number) => `${(n / 1e6).toFixed(1)} M`;
/** npm's kB (1,000 bytes), as `npm pack` prints it. */
export const npmKB = (bytes: number) => `${(bytes / 1000).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} kB`;
const percent = (part: number, whole: number) => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;
const inFlightLabel = (n: number) => (n === 1 ? 'sequential' : `${n} in flight`);

/** Median over runs of `official[i] / ours[i]`: ovh-credentials' speed ÷ the official client's, within each run. */
export function speedVsOfficial(c: LatencyResult['cases'][number]): number {
  return summarize(c.wallMs['ovh (official)'].map((ms, i) => ms / (c.wallMs['ovh-credentials'][i] as number))).median;
}

/** Median requests per second of one client in one case. */
export function requestsPerSecond(c: LatencyResult['cases'][number], client: keyof LatencyResult['cases'][number]['wallMs']): number {
  return summarize(c.wallMs[client].map((ms) => (c.n / ms) * 1000)).median;
}

/** A rate-limited read in a few words. */
export function rateLimitSummary(row: RateLimitRowResult, credentials: number): string {
  return `${n0(row.read)} of ${n0(credentials)} read, ${n0(row.refused)} of ${n0(row.requests)} requests answered 429 (${percent(row.refused, row.requests)}), ${(row.ms / 1000).toFixed(1)} s`;
}

/** Every figure of the issue, against `r`. */
export function evaluateTargets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const missing = (figure: string, target: string, selection: string) =>
    rows.push({ figure, ours: '—', official: '—', result: `not measured (run with --only=${selection})`, target, met: undefined });

  const ins = r.instructions?.clients;
  if (ins)
    rows.push({
      figure: '1. instructions per `credentials.get` (valgrind)',
      ours: k(ins['ovh-credentials']),
      official: k(ins['ovh (official)']),
      result: `${x2(ins['ovh-credentials'] / ins['ovh (official)'])} the official client's`,
      target: '—',
      met: undefined,
    });
  else missing('1. instructions per `credentials.get` (valgrind)', '—', 'instructions');

  const latencyRows = (result: LatencyResult | undefined, specs: readonly LatencyCaseSpec[], figure: string, selection: string, atLeast?: number) => {
    // The cases the run measured (a smoke run's own), else the default ones, each "not measured".
    for (const spec of result?.cases ?? specs) {
      const name = `${figure}. GETs at ${spec.latencyMs} ms, ${inFlightLabel(spec.inFlight)}`;
      const target = atLeast === undefined ? '—' : `≥ ${atLeast}x`;
      const c = result?.cases.find((x) => x.latencyMs === spec.latencyMs && x.inFlight === spec.inFlight);
      if (c === undefined) {
        missing(name, target, selection);
        continue;
      }
      const ratio = speedVsOfficial(c);
      rows.push({
        figure: name,
        ours: `${n0(requestsPerSecond(c, 'ovh-credentials'))} requests/s`,
        official: `${n0(requestsPerSecond(c, 'ovh (official)'))} requests/s`,
        result: `${x2(ratio)} the official client's speed`,
        target,
        met: atLeast === undefined ? undefined : ratio >= atLeast,
      });
    }
  };
  latencyRows(r.latency, LATENCY_CASES, '2', 'latency', TARGETS.latencyVsOfficial);

  const d = r.listDetails;
  const detailsFigure = `3. ${n0(d?.credentials ?? 1000)} \`listDetails\` items at ${d?.latencyMs ?? 20} ms`;
  const detailsTarget = `≥ ${TARGETS.listDetailsSpeedup}x the official client's sequential loop`;
  if (d) {
    const ours = summarize(d.listDetails).median;
    const official = summarize(d.sequential).median;
    rows.push({
      figure: detailsFigure,
      ours: `${(ours / 1000).toFixed(2)} s`,
      official: `${(official / 1000).toFixed(2)} s (sequential loop)`,
      result: `${(official / ours).toFixed(1)}x faster`,
      target: detailsTarget,
      met: official / ours >= TARGETS.listDetailsSpeedup,
    });
  } else missing(detailsFigure, detailsTarget, 'list-details');

  const q = r.rateLimits;
  const limitFigure = q
    ? `4. ${n0(q.credentials)} details at ${q.latencyMs} ms vs ${q.serverLimit.requests} requests/s (burst ${q.serverLimit.burst}), 429 + Retry-After`
    : '4. 200 details at 20 ms vs 20 requests/s (burst 5), 429 + Retry-After';
  const limitTarget = 'every item read, ≤ 1/3 of requests answered 429';
  if (q) {
    const ours = q.rows['ovh-credentials'];
    const share = ours.refused / Math.max(1, ours.requests);
    rows.push({
      figure: limitFigure,
      ours: rateLimitSummary(ours, q.credentials),
      official: rateLimitSummary(q.rows['ovh (official)'], q.credentials),
      result: `${ours.failed === 0 ? 'every item read' : `${n0(ours.failed)} items lost`}, ${percent(ours.refused, ours.requests)} answered 429`,
      target: limitTarget,
      met: ours.failed === 0 && share <= TARGETS.refusedShare,
    });
  } else missing(limitFigure, limitTarget, 'rate-limits');

  const coldFigure = '5. cold start: import + first signed GET, instructions over bare node (valgrind)';
  const coldTarget = `≤ ${TARGETS.coldStartVsFloor}x the floor (ky + zod as documented)`;
  const cold = r.coldInstructions ? coldInstructionsFigures(r.coldInstructions) : {};
  if (cold.ours !== undefined && cold.floor !== undefined && cold.oursVsFloor !== undefined)
    rows.push({
      figure: coldFigure,
      ours: `+${mega(cold.ours)}`,
      official: cold.official !== undefined ? `+${mega(cold.official)}` : '—',
      result: `${x2(cold.oursVsFloor)} the floor's +${mega(cold.floor)}`,
      target: coldTarget,
      met: cold.oursVsFloor <= TARGETS.coldStartVsFloor,
    });
  else missing(coldFigure, coldTarget, 'cold-start');

  const sizeFigure = '6. packed tarball (`npm pack`, gzip)';
  const sizeTarget = `≤ ${npmKB(TARGETS.tarballBytes)}`;
  if (r.size)
    rows.push({
      figure: sizeFigure,
      ours: npmKB(r.size.ours.size),
      official: npmKB(r.size.official.size),
      result: npmKB(r.size.ours.size),
      target: sizeTarget,
      met: r.size.ours.size <= TARGETS.tarballBytes,
    });
  else missing(sizeFigure, sizeTarget, 'size');

  latencyRows(r.loopback, LOOPBACK_CASES, '7', 'loopback');
  return rows;
}
