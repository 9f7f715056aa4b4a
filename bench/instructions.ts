// Figure 1c: instructions per GET, layer by layer (the layers of figure 1b), counted by valgrind. Unlike time,
// instruction counts do not move with the machine's load. Each layer runs in its own client process under
// `valgrind --tool=cachegrind --cache-sim=no`, twice: `warmup` calls, then `warmup + calls` calls; the difference
// divided by `calls` is one call's cost, start-up and warm-up cancelled. The simulator serves from a second
// process, uncounted. Needs valgrind (`apt-get install valgrind`); not part of the default `npm run bench`.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAYERS, type LayerName, type LayerTarget } from './layers.js';
import type { PackageSource } from './lib/package.js';
import { ROOT } from './lib/root.js';
import { startSimProcess } from './lib/sim-process.js';
import { createThrowawayCertificate } from './lib/tls.js';
import { countInstructions, hasValgrind } from './lib/valgrind.js';

/** Options of the instructions benchmark. */
export interface InstructionsOptions {
  /** Measured calls per layer. Default 1000. */
  calls?: number;
  /** Calls before the measured ones (and the whole of the baseline run). Default 300. */
  warmup?: number;
  /** Build of ovh-credentials to measure. Default dist/ when built, else src/. */
  source?: PackageSource;
  /** Layers to count. Default all of them. */
  layers?: readonly LayerName[];
}

/** Instructions per call, per layer counted. */
export interface InstructionsResult {
  calls: number;
  warmup: number;
  layers: Partial<Record<LayerName, number>>;
}

/** Runs figure 1c (about half a minute per layer and run on 2 cores). */
export async function benchInstructions(options: InstructionsOptions = {}): Promise<InstructionsResult> {
  if (!hasValgrind())
    throw new Error('figure 1c counts instructions with valgrind: install it (apt-get install valgrind) or leave out --only=instructions');
  const calls = options.calls ?? 1000;
  const warmup = options.warmup ?? 300;
  const source = options.source ?? (existsSync(join(ROOT, 'dist', 'index.js')) ? 'dist' : 'src');
  // Two levels below the root, so that the bundle's ROOT and its require('ovh') resolve as from bench/lib/.
  const client = join(ROOT, '.bench-tmp', `instructions-${process.pid}`, 'client.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench', 'lib', 'instructions-client.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: client,
    packages: 'external',
    alias: { 'ovh-credentials-under-test': join(ROOT, source === 'dist' ? 'dist/index.js' : 'src/index.ts') },
    logLevel: 'silent',
  });
  const certificate = createThrowawayCertificate();
  const sim = await startSimProcess({ keyPath: certificate.keyPath, certPath: certificate.certPath, credentials: 1, latencyMs: 0 });
  try {
    const target: LayerTarget = { base: sim.base, port: sim.port, keys: sim.defaults, id: sim.ids[0] as number };
    const count = (layer: LayerName, n: number): number =>
      countInstructions([client, JSON.stringify({ target, layer, n })], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath },
        what: layer,
      });
    const layers: InstructionsResult['layers'] = {};
    for (const layer of options.layers ?? LAYERS) layers[layer] = (count(layer, warmup + calls) - count(layer, warmup)) / calls;
    return { calls, warmup, layers };
  } finally {
    await sim.close();
    certificate.dispose();
    rmSync(join(client, '..'), { recursive: true, force: true });
  }
}
