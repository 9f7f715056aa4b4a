// Turns benchmark results into the Markdown of docs/performance.md's generated section: the summary of every figure
// beside the official client (lib/targets.ts), then one section per figure.
import { COLD_INSTRUCTIONS_CASES, type ColdInstructionsResult, coldInstructionsFigures } from '../cold-instructions.js';
import { INSTRUCTIONS_CLIENTS, type InstructionsResult } from '../instructions.js';
import { LATENCY_CLIENTS, type LatencyResult } from '../latency.js';
import type { ListDetailsResult } from '../list-details.js';
import { RATE_LIMIT_ROWS, type RateLimitsResult } from '../rate-limits.js';
import type { SizeResult } from '../size.js';
import { summarize, type MachineInfo, type Summary } from './stats.js';
import { evaluateTargets, npmKB, TARGETS } from './targets.js';

/** Everything one `npm run bench` measured (a figure is absent when it was not run). */
export interface BenchResults {
  command: string;
  date: string;
  machine: MachineInfo;
  /** Figure 1. */
  instructions?: InstructionsResult;
  /** Figure 2 (20 ms). */
  latency?: LatencyResult;
  /** Figure 3. */
  listDetails?: ListDetailsResult;
  /** Figure 4. */
  rateLimits?: RateLimitsResult;
  /** Figure 5. */
  coldInstructions?: ColdInstructionsResult;
  /** Figure 6. */
  size?: SizeResult;
  /** Figure 7 (0 ms). */
  loopback?: LatencyResult;
}

const OURS = 'ovh-credentials';
const FLOOR = 'floor (ky + zod as documented)';
const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const n2 = (n: number) => n.toFixed(2);
const mega = (n: number) => `${(n / 1e6).toFixed(1)} M`;
const percent = (part: number, whole: number) => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;
const bold = (name: string) => (name === OURS ? `**${name}**` : name);
/** `median (min–max)`. */
const mmm = (s: Summary, f: (n: number) => string) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;

/** A Markdown table: the first `textColumns` columns left-aligned, the others right-aligned (figures). */
function table(head: string[], rows: string[][], textColumns = 1): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Figure 1. */
export function instructionsTable(r: InstructionsResult): string {
  const official = r.clients['ovh (official)'];
  return table(
    ['client', 'instructions per call', '÷ the official client'],
    INSTRUCTIONS_CLIENTS.map((name) => [bold(name), `${n0(r.clients[name] / 1000)} k`, name === OURS ? `${n2(r.clients[name] / official)}x` : '—']),
  );
}

/** Figures 2 and 7: requests per second of each client per case, ovh-credentials' speed ÷ the official client's. */
export function latencyTable(r: LatencyResult, target?: number): string {
  return table(
    [
      'latency',
      'in flight',
      ...LATENCY_CLIENTS.map((c) => `${bold(c)} requests/s`),
      `${OURS} speed ÷ the official client's`,
      "the floor's speed ÷ the official client's",
      ...(target === undefined ? [] : ['target']),
    ],
    r.cases.map((c) => [
      `${c.latencyMs} ms`,
      c.inFlight === 1 ? '1 (sequential)' : String(c.inFlight),
      ...LATENCY_CLIENTS.map((name) => mmm(summarize(c.wallMs[name].map((ms) => (c.n / ms) * 1000)), n0)),
      `**${mmm(summarize(c.wallMs['ovh (official)'].map((ms, i) => ms / (c.wallMs[OURS][i] as number))), n2)}x**`,
      `${mmm(summarize(c.wallMs['ovh (official)'].map((ms, i) => ms / (c.wallMs[FLOOR][i] as number))), n2)}x`,
      ...(target === undefined ? [] : [`≥ ${target}x`]),
    ]),
  );
}

/** Figure 3. */
export function listDetailsTable(r: ListDetailsResult): string {
  const sequential = summarize(r.sequential).median;
  const row = (label: string, ms: number[]) => {
    const s = summarize(ms);
    return [label, mmm(s, (x) => (x / 1000).toFixed(2)), `${(sequential / s.median).toFixed(1)}x`, String(s.runs)];
  };
  return table(
    ['how', 's', 'faster than the sequential loop', 'runs'],
    [row('ovh (official), sequential loop', r.sequential), row('**`ovh.credentials.listDetails()`** (defaults)', r.listDetails)],
  );
}

