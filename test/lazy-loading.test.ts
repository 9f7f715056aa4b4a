// What `import 'ovh-credentials'` loads, and what waits for the first call: the root entry's module graph (as a
// bundler splits it) and a real import in a fresh Node process, watched by a module hook.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lazy } from '../src/core/lazy.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** The inputs of the chunks the entry loads at import (static imports, followed), and the external imports. */
async function eagerGraph(entry: string): Promise<{ inputs: Set<string>; externals: Set<string>; lazyInputs: Set<string> }> {
  const result = await build({
    entryPoints: { entry },
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['ky', 'zod', 'ini', 'node:*'],
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const inputs = new Set<string>();
  const externals = new Set<string>();
  const seen = new Set<string>();
  const stack = ['out/entry.js'];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const output = outputs[file];
    if (!output) throw new Error(`no output ${file}`);
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const imported of output.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) externals.add(imported.path);
      else stack.push(imported.path);
    }
  }
  const lazyInputs = new Set<string>();
  for (const [file, output] of Object.entries(outputs)) {
    if (!seen.has(file)) for (const input of Object.keys(output.inputs)) lazyInputs.add(input);
  }
  return { inputs, externals, lazyInputs };
}

describe('the root entry loads at import only what a client needs before its first request', () => {
  it('imports neither zod nor ky, nor a schema module, the transport or the Node fetch, statically', async () => {
    const { inputs, externals, lazyInputs } = await eagerGraph('src/index.ts');
    expect([...externals].sort()).not.toContain('zod');
    expect([...externals].sort()).not.toContain('ky');
    const eager = [...inputs];
    expect(eager.filter((f) => f.endsWith('.schemas.ts'))).toEqual([]);
    for (const engine of ['src/core/transport.ts', 'src/core/node-fetch.ts', 'src/core/schema-kit.ts', 'src/core/concurrency.ts']) {
      expect(eager).not.toContain(engine);
      expect(lazyInputs).toContain(engine);
    }
    // What the client is made of at import: configuration, errors, resources' methods.
    expect(eager).toEqual(expect.arrayContaining(['src/client.ts', 'src/core/config.ts', 'src/core/errors.ts', 'src/resources/credentials.ts']));
  });

  it('keeps the schemas entry free of the clients', async () => {
    const { inputs, externals } = await eagerGraph('src/schemas.ts');
    expect(externals).toContain('zod');
    const clientCode =
      /^src\/(client|core\/transport|core\/node-fetch|resources\/(credentials|applications|auth|iam|oauth2-clients|ai-tokens)|webpaas\/(client|activities|variables))\.ts$/;
    expect([...inputs].filter((f) => clientCode.test(f))).toEqual([]);
  });

  it('loads zod and ky in a fresh process only once a request is made', async () => {
    // A module hook in a child process records every file Node loads; tsx runs the TypeScript sources.
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = new Set();
      registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
      const seen = (name) => [...loaded].some((u) => u.includes('/node_modules/' + name + '/'));
      const { OvhClient } = await import('./src/index.ts');
      const atImport = { zod: seen('zod'), ky: seen('ky') };
      const ovh = new OvhClient({ endpoint: 'ovh-eu', applicationKey: 'ak', applicationSecret: 'as', consumerKey: 'ck', configFile: false, env: {} });
      const afterConstruct = { zod: seen('zod'), ky: seen('ky') };
      const { OvhSimulator } = await import('./src/testing/index.ts');
      const sim = new OvhSimulator();
      const withSimulator = { zod: seen('zod'), ky: seen('ky') };
      const scoped = new OvhClient({ ...sim.defaults, endpoint: 'ovh-eu', configFile: false, env: {}, fetch: sim.fetch });
      const ids = await scoped.credentials.list();
      const afterCall = { zod: seen('zod'), ky: seen('ky'), ids: Array.isArray(ids) };
      console.log(JSON.stringify({ atImport, afterConstruct, withSimulator, afterCall }));
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 30_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      atImport: { zod: false, ky: false },
      afterConstruct: { zod: false, ky: false },
      // The simulator validates what it is sent with zod itself; ky still waits for the client's first request.
      withSimulator: { zod: true, ky: false },
      afterCall: { zod: true, ky: true, ids: true },
    });
  });
});

describe('the Web PaaS entry loads its schemas with the first call that needs them', () => {
  it('imports no zod and no schema module statically (the transport is built eagerly, ky waits for a request)', async () => {
    const { inputs, externals, lazyInputs } = await eagerGraph('src/webpaas/index.ts');
    expect([...externals]).not.toContain('zod');
    expect([...externals]).not.toContain('ky');
    const eager = [...inputs];
    expect(eager.filter((f) => f.endsWith('.schemas.ts'))).toEqual([]);
    expect(eager).not.toContain('src/core/schema-kit.ts');
    for (const schemas of ['src/webpaas/activities.schemas.ts', 'src/webpaas/variables.schemas.ts', 'src/core/schema-kit.ts']) {
      expect(lazyInputs).toContain(schemas);
    }
    expect(eager).toEqual(
      expect.arrayContaining(['src/webpaas/client.ts', 'src/webpaas/variables.ts', 'src/webpaas/activities.ts', 'src/webpaas/known.ts']),
    );
  });

  it('loads zod and ky in a fresh process only once a call is made', async () => {
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = new Set();
      registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
      const seen = (name) => [...loaded].some((u) => u.includes('/node_modules/' + name + '/'));
      const schemas = () => [...loaded].some((u) => u.includes('/src/webpaas/') && u.endsWith('.schemas.ts'));
      const { WebPaasClient, ACTIVITY_STATES, isActivityDone } = await import('./src/webpaas/index.ts');
      const atImport = { zod: seen('zod'), ky: seen('ky') };
      // env: {} so nothing comes from the machine's OVHCLOUD_WEBPAAS_CLI_* variables (the client reads no files).
      const authKind = new WebPaasClient({ apiToken: 'wpt_unused', env: {} }).authKind;
      const helpers = ACTIVITY_STATES.length > 0 && isActivityDone({ id: 'a', state: 'complete' });
      const afterConstruct = { zod: seen('zod'), ky: seen('ky'), schemas: schemas(), authKind, helpers };
      const { WebPaasSimulator } = await import('./src/testing/index.ts');
      const sim = new WebPaasSimulator();
      const withSimulator = { zod: seen('zod'), ky: seen('ky') };
      const scoped = new WebPaasClient({ apiToken: sim.createApiToken(), env: {}, fetch: sim.fetch });
      const vars = await scoped.variables.list({ project: sim.defaults.project });
      const afterCall = { zod: seen('zod'), ky: seen('ky'), schemas: schemas(), vars: Array.isArray(vars) };
      console.log(JSON.stringify({ atImport, afterConstruct, withSimulator, afterCall }));
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 30_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      atImport: { zod: false, ky: false },
      afterConstruct: { zod: false, ky: false, schemas: false, authKind: 'api-token', helpers: true },
      // The simulator validates what it is sent with zod itself; ky still waits for the client's first request.
      withSimulator: { zod: true, ky: false },
      afterCall: { zod: true, ky: true, schemas: true, vars: true },
    });
  });
});

describe('lazy()', () => {
  it('loads once, hands every caller the same value', async () => {
    let loads = 0;
    const load = lazy(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('tries again after a failed load', async () => {
    let loads = 0;
    const load = lazy(async () => {
      loads += 1;
      if (loads === 1) throw new Error('broken install');
      return 'ok';
    });
    await expect(load()).rejects.toThrow('broken install');
    await expect(load()).resolves.toBe('ok');
    expect(loads).toBe(2);
  });
});
