// The build of ovh-credentials the benchmarks drive: the built dist/, what users run, through its public exports
// only (`npm run bench` and `npm run test:bench` build it first). Nothing in bench/ reaches into src/core.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './root.js';

/** The root entry's public API (the type of src/index.ts, which dist/index.js is built from). */
export type Package = typeof import('../../src/index.js');

/** dist/index.js, or an error saying to build first. */
export function distEntry(): string {
  const entry = join(ROOT, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error('the benchmarks measure the built package: run `npm run build` first (npm run bench does)');
  return entry;
}

/** Imports the built package. */
export async function importPackage(): Promise<Package> {
  return (await import(pathToFileURL(distEntry()).href)) as Package;
}