/** Figure 4, and under it why items were lost, client by client (nothing when none were). */
export function rateLimitsTable(r: RateLimitsResult): string {
  const rows = RATE_LIMIT_ROWS.map((name) => {
    const row = r.rows[name];
    return [
      name === OURS ? '**`ovh.credentials.listDetails()`** (defaults)' : 'ovh (official), sequential loop (no retry)',
      (row.ms / 1000).toFixed(1),
      `${n0(row.read)} of ${n0(r.credentials)}`,
      n0(row.requests),
      `${n0(row.refused)} (${percent(row.refused, row.requests)})`,
    ];
  });
  const lost = RATE_LIMIT_ROWS.flatMap((name) => {
    const row = r.rows[name];
    return row.failed > 0 ? [`- ${name}: ${n0(row.failed)} items not read; the first error: ${row.firstError ?? 'none recorded'}`] : [];
  });
  return `${table(['how', 's', 'items read', 'requests', 'answered 429'], rows)}${lost.length === 0 ? '' : `\n\n${lost.join('\n')}`}`;
}

/** Figure 5. */
export function coldInstructionsTable(r: ColdInstructionsResult): string {
  const bare = r.cases['node -e 0 (bare)'];
  const { floor } = coldInstructionsFigures(r);
  return table(
    ['process', 'instructions (median)', 'each run', 'over bare node', '÷ the floor'],
    COLD_INSTRUCTIONS_CASES.flatMap((name) => {
      const count = r.cases[name];
      if (count === undefined) return [];
      const over = bare === undefined || name === 'node -e 0 (bare)' ? undefined : count - bare;
      return [
        [
          bold(name),
          mega(count),
          (r.runs[name] ?? []).map(mega).join(', '),
          over === undefined ? '—' : `+${mega(over)}`,
          over === undefined || floor === undefined ? '—' : `${n2(over / floor)}x`,
        ],
      ];
    }),
  );
}

/** Figure 6. */
export function sizeTable(r: SizeResult): string {
  return table(
    ['package', 'tarball (gzip)', 'unpacked', 'files'],
    [
      [`**${r.ours.name}@${r.ours.version}**`, `**${npmKB(r.ours.size)}**`, npmKB(r.ours.unpackedSize), n0(r.ours.files)],
      [`${r.official.name}@${r.official.version} (official)`, npmKB(r.official.size), npmKB(r.official.unpackedSize), n0(r.official.files)],
    ],
  );
}

/** The summary: every figure beside the official client, with its target. */
export function targetsTable(results: BenchResults): string {
  return table(
    ['figure', OURS, 'ovh (official)', 'result', 'target', 'met?'],
    evaluateTargets(results).map((t) => [t.figure, t.ours, t.official, t.result, t.target, t.met === undefined ? '—' : t.met ? 'yes' : '**no**']),
    6,
  );
}

const inFlightList = (r: LatencyResult) =>
  r.cases.map((c) => `${n0(c.n)} requests ${c.inFlight === 1 ? 'one at a time' : `${c.inFlight} at a time`}`).join(', ');

