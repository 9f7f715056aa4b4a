// Runs every benchmark of bench/ with a tiny N so that none of them rots. The figures themselves come from
// `npm run bench` (docs/performance.md); nothing here asserts a speed.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { benchColdInstructions, COLD_INSTRUCTIONS_CASES, coldInstructionsFigures } from './cold-instructions.js';
import { benchColdStart, COLD_START_CASES } from './cold-start.js';
import { ROOT } from './lib/root.js';
import { benchInstructions } from './instructions.js';
import { hasValgrind } from './lib/valgrind.js';
import { benchLatency, LATENCY_CLIENTS } from './latency.js';
import { benchLayers, LAYERS } from './layers.js';
import { benchListDetails } from './list-details.js';
import { BEGIN, END, renderReport, spliceReport } from './lib/report.js';
import { machineInfo, summarize } from './lib/stats.js';
import { evaluateTargets } from './lib/targets.js';
import { benchRateLimits, RATE_LIMIT_ROWS } from './rate-limits.js';
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

  it('1d. latency: every client reads the credential, sequentially and in flight, at each latency', { timeout: 60_000 }, async () => {
    const cases = [
      { latencyMs: 1, inFlight: 1, n: 3 },
      { latencyMs: 2, inFlight: 4, n: 8 },
    ];
    const result = await benchLatency({ cases, runs: 2, warmup: 2 });
    expect(result.cases.map(({ latencyMs, inFlight, n }) => ({ latencyMs, inFlight, n }))).toEqual(cases);
    for (const c of result.cases) for (const name of LATENCY_CLIENTS) expect(c.wallMs[name]).toHaveLength(2);
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

  it('2b. rate limits: each row reads under its limit, and the simulator counts the 429s', { timeout: 60_000 }, async () => {
    const result = await benchRateLimits({ credentials: 12 });
    expect(Object.keys(result.rows)).toEqual([...RATE_LIMIT_ROWS]);
    for (const name of RATE_LIMIT_ROWS) {
      const row = result.rows[name]!;
      // Whether items fail or 429s come depends on timing: only that the counts add up is checked.
      expect(row.failed).toBeGreaterThanOrEqual(0);
      expect(row.failed).toBeLessThanOrEqual(12);
      expect(row.requests).toBeGreaterThanOrEqual(row.refused);
      expect(row.requests).toBeGreaterThan(0);
    }
    // Batch reads: the list and one read of 12 ids, far under 60 requests per minute.
    expect(result.rows['`listDetails({}, { batch: true })`, vs 60 requests/minute']).toMatchObject({ failed: 0, requests: 2, refused: 0 });
  });

  /** dist/ when built; else (a fresh checkout) a bundle of src, since the harness is what is under test. */
  async function builtPackage(): Promise<{ specifier?: string }> {
    if (existsSync(join(ROOT, 'dist', 'index.js'))) return {};
    mkdirSync(scratch, { recursive: true });
    const entry = join(scratch, 'index.mjs');
    if (!existsSync(entry)) {
      await build({
        entryPoints: [join(ROOT, 'src/index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'node',
        outfile: entry,
        external: ['ky', 'zod', 'ini'],
        logLevel: 'silent',
      });
    }
    return { specifier: entry }; // a plain absolute path: both import() and require() take it (a file: URL only import())
  }

  it('3. cold start of the built package', { timeout: 60_000 }, async () => {
    const result = benchColdStart({ runs: 1, ...(await builtPackage()) });
    for (const name of COLD_START_CASES) expect(result.cases[name]).toHaveLength(1);
  });

  it('3b. cold instructions: every case runs, the GETs read the credential', { timeout: 60_000 }, async () => {
    const result = await benchColdInstructions({ valgrind: false, ...(await builtPackage()) });
    expect(Object.keys(result.cases)).toEqual([...COLD_INSTRUCTIONS_CASES]);
  });

  it.skipIf(!hasValgrind())('3b. cold instructions: valgrind counts a process', { timeout: 120_000 }, async () => {
    const result = await benchColdInstructions({ cases: ['node -e 0 (bare)'] });
    expect(result.cases['node -e 0 (bare)']).toBeGreaterThan(1_000_000);
  });

  it('4. size: every entry at import, and its lazy chunks', { timeout: 60_000 }, async () => {
    const result = await benchSize();
    expect(result.entries.map((e) => e.name)).toEqual(['.', './schemas', './webpaas', './testing']);
    const root = result.entries[0]!;
    expect(root.atImport).toBeGreaterThan(1000);
    expect(root.files[0]).toBe('index.js');
    for (const chunk of result.lazyChunks) expect(chunk.loads).toBeGreaterThanOrEqual(chunk.gzip);
    expect(result.deps.zod).toBeGreaterThan(result.deps.ini);
    expect(result.bundled).toBeGreaterThan(root.atImport);
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
    const doc = `# Title\n\n${BEGIN}\nthe previous figures\n${END}\n\nafter\n`;
    const spliced = spliceReport(doc, report);
    expect(spliced).not.toContain('the previous figures');
    expect(spliced.endsWith(`${END}\n\nafter\n`)).toBe(true);
  });

  it('checks each target against the figures of a run, and says which were not measured', () => {
    const machine = machineInfo();
    const wall = (ms: number) => ({ wallMs: [ms, ms], cpuMs: [1, 1] });
    const results = {
      command: 'npm run bench',
      date: '2026-01-01',
      machine,
      requests: {
        n: 10,
        runs: 2,
        source: 'dist' as const,
        machine,
        // ovh-credentials at 0.8x the official client's speed and 0.85x raw fetch's.
        clients: {
          'ovh-credentials': wall(100),
          'ovh-credentials (global fetch)': wall(100),
          'raw fetch': wall(85),
          'raw node:https': wall(70),
          'ovh (official)': wall(80),
        },
      },
      latency: {
        runs: 1,
        source: 'dist' as const,
        machine,
        cases: [{ latencyMs: 5, inFlight: 16, n: 10, wallMs: { 'ovh-credentials': [100], 'raw fetch': [99], 'ovh (official)': [96] } }],
      },
      rateLimits: {
        credentials: 10,
        latencyMs: 20,
        source: 'dist' as const,
        machine,
        rows: {
          [RATE_LIMIT_ROWS[0]]: {
            serverLimit: { requests: 20, perMs: 1000, burst: 5 },
            ms: 3000,
            unlimitedMs: 100,
            failed: 2,
            requests: 40,
            refused: 10,
          },
        },
      },
      coldInstructions: {
        specifier: 'ovh-credentials',
        cases: {
          'node -e 0 (bare)': 100,
          "require('ovh')": 200,
          "import('zod')": 150,
          "new Request(url): Node's fetch bootstrap": 150,
          'ovh: require + first signed GET': 300,
          "import('ovh-credentials') (ESM)": 180,
          'ovh-credentials: import + new OvhClient + first credentials.get': 460,
        },
      },
    };
    expect(coldInstructionsFigures(results.coldInstructions)).toEqual({ importVsOfficial: 0.8, floor: 300, getVsFloor: 1.2 });
    const targets = Object.fromEntries(evaluateTargets(results).map((t) => [t.figure, t]));
    expect(targets['1. sequential GETs at 0 ms vs `ovh`']).toMatchObject({ result: '0.80x', met: true });
    expect(targets['1. sequential GETs at 0 ms vs raw fetch']).toMatchObject({ result: '0.85x', met: false });
    expect(targets['1d. GETs at 5 ms, 16 in flight, vs `ovh`']).toMatchObject({ result: '0.96x', met: true });
    expect(targets['1d. GETs at 20 ms, sequential, vs `ovh`']).toMatchObject({ met: undefined });
    expect(targets[`2b. ${RATE_LIMIT_ROWS[0]}`]).toMatchObject({ met: false, result: expect.stringContaining('2 failed, 25.0 % of 40 requests') });
    expect(targets["3b. `import('ovh-credentials')` vs `require('ovh')`, instructions over bare node"]).toMatchObject({ result: '0.80x', met: true });
    expect(targets['4. own code the root entry loads at import, min + gzip']).toMatchObject({
      result: 'not measured (run with --only=size)',
      met: undefined,
    });
    const report = renderReport(results);
    expect(report).toContain('### The targets against this run');
    expect(report).toContain('| 1. sequential GETs at 0 ms vs raw fetch | ≥ 0.9x | 0.85x | **no** |');
    expect(report).toContain('### 1d.');
    expect(report).toContain('### 2b.');
    expect(targets['3b. import + one signed GET vs the floor (zod + fetch bootstrap + `ovh` first GET)']).toMatchObject({
      result: expect.stringMatching(/^1\.20x/),
      met: true,
    });
    expect(report).toContain('| floor: zod + fetch bootstrap + `ovh` first GET, each over bare | — | +0.0 M |');
  });

  it('summarizes min / median / max', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, runs: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4, runs: 4 });
  });
});
