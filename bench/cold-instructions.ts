// Figure 5: a script's cold start, counted in instructions (valgrind), which do not move with the machine's load.
// Each case is one fresh `node -e` process counted from start to exit: importing a client and reading one credential
// with it (the server's clock read first, as every OVH client does), less bare node. ovh-credentials is held to a
// multiple of the floor counted beside it: the same read through bench/lib/floor-client.ts, a minimal client on ky
// and zod used as they document it, so the floor is what ky, zod and the platform fetch cost; the official client's
// own read is counted beside both. The GETs go to the simulator over TLS loopback, in a second process, uncounted.
// Needs valgrind.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { distEntry } from './lib/package.js';
import { ROOT } from './lib/root.js';
import { startSimProcess } from './lib/sim-process.js';
import { createThrowawayCertificate } from './lib/tls.js';
import { countInstructions, hasValgrind } from './lib/valgrind.js';

/** Options of the cold-start benchmark. */
export interface ColdInstructionsOptions {
  /** Cases to count. Default all of them. */
  cases?: readonly ColdInstructionsCase[];
  /** `false` runs each case as a plain process, uncounted (every count 0): checks the scripts in seconds. Default true. */
  valgrind?: boolean;
  /** Counts of each case; the figure is their median. Default 3. */
  runs?: number;
}

/** Instructions of each process counted, start to exit: the median of the runs, and every run's count. */
export interface ColdInstructionsResult {
  cases: Partial<Record<ColdInstructionsCase, number>>;
  runs: Partial<Record<ColdInstructionsCase, number[]>>;
}

/** The processes counted, in report order. */
export const COLD_INSTRUCTIONS_CASES = [
  'node -e 0 (bare)',
  'ovh-credentials: import + new OvhClient + first credentials.get',
  'floor (ky + zod as documented): import + first signed GET',
  'ovh (official): require + first signed GET',
] as const;
export type ColdInstructionsCase = (typeof COLD_INSTRUCTIONS_CASES)[number];

/** Where the GETs go. */
interface Target {
  base: string;
  port: number;
  keys: { applicationKey: string; applicationSecret: string; consumerKey: string };
  id: number;
}

/** The `node -e` script of each case. The GET cases exit at once after the answer (keep-alive sockets would hold the process). */
function scripts(floorModule: string, t: Target): Record<ColdInstructionsCase, string> {
  const keys = JSON.stringify(t.keys);
  const check = `if (c.credentialId !== ${t.id}) throw new Error('read ' + JSON.stringify(c));`;
  return {
    'node -e 0 (bare)': '0',
    'ovh-credentials: import + new OvhClient + first credentials.get': [
      "import('ovh-credentials').then(async ({ OvhClient }) => {",
      `  const ovh = new OvhClient({ baseUrl: ${JSON.stringify(t.base)}, ...${keys}, configFile: false, env: {} });`,
      `  const c = await ovh.credentials.get(${t.id});`,
      `  ${check} process.exit(0);`,
      '});',
    ].join('\n'),
    'floor (ky + zod as documented): import + first signed GET': [
      `import(${JSON.stringify(pathToFileURL(floorModule).href)}).then(async ({ floorClient }) => {`,
      `  const c = await floorClient({ baseUrl: ${JSON.stringify(t.base)}, ...${keys} }).credential(${t.id});`,
      `  ${check} process.exit(0);`,
      '});',
    ].join('\n'),
    // As bench/lib/official.ts: it signs the URL without the port; the wrapper signs the one it sends (same work).
    'ovh (official): require + first signed GET': [
      `const o = require('ovh')({ appKey: ${JSON.stringify(t.keys.applicationKey)}, appSecret: ${JSON.stringify(t.keys.applicationSecret)}, consumerKey: ${JSON.stringify(t.keys.consumerKey)}, host: '127.0.0.1', port: ${t.port}, basePath: '/1.0' });`,
      'const sign = o.signRequest.bind(o);',
      `o.signRequest = (m, u, b, ts) => sign(m, u.replace('https://127.0.0.1/', 'https://127.0.0.1:${t.port}/'), b, ts);`,
      `o.requestPromised('GET', ${JSON.stringify(`/me/api/credential/${t.id}`)}).then((c) => { ${check} process.exit(0); });`,
    ].join('\n'),
  };
}

