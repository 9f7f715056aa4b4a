// Runs every benchmark of bench/ with a tiny N so that none of them rots. The figures themselves come from
// `npm run bench` (docs/performance.md); nothing here asserts a speed.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { benchColdStart, COLD_START_CASES } from './cold-start.js';
import { ROOT } from './lib/root.js';
import { benchInstructions, hasValgrind } from './instructions.js';
import { benchLayers, LAYERS } from './layers.js';
import { benchListDetails } from './list-details.js';
import { BEGIN, END, renderReport, spliceReport } from './lib/report.js';
import { machineInfo, summarize } from './lib/stats.js';
import { benchRequests, CLIENTS } from './requests.js';
import { benchSigning, SIGNING_VARIANTS } from './signing.js';
import { benchSize } from './size.js';

const scratch = join(ROOT, '.bench-tmp', `smoke-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('benchmarks (tiny N)', () => {
  it('1. sequential GETs: every client reads the credential over TLS', { timeout: 60_000 }, async () => {
    const result = await benchRequests({ n: 5, runs: 2, warmup: 2 });
    expect(result.n).toBe(5);
    for (const name of CLIENTS) {
      expect(result.clients[name].wallMs).toHaveLength(2);
      expect(result.clients[name].cpuMs.every((ms) => ms >= 0)).toBe(true);
    }
  });

  it('1b. layers: every layer reads the credential over TLS', { timeout: 60_000 }, async () => {
    const result = await benchLayers({ n: 3, runs: 2, warmup: 2 });
    for (const name of LAYERS) {
      expect(result.layers[name]).toHaveLength(2);
      expect(result.layers[name].every((us) => us > 0)).toBe(true);
    }
  });

  it.skipIf(!hasValgrind())("1c. instructions: valgrind counts a layer's calls", { timeout: 120_000 }, async () => {
    const result = await benchInstructions({ calls: 2, warmup: 1, layers: ['raw node:https + JSON.parse'] });
    expect(Object.keys(result.layers)).toEqual(['raw node:https + JSON.parse']);
    // With so few calls the difference is JIT and GC noise, even negative: only that a count came back is checked.
    expect(Number.isFinite(result.layers['raw node:https + JSON.parse'])).toBe(true);
  });

  it('2. listDetails against the sequential loop, at several concurrencies', { timeout: 60_000 }, async () => {
    const result = await benchListDetails({ credentials: 12, latencyMs: 1, runs: 1, concurrencies: [1, 16] });
    expect(result.credentials).toBe(12);
    expect(result.sequential).toHaveLength(1);
    expect(result.listDetails).toHaveLength(1);
    expect(result.byConcurrency.map((c) => c.concurrency)).toEqual([1, 16]);
    expect(result.batched).toHaveLength(1);
  });

  it('3. cold start of the built package', { timeout: 60_000 }, async () => {
    // Without a build (a fresh checkout), import a bundle of src instead: the harness is what is under test.
    let specifier: string | undefined;
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
      mkdirSync(scratch, { recursive: true });
      const entry = join(scratch, 'index.mjs');
      await build({
        entryPoints: [join(ROOT, 'src/index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'node',
        outfile: entry,
        external: ['ky', 'zod', 'ini'],
        logLevel: 'silent',
      });
      specifier = entry; // a plain absolute path: both import() and require() take it (a file: URL only import())
    }
    const result = benchColdStart({ runs: 1, ...(specifier ? { specifier } : {}) });
    for (const name of COLD_START_CASES) expect(result.cases[name]).toHaveLength(1);
  });

  it('4. size', { timeout: 60_000 }, async () => {
    const result = await benchSize();
    expect(result.own).toBeGreaterThan(1000);
    expect(result.deps.zod).toBeGreaterThan(result.deps.ini);
    expect(result.bundled).toBeGreaterThan(result.own);
  });

  it('5. signing', () => {
    const result = benchSigning({ n: 200, runs: 1 });
    for (const name of SIGNING_VARIANTS) expect(result.variants[name]).toHaveLength(1);
  });

  it('renders the report and splices it into a document', () => {
    const report = renderReport({
      command: 'npm run bench',
      date: '2026-01-01',
      machine: machineInfo(),
      signing: { n: 10, runs: 1, variants: { signRequest: [1], "createHash('sha1') (ceiling)": [1], "crypto.hash('sha1') one-shot": [1] } },
    });
    expect(report).toContain('| **signRequest** |');
    const doc = `# Title\n\n${BEGIN}\nold\n${END}\n\nafter\n`;
    const spliced = spliceReport(doc, report);
    expect(spliced).not.toContain('old');
    expect(spliced.endsWith(`${END}\n\nafter\n`)).toBe(true);
  });

  it('summarizes min / median / max', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, runs: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4, runs: 4 });
  });
});
