// The Web PaaS examples run against the loopback simulator, in-process (to inspect the result) and as
// `npx tsx examples/<file>.ts` would run them.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { format, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { simulatedWebPaasContext } from '../examples/_harness.js';
import { main as storeToken } from '../examples/webpaas-store-token.js';
import { WebPaasClient } from '../src/webpaas/index.js';

const NAME = 'env:OVHCLOUD_WEBPAAS_CLI_TOKEN';

describe('examples/webpaas-store-token.ts', () => {
  it('stores a working API token as a sensitive, runtime-only variable on main, and never prints it', async () => {
    const lines: string[] = [];
    // The simulator's clock moves 10 ms each time it is read, not with the wall clock: the redeploy (300 ms) is seen
    // pending, then in progress, then complete whatever the machine's load.
    let simulated = Date.parse('2026-12-06T12:00:00Z');
    const ctx = await simulatedWebPaasContext((...args) => lines.push(format(...args)), { now: () => (simulated += 10) });
    try {
      await storeToken(ctx);
      const stored = ctx.sim.getVariable({ environment: 'main', name: NAME });
      expect(stored).toMatchObject({ is_sensitive: true, visible_build: false, visible_runtime: true, is_inheritable: false, inherited: false });
      expect(ctx.sim.getVariable({ environment: 'staging', name: NAME })).toBeUndefined();
      const value = stored?.value as string;
      expect(ctx.sim.state.apiTokens.get(value)?.name).toBe('cron');
      // The stored token works as an API token.
      const cron = new WebPaasClient({ apiUrl: ctx.sim.apiUrl, tokenUrl: ctx.sim.tokenUrl, apiToken: value, env: {} });
      await expect(cron.variables.list({ project: ctx.project })).resolves.toBeInstanceOf(Array);

      const output = lines.join('\n');
      expect(output).toContain('Created env:OVHCLOUD_WEBPAAS_CLI_TOKEN; main redeployed.');
      expect(output).toMatch(/complete \(success\)/);
      expect(output).toContain(
        'Read back env:OVHCLOUD_WEBPAAS_CLI_TOKEN: sensitive, value hidden, visible at runtime, not inherited by child environments.',
      );
      // One line per activity state, not one per poll.
      expect(lines.filter((l) => l.startsWith('  activity ')).map((l) => l.replace(/activity \w+/, 'activity'))).toEqual([
        '  activity: pending',
        '  activity: in_progress',
        '  activity: complete (success)',
      ]);
      expect(output).not.toContain(value);

      // A second run replaces it (the CLI's --update).
      lines.length = 0;
      await storeToken(ctx);
      expect(lines.join('\n')).toContain('Updated env:OVHCLOUD_WEBPAAS_CLI_TOKEN');
      expect(ctx.sim.getVariable({ environment: 'main', name: NAME })?.value).not.toBe(value);
    } finally {
      await ctx.close();
    }
  });

  it('reports a failed redeploy without throwing', async () => {
    const lines: string[] = [];
    const ctx = await simulatedWebPaasContext((...args) => lines.push(format(...args)));
    try {
      ctx.sim.failNextActivity();
      await storeToken(ctx);
      expect(lines.join('\n')).toMatch(/The variable was saved but the redeploy failed/);
      expect(ctx.sim.getVariable({ environment: 'main', name: NAME })?.is_sensitive).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('runs with `npx tsx examples/webpaas-store-token.ts` against the simulator when no token is set', async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const env = { ...process.env };
    delete env.OVHCLOUD_WEBPAAS_CLI_TOKEN;
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, 'examples/webpaas-store-token.ts'], { env, timeout: 30_000 });
    expect(stdout).toContain('running against the built-in Web PaaS simulator on 127.0.0.1');
    expect(stdout).toContain('Created env:OVHCLOUD_WEBPAAS_CLI_TOKEN; main redeployed.');
    expect(stdout).toContain('(value [redacted])');
    expect(stdout).not.toMatch(/wpt_[0-9a-f]{40}/);
  });
});
