// `npm run bench`: builds, runs the five figures, figure 1 under latency and its layer breakdown, figure 2 under
// rate limits, and prints them as Markdown, led by the targets of the performance issue against this run.
// With `--write`, also replaces the generated section of docs/performance.md.
// `--only=requests,latency,layers,list-details,rate-limits,cold-start,size,signing` runs a subset; the instruction
// counts, `--only=instructions` (figure 1c) and `--only=cold-instructions` (figure 3b), need valgrind, take a few
// minutes, and run only when named.
// Loopback only; about eight minutes on 2 cores, of which the rate-limited reads wait out about four by design.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchColdInstructions } from './cold-instructions.js';
import { benchColdStart } from './cold-start.js';
import { ROOT } from './lib/root.js';
import { benchInstructions } from './instructions.js';
import { benchLatency } from './latency.js';
import { benchLayers } from './layers.js';
import { benchListDetails } from './list-details.js';
import { renderReport, spliceReport, type BenchResults } from './lib/report.js';
import { machineInfo } from './lib/stats.js';
import { benchRateLimits } from './rate-limits.js';
import { benchRequests } from './requests.js';
import { benchSigning } from './signing.js';
import { benchSize } from './size.js';

const FIGURES = [
  'requests',
  'latency',
  'layers',
  'instructions',
  'list-details',
  'rate-limits',
  'cold-start',
  'cold-instructions',
  'size',
  'signing',
] as const;
// Counted by valgrind, a few minutes each: run only when asked for by name.
const OPT_IN: ReadonlyArray<(typeof FIGURES)[number]> = ['instructions', 'cold-instructions'];
const args = process.argv.slice(2);
const write = args.includes('--write');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = only?.filter((f) => !(FIGURES as readonly string[]).includes(f)) ?? [];
if (unknown.length > 0) throw new Error(`unknown figure(s) ${unknown.join(', ')}; known: ${FIGURES.join(', ')}`);
const wanted = (figure: (typeof FIGURES)[number]) => (only === undefined ? !OPT_IN.includes(figure) : only.includes(figure));

const log = (line: string) => process.stderr.write(`${line}\n`);
const results: BenchResults = {
  command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  date: new Date().toISOString().slice(0, 10),
  machine: machineInfo(),
};
const started = performance.now();
const step = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
  log(`bench: ${name}…`);
  const t = performance.now();
  const value = await fn();
  log(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return value;
};

if (wanted('requests')) results.requests = await step('1. sequential GETs (5 clients × 5 runs × 1 000)', () => benchRequests());
if (wanted('latency'))
  results.latency = await step('1d. GETs at 5 and 20 ms, sequential and 16 in flight (3 clients × 4 cases × 5 runs)', () => benchLatency());
if (wanted('layers')) results.layers = await step('1b. CPU per GET, layer by layer (6 layers × 11 runs × 500)', () => benchLayers());
if (wanted('instructions'))
  results.instructions = await step('1c. instructions per GET, layer by layer (valgrind; a few minutes)', () => benchInstructions());
if (wanted('list-details')) results.listDetails = await step('2. listDetails, 1 000 credentials at 20 ms', () => benchListDetails());
if (wanted('rate-limits'))
  results.rateLimits = await step('2b. 1 000 details under rate limits (waits out the limits: about two and a half minutes)', () =>
    benchRateLimits(),
  );
if (wanted('cold-start')) results.coldStart = await step('3. cold start', () => benchColdStart());
if (wanted('cold-instructions'))
  results.coldInstructions = await step('3b. cold start in instructions (valgrind; a few minutes)', () => benchColdInstructions());
if (wanted('size')) results.size = await step('4. size', () => benchSize());
if (wanted('signing')) results.signing = await step('5. signing', () => benchSigning());
log(`bench: all done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const report = renderReport(results);
process.stdout.write(`${report}\n`);
if (write) {
  const path = join(ROOT, 'docs', 'performance.md');
  writeFileSync(path, spliceReport(readFileSync(path, 'utf8'), report));
  log(`bench: wrote ${path}`);
}
