// docs/scripts.md: its recipes are what `npm run check:package` runs (scripts/recipes.mjs reads them from the page),
// and its Ctrl-C recipe, run as a script against the simulator on loopback, prints its report and exits with 130.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readRecipes } from '../scripts/recipes.mjs';
import { OvhSimulator } from '../src/testing/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const recipes = readRecipes(readFileSync(join(root, 'docs', 'scripts.md'), 'utf8'));

describe('docs/scripts.md recipes', () => {
  it('has the five ways to run a script, each with setup, files and a run command', () => {
    expect([...recipes.keys()].filter((name) => recipes.get(name)?.run.length)).toEqual([
      'tsx',
      'ts-node-esm',
      'ts-node-cjs',
      'node-esm',
      'node-cjs',
    ]);
    for (const name of ['tsx', 'ts-node-esm', 'ts-node-cjs', 'node-esm', 'node-cjs']) {
      const recipe = recipes.get(name)!;
      expect(recipe.setup).toContain('npm install ovh-credentials');
      expect(Object.keys(recipe.files).length, name).toBeGreaterThan(0);
    }
  });

  it('fixes each ts-node error the issue met: TypeScript 7, TS1295, TS2591', () => {
    for (const name of ['ts-node-esm', 'ts-node-cjs']) {
      const recipe = recipes.get(name)!;
      // TypeScript 7 has no JavaScript API for ts-node: the install pins 6.0, and the Node types.
      expect(recipe.setup.join('\n')).toMatch(/ts-node@10\.9\.2 "typescript@~6\.0" "@types\/node@24"/);
      const tsconfig = JSON.parse(recipe.files['tsconfig.json']!) as { compilerOptions: Record<string, unknown> };
      expect(tsconfig.compilerOptions.types).toEqual(['node']); // TS2591: TypeScript 6 loads no @types by default
    }
    // TS1295 in CommonJS; "Unknown file extension .ts" in ESM, where the loader runs the file.
    expect(JSON.parse(recipes.get('ts-node-cjs')!.files['tsconfig.json']!).compilerOptions.verbatimModuleSyntax).toBe(false);
    expect(recipes.get('ts-node-esm')!.run).toEqual(['node --loader ts-node/esm list-keys.ts']);
  });
});

describe('Ctrl-C in a long bulk run (docs/scripts.md)', () => {
  let sim: OvhSimulator | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the first SIGINT stops starting deletions; the report is printed and the exit code is 130', async () => {
    sim = new OvhSimulator();
    const expired = Array.from(
      { length: 40 },
      () => sim!.createCredential({ rules: [{ method: 'GET', path: '/me' }], status: 'expired' }).credentialId,
    );
    const baseUrl = await sim.listen();
    // Each answer takes 100 ms, so the run is under way, 4 in flight, when the signal comes.
    sim.setLatency(100);
    dir = mkdtempSync(join(tmpdir(), 'ctrl-c-'));
    // A project as the tsx recipe sets it up ("type": "module"), the package imported from src/.
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const script = join(dir, 'revoke-expired.ts');
    const source = recipes.get('ctrl-c')!.files['revoke-expired.ts']!;
    writeFileSync(script, source.replace("from 'ovh-credentials'", `from '${pathToFileURL(join(root, 'src', 'index.ts')).href}'`));

    const child = spawn(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href, script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        OVH_ENDPOINT: baseUrl,
        OVH_APPLICATION_KEY: sim.defaults.applicationKey,
        OVH_APPLICATION_SECRET: sim.defaults.applicationSecret,
        OVH_CONSUMER_KEY: sim.defaults.consumerKey,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Ctrl-C once the first deletion has been reported: mid-run.
      if (/^1\/\d+$/m.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));

    expect(stderr).toContain('Stopping (Ctrl-C again to kill)');
    expect(code, stdout + stderr).toBe(130);
    // Items in flight either finish or are stopped by the abort (then in `failed` with an OvhAbortError): each item
    // is in exactly one count, and nothing else failed.
    const report = /revoked (\d+), already gone 0, failed 0, stopped in flight (\d+), not started (\d+) \(of (\d+)\)/.exec(stdout);
    expect(report, stdout).not.toBeNull();
    const [revoked, stopped, skipped, matched] = report!.slice(1).map(Number) as [number, number, number, number];
    expect(revoked).toBeGreaterThanOrEqual(1);
    expect(skipped).toBeGreaterThanOrEqual(1);
    expect(revoked + stopped + skipped).toBe(matched);
    // What the report says is what happened: the keys not started are still there; of ours, the revoked ones are gone.
    const ids = (label: string) => (new RegExp(`^${label}: ([\\d ]+)$`, 'm').exec(stdout)?.[1] ?? '').split(' ').filter(Boolean).map(Number);
    const notStarted = ids('not started');
    expect(notStarted).toHaveLength(skipped);
    const inFlight = ids('stopped in flight \\(may be revoked\\)');
    expect(inFlight).toHaveLength(stopped);
    for (const id of notStarted) expect(sim.state.credentials.has(id)).toBe(true);
    const settled = expired.filter((id) => !notStarted.includes(id) && !inFlight.includes(id));
    expect(settled.every((id) => !sim!.state.credentials.has(id))).toBe(true);
  });
});
