// Turns benchmark results into the Markdown tables of docs/performance.md.
import { COLD_INSTRUCTIONS_CASES, type ColdInstructionsResult, coldInstructionsFigures } from '../cold-instructions.js';
import { COLD_START_CASES, type ColdStartResult } from '../cold-start.js';
import type { InstructionsResult } from '../instructions.js';
import { LATENCY_CLIENTS, type LatencyResult } from '../latency.js';
import { LAYERS, type LayersResult } from '../layers.js';
import type { ListDetailsResult } from '../list-details.js';
import { RATE_LIMIT_ROWS, type RateLimitsResult } from '../rate-limits.js';
import { CLIENTS, type RequestsResult } from '../requests.js';
import { SIGNING_VARIANTS, type SigningResult } from '../signing.js';
import type { SizeResult } from '../size.js';
import { summarize, type MachineInfo, type Summary } from './stats.js';
import { evaluateTargets, LATENCY_TARGETS } from './targets.js';

/** Everything one `npm run bench` measured (a figure is absent when it was not run). */
export interface BenchResults {
  command: string;
  date: string;
  machine: MachineInfo;
  requests?: RequestsResult;
  latency?: LatencyResult;
  layers?: LayersResult;
  instructions?: InstructionsResult;
  listDetails?: ListDetailsResult;
  rateLimits?: RateLimitsResult;
  coldStart?: ColdStartResult;
  coldInstructions?: ColdInstructionsResult;
  size?: SizeResult;
  signing?: SigningResult;
}

const OURS = 'ovh-credentials';
const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const n2 = (n: number) => n.toFixed(2);
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
/** `+12` or `−3` (a layer can measure cheaper than the one below it when the machine is noisy). */
const signed = (n: number) => (Math.round(n) < 0 ? `−${n0(-n)}` : `+${n0(n)}`);
/** `median (min–max)`. */
const mmm = (s: Summary, f: (n: number) => string) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;

/** A Markdown table: the first column left-aligned, the others right-aligned (figures) unless `textColumns` says so. */
function table(head: string[], rows: string[][], textColumns = 1): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`,
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
      const added = i === 0 || name === 'ovh (official)' ? '—' : signed((medians[i] as number) - (medians[i - 1] as number));
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

/** Figure 4: each entry at import and its lazy chunks, then the dependencies. */
export function sizeTable(r: SizeResult): string {
  return table(
    ['what', 'minified + gzip'],
    [
      ...r.entries.flatMap((entry) => {
        const label = entry.name === '.' ? '`ovh-credentials`' : `\`ovh-credentials/${entry.name.slice(2)}\``;
        const files = entry.files.length === 1 ? '' : `, ${entry.files.length} files`;
        const own = [
          `own code ${label} loads at import (deps excluded${files}${entry.name === '.' ? '; target 15 kB' : ''})`,
          `${entry.name === '.' ? `**${kB(entry.atImport)}**` : kB(entry.atImport)} (${kB(entry.atImportPerFile)} file by file; ${kB(entry.atImportMinified)} minified)`,
        ];
        const lazy = r.lazyChunks
          .filter((chunk) => chunk.entry === entry.name)
          .map((chunk) => [
            `↳ loaded on first use: ${
              chunk.inputs.length === 0
                ? `\`${chunk.file}\` (re-exports only)`
                : `${chunk.inputs
                    .slice(0, 3)
                    .map((input) => `\`${input.replace(/^src\//, '')}\``)
                    .join(', ')}${chunk.inputs.length > 3 ? ` and ${chunk.inputs.length - 3} more` : ''}`
            }`,
            chunk.loads === chunk.gzip ? kB(chunk.gzip) : `${kB(chunk.gzip)} (${kB(chunk.loads)} with its imports)`,
          ]);
        return [own, ...lazy];
      }),
      ['ky (whole)', kB(r.deps.ky)],
      ['zod (whole)', kB(r.deps.zod)],
      ['ini (whole)', kB(r.deps.ini)],
      ['`ovh-credentials` bundled with its deps, tree-shaken, lazy chunks included', kB(r.bundled)],
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

/** Figure 1d: requests/s of each client per latency and number in flight, ovh-credentials' speed ÷ the others'. */
export function latencyTable(r: LatencyResult): string {
  const ours = 'ovh-credentials';
  return table(
    ['latency', 'in flight', ...LATENCY_CLIENTS.map((c) => `${c === ours ? `**${c}**` : c} requests/s`), 'vs `ovh`', 'target', 'vs raw fetch'],
    r.cases.map((c) => {
      const rps = (name: (typeof LATENCY_CLIENTS)[number]) => mmm(summarize(c.wallMs[name].map((ms) => (c.n / ms) * 1000)), n0);
      const target = LATENCY_TARGETS.find((t) => t.latencyMs === c.latencyMs && t.inFlight === c.inFlight);
      return [
        `${c.latencyMs} ms`,
        c.inFlight === 1 ? '1 (sequential)' : String(c.inFlight),
        ...LATENCY_CLIENTS.map(rps),
        `**${mmm(ratio(c.wallMs['ovh (official)'], c.wallMs[ours]), n2)}x**`,
        target ? `≥ ${target.atLeast}x` : '—',
        `${mmm(ratio(c.wallMs['raw fetch'], c.wallMs[ours]), n2)}x`,
      ];
    }),
  );
}

