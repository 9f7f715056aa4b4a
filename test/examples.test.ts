// Runs every example's main() against a fresh simulator and checks what it printed and did, so none rots.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatedContext, type Example, type ExampleContext, type SimulatedRun } from '../examples/_harness.js';
import { DEFAULT_EXAMPLE, exampleNames as demoNames, runDemo } from '../examples/demo.js';
import { SIM_PROJECT_ID, type OvhSimulator } from '../src/testing/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const exampleNames = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'demo.ts')
  .map((f) => f.slice(0, -3))
  .sort();

type Ctx = ExampleContext & { sim: OvhSimulator; close: () => Promise<void> };
let open: Ctx | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** Runs one example on a fresh simulator; returns its printed lines and the context (to inspect the state). */
async function run(name: string, argv: string[] = []): Promise<{ lines: string[]; out: string; ctx: Ctx }> {
  const lines: string[] = [];
  const ctx = await simulatedContext((...args: unknown[]) => lines.push(format(...args)));
  open = ctx;
  const { main } = (await import(`../examples/${name}.ts`)) as { main: Example };
  const saved = process.argv;
  process.argv = [...saved, ...argv];
  try {
    await main(ctx);
  } finally {
    process.argv = saved;
  }
  return { lines, out: lines.join('\n'), ctx };
}

/** Every secret an OVH simulator holds (consumer keys, application and client secrets, token values). */
function ovhSecrets(sim: OvhSimulator): string[] {
  const state = sim.state;
  return [
    ...[...state.credentials.values()].map((c) => c.consumerKey),
    ...[...state.applications.values()].map((a) => a.applicationSecret),
    ...[...state.oauth2Clients.values()].map((c) => c.clientSecret),
    ...[...state.aiTokens.values()].map((t) => t.value),
    ...state.accessTokens.keys(),
  ];
}
const simSecrets = (ctx: Ctx): string[] => ovhSecrets(ctx.sim);

/** Every secret the simulators of a demo run hold (Web PaaS: API tokens, access tokens). */
function runSecrets(run: SimulatedRun): string[] {
  return [
    ...(run.ovh ? ovhSecrets(run.ovh) : []),
    ...(run.webpaas ? [...run.webpaas.state.apiTokens.keys(), ...run.webpaas.state.accessTokens.keys()] : []),
  ];
}

/** Runs an example as `npm run demo -- <name>` does, in-process; returns its printed lines and the simulators. */
async function demo(name: string): Promise<{ lines: string[]; out: string; run: SimulatedRun }> {
  const lines: string[] = [];
  const run = await runDemo(name, (...args: unknown[]) => lines.push(format(...args)));
  return { lines, out: lines.join('\n'), run };
}

function expectNoSecrets(out: string, secrets: string[]): void {
  expect(secrets.length).toBeGreaterThan(0);
  for (const s of secrets) expect(out).not.toContain(s);
}

/** Asserts that the `expected` lines (exact strings, or patterns) appear in `screen` in this order. */
function expectInOrder(screen: string[], expected: Array<string | RegExp>): void {
  let at = 0;
  for (const want of expected) {
    const found = screen.findIndex((line, i) => i >= at && (typeof want === 'string' ? line === want : want.test(line)));
    if (found < 0) expect.fail(`expected ${String(want)} after line ${at} of:\n${screen.map((l, i) => `${i}: ${l}`).join('\n')}`);
    at = found + 1;
  }
}

const checked = new Set<string>();
const example = (name: string, body: () => Promise<void>) => {
  checked.add(name);
  it(name, body);
};

