import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'threads',
    // Fails any test file whose output (errors, logs, inspect/JSON output) contains a secret it used.
    setupFiles: ['test/setup/secret-audit.ts'],
  },
});
