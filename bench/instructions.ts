// Figure 1: instructions per `ovh.credentials.get(id)` (path check, signature, ky, the platform fetch, zod), beside
// the official client's per GET, counted by valgrind: unlike time, counts do not move with the machine's load.
// Reported without a target. Each client runs in its own process under `valgrind --tool=cachegrind --cache-sim=no`,
// twice: `warmup` calls, then `warmup + calls` calls; the difference divided by `calls` is one call's cost, start-up
// and warm-up cancelled. The simulator serves from a second process over TLS loopback, uncounted. Needs valgrind.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { distEntry } from './lib/package.js';
import { ROOT } from './lib/root.js';
import { startSimProcess } from './lib/sim-process.js';
import { createThrowawayCertificate } from './lib/tls.js';
import { countInstructions, hasValgrind } from './lib/valgrind.js';

/** Options of the instructions benchmark. */
export interface InstructionsOptions {
  /** Measured calls per client. Default 1000. */
  calls?: number;
  /** Calls before the measured ones (and the whole of the baseline run). Default 300. */
  warmup?: number;
  /** `false` runs each client process plainly, uncounted (every count 0): checks the harness in seconds. Default true. */
  valgrind?: boolean;
}

/** The clients counted, in report order. */
export const INSTRUCTIONS_CLIENTS = ['ovh-credentials', 'ovh (official)'] as const;
export type InstructionsClient = (typeof INSTRUCTIONS_CLIENTS)[number];

/** Where the client process reads. */
export interface InstructionsTarget {
  base: string;
  port: number;
  keys: { applicationKey: string; applicationSecret: string; consumerKey: string };
  id: number;
}

/** Instructions per call, per client. */
export interface InstructionsResult {
  calls: number;
  warmup: number;
  clients: Record<InstructionsClient, number>;
}

/** Runs figure 1 (about half a minute per client and count on 2 cores). Needs a build. */
export async function benchInstructions(options: InstructionsOptions = {}): Promise<InstructionsResult> {
  const counted = options.valgrind ?? true;
  if (counted && !hasValgrind())
    throw new Error('figure 1 counts instructions with valgrind: install it (apt-get install valgrind) or leave out instructions');
  const calls = options.calls ?? 1000;
  const warmup = options.warmup ?? 300;
  // Two levels below the root, so that the bundle's require('ovh') resolves as from bench/lib/.
  const scratch = join(ROOT, '.bench-tmp', `instructions-${process.pid}`);
  const client = join(scratch, 'client.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench', 'lib', 'instructions-client.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: client,
    packages: 'external',
    alias: { 'ovh-credentials-under-test': distEntry() },
    logLevel: 'silent',
  });
  const certificate = createThrowawayCertificate();
  const sim = await startSimProcess({ keyPath: certificate.keyPath, certPath: certificate.certPath, credentials: 1, latencyMs: 0 });
  try {
    const target: InstructionsTarget = { base: sim.base, port: sim.port, keys: sim.defaults, id: sim.ids[0] as number };
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath };
    const count = (name: InstructionsClient, n: number): number => {
      const args = [client, JSON.stringify({ target, client: name, n })];
      if (counted) return countInstructions(args, { env, what: name });
      const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${name} failed (${String(run.status)}):\n${run.stderr}`);
      return 0;
    };
    const clients = {} as InstructionsResult['clients'];
    for (const name of INSTRUCTIONS_CLIENTS) clients[name] = (count(name, warmup + calls) - count(name, warmup)) / calls;
    return { calls, warmup, clients };
  } finally {
    await sim.close();
    certificate.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}
