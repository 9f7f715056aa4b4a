// What each entry point of the package loads at import, in bytes of our own code, minified + gzip (dependencies
// and Node's modules excluded). Shared by the package check (its size ceilings) and the benchmarks (figure 4).
//
// Each entry is built on its own (ESM, code splitting, minified), as a user's import of it alone would load it: its
// cost at import is its own file plus every chunk it reaches through static `import` statements, gzipped as one
// stream (`atImport`: the same measure as a single bundle's min + gzip, and as npm's gzipped tarball carries them);
// `atImportPerFile` gzips each of those files on its own and sums them (every file restarts gzip's dictionary, so it
// says a little more the more chunks there are), and `atImportMinified` is their minified bytes. Chunks reached only
// through `import()` load on first use and are reported apart, as lazy chunks.
// (Built together, as tsup builds dist/, the code the entries share would be split into more chunks, each gzipped
// apart: a few kB more, which say how the entries overlap, not what one of them costs.)
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

/** The package's entry points: export subpath and source file. */
export const ENTRIES = [
  ['.', 'src/index.ts'],
  ['./schemas', 'src/schemas.ts'],
  ['./webpaas', 'src/webpaas/index.ts'],
  ['./testing', 'src/testing/index.ts'],
];

const OUT = 'size-out';

/**
 * Builds the entries with esbuild and measures them.
 * @param {{ root: string; esbuild: typeof import('esbuild'); entries?: ReadonlyArray<readonly [string, string]> }} options
 * @returns {Promise<import('./entry-sizes.d.mts').EntrySizes>}
 */
export async function measureEntrySizes({ root, esbuild, entries = ENTRIES }) {
  const out = { entries: [], lazyChunks: [] };
  for (const [name, source] of entries) {
    const { entry, lazyChunks } = await measureEntry(root, esbuild, name, source);
    out.entries.push(entry);
    out.lazyChunks.push(...lazyChunks);
  }
  return out;
}

async function measureEntry(root, esbuild, name, source) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { index: source },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    write: false,
    metafile: true,
    outdir: OUT,
    external: ['ky', 'zod', 'ini', 'node:*'],
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  /** @type {Map<string, number>} gzip bytes per output, by its metafile path */
  const gzip = new Map();
  /** @type {Map<string, Uint8Array>} minified contents per output */
  const contents = new Map();
  for (const file of result.outputFiles) {
    gzip.set(relative(root, file.path), gzipSync(file.contents).length);
    contents.set(relative(root, file.path), file.contents);
  }
  const imports = (file, kind) => outputs[file].imports.filter((i) => !i.external && i.kind === kind).map((i) => i.path);
  /** Every output `from` loads through static imports, itself included. */
  const closure = (from) => {
    const seen = new Set(from);
    for (const file of seen) for (const next of imports(file, 'import-statement')) seen.add(next);
    return seen;
  };
  const sum = (files) => [...files].reduce((total, file) => total + (gzip.get(file) ?? 0), 0);

  const entryFile = `${OUT}/index.js`;
  if (!(entryFile in outputs)) throw new Error(`esbuild wrote no ${entryFile} for ${source}`);
  const atImport = closure([entryFile]);
  // Chunks reached through import(), from what loads at import or from a lazy chunk, transitively.
  const lazy = new Set();
  const queue = [...atImport].flatMap((file) => imports(file, 'dynamic-import'));
  while (queue.length > 0) {
    const file = queue.shift();
    if (atImport.has(file) || lazy.has(file)) continue;
    lazy.add(file);
    queue.push(...imports(file, 'import-statement'), ...imports(file, 'dynamic-import'));
  }
  const lazyChunks = [...lazy].map((file) => ({
    entry: name,
    file: file.slice(OUT.length + 1),
    gzip: gzip.get(file) ?? 0,
    // What loading it adds to what the entry loaded at import: itself and the chunks it imports statically.
    loads: sum([...closure([file])].filter((f) => !atImport.has(f))),
    // The source files in it, the largest first.
    inputs: Object.entries(outputs[file].inputs)
      .sort((x, y) => y[1].bytesInOutput - x[1].bytesInOutput)
      .map(([input]) => input),
  }));
  return {
    entry: {
      name,
      source,
      atImport: gzipSync(Buffer.concat([...atImport].map((f) => contents.get(f) ?? new Uint8Array()))).length,
      atImportPerFile: sum(atImport),
      atImportMinified: [...atImport].reduce((total, f) => total + (contents.get(f)?.length ?? 0), 0),
      files: [...atImport].map((f) => f.slice(OUT.length + 1)),
      lazy: sum(lazy),
    },
    lazyChunks,
  };
}

/** A path esbuild wrote, as the metafile names it (relative to the working directory, forward slashes). */
function relative(root, path) {
  const prefix = join(root, '/');
  return (path.startsWith(prefix) ? path.slice(prefix.length) : path).replaceAll('\\', '/');
}
