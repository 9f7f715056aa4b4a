// `npm run demo` runs the main job (the consumer-key flow) against the built-in simulator;
// `npm run demo -- <name>` runs examples/<name>.ts the same way. No account and no network needed.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runExample, type Example } from './_harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'demo.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const name = process.argv[2] ?? 'consumer-key';
if (!names.includes(name)) {
  console.error(`Unknown example "${name}". Available: ${names.join(', ')}`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { main: Example };
console.log(`ovh-credentials demo: ${name}\n`);
// The demo always uses the simulator, even when OVH_* variables are set in this shell.
delete process.env.OVH_APPLICATION_KEY;
await runExample(mod.main);
