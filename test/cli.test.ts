// The `ovh-credentials` bin (login, whoami), end to end against the simulator on loopback: in-process through main()
// with a CliIo the test controls, and the built executable as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import configs from '../tsup.config.js';
import { main } from '../src/cli/index.js';
import type { CliIo } from '../src/cli/io.js';
import { exportLines } from '../src/cli/shell.js';
import { OvhSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';
import { recordOutput } from './setup/secret-audit.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

let sim: OvhSimulator;
let base: string;
let dir: string;
beforeEach(async () => {
  sim = new OvhSimulator({ seed: 'minimal', now: manualClock() });
  base = await sim.listen();
  dir = mkdtempSync(join(tmpdir(), 'ovh-cli-'));
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A CliIo on a chosen env and directory; `answers` are typed at the prompts; `onErr` sees stderr so far. */
function cliIo(options: { env?: Record<string, string>; answers?: string[]; onErr?: (stderr: string) => void } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: Array<{ question: string; secret: boolean }> = [];
  const controller = new AbortController();
  const answers = [...(options.answers ?? [])];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => {
      err.push(text);
      options.onErr?.(err.join(''));
    },
    env: { HOME: dir, ...options.env },
    cwd: dir,
    signal: controller.signal,
    interactive: options.answers !== undefined,
    prompt: async (question, { secret = false } = {}) => {
      prompts.push({ question, secret });
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected prompt ${question}`);
      return answer;
    },
  };
  return {
    io,
    controller,
    prompts,
    out: () => out.join(''),
    err: () => {
      recordOutput('ovh-credentials stderr', err.join(''));
      return err.join('');
    },
  };
}

const validationUrl = (stderr: string): string | undefined => /(http:\/\/\S+credentialToken=\S+)/.exec(stderr)?.[1];

/** Answers the validation page (as a person's click does) once the command has printed its URL. */
function answerPage(action: 'grant' | 'refuse') {
  let answered: Promise<Response> | undefined;
  return {
    onErr: (stderr: string) => {
      const url = validationUrl(stderr);
      if (url && !answered) answered = fetch(url, { method: 'POST', body: new URLSearchParams({ action }) });
    },
    done: async () => expect((await answered)?.status).toBe(200),
  };
}

const keys = () => ({ OVH_APPLICATION_KEY: sim.defaults.applicationKey, OVH_APPLICATION_SECRET: sim.defaults.applicationSecret });
const conf = () => join(dir, 'ovh.conf');
const mode = (path: string) => statSync(path).mode & 0o777;

describe('login, then whoami on the file it wrote', () => {
  it('asks for the keys (the secret unechoed), waits for the page, writes ./ovh.conf mode 600 that whoami reads', async () => {
    const page = answerPage('grant');
    const login = cliIo({ env: { OVH_ENDPOINT: base }, answers: [sim.defaults.applicationKey, sim.defaults.applicationSecret], onErr: page.onErr });
    expect(await main(['login', '--rule', 'GET:/me', '--rule', 'get:/auth/*'], login.io)).toBe(0);
    await page.done();
    expect(login.prompts).toEqual([
      { question: 'Application key: ', secret: false },
      { question: 'Application secret: ', secret: true },
    ]);
    expect(login.err()).toMatch(
      /Open this page, log in with your OVH account and authorize the key:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/auth\/\?credentialToken=/,
    );
    expect(login.err()).toMatch(/Waiting \(Ctrl-C to cancel\)\.* validated: key #\d+, no expiry\.\n$/);

    const credential = [...sim.state.credentials.values()].find((c) => c.status === 'validated' && c.rules.length === 2);
    expect(credential?.rules).toEqual([
      { method: 'GET', path: '/me' },
      { method: 'GET', path: '/auth/*' },
    ]);
    expect(readFileSync(conf(), 'utf8')).toBe(
      `[default]\nendpoint=${base}\n\n[${base}]\napplication_key=${sim.defaults.applicationKey}\n` +
        `application_secret=${sim.defaults.applicationSecret}\nconsumer_key=${credential?.consumerKey}\n`,
    );
    expect(mode(conf())).toBe(0o600);
    expect(login.out()).toBe(`Saved [${base}] to ${conf()} (mode 600). Check it with: npx ovh-credentials whoami\n`);

    const who = cliIo();
    expect(await main(['whoami'], who.io)).toBe(0);
    const out = who.out();
    recordOutput('whoami stdout', out);
    expect(out).toContain(`endpoint             ${base}   (${conf()}:2)\n`);
    expect(out).toContain('auth                 application key + consumer key (signed)\n');
    expect(out).toContain(`  application_key    ${sim.defaults.applicationKey}   (${conf()}:5)\n`);
    expect(out).toContain(`  consumer_key       set (not shown)   (${conf()}:7)\n`);
    expect(out).toMatch(/server clock {9}\d+ s (ahead of|behind) this machine \(GET \/auth\/time\)\n/); // the simulator's clock is fixed
    expect(out).toContain(`credential           #${credential?.credentialId}, application #${credential?.applicationId}, validated\n`);
    expect(out).toContain('  rules              GET /me, GET /auth/*\n  expires            never\n  allowed IPs        any\n');
    // The env var wins over the file, and whoami says so.
    const env = cliIo({ env: { OVH_APPLICATION_KEY: sim.defaults.applicationKey } });
    expect(await main(['whoami'], env.io)).toBe(0);
    expect(env.out()).toContain(`  application_key    ${sim.defaults.applicationKey}   (env OVH_APPLICATION_KEY)\n`);
  });

  it('a key refused on the page: exit 1, what happened and what to do, no file', async () => {
    const page = answerPage('refuse');
    const login = cliIo({ env: { OVH_ENDPOINT: base, ...keys() }, onErr: page.onErr });
    expect(await main(['login', '--read-only'], login.io)).toBe(1);
    await page.done();
    expect(login.err()).toMatch(/ovh-credentials login: GET \/auth\/currentCredential failed with 403 \[INVALID_CREDENTIAL\]/);
    expect(login.err()).toContain('Nothing was written. Run ovh-credentials login again for a new key.');
    expect(existsSync(conf())).toBe(false);
  });

  it('Ctrl-C while waiting: exit 130 with a clear line, no file', async () => {
    let login: ReturnType<typeof cliIo> | undefined;
    login = cliIo({ env: { OVH_ENDPOINT: base, ...keys() }, onErr: (stderr) => validationUrl(stderr) && login?.controller.abort() });
    expect(await main(['login', '--read-only'], login.io)).toBe(130);
    expect(login.err()).toMatch(/\novh-credentials login: cancelled \(Ctrl-C\)\. Nothing was written\.\n$/);
    expect(existsSync(conf())).toBe(false);
  });

  it('an existing ovh.conf is merged (other sections, keys and comments kept) and backed up, both mode 600', async () => {
    const before = `# my settings\n[default]\nendpoint = ovh-ca\n\n[ovh-ca]\napplication_key=caKey\napplication_secret=caSecret-kept\n\n[${base}]\n; the old key\nconsumer_key: oldConsumerKey-1234\n`;
    writeFileSync(conf(), before, { mode: 0o644 });
    const page = answerPage('grant');
    const login = cliIo({ env: { OVH_ENDPOINT: base, ...keys() }, onErr: page.onErr });
    expect(await main(['login', '--read-only', '--allowed-ip', '127.0.0.1/32'], login.io)).toBe(0);
    await page.done();
    const ck = [...sim.state.credentials.values()].find((c) => c.allowedIPs?.[0] === '127.0.0.1/32')?.consumerKey;
    expect(readFileSync(conf(), 'utf8')).toBe(
      `# my settings\n[default]\nendpoint=${base}\n\n[ovh-ca]\napplication_key=caKey\napplication_secret=caSecret-kept\n\n[${base}]\n; the old key\n` +
        `consumer_key=${ck}\napplication_key=${sim.defaults.applicationKey}\napplication_secret=${sim.defaults.applicationSecret}\n`,
    );
    expect(readFileSync(`${conf()}.bak`, 'utf8')).toBe(before);
    expect([mode(conf()), mode(`${conf()}.bak`)]).toEqual([0o600, 0o600]);
    expect(login.out()).toContain(`; the previous file is in ${conf()}.bak.`);
    const who = cliIo();
    expect(await main(['whoami'], who.io)).toBe(0);
    expect(who.out()).toContain('  allowed IPs        127.0.0.1/32\n');
  });

  it('--print-env prints export lines a shell reads back, writes no file; --full warns', async () => {
    const page = answerPage('grant');
    const login = cliIo({ env: { OVH_ENDPOINT: base, ...keys() }, onErr: page.onErr });
    expect(await main(['login', '--full', '--print-env'], login.io)).toBe(0);
    await page.done();
    expect(login.err()).toContain('Warning: --full asks for every method on every path');
    expect(login.err()).not.toContain('--application-secret');
    expect(existsSync(conf())).toBe(false);
    const ck = [...sim.state.credentials.values()].at(-1)?.consumerKey ?? '';
    expect(login.out()).toBe(
      `export OVH_ENDPOINT=${base}\nexport OVH_APPLICATION_KEY=${sim.defaults.applicationKey}\n` +
        `export OVH_APPLICATION_SECRET=${sim.defaults.applicationSecret}\nexport OVH_CONSUMER_KEY=${ck}\n`,
    );
    expect(sim.state.credentials.get([...sim.state.credentials.keys()].at(-1) ?? 0)?.rules.map((r) => r.method)).toEqual([
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
    ]);
  });

  it('--application-secret on the command line works, with a warning that it stays in the shell history (never the value)', async () => {
    const page = answerPage('grant');
    const { OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET } = keys();
    const login = cliIo({ env: { OVH_ENDPOINT: base, OVH_APPLICATION_KEY }, onErr: page.onErr });
    expect(await main(['login', '--read-only', '--print-env', '--application-secret', OVH_APPLICATION_SECRET], login.io)).toBe(0);
    await page.done();
    expect(login.err()).toContain('Warning: --application-secret stays in your shell history and shows in the process list');
    expect(login.err()).not.toContain(OVH_APPLICATION_SECRET);
    expect(login.out()).toContain(`export OVH_APPLICATION_SECRET=${OVH_APPLICATION_SECRET}\n`);
  });

  it('--expiration: the validity to pick is printed; another one picked on the page is reported', async () => {
    const run = async (expiration: string, picked: Date | null) => {
      let validated = false;
      const login = cliIo({
        env: { OVH_ENDPOINT: base, ...keys() },
        onErr: (stderr) => {
          const url = validationUrl(stderr);
          if (url && !validated) {
            validated = true;
            sim.validateConsumerKey(url, { expiration: picked }); // the owner's choice on the page
          }
        },
      });
      expect(await main(['login', '--read-only', '--print-env', '--expiration', expiration], login.io)).toBe(0);
      expect(login.err()).toContain(`authorize the key (choose a validity of ${expiration}):`);
      return login.err();
    };
    const day = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000); // v1 dates carry whole seconds
    expect(await run('1d', day)).not.toContain('Warning');
    expect(await run('1d', day)).toContain(`expires ${day.toISOString()}`);
    expect(await run('30d', day)).toContain('Warning: --expiration 30d was asked, but another validity was chosen on the page.');
    expect(await run('unlimited', null)).toContain('no expiry.');
    expect(await run('unlimited', day)).toContain('Warning: --expiration unlimited was asked');
  });

  it('export lines quote what a shell would change, and sh reads every value back as it was', () => {
    const values = { A: 'plain-value_1.2:3/4', B: 'it\'s $HOME `id` "q" \\ ; #x', C: '' };
    const text = exportLines(values);
    expect(text).toBe(`export A=plain-value_1.2:3/4\nexport B='it'\\''s $HOME \`id\` "q" \\ ; #x'\nexport C=''\n`);
    const read = spawnSync('sh', ['-c', `${text}printf '%s\\n' "$A" "$B" "$C"`], { encoding: 'utf8', env: {} });
    expect(read.stdout).toBe(`${values.A}\n${values.B}\n\n`);
  });
});

