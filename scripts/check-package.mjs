#!/usr/bin/env node
// Package check: build, lint the package (publint, attw), check the size budget, then pack it, install the
// tarball into a fresh temp project and use it the ways users do:
// ESM import, CJS require, a tsx script, a ts-node script, and a typecheck against the published .d.ts; on Node 22,
// 24 and 26 (every major the engines field admits). Then every recipe of docs/scripts.md, as written there.
// Every consumer script runs against the simulator on 127.0.0.1. Usage: npm run check:package
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureEntrySizes } from './entry-sizes.mjs';
import { runRecipes } from './recipes.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, opts = {}) => {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
};
const show = (out) => process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);

show(run('npm', ['run', 'build'], { cwd: root }));
show(run(bin('publint'), ['--strict'], { cwd: root }));
// node10 resolution cannot see subpath exports; Node >= 22 (our engines) and bundlers are what matter.
show(run(bin('attw'), ['--pack', '.', '--profile', 'node16'], { cwd: root }));

// Size: our own code that each entry point loads at import (its file and the chunks it imports statically, gzipped
// as one stream), minified and gzipped, dependencies excluded: scripts/entry-sizes.mjs. Every module loads at import
// (plain static imports), so each ceiling sits just above the entry's size on 6 December 2026 (root 25.0 kB,
// schemas 4.8 kB, webpaas 15.9 kB, testing 24.6 kB): no entry grows unnoticed. The account audit (issue 23) took
// root to 30.2 kB (its 19 rules and their recommendations: 3.5 kB) and webpaas to 18.1 kB; describeConfig, the
// waitForValidation refusal and the checks of header-bound credentials and audit options took root to 31.2 kB
// (7 December). What users feel at a cold start is measured in instructions by the benchmarks (docs/performance.md).
const CEILINGS = { '.': 32 * 1024, './schemas': 6 * 1024, './webpaas': 20 * 1024, './testing': 27 * 1024 };
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const sizes = await measureEntrySizes({ root, esbuild: await import('esbuild') });
for (const entry of sizes.entries) {
  console.log(
    `own code of ${entry.name} (${entry.source}) at import, minified + gzip, deps excluded: ${kB(entry.atImport)} (ceiling ${kB(CEILINGS[entry.name])}; ${kB(entry.atImportPerFile)} file by file, ${entry.files.length} files); lazy chunks: ${kB(entry.lazy)}`,
  );
}
for (const chunk of sizes.lazyChunks) console.log(`  lazy chunk of ${chunk.entry}: ${chunk.inputs.slice(0, 3).join(', ')}: ${kB(chunk.gzip)}`);
const over = sizes.entries.filter((entry) => !(entry.atImport <= CEILINGS[entry.name]));
if (over.length > 0) {
  throw new Error(`size ceiling exceeded: ${over.map((e) => `${e.name} ${kB(e.atImport)} > ${kB(CEILINGS[e.name] ?? 0)}`).join('; ')}`);
}

// The packed tarball: at most 400 kB, and no source map (a map would point at src/ files the package does not ship).
const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root }));
const maps = packed.files.filter((file) => file.path.endsWith('.map'));
console.log(`packed tarball: ${kB(packed.size)} (ceiling 400.0 kB), ${packed.entryCount} files, ${maps.length} source maps`);
if (packed.size > 400 * 1024) throw new Error(`the packed tarball is ${kB(packed.size)}, over its 400 kB ceiling`);
if (maps.length > 0) throw new Error(`the package ships source maps that point at files it does not ship: ${maps.map((f) => f.path).join(', ')}`);

/**
 * The `ovh-credentials` bin as installed from the tarball (the npm .bin link, run by the `node` first on PATH): its
 * --help, and `whoami` on the exports the installed `ovh-credentials-simulator --json` prints.
 */
