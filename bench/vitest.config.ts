import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:bench`: builds dist/, then runs every benchmark of bench/ once with a tiny N (bench/smoke.test.ts),
// apart from `npm test`: they spawn processes, serve TLS and, when valgrind is installed, count instructions (about
// half a minute).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'threads',
    // One benchmark at a time: they measure, and the machine has few cores.
    fileParallelism: false,
    setupFiles: ['test/setup/secret-audit.ts'],
  },
});
