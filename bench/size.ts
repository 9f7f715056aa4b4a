// Figure 4: size. Our own code minified + gzip with the dependencies left out (as scripts/check-package.mjs
// budgets it), each dependency minified + gzip as esbuild bundles it, and everything together, tree-shaken.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ROOT } from './lib/root.js';

/** Bytes, minified + gzip. */
export interface SizeResult {
  /** src/index.ts without ky, zod, ini (the check-package budget: 15 kB). */
  own: number;
  /** src/testing/index.ts without its dependencies (`ovh-credentials/testing`, not loaded by the main entry). */
  testing: number;
  /** Each dependency whole (`export *`). */
  deps: Record<'ky' | 'zod' | 'ini', number>;
  /** src/index.ts with its dependencies bundled, tree-shaken: what a bundler ships. */
  bundled: number;
}

async function gzipped(options: { entry?: string; contents?: string; external: string[] }): Promise<number> {
  const result = await build({
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

/** Runs figure 4 (a second or two). */
export async function benchSize(): Promise<SizeResult> {
  const deps = ['ky', 'zod', 'ini'] as const;
  const external = [...deps, 'node:*'];
  return {
    own: await gzipped({ entry: join(ROOT, 'src/index.ts'), external }),
    testing: await gzipped({ entry: join(ROOT, 'src/testing/index.ts'), external }),
    deps: {
      ky: await gzipped({ contents: "export { default } from 'ky'; export * from 'ky';", external: ['node:*'] }),
      zod: await gzipped({ contents: "export * from 'zod';", external: ['node:*'] }),
      ini: await gzipped({ contents: "export * from 'ini';", external: ['node:*'] }),
    },
    bundled: await gzipped({ entry: join(ROOT, 'src/index.ts'), external: ['node:*'] }),
  };
}
