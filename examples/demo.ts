// `npm run demo` takes the tour (examples/tour.ts); `npm run demo -- <name>` runs examples/<name>.ts. Always against
// the built-in simulators on 127.0.0.1, with the harness each example asks for (OVH, Web PaaS, or both for the
// tour), even when OVH_* or OVHCLOUD_WEBPAAS_CLI_TOKEN is set in this shell. No account and no network needed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runSimulated, type ExampleContext, type ExampleModule, type SimulatedRun } from './_harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** What `npm run demo` runs without a name. */
export const DEFAULT_EXAMPLE = 'tour';

/** Every example `npm run demo -- <name>` accepts: the files of examples/ but demo.ts and the `_` helpers. */
export function exampleNames(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'demo.ts')
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Runs one example against fresh simulators, with its harness; returns the simulators it used (closed). */
export async function runDemo(name: string, log: ExampleContext['log'] = console.log): Promise<SimulatedRun> {
  const names = exampleNames();
  if (!names.includes(name)) throw new Error(`Unknown example "${name}". Available: ${names.join(', ')}`);
  const example = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as ExampleModule;
  return runSimulated(example, log);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  // The first argument that is not a flag (flags such as --dry-run go to the example).
  const name = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? DEFAULT_EXAMPLE;
  const names = exampleNames();
  if (!names.includes(name)) {
    console.error(`Unknown example "${name}". Available: ${names.join(', ')}`);
    process.exit(2);
  }
  console.log(`ovh-credentials demo: ${name}`);
  console.log('(against the built-in simulators on 127.0.0.1: no account, no network; OVH_* and OVHCLOUD_WEBPAAS_CLI_TOKEN are ignored)\n');
  await runDemo(name);
}
