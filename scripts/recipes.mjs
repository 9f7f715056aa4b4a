// The recipes of docs/scripts.md (tsx, ts-node ESM and CommonJS, plain .mjs and .cjs), read from the page itself
// and run as a user would: each in a fresh folder, its setup commands once (the package installed from the
// tarball), then its run command on every Node version, against a simulator on 127.0.0.1 through OVH_* variables.
// A fenced block belongs to recipes by its info string: ```sh recipe=a,b step=setup|run, or ```ts recipe=a file=x.ts.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const FENCE = /^```(\w+)\s+(.*)$/;

/**
 * Every recipe of a Markdown page: its setup and run commands (one a line; `#` lines skipped) and its files.
 * @param {string} markdown
 * @returns {Map<string, { setup: string[]; run: string[]; files: Record<string, string> }>}
 */
export function readRecipes(markdown) {
  const recipes = new Map();
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const attrs = Object.fromEntries(open[2].split(/\s+/).map((pair) => pair.split('=')));
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end);
    i = end;
    if (!attrs.recipe) continue;
    for (const name of attrs.recipe.split(',')) {
      if (!recipes.has(name)) recipes.set(name, { setup: [], run: [], files: {} });
      const recipe = recipes.get(name);
      if (attrs.file) recipe.files[attrs.file] = `${body.join('\n')}\n`;
      else if (attrs.step === 'setup' || attrs.step === 'run') recipe[attrs.step].push(...body.filter((l) => l.trim() && !l.startsWith('#')));
      else throw new Error(`docs/scripts.md line ${i + 1}: a recipe block needs file=<name> or step=setup|run`);
    }
  }
  return recipes;
}

/**
 * Runs each recipe with a run step: setup once in `work/<name>` (`npm install ovh-credentials` installs `tarball`),
 * then the run commands under each Node of `nodes`, whose output must name that Node's version.
 * @param {{ markdown: string; work: string; tarball: string; nodes: string[]; simulator: { baseUrl: string; defaults: Record<string, string> } }} options
 */
export async function runRecipes({ markdown, work, tarball, nodes, simulator }) {
  // A clean shell: no npm_* variables of the `npm run` that started us, no tool of this repository on PATH.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && !k.startsWith('OVH_')));
  const path = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.includes('node_modules'));
  const sh = async (log, command, cwd, node) => {
    const env = {
      ...clean,
      HOME: cwd,
      PATH: [dirname(node), ...path].join(delimiter),
      OVH_ENDPOINT: simulator.baseUrl,
      OVH_APPLICATION_KEY: simulator.defaults.applicationKey,
      OVH_APPLICATION_SECRET: simulator.defaults.applicationSecret,
      OVH_CONSUMER_KEY: simulator.defaults.consumerKey,
    };
    const shown = command.replace(/^npm install ovh-credentials$/, `npm install ${tarball}`);
    log.push(`  $ ${shown}`);
    try {
      return (await exec('sh', ['-c', shown], { cwd, env, encoding: 'utf8' })).stdout;
    } catch (error) {
      throw new Error(`docs/scripts.md: \`${command}\` failed in ${cwd}:\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
    }
  };
  // Recipes, and each recipe's runs on the Node versions, go side by side (ts-node type-checks at each run, which takes
  // seconds); each recipe prints its log when done.
  const run = async (name, recipe) => {
    const dir = join(work, `recipe-${name}`); // not `tsx`: npm refuses to install a package into one of the same name
    const log = [`recipe ${name}:`];
    mkdirSync(dir, { recursive: true });
    try {
      for (const command of recipe.setup) await sh(log, command, dir, nodes[0]);
      for (const [file, text] of Object.entries(recipe.files)) writeFileSync(join(dir, file), text);
      const runs = nodes.map(async (node) => {
        const major = (await exec(node, ['--version'], { encoding: 'utf8' })).stdout.trim().split('.')[0];
        const outs = [];
        for (const command of recipe.run) {
          const out = await sh(outs, command, dir, node);
          if (!out.includes(`consumer keys (Node ${major}.`)) throw new Error(`recipe ${name} on Node ${major}: unexpected output:\n${out}`);
          outs.push(`    ${out.trim()}`);
        }
        return outs;
      });
      for (const outs of await Promise.all(runs)) log.push(...outs);
    } finally {
      console.log(log.join('\n'));
    }
    return name;
  };
  const runnable = [...readRecipes(markdown)].filter(([, recipe]) => recipe.run.length > 0);
  return Promise.all(runnable.map(([name, recipe]) => run(name, recipe)));
}