/** Figure 2b: the reads under simulated rate limits, beside the same reads without a limit. */
export function rateLimitsTable(r: RateLimitsResult): string {
  const percent = (part: number, whole: number) => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;
  return table(
    ['how', 's', 's without a limit', 'failed items', 'requests', 'answered 429'],
    RATE_LIMIT_ROWS.flatMap((name) => {
      const row = r.rows[name];
      if (row === undefined) return [];
      return [
        [
          name,
          (row.ms / 1000).toFixed(2),
          (row.unlimitedMs / 1000).toFixed(2),
          row.failed === 0 ? '0' : `**${n0(row.failed)}**`,
          n0(row.requests),
          `${n0(row.refused)} (${percent(row.refused, row.requests)})`,
        ],
      ];
    }),
  );
}

/** Under the table of figure 2b: why items failed, row by row (nothing when none did). */
function rateLimitFailures(r: RateLimitsResult): string {
  const lines = RATE_LIMIT_ROWS.flatMap((name) => {
    const row = r.rows[name];
    return row && row.failed > 0 ? [`- ${name}: ${n0(row.failed)} failed; the first: ${row.firstError ?? 'no error recorded'}`] : [];
  });
  return lines.length === 0 ? '' : `\n\nFailed items:\n\n${lines.join('\n')}`;
}

/** Figure 3b: instructions of each cold process, over bare node, and the floor of import plus one GET. */
export function coldInstructionsTable(r: ColdInstructionsResult): string {
  const bare = r.cases['node -e 0 (bare)'];
  const m = (n: number) => `${(n / 1e6).toFixed(1)} M`;
  const figures = coldInstructionsFigures(r);
  const rows = COLD_INSTRUCTIONS_CASES.flatMap((name) => {
    const count = r.cases[name];
    if (count === undefined) return [];
    return [[name, m(count), bare === undefined || name === 'node -e 0 (bare)' ? '—' : `+${m(count - bare)}`]];
  });
  if (figures.floor !== undefined) rows.push(['floor: zod + fetch bootstrap + `ovh` first GET, each over bare', '—', `+${m(figures.floor)}`]);
  return table(['process (one run each)', 'instructions', 'over bare node'], rows);
}

/** The targets of the performance issue against this run. */
export function targetsTable(results: BenchResults): string {
  return table(
    ['figure', 'target', 'result', 'met?'],
    evaluateTargets(results).map((t) => [t.figure, t.target, t.result, t.met === undefined ? '—' : t.met ? 'yes' : '**no**']),
    4,
  );
}

/** The generated part of docs/performance.md. */
export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const parts = [
    `Measured ${results.date} with \`${results.command}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.os}; load average ${m.load1} at the start. Every cell is median (min–max) over the runs; ratios are taken within each run, then summarized.`,
    `### The targets against this run\n\nEvery target of the performance issue against this run (ratios: the median of the per-run ratios). A figure that was not run reads "not measured" and the command that runs it.\n\n${targetsTable(results)}`,
  ];
  if (results.requests) {
    const r = results.requests;
    parts.push(
      `### 1. Sequential signed \`GET /me/api/credential/{id}\`, TLS loopback\n\n${n0(r.n)} sequential requests per client per run, ${r.runs} runs, clients in rotating order, simulator in a second process, ovh-credentials from \`${r.source}/\`.\n\n${requestsTable(r)}`,
    );
  }
  if (results.latency) {
    const r = results.latency;
    parts.push(
      `### 1d. Signed GETs with 5 ms and 20 ms of latency per request, sequential and 16 in flight\n\nThe same GET as figure 1 with the simulator's injected latency per request; each client sends the same number of requests per case and run (${r.cases.map((c) => `${n0(c.n)} at ${c.latencyMs} ms, ${c.inFlight === 1 ? 'sequential' : `${c.inFlight} in flight`}`).join('; ')}), ${r.runs} runs, clients in rotating order. "vs": ovh-credentials' speed ÷ that client's.\n\n${latencyTable(r)}`,
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
  if (results.rateLimits) {
    const r = results.rateLimits;
    parts.push(
      `### 2b. The same reads under the API's rate limits (simulated)\n\n${n0(r.credentials)} credentials, ${r.latencyMs} ms latency per request, one run per row, each against a simulator of its own that answers 429 with \`Retry-After\` past its limit (20 requests/s: a token bucket of 5; 60 requests/minute: a sliding window); the client's default retry policy. Requests and 429s are counted by the simulator during the read. "s without a limit": the same read against a simulator without one, in the same run.\n\n${rateLimitsTable(r)}${rateLimitFailures(r)}`,
    );
  }
  if (results.coldStart) {
    const r = results.coldStart;
    parts.push(`### 3. Cold start (\`dist/\`, ${r.runs} spawns per row)\n\n${coldStartTable(r)}`);
  }
  if (results.coldInstructions) {
    const r = results.coldInstructions;
    parts.push(
      `### 3b. Cold start in instructions (valgrind)\n\n\`valgrind --tool=cachegrind --cache-sim=no\` on one \`node -e\` process per row, start to exit, \`dist/\` through the package's name; the GETs go to the simulator over TLS loopback, in its own process, uncounted. The floor is what the stack imposes on import plus one signed GET: zod's import, Node's fetch bootstrap (the first \`Request\`, which loads Node's internal undici) and the official client's own first GET.\n\n${coldInstructionsTable(r)}`,
    );
  }
  if (results.size)
    parts.push(
      `### 4. Size\n\nEach entry built on its own (esbuild: ESM, code splitting, minified; ky, zod, ini and Node's modules left out): the code it loads at import is its file and the chunks it imports statically, gzipped as one stream (in brackets: each file gzipped on its own, summed, and the minified bytes); chunks it loads through \`import()\` are listed under it, each gzipped on its own.\n\n${sizeTable(results.size)}`,
    );
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
