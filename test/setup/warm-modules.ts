/// <reference types="vite/client" />
// Loads, before each test file, the modules the SDK still imports on first use (the client's request stack and raw
// calls, ky, Node's http/https/zlib). Loading a module is real I/O that fake timers do not drive: a test that runs
// the SDK under `useFakeTime()` with a timer of its own pending would otherwise see fake time jump while a module is
// still loading, and the order of events would depend on how fast the disk and the machine are. Goes once
// client.ts, the transport and the Node fetch import them statically.
const lazilyLoaded = import.meta.glob(['../../src/client-stack.ts', '../../src/core/raw-call.ts'], { eager: true });
await Promise.all([import('ky'), import('node:http'), import('node:https'), import('node:zlib')]);
if (Object.keys(lazilyLoaded).length < 2) throw new Error('warm-modules: the globs no longer match the lazily loaded modules');
