// Figure 6: what `npm install` downloads for the package itself, the gzipped tarball as `npm pack --dry-run --json`
// reports it (its `size`), for ovh-credentials as packed from this repository after the build, and for the official
// `ovh` client as packed from its installed folder. Dependencies are not included on either side. Lifecycle scripts
// are not run (`--ignore-scripts`): `npm run bench` builds dist/ first.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { distEntry } from './lib/package.js';
import { ROOT } from './lib/root.js';

/** One package as npm packs it. */
export interface PackedSize {
  name: string;
  version: string;
  /** The gzipped tarball, bytes. */
  size: number;
  /** Its files unpacked, bytes. */
  unpackedSize: number;
  /** Files in it. */
  files: number;
}

/** Both packages. */
export interface SizeResult {
  ours: PackedSize;
  official: PackedSize;
}

/** `npm pack --dry-run --json` of `spec` (`.` or a folder), run in `cwd`. */
function packedSize(spec: string, cwd: string): PackedSize {
  const out = execFileSync('npm', ['pack', spec, '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [pack] = JSON.parse(out) as Array<{ name: string; version: string; size: number; unpackedSize: number; entryCount: number }>;
  if (pack === undefined) throw new Error(`npm pack ${spec} reported nothing`);
  return { name: pack.name, version: pack.version, size: pack.size, unpackedSize: pack.unpackedSize, files: pack.entryCount };
}

/** Runs figure 6 (a few seconds). Needs a build. */
export function benchSize(): SizeResult {
  distEntry();
  const ours = packedSize('.', ROOT);
  const official = packedSize(dirname(createRequire(import.meta.url).resolve('ovh/package.json')), ROOT);
  return { ours, official };
}
