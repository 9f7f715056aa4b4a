// Turns benchmark results into the Markdown tables of docs/performance.md.
import { COLD_START_CASES, type ColdStartResult } from '../cold-start.js';
import type { InstructionsResult } from '../instructions.js';
import { LAYERS, type LayersResult } from '../layers.js';
import type { ListDetailsResult } from '../list-details.js';
import { CLIENTS, type RequestsResult } from '../requests.js';
import { SIGNING_VARIANTS, type SigningResult } from '../signing.js';
import type { SizeResult } from '../size.js';
import { summarize, type MachineInfo, type Summary } from './stats.js';

/** Everything one `npm run bench` measured (a figure is absent when it was not run). */
export interface BenchResults {
  command: string;
  date: string;
  machine: MachineInfo;
  requests?: RequestsResult;
  layers?: LayersResult;
  instructions?: InstructionsResult;
  listDetails?: ListDetailsResult;
  coldStart?: ColdStartResult;
  size?: SizeResult;
  signing?: SigningResult;
}

const OURS = 'ovh-credentials';
const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const n2 = (n: number) => n.toFixed(2);
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
/** `median (min–max)`. */
const mmm = (s: Summary, f: (n: number) => string) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Per-run ratio a/b of two series measured in the same runs. */
function ratio(a: readonly number[], b: readonly number[]): Summary {
  return summarize(a.map((x, i) => x / (b[i] as number)));
}

export function requestsTable(r: RequestsResult): string {
  const ours = r.clients[OURS];
  return table(
    ['client', 'requests/s', `ms per ${n0(r.n)} GETs`, 'client CPU µs/request', `${OURS} speed ÷ this client's`],
    CLIENTS.map((name) => {
      const c = r.clients[name];
      return [
        name === OURS ? `**${name}**` : name,
        mmm(summarize(c.wallMs.map((ms) => (r.n / ms) * 1000)), n0),
        mmm(summarize(c.wallMs), n0),
        mmm(summarize(c.cpuMs.map((ms) => (ms / r.n) * 1000)), n0),
        name === OURS ? '—' : `**${mmm(ratio(c.wallMs, ours.wallMs), n2)}x**`,
      ];
    }),
  );
}

export function layersTable(r: LayersResult): string {
  const medians = LAYERS.map((name) => summarize(r.layers[name]).median);
  return table(
    ['layer', 'client CPU µs/request', 'added by this layer (medians)'],
    LAYERS.map((name, i) => {
      const added = i === 0 || name === 'ovh (official)' ? '—' : `+${n0((medians[i] as number) - (medians[i - 1] as number))}`;
      return [name, mmm(summarize(r.layers[name]), n0), added];
    }),
  );
}

export function instructionsTable(r: InstructionsResult): string {
  const k = (n: number) => `${n0(n / 1000)} k`;
  let previous: number | undefined;
  return table(
    ['layer', 'instructions per call', 'added by this layer'],
    LAYERS.flatMap((name) => {
      const count = r.layers[name];
      if (count === undefined) return [];
      const added = previous === undefined || name === 'ovh (official)' ? '—' : `+${k(count - previous)}`;
      if (name !== 'ovh (official)') previous = count;
      return [[name, k(count), added]];
    }),
  );
}

export function listDetailsTable(r: ListDetailsResult): string {
  const sequential = summarize(r.sequential).median;
  const row = (label: string, ms: number[]) => {
    const s = summarize(ms);
    return [label, mmm(s, (x) => (x / 1000).toFixed(2)), `${(sequential / s.median).toFixed(1)}x`, String(s.runs)];
  };
  return table(
    ['how', 's', 'faster than the sequential loop', 'runs'],
    [
      row('official `ovh`, sequential loop', r.sequential),
      row('**`ovh.credentials.listDetails()`** (default concurrency 20)', r.listDetails),
      ...r.byConcurrency.map(({ concurrency, ms }) => row(`\`listDetails({}, { concurrency: ${concurrency} })\``, ms)),
      row('`listDetails({}, { batch: true })` (opt-in batch reads, 50 ids per request)', r.batched),
    ],
  );
}