/** The generated part of docs/performance.md. */
export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const parts = [
    `Measured ${results.date} with \`${results.command}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.os}; load average ${m.load1} at the start. Timed cells are median (min–max) over the runs; ratios are taken within each run, then summarized.`,
    `### Every figure beside the official client\n\nA figure that was not run reads "not measured" and the selection that runs it. Figures 1 and 7 have no target.\n\n${targetsTable(results)}`,
  ];
  if (results.instructions) {
    const r = results.instructions;
    parts.push(
      `### 1. Instructions per \`credentials.get\` (valgrind)\n\n\`valgrind --tool=cachegrind --cache-sim=no\` on one client process per client: (instructions of ${n0(r.warmup + r.calls)} sequential calls − those of ${n0(r.warmup)}) ÷ ${n0(r.calls)}; TLS loopback, the simulator in its own process, uncounted. No target.\n\n${instructionsTable(r)}`,
    );
  }
  if (results.latency) {
    const r = results.latency;
    parts.push(
      `### 2. Signed GETs at 20 ms of latency, sequential and 16 in flight\n\n\`ovh.credentials.get(id)\` against the official client's GET of the same credential, with the simulator's injected latency on every answer; per run and client ${inFlightList(r)}, ${r.runs} runs, the clients taking turns at going first. The floor (\`bench/lib/floor-client.ts\`: ky and zod as they document it, on the platform fetch) runs beside them, to read what the SDK's own layers cost apart from what ky and the fetch cost. Target: ovh-credentials at least ${TARGETS.latencyVsOfficial}x the official client's speed.\n\n${latencyTable(r, TARGETS.latencyVsOfficial)}`,
    );
  }
  if (results.listDetails) {
    const r = results.listDetails;
    parts.push(
      `### 3. Details of ${n0(r.credentials)} credentials, ${r.latencyMs} ms latency per request\n\nThe ids, then every credential's details. Target: \`listDetails()\` at least ${TARGETS.listDetailsSpeedup}x faster than the official client's sequential loop.\n\n${listDetailsTable(r)}`,
    );
  }
  if (results.rateLimits) {
    const r = results.rateLimits;
    const floorS = Math.max(0, r.credentials + 1 - r.serverLimit.burst) / (r.serverLimit.requests / (r.serverLimit.perMs / 1000));
    parts.push(
      `### 4. ${n0(r.credentials)} details under a rate limit\n\n${r.latencyMs} ms latency per request, against a simulator of its own per row that answers 429 with \`Retry-After\` past ${r.serverLimit.requests} requests/s (a token bucket of ${r.serverLimit.burst}); requests and 429s counted by the simulator during the read. The ids and ${n0(r.credentials)} reads take ${floorS.toFixed(1)} s at best under that limit. The official client does not retry: its loop moves on past a refused item. Target: ovh-credentials reads every item, with at most a third of its requests answered 429.\n\n${rateLimitsTable(r)}`,
    );
  }
  if (results.coldInstructions) {
    const r = results.coldInstructions;
    parts.push(
      `### 5. A script's cold start, in instructions (valgrind)\n\n\`valgrind --tool=cachegrind --cache-sim=no\` on \`node --single-threaded -e\` processes, start to exit, ${r.runs['node -e 0 (bare)']?.length ?? 3} per row (the figure is their median: a run now and then counts about 0.25 G more than the others, on every client): import the client, read the server's clock, one signed GET of a credential, validated; ovh-credentials from \`dist/\` through the package's name. The floor is \`bench/lib/floor-client.ts\`: ky and zod used as they document it (\`ky.create\` with a \`beforeRequest\` hook that signs, one zod schema read through \`.json(schema)\`), on the platform fetch. The GETs go to the simulator over TLS loopback, in its own process, uncounted. Target: ovh-credentials at most ${TARGETS.coldStartVsFloor}x the floor, both over bare node.\n\n${coldInstructionsTable(r)}`,
    );
  }
  if (results.size) {
    parts.push(
      `### 6. Package size\n\n\`npm pack --dry-run --json --ignore-scripts\`: ovh-credentials from this repository after the build, the official client from its installed folder; dependencies not included on either side; kB of 1,000 bytes, as npm prints them. Target: the tarball at most ${npmKB(TARGETS.tarballBytes)}.\n\n${sizeTable(results.size)}`,
    );
  }
  if (results.loopback) {
    const r = results.loopback;
    parts.push(
      `### 7. Signed GETs on loopback with no latency\n\nAs figure 2 with no injected latency: the client's CPU is all there is. Per run and client ${inFlightList(r)}, ${r.runs} runs. No target: no user calls OVH's API at 0 ms.\n\n${latencyTable(r)}`,
    );
  }
  return parts.join('\n\n');
}

export const BEGIN = '<!-- bench:begin (generated by `npm run bench -- --write`) -->';
export const END = '<!-- bench:end -->';

/** Replaces the generated part of a document. */
export function spliceReport(document: string, report: string): string {
  const start = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (start === -1 || end < start) throw new Error(`docs/performance.md has no ${BEGIN} … ${END} section`);
  return `${document.slice(0, start + BEGIN.length)}\n${report}\n${document.slice(end)}`;
}