async function checkCredentialsBin(project, env) {
  const binDir = join(project, 'node_modules', '.bin');
  const help = run(join(binDir, 'ovh-credentials'), ['--help'], { cwd: project, env });
  if (!/^Usage: ovh-credentials <command>[\s\S]*login[\s\S]*whoami/.test(help)) throw new Error(`ovh-credentials --help printed:\n${help}`);
  const sim = spawn(join(binDir, 'ovh-credentials-simulator'), ['--port', '0', '--seed', 'minimal', '--json'], {
    cwd: project,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(sim, 'exit');
  try {
    const [line] = await Promise.race([
      once(createInterface({ input: sim.stdout }), 'line'),
      exited.then(([code]) => Promise.reject(new Error(`ovh-credentials-simulator exited (${code}) before printing its JSON line`))),
    ]);
    const who = run(join(binDir, 'ovh-credentials'), ['whoami'], { cwd: project, env: { ...env, ...JSON.parse(line).env } });
    if (!/^credential +#\d+, application #\d+, validated$/m.test(who)) throw new Error(`ovh-credentials whoami printed:\n${who}`);
    show(who);
  } finally {
    if (sim.exitCode === null && sim.signalCode === null) sim.kill('SIGINT');
    await exited;
  }
}

const work = mkdtempSync(join(tmpdir(), 'ovh-credentials-pack-'));
try {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root }).trim().split('\n').pop();
  const project = join(work, 'consumer');
  cpSync(join(root, 'scripts', 'consumer'), project, { recursive: true });
  // The same consumer file typechecked twice: as .ts (CJS, resolves the `require` types) and as .mts (ESM, `import`).
  cpSync(join(project, 'types-check.ts'), join(project, 'types-check.mts'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }, null, 2));
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dev = own.devDependencies;
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      join(work, tarball),
      'node22@npm:node@22',
      'node26@npm:node@26',
      `tsx@${dev.tsx}`,
      `ts-node@${dev['ts-node']}`,
      `typescript@${dev.typescript}`,
      `@types/node@${dev['@types/node']}`,
    ],
    { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const node22 = join(project, 'node_modules', 'node22', 'bin', 'node');
  const node24 = bin('node');
  const node26 = join(project, 'node_modules', 'node26', 'bin', 'node');
  show(run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: project }));
  console.log('typecheck of consumer files against the published .d.ts: ok');
  for (const node of [node22, node24, node26]) {
    const version = run(node, ['--version']).trim();
    const env = { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}` };
    const tsxCli = join(project, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const tsNode = join(project, 'node_modules', 'ts-node', 'dist', 'bin.js');
    show(run(node, ['esm.mjs'], { cwd: project, env }));
    show(run(node, ['cjs.cjs'], { cwd: project, env }));
    show(run(node, [tsxCli, 'tsx-script.mts'], { cwd: project, env }));
    show(run(node, [tsNode, '--transpile-only', 'ts-node-script.ts'], { cwd: project, env }));
    await checkCredentialsBin(project, env);
    console.log(`consumer checks on ${version}: ok`);
  }
  await checkScriptRecipes(join(work, tarball), [node22, node24, node26]);
  console.log('package check passed');
} finally {
  rmSync(work, { recursive: true, force: true });
}

// docs/scripts.md: each recipe (tsx, ts-node ESM and CommonJS, plain .mjs and .cjs), read from the page and run as
// written, in a fresh folder with the tarball, on every Node version, against a simulator on 127.0.0.1.
async function checkScriptRecipes(tarball, nodes) {
  const { OvhSimulator } = await import(pathToFileURL(join(root, 'dist', 'testing', 'index.js')).href);
  const sim = new OvhSimulator();
  const baseUrl = await sim.listen();
  const folder = mkdtempSync(join(tmpdir(), 'ovh-credentials-recipes-'));
  try {
    const markdown = readFileSync(join(root, 'docs', 'scripts.md'), 'utf8');
    const ran = await runRecipes({ markdown, work: folder, tarball, nodes, simulator: { baseUrl, defaults: sim.defaults } });
    console.log(`docs/scripts.md recipes (${ran.join(', ')}) on ${nodes.length} Node versions: ok`);
  } finally {
    await sim.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