export function coldStartTable(r: ColdStartResult): string {
  const bare = summarize(r.cases[COLD_START_CASES[0]]).median;
  return table(
    ['process', 'ms', 'over bare node (median)'],
    COLD_START_CASES.map((name) => {
      const s = summarize(r.cases[name]);
      return [name, mmm(s, n0), name === COLD_START_CASES[0] ? '—' : `+${n0(s.median - bare)} ms`];
    }),
  );
}

export function sizeTable(r: SizeResult): string {
  return table(
    ['what', 'minified + gzip'],
    [
      ['own code, `ovh-credentials` (deps excluded; budget 15 kB)', `**${kB(r.own)}**`],
      ['own code, `ovh-credentials/testing` (deps excluded)', kB(r.testing)],
      ['ky (whole)', kB(r.deps.ky)],
      ['zod (whole)', kB(r.deps.zod)],
      ['ini (whole)', kB(r.deps.ini)],
      ['`ovh-credentials` bundled with its deps, tree-shaken', kB(r.bundled)],
    ],
  );
}

export function signingTable(r: SigningResult): string {
  const ceiling = r.variants["createHash('sha1') (ceiling)"];
  return table(
    ['variant', 'signatures/s', 'vs createHash ceiling'],
    SIGNING_VARIANTS.map((name) => {
      const ms = r.variants[name];
      return [
        name === 'signRequest' ? '**signRequest**' : name,
        mmm(summarize(ms.map((x) => (r.n / x) * 1000)), n0),
        `${mmm(ratio(ceiling, ms), n2)}x`,
      ];
    }),
  );
}

/** The generated part of docs/performance.md. */
export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const parts = [
    `Measured ${results.date} with \`${results.command}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.os}; load average ${m.load1} at the start. Every cell is median (min–max) over the runs; ratios are taken within each run, then summarized.`,
  ];
  if (results.requests) {
    const r = results.requests;
    parts.push(
      `### 1. Sequential signed \`GET /me/api/credential/{id}\`, TLS loopback\n\n${n0(r.n)} sequential requests per client per run, ${r.runs} runs, clients in rotating order, simulator in a second process, ovh-credentials from \`${r.source}/\`.\n\n${requestsTable(r)}`,
    );
  }
  if (results.layers) {
    const r = results.layers;
    parts.push(
      `### 1b. Where the CPU of one GET goes, layer by layer\n\n${n0(r.n)} sequential requests per layer per run, ${r.runs} runs in rotating order, TLS loopback, simulator in a second process; the SDK rows from \`${r.source}/\`, the fetch row from src/ (it is not public).\n\n${layersTable(r)}`,
    );
  }
  if (results.instructions) {
    const r = results.instructions;
    parts.push(
      `### 1c. Instructions per GET, layer by layer (valgrind)\n\n\`valgrind --tool=cachegrind --cache-sim=no\` on one client process per layer and run: (instructions of ${n0(r.warmup + r.calls)} calls − those of ${n0(r.warmup)}) ÷ ${n0(r.calls)}; the simulator in its own process, uncounted.\n\n${instructionsTable(r)}`,
    );
  }
  if (results.listDetails) {
    const r = results.listDetails;
    parts.push(`### 2. Details of ${n0(r.credentials)} credentials, ${r.latencyMs} ms latency per request\n\n${listDetailsTable(r)}`);
  }
  if (results.coldStart) {
    const r = results.coldStart;
    parts.push(`### 3. Cold start (\`dist/\`, ${r.runs} spawns per row)\n\n${coldStartTable(r)}`);
  }
  if (results.size) parts.push(`### 4. Size\n\n${sizeTable(results.size)}`);
  if (results.signing) {
    const r = results.signing;
    parts.push(`### 5. Signing (${n0(r.n)} signatures per run, ${r.runs} runs)\n\n${signingTable(r)}`);
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
