// Which build of ovh-credentials the clients use: the built dist/ (what users run, and what `npm run bench`
// builds first), or src/ through tsx when there is no build (the smoke test on a fresh checkout). tsx wraps every
// named closure in a `__name()` call, which costs ~4% of a loopback request: figures come from dist/ only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './root.js';

export type Package = typeof import('../../src/index.js');
export type PackageSource = 'dist' | 'src';

/** Imports the package from `source` (default: dist/ when built, else src/). */
export async function importPackage(source?: PackageSource): Promise<{ pkg: Package; source: PackageSource }> {
  const dist = join(ROOT, 'dist', 'index.js');
  const from: PackageSource = source ?? (existsSync(dist) ? 'dist' : 'src');
  const path = from === 'dist' ? dist : join(ROOT, 'src', 'index.ts');
  return { pkg: (await import(pathToFileURL(path).href)) as Package, source: from };
}
