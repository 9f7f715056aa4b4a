import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// The bins use the SDK as a user does, by the package's name (Node resolves a package's import of its own name
// through its "exports"): `ovh-credentials` loads dist/index.js and `ovh-credentials-simulator` loads
// dist/testing/index.js, rather than a second copy of either bundled into the bin.
const sdkByName: Plugin = {
  name: 'sdk-by-name',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/index\.js$/ }, ({ path, importer }) => {
      if (path === '../index.js' && /[\\/]src[\\/]cli[\\/]/.test(importer)) return { path: 'ovh-credentials', external: true };
      if (path === './index.js' && /[\\/]src[\\/]testing[\\/]cli\.ts$/.test(importer)) return { path: 'ovh-credentials/testing', external: true };
      return undefined;
    });
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts', schemas: 'src/schemas.ts', 'webpaas/index': 'src/webpaas/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    // Constructors users never call (the resources', built by the clients) are marked @internal and left out of the
    // declarations, with the internal types they take.
    dts: { compilerOptions: { stripInternal: true } },
    // dist/bin belongs to the second build (the two run concurrently): each cleans its own files only.
    clean: ['!bin/**'],
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    splitting: true,
    treeshake: true,
  },
  {
    // The `ovh-credentials-simulator` and `ovh-credentials` commands (package.json "bin"): self-contained ESM files.
    entry: { 'ovh-credentials-simulator': 'src/testing/cli.ts', 'ovh-credentials': 'src/cli/bin.ts' },
    outDir: 'dist/bin',
    format: ['esm'],
    dts: false,
    clean: true,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    splitting: false,
    treeshake: true,
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [sdkByName],
  },
]);
