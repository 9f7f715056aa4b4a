// `npm run bench`: builds, runs the seven figures of the performance issue (issue 20, point 8), each beside the
// official `ovh` client, and prints them as Markdown, led by a summary of every figure against its target.
// With `--write`, also replaces the generated section of docs/performance.md (then formatted by Biome).
// `--only=instructions,latency,list-details,rate-limits,cold-start,size,loopback` runs a subset (any order; they run
// in figure order). Figures 1 (instructions) and 5 (cold-start) count instructions with valgrind.
// Loopback only (127.0.0.1).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchColdInstructions } from './cold-instructions.js';
import { benchInstructions } from './instructions.js';
import { benchLatency, LOOPBACK_CASES } from './latency.js';
import { benchListDetails } from './list-details.js';
import { renderReport, spliceReport, type BenchResults } from './lib/report.js';
import { ROOT } from './lib/root.js';
import { machineInfo } from './lib/stats.js';
import { benchRateLimits } from './rate-limits.js';
import { benchSize } from './size.js';

/** The selections, in figure order. */
const FIGURES = ['instructions', 'latency', 'list-details', 'rate-limits', 'cold-start', 'size', 'loopback'] as const;
type Figure = (typeof FIGURES)[number];
const args = process.argv.slice(2);
const write = args.includes('--write');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = only?.filter((f) => !(FIGURES as readonly string[]).includes(f)) ?? [];
if (unknown.length > 0) throw new Error(`unknown figure(s) ${unknown.join(', ')}; known: ${FIGURES.join(', ')}`);
const wanted = (figure: Figure) => only === undefined || only.includes(figure);

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

if (wanted('instructions'))
  results.instructions = await step('1. instructions per credentials.get, beside the official client (valgrind)', () => benchInstructions());
if (wanted('latency')) results.latency = await step('2. GETs at 20 ms, sequential and 16 in flight', () => benchLatency());
if (wanted('list-details')) results.listDetails = await step('3. listDetails, 1,000 credentials at 20 ms', () => benchListDetails());
if (wanted('rate-limits')) results.rateLimits = await step('4. 200 details against 20 requests/s (burst 5)', () => benchRateLimits());
if (wanted('cold-start'))
  results.coldInstructions = await step('5. cold start, import + first signed GET, beside the floor (valgrind)', () => benchColdInstructions());
if (wanted('size')) results.size = await step('6. packed tarball', () => benchSize());
if (wanted('loopback')) results.loopback = await step('7. GETs at 0 ms (loopback)', () => benchLatency({ cases: LOOPBACK_CASES }));
log(`bench: all done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const report = renderReport(results);
process.stdout.write(`${report}\n`);
if (write) {
  const path = join(ROOT, 'docs', 'performance.md');
  writeFileSync(path, spliceReport(readFileSync(path, 'utf8'), report));
  // Aligned as `npm run lint` wants its tables.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', path], { stdio: 'ignore' });
  log(`bench: wrote ${path}`);
}
