// `npm run bench`: builds, runs the five figures and the layer breakdown of figure 1, prints them as Markdown.
// With `--write`, also replaces the generated section of docs/performance.md.
// `--only=requests,layers,list-details,cold-start,size,signing` runs a subset; `--only=instructions` (valgrind, a few
// minutes) runs only when named.
// Loopback only; about two and a half minutes on 2 cores.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchColdStart } from './cold-start.js';
import { ROOT } from './lib/root.js';
import { benchInstructions } from './instructions.js';
import { benchLayers } from './layers.js';
import { benchListDetails } from './list-details.js';
import { renderReport, spliceReport, type BenchResults } from './lib/report.js';
import { machineInfo } from './lib/stats.js';
import { benchRequests } from './requests.js';
import { benchSigning } from './signing.js';
import { benchSize } from './size.js';

const FIGURES = ['requests', 'layers', 'instructions', 'list-details', 'cold-start', 'size', 'signing'] as const;
// Counted by valgrind, a few minutes: run only when asked for by name.
const OPT_IN: ReadonlyArray<(typeof FIGURES)[number]> = ['instructions'];
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
if (wanted('layers')) results.layers = await step('1b. CPU per GET, layer by layer (6 layers × 11 runs × 500)', () => benchLayers());
if (wanted('instructions'))
  results.instructions = await step('1c. instructions per GET, layer by layer (valgrind; a few minutes)', () => benchInstructions());
if (wanted('list-details')) results.listDetails = await step('2. listDetails, 1 000 credentials at 20 ms', () => benchListDetails());
if (wanted('cold-start')) results.coldStart = await step('3. cold start', () => benchColdStart());
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
