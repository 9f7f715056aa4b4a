// Runs every benchmark of bench/ with a tiny N so that none of them rots, and checks the report and the targets on
// made-up results. The figures themselves come from `npm run bench` (docs/performance.md); nothing here asserts a
// speed. `npm run test:bench` builds dist/ first: the benchmarks drive the built package.
import { describe, expect, it } from 'vitest';
import { benchColdInstructions, COLD_INSTRUCTIONS_CASES, coldInstructionsFigures } from './cold-instructions.js';
import { benchInstructions, INSTRUCTIONS_CLIENTS } from './instructions.js';
import { benchLatency, LATENCY_CLIENTS } from './latency.js';
import { benchListDetails } from './list-details.js';
import { BEGIN, END, renderReport, spliceReport, type BenchResults } from './lib/report.js';
import { machineInfo, summarize } from './lib/stats.js';
import { evaluateTargets } from './lib/targets.js';
import { hasValgrind } from './lib/valgrind.js';
import { benchRateLimits, RATE_LIMIT_ROWS, SERVER_LIMIT } from './rate-limits.js';
import { benchSize } from './size.js';

describe('benchmarks (tiny N)', () => {
  it('1. instructions: each client process reads the credential (uncounted)', { timeout: 60_000 }, async () => {
    const result = await benchInstructions({ calls: 2, warmup: 1, valgrind: false });
    expect(Object.keys(result.clients)).toEqual([...INSTRUCTIONS_CLIENTS]);
  });

  it('2 and 7. latency: both clients read the credential, sequentially and in flight, at each latency', { timeout: 60_000 }, async () => {
    const cases = [
      { latencyMs: 0, inFlight: 1, n: 3 },
      { latencyMs: 2, inFlight: 4, n: 8 },
    ];
    const result = await benchLatency({ cases, runs: 2, warmup: 2 });
    expect(result.cases.map(({ latencyMs, inFlight, n }) => ({ latencyMs, inFlight, n }))).toEqual(cases);
    for (const c of result.cases) for (const name of LATENCY_CLIENTS) expect(c.wallMs[name]).toHaveLength(2);
  });

  it("3. listDetails against the official client's sequential loop", { timeout: 60_000 }, async () => {
    const result = await benchListDetails({ credentials: 12, latencyMs: 1, runs: 2 });
    expect(result).toMatchObject({ credentials: 12, latencyMs: 1 });
    expect(result.sequential).toHaveLength(1);
    expect(result.listDetails).toHaveLength(2);
  });

  it('4. rate limits: both clients read under the limit, and the simulator counts the 429s', { timeout: 60_000 }, async () => {
    const result = await benchRateLimits({ credentials: 12, latencyMs: 1 });
    expect(result.serverLimit).toEqual(SERVER_LIMIT);
    for (const name of RATE_LIMIT_ROWS) {
      const row = result.rows[name];
      expect(row.read + row.failed).toBe(12);
      expect(row.requests).toBeGreaterThanOrEqual(row.refused);
      expect(row.requests).toBeGreaterThan(0);
    }
    // The official loop, its clock synced before the read: the list and each id once, no retry. 13 requests one after
    // the other in far less than the 0.4 s the bucket needs for them: the limit is met and counted.
    expect(result.rows['ovh (official)'].requests).toBe(13);
    expect(result.rows['ovh (official)'].refused).toBeGreaterThan(0);
  });

  it('5. cold start: every case runs and reads the credential (uncounted)', { timeout: 60_000 }, async () => {
    const result = await benchColdInstructions({ valgrind: false });
    expect(Object.keys(result.cases)).toEqual([...COLD_INSTRUCTIONS_CASES]);
  });

  it.skipIf(!hasValgrind())('5. cold start: valgrind counts a process', { timeout: 120_000 }, async () => {
    const result = await benchColdInstructions({ cases: ['node -e 0 (bare)'], runs: 2 });
    expect(result.cases['node -e 0 (bare)']).toBeGreaterThan(1_000_000);
    expect(result.runs['node -e 0 (bare)']).toHaveLength(2);
  });

  it('6. size: both packages as npm packs them', { timeout: 60_000 }, () => {
    const result = benchSize();
    expect(result.ours).toMatchObject({ name: 'ovh-credentials' });
    expect(result.official).toMatchObject({ name: 'ovh' });
    for (const p of [result.ours, result.official]) {
      expect(p.size).toBeGreaterThan(1000);
      expect(p.unpackedSize).toBeGreaterThan(p.size);
      expect(p.files).toBeGreaterThan(1);
    }
  });

  it('renders the report and splices it into a document', () => {
    const report = renderReport({ command: 'npm run bench', date: '2026-01-01', machine: machineInfo() });
    expect(report).toContain('### Every figure beside the official client');
    expect(report).toContain('not measured (run with --only=cold-start)');
    const doc = `# Title\n\n${BEGIN}\nthe previous figures\n${END}\n\nafter\n`;
    const spliced = spliceReport(doc, report);
    expect(spliced).not.toContain('the previous figures');
    expect(spliced.endsWith(`${END}\n\nafter\n`)).toBe(true);
  });

  it('checks each target against the figures of a run, and says which were not measured', () => {
    const machine = machineInfo();
    const results: BenchResults = {
      command: 'npm run bench',
      date: '2026-01-01',
      machine,
      instructions: { calls: 10, warmup: 1, clients: { 'ovh-credentials': 900_000, 'ovh (official)': 600_000 } },
      latency: {
        runs: 2,
        machine,
        cases: [
          // 0.95x and 0.90x the official client's speed.
          {
            latencyMs: 20,
            inFlight: 1,
            n: 10,
            wallMs: { 'ovh-credentials': [100, 100], 'ovh (official)': [95, 95], 'floor (ky + zod as documented)': [98, 98] },
          },
          {
            latencyMs: 20,
            inFlight: 16,
            n: 160,
            wallMs: { 'ovh-credentials': [100, 100], 'ovh (official)': [90, 90], 'floor (ky + zod as documented)': [99, 99] },
          },
        ],
      },
      listDetails: { credentials: 1000, latencyMs: 20, machine, sequential: [22_000], listDetails: [1000, 1200, 1100] },
      rateLimits: {
        credentials: 200,
        latencyMs: 20,
        serverLimit: SERVER_LIMIT,
        machine,
        rows: {
          'ovh-credentials': { ms: 12_000, read: 200, failed: 0, requests: 300, refused: 100 },
          'ovh (official)': { ms: 5000, read: 90, failed: 110, firstError: '{"error":429}', requests: 201, refused: 110 },
        },
      },
      coldInstructions: {
        cases: {
          'node -e 0 (bare)': 100e6,
          'ovh-credentials: import + new OvhClient + first credentials.get': 490e6,
          'floor (ky + zod as documented): import + first signed GET': 400e6,
          'ovh (official): require + first signed GET': 300e6,
        },
        runs: { 'ovh-credentials: import + new OvhClient + first credentials.get': [480e6, 490e6, 740e6] },
      },
      size: {
        ours: { name: 'ovh-credentials', version: '0.1.0', size: 400_001, unpackedSize: 1_000_000, files: 10 },
        official: { name: 'ovh', version: '2.0.3', size: 19_106, unpackedSize: 107_392, files: 12 },
      },
    };
    expect(coldInstructionsFigures(results.coldInstructions!)).toEqual({ ours: 390e6, floor: 300e6, official: 200e6, oursVsFloor: 1.3 });
    const targets = evaluateTargets(results);
    const row = (prefix: string) => targets.find((t) => t.figure.startsWith(prefix));
    expect(row('1.')).toMatchObject({ ours: '900 k', official: '600 k', result: "1.50x the official client's", target: '—', met: undefined });
    expect(row('2. GETs at 20 ms, sequential')).toMatchObject({ result: "0.95x the official client's speed", target: '≥ 0.93x', met: true });
    expect(row('2. GETs at 20 ms, 16 in flight')).toMatchObject({ result: "0.90x the official client's speed", met: false });
    expect(row('3.')).toMatchObject({ ours: '1.10 s', result: '20.0x faster', met: true });
    // A third of the requests refused is within the target; every item read.
    expect(row('4.')).toMatchObject({ result: 'every item read, 33.3 % answered 429', met: true });
    expect(row('4.')?.official).toContain('90 of 200 read');
    expect(row('5.')).toMatchObject({ ours: '+390.0 M', official: '+200.0 M', result: "1.30x the floor's +300.0 M", met: true });
    expect(row('6.')).toMatchObject({ ours: '400.0 kB', official: '19.1 kB', target: '≤ 400.0 kB', met: false });
    // Figure 7 was not run: both default cases read "not measured", with no target.
    expect(targets.filter((t) => t.figure.startsWith('7.'))).toEqual([
      expect.objectContaining({
        figure: '7. GETs at 0 ms, sequential',
        target: '—',
        met: undefined,
        result: 'not measured (run with --only=loopback)',
      }),
      expect.objectContaining({ figure: '7. GETs at 0 ms, 16 in flight', target: '—', met: undefined }),
    ]);
    const lost = { ...results.rateLimits!.rows['ovh-credentials'], read: 199, failed: 1 };
    const withLoss = evaluateTargets({
      ...results,
      rateLimits: { ...results.rateLimits!, rows: { ...results.rateLimits!.rows, 'ovh-credentials': lost } },
    });
    expect(withLoss.find((t) => t.figure.startsWith('4.'))).toMatchObject({ met: false, result: expect.stringContaining('1 items lost') });

    const report = renderReport(results);
    for (const section of ['### 1.', '### 2.', '### 3.', '### 4.', '### 5.', '### 6.']) expect(report).toContain(section);
    expect(report).not.toContain('### 7.');
    expect(report).toContain('| **ovh-credentials** | 900 k | 1.50x |');
    expect(report).toContain('- ovh (official): 110 items not read; the first error: {"error":429}');
  });

  it('summarizes min / median / max', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, runs: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4, runs: 4 });
  });
});
