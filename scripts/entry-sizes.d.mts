// Types of scripts/entry-sizes.mjs (plain JavaScript, run by the package check), for the benchmarks.
import type * as esbuild from 'esbuild';

/** One entry point: what loads at import, and what it can load later. */
export interface EntrySize {
  /** Export subpath, e.g. `.` or `./webpaas`. */
  name: string;
  /** Source file, e.g. `src/index.ts`. */
  source: string;
  /** Bytes of the entry's file and every chunk it imports statically: minified, then gzipped as one stream. */
  atImport: number;
  /** The same files, each gzipped on its own, summed. */
  atImportPerFile: number;
  /** The same files, minified, not gzipped. */
  atImportMinified: number;
  /** Those files. */
  files: string[];
  /** Bytes of the chunks it reaches only through `import()` (lazy chunks). */
  lazy: number;
}

/** A chunk an entry loads through `import()` only. */
export interface LazyChunk {
  /** The entry, e.g. `.`. */
  entry: string;
  /** Output file, e.g. `chunk-ABC123.js` or `transport-ABC123.js`. */
  file: string;
  /** Its own bytes, minified + gzip. */
  gzip: number;
  /** Bytes it adds when loaded: itself and the chunks it imports statically that its entry had not loaded. */
  loads: number;
  /** The source files in it, the largest first. */
  inputs: string[];
}

/** Every entry's size at import, and the lazy chunks. */
export interface EntrySizes {
  entries: EntrySize[];
  lazyChunks: LazyChunk[];
}

/** The package's entry points: export subpath and source file. */
export const ENTRIES: ReadonlyArray<readonly [string, string]>;

/** Builds each entry on its own with esbuild (ESM, code splitting, minified, deps external) and measures it. */
export function measureEntrySizes(options: {
  root: string;
  esbuild: typeof esbuild;
  entries?: ReadonlyArray<readonly [string, string]>;
}): Promise<EntrySizes>;