describe('mistakes and failures', () => {
  it.each([
    [['login'], /choose what the key may do/],
    [['login', '--read-only', '--full'], /choose what the key may do/],
    [['login', '--rule', 'GETme'], /--rule "GETme" is not METHOD:\/path/],
    [['login', '--rule', 'HEAD:/me'], /--rule "HEAD:\/me": .*method/],
    [['login', '--rule', 'GET:me'], /--rule "GET:me": .*path/],
    [['login', '--read-only', '--expiration', 'soon'], /--expiration must be like 1h, 7d, 4w or unlimited/],
    [['login', '--read-only', '--print-env', '--config', 'x.conf'], /--print-env writes no file/],
    [['login', '--read-only', '--endpoint', 'ovh-mars'], /Unknown endpoint "ovh-mars"/],
    [['login', '--read-only', '--allowed-ip', '300.1.1.1'], /Invalid request\.allowedIPs\.0/],
    [['login', '--read-only', '--verbose'], /Unknown option '--verbose'/],
    [['whoami', 'extra'], /Unexpected argument 'extra'/],
  ])('%j: exit 2, the mistake and the help hint, nothing sent', async (argv, message) => {
    const run = cliIo({ env: { OVH_ENDPOINT: base, ...keys() } });
    expect(await main(argv, run.io)).toBe(2);
    expect(run.err()).toMatch(message);
    expect(run.err()).toContain(`Run ovh-credentials ${argv[0]} --help for its options.`);
    expect(sim.requests).toEqual([]);
  });

  it('no terminal and no application key: exit 2 naming the option and the env var', async () => {
    const run = cliIo({ env: { OVH_ENDPOINT: base } });
    expect(await main(['login', '--read-only'], run.io)).toBe(2);
    expect(run.err()).toContain('no application key: pass --application-key or set OVH_APPLICATION_KEY');
  });

  it('--help for the bin and each command; no command is a usage error, an unknown one too', async () => {
    for (const [argv, text] of [
      [['--help'], /^Usage: ovh-credentials <command>[\s\S]*login[\s\S]*whoami/],
      [
        ['login', '--help'],
        /^Usage: ovh-credentials login[\s\S]*--rule[\s\S]*--read-only[\s\S]*--full[\s\S]*--allowed-ip[\s\S]*--expiration[\s\S]*--config[\s\S]*--print-env/,
      ],
      [['whoami', '-h'], /^Usage: ovh-credentials whoami[\s\S]*--config/],
    ] as const) {
      const run = cliIo();
      expect(await main(argv, run.io)).toBe(0);
      expect(run.out()).toMatch(text);
    }
    expect(await main([], cliIo().io)).toBe(2);
    const unknown = cliIo();
    expect(await main(['logon'], unknown.io)).toBe(2);
    expect(unknown.err()).toContain('unknown command "logon"');
    // A name every object inherits is no command either.
    const inherited = cliIo();
    expect(await main(['constructor'], inherited.io)).toBe(2);
    expect(inherited.err()).toContain('unknown command "constructor"');
  });

  it('whoami: no configuration, an expired key, an unknown key: exit 1 with what to do', async () => {
    const none = cliIo();
    expect(await main(['whoami'], none.io)).toBe(1);
    expect(none.err()).toMatch(/No OVH credentials: missing applicationKey and applicationSecret[\s\S]*\nRun: npx ovh-credentials login/);

    const expired = sim.createCredential({ rules: [{ method: 'GET', path: '/*' }] });
    sim.expireCredential(expired.consumerKey);
    const env = { OVH_ENDPOINT: base, ...keys(), OVH_CONSUMER_KEY: expired.consumerKey };
    const old = cliIo({ env });
    expect(await main(['whoami'], old.io)).toBe(1);
    expect(old.err()).toContain('403 [INVALID_CREDENTIAL]');
    expect(old.err()).toContain('The key was refused, has expired or was revoked, or the secret does not match: run npx ovh-credentials login');

    const unknown = cliIo({ env: { ...env, OVH_APPLICATION_KEY: 'nosuchappkey1234' } });
    expect(await main(['whoami'], unknown.io)).toBe(1);
    expect(unknown.err()).toContain('The application key is unknown on this endpoint');
  });

  it('whoami with a service account: its identity URN and account, from OVH_CLIENT_ID / OVH_CLIENT_SECRET', async () => {
    const { clientId, clientSecret } = sim.createOAuth2Client({ name: 'ci', description: 'ci robot' });
    const run = cliIo({ env: { OVH_ENDPOINT: base, OVH_CLIENT_ID: clientId, OVH_CLIENT_SECRET: clientSecret } });
    expect(await main(['whoami'], run.io)).toBe(0);
    const out = run.out();
    recordOutput('whoami stdout', out);
    expect(out).toContain('auth                 service account (OAuth2 client credentials)\n');
    expect(out).toContain('  client_secret      set (not shown)   (env OVH_CLIENT_SECRET)\n');
    expect(out).toContain(`identity             ${sim.state.oauth2Clients.get(clientId)?.identity}\n`);
    expect(out).toContain('  account            xx1111-ovh\n');
  });

  it('whoami when the API cannot be reached: exit 1 naming the URL', async () => {
    const url = base;
    await sim.close();
    const run = cliIo({ env: { OVH_ENDPOINT: url, ...keys(), OVH_CONSUMER_KEY: sim.defaults.consumerKey } });
    expect(await main(['whoami'], run.io)).toBe(1);
    expect(run.err()).toContain(`Could not reach ${url}: check your network, a proxy, or the endpoint.`);
  });

  it('whoami --config names a file that does not exist: exit 1 naming it', async () => {
    const run = cliIo();
    expect(await main(['whoami', '--config', 'missing.conf'], run.io)).toBe(1);
    expect(run.err()).toContain(join(dir, 'missing.conf'));
  });
});

