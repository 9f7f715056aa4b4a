/// <reference types="vite/client" />
// Loads, before each test file, every module the SDK imports on first use (zod schemas, the request stack, ky, the
// bulk runs...). Loading a module is real I/O that fake timers do not drive: a test that runs the SDK under
// `useFakeTime()` with a timer of its own pending would otherwise see fake time jump while a module is still loading,
// and the order of events would depend on how fast the disk and the machine are. The laziness itself is tested in
// fresh processes (test/lazy-loading.test.ts), where nothing is preloaded.
const lazilyLoaded = import.meta.glob(
  [
    '../../src/**/*.schemas.ts',
    '../../src/client-stack.ts',
    '../../src/core/{concurrency,raw-call}.ts',
    '../../src/resources/{auth-wait,credentials-bulk,iam-grants}.ts',
  ],
  { eager: true },
);
await Promise.all([import('ky'), import('node:http'), import('node:https'), import('node:zlib')]);
if (Object.keys(lazilyLoaded).length < 12) throw new Error('warm-modules: the globs no longer match the lazily loaded modules');
