// Figure 3b: the cold start in instructions (valgrind), which do not move with the machine's load: each case is one
// fresh `node -e` process counted from start to exit, beside bare node, the official client's `require('ovh')` and
// zod's own import. For import plus one signed GET it also counts the floor the stack imposes: zod's import, Node's
// fetch bootstrap (the first WHATWG `Request` loads Node's internal undici; ky builds one per call) and the official
// client's own first GET (require, clock sync, signed GET), each over bare node. The GETs go to the simulator over
// TLS loopback, in a second process, uncounted. Needs valgrind; not part of the default `npm run bench`.
import { spawnSync } from 'node:child_process';
import { createThrowawayCertificate } from './lib/tls.js';
import { ROOT } from './lib/root.js';
import { startSimProcess } from './lib/sim-process.js';
import { countInstructions, hasValgrind } from './lib/valgrind.js';

/** Options of the cold-start instructions benchmark. */
export interface ColdInstructionsOptions {
  /** What to import. Default `ovh-credentials` (the package itself, resolved to dist/ from the repository root). */
  specifier?: string;
  /** Directory the processes run in. Default the repository root. */
  cwd?: string;
  /** Cases to count. Default all of them. */
  cases?: readonly ColdInstructionsCase[];
  /** `false` runs each case as a plain process, uncounted (every count 0): checks the scripts in seconds. Default true. */
  valgrind?: boolean;
}

/** Instructions of each process counted, start to exit. */
export interface ColdInstructionsResult {
  specifier: string;
  cases: Partial<Record<ColdInstructionsCase, number>>;
}

/** The processes counted, in report order. */
export const COLD_INSTRUCTIONS_CASES = [
  'node -e 0 (bare)',
  "require('ovh')",
  "import('zod')",
  "new Request(url): Node's fetch bootstrap",
  'ovh: require + first signed GET',
  "import('ovh-credentials') (ESM)",
  "require('ovh-credentials') (CJS)",
  'ovh-credentials: import + new OvhClient + first credentials.get',
] as const;
export type ColdInstructionsCase = (typeof COLD_INSTRUCTIONS_CASES)[number];

/** Where the GETs go. */
interface Target {
  base: string;
  port: number;
  keys: { applicationKey: string; applicationSecret: string; consumerKey: string };
  id: number;
}

/** The `node -e` script of each case. Both GET cases exit at once after the answer (their keep-alive sockets would hold the process). */
function scripts(specifier: string, t: Target): Record<ColdInstructionsCase, string> {
  const s = JSON.stringify(specifier);
  const path = JSON.stringify(`/me/api/credential/${t.id}`);
  const check = `if (c.credentialId !== ${t.id}) throw new Error('read ' + JSON.stringify(c));`;
  return {
    'node -e 0 (bare)': '0',
    "require('ovh')": "require('ovh')",
    "import('zod')": "import('zod')",
    "new Request(url): Node's fetch bootstrap": "new Request('https://127.0.0.1/')",
    // As bench/lib/official.ts: it signs the URL without the port; the wrapper signs the one it sends (same work).
    'ovh: require + first signed GET': [
      `const o = require('ovh')({ appKey: ${JSON.stringify(t.keys.applicationKey)}, appSecret: ${JSON.stringify(t.keys.applicationSecret)}, consumerKey: ${JSON.stringify(t.keys.consumerKey)}, host: '127.0.0.1', port: ${t.port}, basePath: '/1.0' });`,
      'const sign = o.signRequest.bind(o);',
      `o.signRequest = (m, u, b, ts) => sign(m, u.replace('https://127.0.0.1/', 'https://127.0.0.1:${t.port}/'), b, ts);`,
      `o.requestPromised('GET', ${path}).then((c) => { ${check} process.exit(0); });`,
    ].join('\n'),
    "import('ovh-credentials') (ESM)": `import(${s})`,
    "require('ovh-credentials') (CJS)": `require(${s})`,
    'ovh-credentials: import + new OvhClient + first credentials.get': [
      `import(${s}).then(async ({ OvhClient }) => {`,
      `  const ovh = new OvhClient({ baseUrl: ${JSON.stringify(t.base)}, ...${JSON.stringify(t.keys)}, configFile: false, env: {} });`,
      `  const c = await ovh.credentials.get(${t.id});`,
      `  ${check} process.exit(0);`,
      '});',
    ].join('\n'),
  };
}

/** Runs figure 3b (about a minute or two: each case is one process under valgrind). Needs a build (`npm run build`). */
export async function benchColdInstructions(options: ColdInstructionsOptions = {}): Promise<ColdInstructionsResult> {
  const counted = options.valgrind ?? true;
  if (counted && !hasValgrind())
    throw new Error('figure 3b counts instructions with valgrind: install it (apt-get install valgrind) or leave out --only=cold-instructions');
  const specifier = options.specifier ?? 'ovh-credentials';
  const cwd = options.cwd ?? ROOT;
  const certificate = createThrowawayCertificate();
  const sim = await startSimProcess({ keyPath: certificate.keyPath, certPath: certificate.certPath, credentials: 1, latencyMs: 0 });
  try {
    const script = scripts(specifier, { base: sim.base, port: sim.port, keys: sim.defaults, id: sim.ids[0] as number });
    // Every case trusts the certificate (the bare one too: the same start-up for all); no compile cache.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath };
    delete env.NODE_COMPILE_CACHE;
    const cases: ColdInstructionsResult['cases'] = {};
    for (const name of options.cases ?? COLD_INSTRUCTIONS_CASES) {
      const args = ['-e', script[name]];
      if (counted) cases[name] = countInstructions(args, { env, cwd, what: name });
      else {
        const run = spawnSync(process.execPath, args, { env, cwd, encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`${name} failed (${String(run.status)}):\n${run.stderr}`);
        cases[name] = 0;
      }
    }
    return { specifier, cases };
  } finally {
    await sim.close();
    certificate.dispose();
  }
}

/** The floor and ratios of figure 3b, from its counts; `undefined` where a count it needs is missing. */
export function coldInstructionsFigures(r: ColdInstructionsResult): {
  /** import ovh-credentials (ESM) over bare ÷ require('ovh') over bare. */
  importVsOfficial?: number;
  /** zod + fetch bootstrap + the official client's first GET, each over bare. */
  floor?: number;
  /** import + first GET over bare ÷ the floor. */
  getVsFloor?: number;
} {
  const c = r.cases;
  const bare = c['node -e 0 (bare)'];
  if (bare === undefined) return {};
  const over = (name: ColdInstructionsCase) => (c[name] === undefined ? undefined : (c[name] as number) - bare);
  const ours = over("import('ovh-credentials') (ESM)");
  const official = over("require('ovh')");
  const parts = [over("import('zod')"), over("new Request(url): Node's fetch bootstrap"), over('ovh: require + first signed GET')];
  const floor = parts.every((p) => p !== undefined) ? parts.reduce((a: number, b) => a + (b as number), 0) : undefined;
  const get = over('ovh-credentials: import + new OvhClient + first credentials.get');
  return {
    ...(ours !== undefined && official !== undefined ? { importVsOfficial: ours / official } : {}),
    ...(floor !== undefined ? { floor } : {}),
    ...(floor !== undefined && get !== undefined ? { getVsFloor: get / floor } : {}),
  };
}
