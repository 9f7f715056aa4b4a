// Figure 3: cold start. Spawns `node -e "<script>"` again and again (hyperfine is not assumed) and times each
// process from spawn to exit: bare node, then importing the built package (dist/, via the package's own name, as
// a user would), interleaved so that a slow moment of the machine hits every case alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/root.js';

/** Options of the cold-start benchmark. */
export interface ColdStartOptions {
  /** Spawns per case. Default 20. */
  runs?: number;
  /** What to import. Default `ovh-credentials` (the package itself, resolved to dist/ from the repository root). */
  specifier?: string;
  /** Directory the processes run in. Default the repository root. */
  cwd?: string;
}

/** Milliseconds from spawn to exit, per case. */
export interface ColdStartResult {
  runs: number;
  specifier: string;
  cases: Record<ColdStartCase, number[]>;
}

export const COLD_START_CASES = [
  'node -e 0 (bare)',
  'import (ESM)',
  'require (CJS)',
  'import + new OvhClient + signRequest',
  'import, NODE_COMPILE_CACHE warm',
] as const;
export type ColdStartCase = (typeof COLD_START_CASES)[number];

/** Runs figure 3. Needs a build (`npm run build`) when importing the package itself. */
export function benchColdStart(options: ColdStartOptions = {}): ColdStartResult {
  const runs = options.runs ?? 20;
  const specifier = options.specifier ?? 'ovh-credentials';
  const cwd = options.cwd ?? ROOT;
  if (specifier === 'ovh-credentials' && cwd === ROOT && !existsSync(join(ROOT, 'dist', 'index.js'))) {
    throw new Error('cold start measures the built package: run `npm run build` first');
  }
  const s = JSON.stringify(specifier);
  const cache = mkdtempSync(join(tmpdir(), 'ovh-credentials-compile-cache-'));
  const scripts: Record<ColdStartCase, { args: string[]; env?: Record<string, string> }> = {
    'node -e 0 (bare)': { args: ['-e', '0'] },
    'import (ESM)': { args: ['-e', `import(${s})`] },
    'require (CJS)': { args: ['-e', `require(${s})`] },
    'import + new OvhClient + signRequest': {
      args: [
        '-e',
        `import(${s}).then(({ OvhClient, signRequest }) => { new OvhClient({ endpoint: 'ovh-eu', applicationKey: 'ak', applicationSecret: 'as', consumerKey: 'ck', configFile: false, env: {} }); signRequest({ applicationSecret: 'as', consumerKey: 'ck', method: 'GET', url: 'https://eu.api.ovh.com/1.0/me', body: '', timestamp: 1 }); })`,
      ],
    },
    'import, NODE_COMPILE_CACHE warm': { args: ['-e', `import(${s})`], env: { NODE_COMPILE_CACHE: cache } },
  };
  try {
    // Fill the compile cache, and take the first (disk-cold) spawns out of the figures.
    for (const name of COLD_START_CASES) spawn(scripts[name], cwd);
    const cases = Object.fromEntries(COLD_START_CASES.map((name) => [name, [] as number[]])) as ColdStartResult['cases'];
    for (let run = 0; run < runs; run++) {
      for (const name of COLD_START_CASES) cases[name].push(spawn(scripts[name], cwd));
    }
    return { runs, specifier, cases };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

function spawn(script: { args: string[]; env?: Record<string, string> }, cwd: string): number {
  const env = { ...process.env, ...script.env };
  if (!script.env?.NODE_COMPILE_CACHE) delete env.NODE_COMPILE_CACHE;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, script.args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${script.args.join(' ')} failed: ${result.stderr.toString()}`);
  return ms;
}
