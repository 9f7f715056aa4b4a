// The client process of figure 1c: reads the credential `n` times through one layer of figure 1b, then exits.
// bench/instructions.ts bundles it (with the build under test as `ovh-credentials-under-test`) into plain
// JavaScript, so that valgrind counts no TypeScript loader; then it subtracts two runs of it.
// @ts-expect-error: an esbuild alias, resolved when bench/instructions.ts bundles this file.
import * as pkg from 'ovh-credentials-under-test';
import { buildLayers, type LayerName, type LayerTarget } from '../layers.js';
import type { Package } from './package.js';

const input = JSON.parse(process.argv[2] ?? '{}') as { target: LayerTarget; layer: LayerName; n: number };
const { send, close } = await buildLayers(input.target, pkg as Package);
const fn = send[input.layer];
for (let i = 0; i < input.n; i++) await fn();
close();
// Keep-alive sockets must not hold the process open.
process.exit(0);
