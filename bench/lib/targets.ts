// The performance issue's targets, checked against one run's results: the summary table at the top of the
// generated section of docs/performance.md. A target whose figure was not run says so.
import { coldInstructionsFigures } from '../cold-instructions.js';
import { RATE_LIMIT_ROWS } from '../rate-limits.js';
import type { BenchResults } from './report.js';
import { summarize } from './stats.js';

/** One target: what it asks, what the run measured, and whether that meets it (`undefined`: not measured). */
export interface TargetRow {
  figure: string;
  target: string;
  result: string;
  met: boolean | undefined;
}

/** Latency cases of figure 1d with a target: ovh-credentials' speed ÷ the official client's, at least this. */
export const LATENCY_TARGETS: ReadonlyArray<{ latencyMs: number; inFlight: number; atLeast: number }> = [
  { latencyMs: 5, inFlight: 1, atLeast: 0.95 },
  { latencyMs: 5, inFlight: 16, atLeast: 0.95 },
  { latencyMs: 20, inFlight: 1, atLeast: 0.97 },
  { latencyMs: 20, inFlight: 16, atLeast: 0.97 },
];

const x2 = (n: number) => `${n.toFixed(2)}x`;
const thousands = (n: number) => Math.round(n / 1000).toLocaleString('en-US');
const mega = (n: number) => `${(n / 1e6).toFixed(0)} M`;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
/** Median over runs of `a[i] / b[i]` (both measured in the same runs). */
const medianRatio = (a: readonly number[], b: readonly number[]) => summarize(a.map((v, i) => v / (b[i] as number))).median;
const inFlightLabel = (n: number) => (n === 1 ? 'sequential' : `${n} in flight`);

/** Every target of the performance issue, against `r`. */
export function evaluateTargets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const add = (figure: string, target: string, measured: { result: string; met: boolean } | undefined, missing: string) =>
    rows.push({ figure, target, ...(measured ?? { result: `not measured (run with --only=${missing})`, met: undefined }) });

  const ins = r.instructions?.layers;
  const oursIns = ins?.['+ path check and zod: ovh.credentials.get(id)'];
  const officialIns = ins?.['ovh (official)'];
  add(
    '1c. instructions per `credentials.get` vs `ovh`',
    '≤ 1.75x',
    oursIns !== undefined && officialIns !== undefined
      ? {
          result: `${x2(oursIns / officialIns)} (${thousands(oursIns)} k vs ${thousands(officialIns)} k instructions)`,
          met: oursIns / officialIns <= 1.75,
        }
      : undefined,
    'instructions',
  );

  for (const [client, atLeast] of [
    ['ovh (official)', 0.7],
    ['raw fetch', 0.9],
  ] as const) {
    const q = r.requests;
    const ratio = q ? medianRatio(q.clients[client].wallMs, q.clients['ovh-credentials'].wallMs) : undefined;
    add(
      `1. sequential GETs at 0 ms vs ${client === 'raw fetch' ? 'raw fetch' : '`ovh`'}`,
      `≥ ${atLeast}x`,
      ratio !== undefined ? { result: x2(ratio), met: ratio >= atLeast } : undefined,
      'requests',
    );
  }

  for (const t of LATENCY_TARGETS) {
    const c = r.latency?.cases.find((x) => x.latencyMs === t.latencyMs && x.inFlight === t.inFlight);
    const ratio = c ? medianRatio(c.wallMs['ovh (official)'], c.wallMs['ovh-credentials']) : undefined;
    add(
      `1d. GETs at ${t.latencyMs} ms, ${inFlightLabel(t.inFlight)}, vs \`ovh\``,
      `≥ ${t.atLeast}x`,
      ratio !== undefined ? { result: x2(ratio), met: ratio >= t.atLeast } : undefined,
      'latency',
    );
  }

  const d = r.listDetails;
  if (d) {
    const s = summarize(d.listDetails).median;
    const speedup = summarize(d.sequential).median / s;
    add(
      `2. ${d.credentials.toLocaleString('en-US')} details at ${d.latencyMs} ms`,
      '< 1.5 s and ≥ 10x the sequential loop',
      { result: `${(s / 1000).toFixed(2)} s, ${speedup.toFixed(1)}x`, met: s < 1500 && speedup >= 10 },
      'list-details',
    );
  } else add('2. 1,000 details at 20 ms', '< 1.5 s and ≥ 10x the sequential loop', undefined, 'list-details');

  for (const name of RATE_LIMIT_ROWS) {
    const row = r.rateLimits?.rows[name];
    add(
      `2b. ${name}`,
      'no failed item; share of 429s reported',
      row
        ? {
            result: `${row.failed} failed, ${((row.refused / Math.max(1, row.requests)) * 100).toFixed(1)} % of ${row.requests.toLocaleString('en-US')} requests answered 429, ${(row.ms / 1000).toFixed(1)} s`,
            met: row.failed === 0,
          }
        : undefined,
      'rate-limits',
    );
  }

  const cold = r.coldInstructions ? coldInstructionsFigures(r.coldInstructions) : {};
  add(
    "3b. `import('ovh-credentials')` vs `require('ovh')`, instructions over bare node",
    '≤ 1.0x',
    cold.importVsOfficial !== undefined ? { result: x2(cold.importVsOfficial), met: cold.importVsOfficial <= 1 } : undefined,
    'cold-instructions',
  );
  add(
    '3b. import + one signed GET vs the floor (zod + fetch bootstrap + `ovh` first GET)',
    '≤ 1.25x',
    cold.getVsFloor !== undefined && cold.floor !== undefined
      ? { result: `${x2(cold.getVsFloor)} (floor ${mega(cold.floor)} instructions)`, met: cold.getVsFloor <= 1.25 }
      : undefined,
    'cold-instructions',
  );

  const root = r.size?.entries.find((e) => e.name === '.');
  add(
    '4. own code the root entry loads at import, min + gzip',
    '≤ 15 kB',
    root
      ? { result: `${kB(root.atImport)} (${kB(root.atImportPerFile)} file by file; lazy chunks ${kB(root.lazy)})`, met: root.atImport <= 15 * 1024 }
      : undefined,
    'size',
  );
  return rows;
}