describe('examples', () => {
  example('consumer-key', async () => {
    const { out, ctx, lines } = await run('consumer-key');
    expect(lines[0]).toBe('Consumer key requested. State: pendingValidation');
    expect(out).toMatch(/Send the account owner to: http:\/\/127\.0\.0\.1:\d+\/auth\/\?credentialToken=/);
    expect(out).toContain('The key itself prints as [redacted] (call .reveal() to store it)');
    expect(out).toMatch(/Validated: credential #\d+, rules: GET \/me$/m);
    expect(out).toContain('GET /me → account xx1111-ovh (john.doe@example.com)');
    expect(lines.at(-1)).toBe('GET /me/api/credential → ForbiddenError (NOT_GRANTED_CALL): This call has not been granted');
    expectNoSecrets(out, simSecrets(ctx));
  });

  example('revoke-expired', async () => {
    const { lines, ctx } = await run('revoke-expired');
    const state = ctx.sim!.state;
    expect(lines[0]).toBe('Expired consumer keys found: 3');
    expect(lines[1]).toMatch(/^Revoked: \d+, \d+, \d+$/);
    expect(lines.at(-1)).toBe('Done.');
    expect([...state.credentials.values()].filter((c) => c.status === 'expired' || (c.expiration ?? Infinity) <= Date.now())).toEqual([]);
    expect(await ctx.ovh.credentials.list({ status: 'expired' })).toEqual([]);
    expect(await ctx.ovh.get('/me')).toMatchObject({ nichandle: 'xx1111-ovh' });
  });

  it('revoke-expired --dry-run deletes nothing', async () => {
    const { lines, ctx } = await run('revoke-expired', ['--dry-run']);
    expect(lines[0]).toBe('[dry run] Expired consumer keys found: 3');
    expect(lines[1]).toMatch(/^Would revoke: /);
    expect(lines.at(-1)).toBe('Dry run: nothing was revoked.');
    expect(ctx.sim!.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  example('list-credentials', async () => {
    const { lines, out, ctx } = await run('list-credentials');
    const count = ctx.sim!.state.credentials.size;
    expect(lines[0]).toMatch(/^ID\s+APPLICATION\s+STATUS\s+CREATED\s+LAST USE\s+EXPIRES\s+IPS\s+RULES$/);
    const rows = lines.slice(1, 1 + count);
    expect(rows).toHaveLength(count);
    for (const id of ctx.sim!.state.credentials.keys()) expect(rows.some((r) => r.startsWith(String(id)))).toBe(true);
    expect(rows.filter((r) => /^\d+\*/.test(r))).toHaveLength(1);
    expect(out).toMatch(/billing-export \(active\)\s+validated.*203\.0\.113\.0\/24/);
    expect(out).toMatch(/old-monitoring \(inactive\)\s+expired/);
    expect(lines.at(-1)).toBe(`\n${count} consumer keys (* = the one this script uses).`);
    expectNoSecrets(out, simSecrets(ctx));
  });

  example('service-account', async () => {
    const { lines, out, ctx } = await run('service-account');
    const clientId = /Service account created: (EU\.[0-9a-f]{16})/.exec(out)?.[1];
    expect(clientId).toBeDefined();
    expect(out).toContain('Its secret prints as [redacted]');
    expect(out).toContain(`Identity: urn:v1:eu:identity:credential:xx1111-ovh/oauth2-${clientId}`);
    // The simulator enforces IAM for service accounts: refused first, with the missing action named...
    expect(out).toContain('Refused as expected. Missing IAM action(s): account:apiovh:me/api/credential/get');
    // ...then granted exactly that, and the same call works.
    expect(out).toMatch(/Granted with policy grant-EU-[0-9a-f]{16}-[0-9a-f]{8} \([0-9a-f-]{36}\)/);
    expect(out).toMatch(/The service account now lists \d+ credential\(s\)\./);
    expect(out).toContain(': account:apiovh:me/api/credential/get');
    expect(lines.at(-1)).toBe(`Policies detached and service account deleted: ${clientId}`);
    // It really went through the token route; the account and its policy are gone afterwards.
    expect(ctx.sim!.requests.some((r) => new URL(r.url).pathname === '/auth/oauth2/token')).toBe(true);
    expect(ctx.sim!.state.oauth2Clients.has(clientId!)).toBe(false);
    expect([...ctx.sim!.state.policies.values()].filter((p) => p.identities.some((i) => i.endsWith(`/oauth2-${clientId}`)))).toEqual([]);
    const issued = ctx.sim!.requests.filter((r) => r.headers.authorization?.startsWith('Bearer '));
    expect(issued.length).toBeGreaterThan(0);
    const secretSent = new URLSearchParams(ctx.sim!.requests.find((r) => new URL(r.url).pathname === '/auth/oauth2/token')!.body).get(
      'client_secret',
    )!;
    expectNoSecrets(out, [...simSecrets(ctx), secretSent, ...issued.map((r) => r.headers.authorization!.slice(7))]);
  });

  example('ai-token', async () => {
    const { lines, out, ctx } = await run('ai-token');
    expect(lines[0]).toBe(
      `Project ${SIM_PROJECT_ID} has 3 AI token(s): notebook-reader (ai_training_read), ci-trainer (ai_training_operator), quantum-runner (quantum_operator)`,
    );
    expect(out).toMatch(/Created token [0-9a-f-]{36} for team=vision in GRA \(version 1\)/);
    expect(out).toContain('Value: [redacted] (pass --reveal to print it)');
    expect(out).toContain('Renewed: version 1 → 2; new value [redacted]');
    expect(lines.at(-1)).toMatch(/^Deleted token [0-9a-f-]{36}$/);
    expect(ctx.sim!.state.aiTokens.size).toBe(3);
    const created = ctx.sim!.requests.filter((r) => r.method === 'POST' && r.url.includes('/ai/token'));
    expect(JSON.parse(created[0]!.body)).toEqual({ name: 'ci-vision', region: 'GRA', role: 'ai_training_operator', labelSelector: 'team=vision' });
    expectNoSecrets(out, simSecrets(ctx));
  });

  example('tour', async () => {
    const { out, run } = await demo('tour');
    const screen = out.split('\n'); // what a person sees
    const ovh = run.ovh!;
    const webpaas = run.webpaas!;
    const id = /^Validated: credential #(\d+), rules: GET \/me$/m.exec(out)?.[1];
    const revoked = /^Revoked: (.*)$/m.exec(out)?.[1];
    expect(id).toBeDefined();
    expectInOrder(screen, [
      '── 1/5  A consumer key: request it, have it validated, use it  (examples/consumer-key.ts)',
      'Consumer key requested. State: pendingValidation',
      /^Send the account owner to: http:\/\/127\.0\.0\.1:\d+\/auth\/\?credentialToken=\w+$/,
      'The key itself prints as [redacted] (call .reveal() to store it)',
      `Validated: credential #${id}, rules: GET /me`,
      'GET /me → account xx1111-ovh (john.doe@example.com)',
      'GET /me/api/credential → ForbiddenError (NOT_GRANTED_CALL): This call has not been granted',

      "── 2/5  The account's consumer keys: application, status, last use, rules  (examples/list-credentials.ts)",
      /^ID\s+APPLICATION\s+STATUS\s+CREATED\s+LAST USE\s+EXPIRES\s+IPS\s+RULES$/,
      /^\d+\s+old-monitoring \(inactive\)\s+expired\s/,
      /^\d+\*\s+default \(active\)\s+validated\s/, // the key the demo runs with
      new RegExp(`^${id}\\s+default \\(active\\)\\s+validated\\s.*GET /me$`), // the one step 1 created
      `${ovh.state.credentials.size + 3} consumer keys (* = the one this script uses).`,

      '── 3/5  Revoke the expired keys: a dry run first, then for real  (examples/revoke-expired.ts)',
      '[dry run] Expired consumer keys found: 3',
      `Would revoke: ${revoked}`,
      'Dry run: nothing was revoked.',
      'Expired consumer keys found: 3',
      /^Revoked: \d+, \d+, \d+$/,
      'Done.',
      `3 revoked; ${ovh.state.credentials.size} consumer keys left, none expired.`,

      '── 4/5  A service account: created, refused with the missing IAM action, granted, allowed, deleted  (examples/service-account.ts)',
      /^Service account created: EU\.[0-9a-f]{16}$/,
      /^Its secret prints as \[redacted\] - store clientSecret\.reveal\(\) in your vault now/,
      /^Identity: urn:v1:eu:identity:credential:xx1111-ovh\/oauth2-EU\.[0-9a-f]{16}$/,
      'Refused as expected. Missing IAM action(s): account:apiovh:me/api/credential/get',
      /^Granted with policy grant-EU-[0-9a-f]{16}-[0-9a-f]{8} \([0-9a-f-]{36}\)$/,
      `The service account now lists ${ovh.state.credentials.size} credential(s).`,
      /^Policies detached and service account deleted: EU\.[0-9a-f]{16}$/,

      '── 5/5  A Web PaaS variable: an API token stored as a sensitive, runtime-only variable  (examples/webpaas-store-token.ts)',
      `Storing env:OVHCLOUD_WEBPAAS_CLI_TOKEN on ${webpaas.defaults.project}/main (value [redacted])`,
      /^ {2}activity \w+: complete \(success\)$/,
      'Created env:OVHCLOUD_WEBPAAS_CLI_TOKEN; main redeployed.',
      'Read back env:OVHCLOUD_WEBPAAS_CLI_TOKEN: sensitive, value hidden, visible at runtime, not inherited by child environments.',

      'That was the tour. Next:',
      /^ {2}npm run demo -- <name> /,
    ]);
    // Every activity state is printed once, not once per poll.
    const activity = screen.filter((l) => l.startsWith('  activity '));
    expect(new Set(activity).size).toBe(activity.length);
    // Lines a person reads: no inspected objects or JSON.
    expect(out).not.toMatch(/\{ ?"?\w+"?: |\[ \{/);
    expectNoSecrets(out, runSecrets(run));
    // What it did: the expired keys are gone, the service account too, and the variable is stored, sensitive.
    expect([...ovh.state.credentials.values()].filter((c) => c.status === 'expired')).toEqual([]);
    expect(revoked!.split(', ').every((r) => !ovh.state.credentials.has(Number(r)))).toBe(true);
    expect([...ovh.state.oauth2Clients.values()].map((c) => c.name).sort()).toEqual(['ci-deployer', 'grafana-sso']);
    expect(webpaas.getVariable({ environment: 'main', name: 'env:OVHCLOUD_WEBPAAS_CLI_TOKEN' })).toMatchObject({ is_sensitive: true });
  });

  it('every example file is run by a test (here, or in another *examples.test.ts)', () => {
    const others = readdirSync(join(root, 'test'))
      .filter((f) => f.endsWith('examples.test.ts') && f !== 'examples.test.ts')
      .map((f) => readFileSync(join(root, 'test', f), 'utf8'))
      .join('\n');
    expect(exampleNames.filter((n) => !checked.has(n) && !others.includes(`'${n}'`) && !others.includes(`${n}.ts`))).toEqual([]);
  });
});

describe('npm run demo', () => {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const exec = promisify(execFile);

  it('offers every file of examples/ but demo.ts and the _ helpers, and takes the tour without a name', async () => {
    expect(demoNames()).toEqual(exampleNames);
    expect(exampleNames).toContain(DEFAULT_EXAMPLE);
    expect(DEFAULT_EXAMPLE).toBe('tour');
    await expect(runDemo('nope')).rejects.toThrow(`Unknown example "nope". Available: ${exampleNames.join(', ')}`);
  });

  // What `npm run demo -- <name>` runs, in-process, for every example: the harness it needs (OVH, Web PaaS, or both
  // for the tour) against fresh simulators, with no secret in what it prints.
  it.each(exampleNames)('%s runs with its harness against the simulators and prints no secret', async (name) => {
    const { lines, out, run } = await demo(name);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const harness = name === 'tour' ? ['ovh', 'webpaas'] : name.startsWith('webpaas-') ? ['webpaas'] : ['ovh'];
    expect(Object.keys(run).sort()).toEqual(harness);
    for (const sim of [run.ovh, run.webpaas]) if (sim) expect(sim.requests.length).toBeGreaterThan(0);
    expectNoSecrets(out, runSecrets(run));
  });

  it('takes the tour by default, on the simulators even with OVH_* and a Web PaaS token set', async () => {
    const { stdout } = await exec(tsx, ['examples/demo.ts'], {
      cwd: root,
      env: { ...process.env, OVH_APPLICATION_KEY: 'would-use-real-ovh', OVHCLOUD_WEBPAAS_CLI_TOKEN: 'would-use-real-webpaas' },
      timeout: 60_000,
    });
    expect(stdout).toContain('ovh-credentials demo: tour\n');
    expect(stdout).toContain('\n── 5/5  A Web PaaS variable');
    expect(stdout).toContain('\nCreated env:OVHCLOUD_WEBPAAS_CLI_TOKEN; main redeployed.\n');
    expect(stdout).toContain('\nThat was the tour. Next:\n');
    expect(stdout).not.toMatch(/wpt_[0-9a-f]{40}/);
  }, 60_000);

  it('runs a named example against the simulator, even with OVH_* set', async () => {
    const { stdout } = await exec(tsx, ['examples/demo.ts', 'revoke-expired', '--dry-run'], {
      cwd: root,
      env: { ...process.env, OVH_APPLICATION_KEY: 'would-use-real-ovh' },
    });
    expect(stdout).toContain('ovh-credentials demo: revoke-expired');
    expect(stdout).toContain('[dry run] Expired consumer keys found: 3');
  });

  it('lists the available examples for an unknown name', async () => {
    const error = (await exec(tsx, ['examples/demo.ts', 'nope'], { cwd: root }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toContain(`Available: ${exampleNames.join(', ')}`);
  });
});
