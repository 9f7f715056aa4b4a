// Runs every example's main() against a fresh simulator and checks what it printed and did, so none rots.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatedContext, type Example, type ExampleContext } from '../examples/_harness.js';
import { SIM_PROJECT_ID } from '../src/testing/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const exampleNames = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'demo.ts')
  .map((f) => f.slice(0, -3))
  .sort();

type Ctx = ExampleContext & { close: () => Promise<void> };
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

/** Every secret the simulator holds (consumer keys, application and client secrets, token values). */
function simSecrets(ctx: Ctx): string[] {
  const state = ctx.sim!.state;
  return [
    ...[...state.credentials.values()].map((c) => c.consumerKey),
    ...[...state.applications.values()].map((a) => a.applicationSecret),
    ...[...state.oauth2Clients.values()].map((c) => c.clientSecret),
    ...[...state.aiTokens.values()].map((t) => t.value),
    ...state.accessTokens.keys(),
  ];
}

function expectNoSecrets(out: string, secrets: string[]): void {
  for (const s of secrets) expect(out).not.toContain(s);
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
    expect(out).toMatch(/Validated: credential #\d+, rules \[ \{ method: 'GET', path: '\/me' \} \]/);
    expect(out).toContain("GET /me → { nichandle: 'xx1111-ovh', email: 'john.doe@example.com' }");
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
    const secretSent = new URLSearchParams(ctx.sim!.requests.find((r) => new URL(r.url).pathname === '/auth/oauth2/token')!.body).get('client_secret')!;
    expectNoSecrets(out, [...simSecrets(ctx), secretSent, ...issued.map((r) => r.headers.authorization!.slice(7))]);
  });

  example('ai-token', async () => {
    const { lines, out, ctx } = await run('ai-token');
    expect(lines[0]).toBe(`Project ${SIM_PROJECT_ID} has 3 AI token(s): notebook-reader (ai_training_read), ci-trainer (ai_training_operator), quantum-runner (quantum_operator)`);
    expect(out).toMatch(/Created token [0-9a-f-]{36} for team=vision in GRA \(version 1\)/);
    expect(out).toContain('Value: [redacted] (pass --reveal to print it)');
    expect(out).toContain('Renewed: version 1 → 2; new value [redacted]');
    expect(lines.at(-1)).toMatch(/^Deleted token [0-9a-f-]{36}$/);
    expect(ctx.sim!.state.aiTokens.size).toBe(3);
    const created = ctx.sim!.requests.filter((r) => r.method === 'POST' && r.url.includes('/ai/token'));
    expect(JSON.parse(created[0]!.body)).toEqual({ name: 'ci-vision', region: 'GRA', role: 'ai_training_operator', labelSelector: 'team=vision' });
    expectNoSecrets(out, simSecrets(ctx));
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