/** Runs figure 5 (about a minute and a half: each case is one process under valgrind). Needs a build. */
export async function benchColdInstructions(options: ColdInstructionsOptions = {}): Promise<ColdInstructionsResult> {
  const counted = options.valgrind ?? true;
  if (counted && !hasValgrind())
    throw new Error('figure 5 counts instructions with valgrind: install it (apt-get install valgrind) or leave out cold-start');
  distEntry();
  // The floor as plain JavaScript, inside the repository so that its `ky` and `zod` resolve to node_modules.
  const scratch = join(ROOT, '.bench-tmp', `cold-${process.pid}`);
  const floorModule = join(scratch, 'floor-client.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench', 'lib', 'floor-client.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outfile: floorModule,
    logLevel: 'silent',
  });
  const certificate = createThrowawayCertificate();
  const sim = await startSimProcess({ keyPath: certificate.keyPath, certPath: certificate.certPath, credentials: 1, latencyMs: 0 });
  try {
    const script = scripts(floorModule, { base: sim.base, port: sim.port, keys: sim.defaults, id: sim.ids[0] as number });
    // Every case trusts the certificate (the bare one too: the same start-up for all); no compile cache.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath };
    delete env.NODE_COMPILE_CACHE;
    const cases: ColdInstructionsResult['cases'] = {};
    const runs: ColdInstructionsResult['runs'] = {};
    for (const name of options.cases ?? COLD_INSTRUCTIONS_CASES) {
      // V8 compiles and collects on background threads, and how much of that work is done before the process exits
      // depends on how the threads are scheduled: the same process counted 0.76 G to 1.10 G on a busy machine.
      // --single-threaded does that work on the main thread, for every case alike.
      const args = ['--single-threaded', '-e', script[name]];
      // Even so, a run now and then counts about 0.25 G more than the others (seen on both clients): the figure is
      // the median of the runs, each run's count beside it.
      if (counted) {
        const counts = Array.from({ length: options.runs ?? 3 }, () => countInstructions(args, { env, cwd: ROOT, what: name }));
        runs[name] = counts;
        cases[name] = [...counts].sort((a, b) => a - b)[Math.floor(counts.length / 2)] as number;
      } else {
        const run = spawnSync(process.execPath, args, { env, cwd: ROOT, encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`${name} failed (${String(run.status)}):\n${run.stderr}`);
        cases[name] = 0;
      }
    }
    return { cases, runs };
  } finally {
    await sim.close();
    certificate.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Each GET case over bare node, and ovh-credentials' ÷ the floor's; `undefined` where a count it needs is missing. */
export function coldInstructionsFigures(r: ColdInstructionsResult): {
  ours?: number;
  floor?: number;
  official?: number;
  /** ovh-credentials over bare ÷ the floor over bare. */
  oursVsFloor?: number;
} {
  const c = r.cases;
  const bare = c['node -e 0 (bare)'];
  if (bare === undefined) return {};
  const over = (name: ColdInstructionsCase) => (c[name] === undefined ? undefined : (c[name] as number) - bare);
  const ours = over('ovh-credentials: import + new OvhClient + first credentials.get');
  const floor = over('floor (ky + zod as documented): import + first signed GET');
  const official = over('ovh (official): require + first signed GET');
  return {
    ...(ours !== undefined ? { ours } : {}),
    ...(floor !== undefined ? { floor } : {}),
    ...(official !== undefined ? { official } : {}),
    ...(ours !== undefined && floor !== undefined ? { oursVsFloor: ours / floor } : {}),
  };
}
