// paas.audit() on the Web PaaS simulator: variables that look like secrets but are not sensitive (by name, or by a
// value shaped like a known token), sensitive ones visible to the build too; values never in the report.
import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { WebPaasSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';

// Token-shaped values, built here so that no scanner mistakes this file for a leak.
const GITHUB = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const JWT = `eyJ${'hbGciOiJIUzI1NiJ9'}.eyJ${'zdWIiOiIxIn0'}.${'c2lnbmF0dXJl'}`;
const DSN = `postgres://app:${'hunter2'}@db.internal:5432/app`;

function setup() {
  const sim = new WebPaasSimulator({ now: manualClock() });
  const project = sim.defaults.project;
  const paas = new WebPaasClient({ apiToken: sim.createApiToken(), env: {}, fetch: sim.fetch });
  return { sim, project, paas };
}

describe('paas.audit()', () => {
  it('flags non-sensitive secrets by name or token-shaped value, and sensitive variables visible at build, nothing else', async () => {
    const { sim, project, paas } = setup();
    const before = (await paas.variables.list({ project })).length;
    sim.addVariable({ name: 'env:STRIPE_SECRET', value: 'plain-looking' });
    sim.addVariable({ name: 'env:CI_BOT', value: GITHUB });
    sim.addVariable({ name: 'env:SESSION', value: JWT, environment: 'main' });
    sim.addVariable({ name: 'env:DATABASE_URL', value: DSN, environment: 'staging' });
    sim.addVariable({ name: 'env:API_TOKEN', value: 's3cr3t', sensitive: true });
    sim.addVariable({ name: 'env:RUNTIME_ONLY_TOKEN', value: 's3cr3t', sensitive: true, visibleBuild: false });
    sim.addVariable({ name: 'env:LOG_LEVEL', value: 'debug' });
    const report = await paas.audit({ project, environments: ['main', 'staging'] });
    expect(report.findings.map((f) => [f.id, f.severity, f.object.name, f.object.environment ?? '-', f.evidence])).toEqual([
      ['variable.secretNotSensitive', 'high', 'env:CI_BOT', '-', { is_sensitive: false, matched: 'value shaped like a GitHub token' }],
      ['variable.secretNotSensitive', 'high', 'env:STRIPE_SECRET', '-', { is_sensitive: false, matched: 'name' }],
      ['variable.secretNotSensitive', 'high', 'env:SESSION', 'main', { is_sensitive: false, matched: 'value shaped like a JSON Web Token' }],
      [
        'variable.secretNotSensitive',
        'high',
        'env:DATABASE_URL',
        'staging',
        { is_sensitive: false, matched: 'value shaped like a URL with a password' },
      ],
      ['variable.sensitiveAtBuild', 'low', 'env:API_TOKEN', '-', { is_sensitive: true, visible_build: true, visible_runtime: true }],
    ]);
    // Project variables inherited by the environments are counted once.
    expect(report.scanned.variables).toBe(before + 7);
    const text = JSON.stringify(report);
    for (const value of [GITHUB, JWT, DSN, 'hunter2', 'plain-looking']) expect(text).not.toContain(value);
  });

  it('turns rules off, and refuses unknown rules and options before anything is sent', async () => {
    const { sim, project, paas } = setup();
    sim.addVariable({ name: 'env:PASSWORD', value: 'x' });
    expect((await paas.audit({ project, rules: { 'variable.secretNotSensitive': false } })).findings).toEqual([]);
    sim.clearRequests();
    await expect(paas.audit({ project, rules: { 'variable.secretNotSensitve': false } as never })).rejects.toThrow(
      /did you mean `variable.secretNotSensitive`\?/,
    );
    await expect(paas.audit({ project, environment: 'main' } as never)).rejects.toThrow(/did you mean `environments`\?/);
    await expect(paas.audit({ project: '' })).rejects.toThrow(InputValidationError);
    expect(sim.requests).toEqual([]);
  });
});
