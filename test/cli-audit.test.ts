// `ovh-credentials audit`, run in-process through main() with a test CliIo against the simulator on loopback
// (messy-account seed): the table, --json, --fail-on, --apply with --yes or a confirmation, config from env or
// --config, and command-line mistakes. Date is frozen; the simulator reads the same frozen clock.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/index.js';
import type { CliIo } from '../src/cli/io.js';
import { OvhSimulator, SIM_PROJECT_ID } from '../src/testing/index.js';
import { freezeDate } from './helpers/clock.js';

let sim: OvhSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A messy account on loopback, and an io whose env points the SDK at it. */
async function setup(extra: Partial<CliIo> & { answers?: string[] } = {}) {
  freezeDate();
  sim = new OvhSimulator({ seed: 'messy-account' });
  const endpoint = await sim.listen();
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const answers = [...(extra.answers ?? [])];
  const cwd = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {
      HOME: cwd,
      OVH_ENDPOINT: endpoint,
      OVH_APPLICATION_KEY: sim.defaults.applicationKey,
      OVH_APPLICATION_SECRET: sim.defaults.applicationSecret,
      OVH_CONSUMER_KEY: sim.defaults.consumerKey,
    },
    cwd,
    signal: new AbortController().signal,
    prompt: async (question) => {
      prompts.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no terminal');
      return answer;
    },
    interactive: false,
    ...extra,
  };
  return { sim, io, out: () => out.join(''), err: () => err.join(''), prompts, endpoint, cwd };
}

describe('ovh-credentials audit', () => {
  it('Ctrl-C while it reads: exit 130 and a line that says so, not an error', async () => {
    const controller = new AbortController();
    const { io, err, sim } = await setup({ signal: controller.signal });
    // the operator presses Ctrl-C once the first request is on its way
    sim.setLatency(60_000);
    const run = main(['audit'], io);
    setImmediate(() => controller.abort());
    expect(await run).toBe(130);
    expect(err()).toMatch(/ovh-credentials audit: cancelled \(Ctrl-C\)/);
    sim.setLatency(0);
  });

  it('prints the findings as a table grouped by severity, what to do, and the totals; exit 0', async () => {
    const { io, out } = await setup();
    expect(await main(['audit', '--project', SIM_PROJECT_ID], io)).toBe(0);
    const text = out();
    expect(text.indexOf('HIGH (4)')).toBeLessThan(text.indexOf('MEDIUM (10)'));
    expect(text.indexOf('MEDIUM (10)')).toBeLessThan(text.indexOf('LOW (10)'));
    expect(text).toMatch(/credential\.fullAccess\s+credential 300000001 \(default\) \[this client\]\s+rules=\["GET \/\*"/);
    expect(text).toMatch(/serviceAccount\.noPolicy\s+serviceAccount EU\.\w+ \(forgotten-bot\)/);
    expect(text).toContain('What to do:');
    expect(text).toContain('24 findings (4 high, 10 medium, 10 low)');
    expect(text).toContain('10 safe fixes planned: run with --apply');
  });

  it('--json prints the report and the plan; --fail-on high exits 1, and 0 when high findings are off', async () => {
    const { io, out } = await setup();
    expect(await main(['audit', '--json', '--fail-on', 'high'], io)).toBe(1);
    const report = JSON.parse(out()) as { findings: Array<{ id: string; severity: string }>; plan: Array<{ text: string }> };
    expect(report.findings).toHaveLength(22);
    expect(report.plan.map((i) => i.text)).toContain('ovh.credentials.delete(300000002)');
    const off = ['credential.fullAccess', 'credential.canMintKeys', 'serviceAccount.broadPolicy'].flatMap((r) => ['--disable', r]);
    expect(await main(['audit', '--json', '--fail-on', 'high', ...off], io)).toBe(0);
    expect(await main(['audit', '--json', '--fail-on', 'low', ...off], io)).toBe(1);
  });

  it('--apply --yes applies the plan and reports each item; the next audit plans nothing', async () => {
    const { io, out, sim } = await setup();
    expect(await main(['audit', '--apply', '--yes'], io)).toBe(0);
    expect(out()).toMatch(/done {5}ovh\.credentials\.delete\(300000002\)/);
    expect(out()).toMatch(/done {5}ovh\.oauth2Clients\.delete\("EU\.\w+", \{detachPolicies: true\}\)/);
    expect(sim.state.credentials.has(300000002)).toBe(false);
    expect(sim.state.credentials.has(300000001)).toBe(true);
    const again = await setupAgain(io);
    expect(again).toContain('No fix can be applied without a person.');
  });

  it('--apply asks first when someone is at the terminal, and changes nothing without a yes', async () => {
    const { io, err, prompts, sim } = await setup({ interactive: true, answers: ['n'] });
    expect(await main(['audit', '--apply'], io)).toBe(0);
    expect(prompts).toEqual(['Apply these 10 fixes to the account? [y/N] ']);
    expect(err()).toContain('Nothing was changed.');
    expect(sim.state.credentials.has(300000002)).toBe(true);
  });

  it('--apply without --yes and no terminal is refused before anything is read (exit 2)', async () => {
    const { io, err, sim } = await setup();
    sim.clearRequests();
    expect(await main(['audit', '--apply'], io)).toBe(2);
    expect(err()).toContain('--apply needs --yes');
    expect(sim.requests).toEqual([]);
  });

  it('reads the credentials from --config PATH like the SDK (an ovh.conf)', async () => {
    const { io, out, endpoint, cwd, sim } = await setup();
    const path = join(cwd, 'other.conf');
    const { applicationKey, applicationSecret, consumerKey } = sim.defaults;
    writeFileSync(
      path,
      `[default]\nendpoint=${endpoint}\n[${endpoint}]\napplication_key=${applicationKey}\napplication_secret=${applicationSecret}\nconsumer_key=${consumerKey}\n`,
      { mode: 0o600 },
    );
    expect(await main(['audit', '--config', 'other.conf', '--json'], { ...io, env: { HOME: cwd } })).toBe(0);
    expect(JSON.parse(out()).findings).toHaveLength(22);
  });

  it.each([
    [['--fail-on', 'critical'], '--fail-on must be high, medium or low'],
    [['--disable', 'credential.unsued'], 'did you mean `credential.unused`?'],
    [['--threshold', 'unusedDays'], '--threshold takes name=days'],
    [['--threshold', 'unusedDay=3'], 'did you mean `unusedDays`?'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ])('refuses %j with the usage hint (exit 2)', async (args, message) => {
    const { io, err } = await setup();
    expect(await main(['audit', ...args], io)).toBe(2);
    expect(err()).toContain(message);
    expect(err()).toContain('Run ovh-credentials audit --help');
  });

  it('says what went wrong with the account access (exit 1), without a secret', async () => {
    const { io, err, sim } = await setup();
    const env = { ...io.env, OVH_CONSUMER_KEY: 'x'.repeat(32) };
    expect(await main(['audit'], { ...io, env })).toBe(1);
    expect(err()).toMatch(/^\n?ovh-credentials audit: /);
    expect(err()).not.toContain(sim.defaults.applicationSecret);
  });

  it('--help lists the options', async () => {
    const { io, out } = await setup();
    expect(await main(['audit', '--help'], io)).toBe(0);
    expect(out()).toContain('--fail-on <severity>');
  });
});

/** Runs the audit once more with the same io, and returns what it printed. */
async function setupAgain(io: CliIo): Promise<string> {
  const out: string[] = [];
  expect(await main(['audit'], { ...io, out: (text) => out.push(text) })).toBe(0);
  return out.join('');
}
