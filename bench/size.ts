// Figure 4: size. Our own code that each entry point loads at import, minified + gzip with the dependencies left out,
// and each chunk it loads later through import() (scripts/entry-sizes.mjs, which the package check's ceilings use
// too); each dependency minified + gzip as esbuild bundles it; the root entry with its dependencies, tree-shaken.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { type EntrySizes, measureEntrySizes } from '../scripts/entry-sizes.mjs';
import { ROOT } from './lib/root.js';

/** Bytes, minified + gzip. */
export interface SizeResult extends EntrySizes {
  /** Each dependency whole (`export *`). */
  deps: Record<'ky' | 'zod' | 'ini', number>;
  /** src/index.ts with its dependencies bundled, tree-shaken, one file: what a bundler ships. */
  bundled: number;
}

async function gzipped(options: { entry?: string; contents?: string; external: string[] }): Promise<number> {
  const result = await esbuild.build({
    ...(options.entry !== undefined
      ? { entryPoints: [options.entry] }
      : { stdin: { contents: options.contents ?? '', resolveDir: ROOT, loader: 'js' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    external: options.external,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output');
  return gzipSync(output.contents).length;
}

/** Runs figure 4 (a few seconds). */
export async function benchSize(): Promise<SizeResult> {
  return {
    ...(await measureEntrySizes({ root: ROOT, esbuild })),
    deps: {
      ky: await gzipped({ contents: "export { default } from 'ky'; export * from 'ky';", external: ['node:*'] }),
      zod: await gzipped({ contents: "export * from 'zod';", external: ['node:*'] }),
      ini: await gzipped({ contents: "export * from 'ini';", external: ['node:*'] }),
    },
    bundled: await gzipped({ entry: join(ROOT, 'src/index.ts'), external: ['node:*'] }),
  };
}