describe('the built executable', () => {
  it('node dist/bin/ovh-credentials.js: --help, login through the validation page, whoami', async () => {
    // Built as the package builds it (tsup.config.ts): the SDK's ESM entry the bin loads by the package's name
    // (declarations left out: the bin does not read them), then the bin, one ESM file with a shebang.
    const [lib, bins] = configs as Options[];
    await build({ ...lib, config: false, silent: true, dts: false, clean: false, format: ['esm'] });
    await build({ ...bins, config: false, silent: true, clean: false, entry: { 'ovh-credentials': 'src/cli/bin.ts' } });
    const out = join(root, 'dist', 'bin');
    const bin = join(out, 'ovh-credentials.js');
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['ovh-credentials']).toBe('./dist/bin/ovh-credentials.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const env = { PATH: process.env['PATH'] ?? '', HOME: dir, OVH_ENDPOINT: base, ...keys() };
    const run = (args: string[], onUrl: 'grant' | 'SIGINT' = 'grant') =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let answered = false;
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          const url = validationUrl(stderr);
          if (url && !answered) {
            answered = true;
            if (onUrl === 'SIGINT') child.kill('SIGINT');
            else void fetch(url, { method: 'POST', body: new URLSearchParams({ action: 'grant' }) });
          }
        });
        child.once('close', (code) => done({ code, stdout, stderr }));
      });

    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: ovh-credentials <command>/) });
    expect((await run(['login'])).code).toBe(2);
    const cancelled = await run(['login', '--read-only'], 'SIGINT');
    expect(cancelled.code).toBe(130);
    expect(cancelled.stderr).toMatch(/ovh-credentials login: cancelled \(Ctrl-C\)\. Nothing was written\.\n$/);
    expect(existsSync(conf())).toBe(false);
    const login = await run(['login', '--rule', 'GET:/me']);
    recordOutput('bin stderr', login.stderr);
    expect(login).toMatchObject({ code: 0, stdout: `Saved [${base}] to ${conf()} (mode 600). Check it with: npx ovh-credentials whoami\n` });
    expect(mode(conf())).toBe(0o600);
    const who = await run(['whoami']);
    recordOutput('bin whoami', who.stdout);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('  rules              GET /me\n');
  });
});
