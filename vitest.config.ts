import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'threads',
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine. The files mostly
    // wait (loopback sockets, child processes), so two workers at least keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Fails any test file whose output (errors, logs, inspect/JSON output) contains a secret it used.
    setupFiles: ['test/setup/secret-audit.ts'],
  },
});
