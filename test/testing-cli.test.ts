// The simulator outside Node tests: the `ovh-credentials-simulator` command, the HTML page behind a consumer key's
// validationUrl, and signatures of clients that leave the port out of the signed URL (the official node client).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OvhClient } from '../src/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { CliUsageError, main, parseCliArgs, USAGE } from '../src/testing/cli.js';
import { OvhSimulator, SIM_PROJECT_ID, selfSignedCertificate } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

type Keys = { applicationKey: string; applicationSecret: string; consumerKey: string };
const client = (baseUrl: string, keys: Keys) => new OvhClient({ baseUrl, ...keys, configFile: false, env: {} });

describe('the validationUrl page', () => {
  let sim: OvhSimulator;
  let base: string;
  beforeEach(async () => {
    sim = new OvhSimulator({ now: manualClock() });
    base = await sim.listen();
  });
  afterEach(() => sim.close());

  /** Requests a consumer key for a new application, as POST /auth/credential does for any client. */
  async function requestKey(input: { appName?: string; redirection?: string } = {}) {
    const app = sim.createApplication({ name: input.appName ?? 'my-tool', description: 'nightly <sync> & "export"' });
    const response = await fetch(`${base}/auth/credential`, {
      method: 'POST',
      headers: { 'X-Ovh-Application': app.applicationKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        accessRules: [
          { method: 'GET', path: '/me' },
          { method: 'DELETE', path: '/me/api/credential/<id>' },
        ],
        ...(input.redirection !== undefined ? { redirection: input.redirection } : {}),
      }),
    });
    expect(response.status).toBe(200);
    const { consumerKey, validationUrl } = (await response.json()) as { consumerKey: string; validationUrl: string };
    const keys: Keys = { applicationKey: app.applicationKey, applicationSecret: app.applicationSecret, consumerKey };
    return { keys, validationUrl };
  }

  const answer = (validationUrl: string, action: string) =>
    fetch(validationUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action }) });

  it('GET shows the application and the requested rules, escaped, with grant and refuse buttons', async () => {
    const { validationUrl } = await requestKey({ appName: '<img src=x onerror=alert(1)> "Tool" & co' });
    expect(new URL(validationUrl).origin).toBe(new URL(base).origin);
    const response = await fetch(validationUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Tool&quot; &amp; co');
    expect(html).toContain('nightly &lt;sync&gt; &amp; &quot;export&quot;');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<td><code>GET</code></td><td><code>/me</code></td>');
    expect(html).toContain('<td><code>DELETE</code></td><td><code>/me/api/credential/&lt;id&gt;</code></td>');
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
    expect(action && new URL(action.replaceAll('&amp;', '&'), base).href).toBe(validationUrl);
    expect(html).toContain('<button type="submit" name="action" value="grant">');
    expect(html).toContain('<button type="submit" name="action" value="refuse">');
  });

  it('POST action=grant validates the key: signed calls then succeed', async () => {
    const { keys, validationUrl } = await requestKey({ redirection: 'https://tool.example/done?from="sim"&x=<y>' });
    const ovh = client(base, keys);
    await expect(ovh.get('/me')).rejects.toMatchObject({ status: 403, errorCode: 'INVALID_CREDENTIAL' });

    const granted = await answer(validationUrl, 'grant');
    expect(granted.status).toBe(200);
    const html = await granted.text();
    expect(html).toContain('Access granted');
    expect(html).toContain('<a href="https://tool.example/done?from=&quot;sim&quot;&amp;x=&lt;y&gt;">');
    expect(((await ovh.get('/me')) as { nichandle: string }).nichandle).toBe('xx1111-ovh');
    expect(sim.state.credentials.get(Number(/Consumer key (\d+)/.exec(html)?.[1]))?.account).toBe('xx1111-ovh');

    // Decided once: the page says so, and a second answer is a conflict.
    const again = await (await fetch(validationUrl)).text();
    expect(again).toContain('already validated');
    expect(again).not.toContain('<form');
    expect((await answer(validationUrl, 'refuse')).status).toBe(409);
    expect(((await ovh.get('/me')) as { nichandle: string }).nichandle).toBe('xx1111-ovh');
  });

  it('POST action=refuse refuses the key: signed calls are then refused', async () => {
    const { keys, validationUrl } = await requestKey({ redirection: 'javascript:alert(1)' });
    const refused = await answer(validationUrl, 'refuse');
    expect(refused.status).toBe(200);
    const html = await refused.text();
    expect(html).toContain('Access refused');
    expect(html).not.toContain('javascript:');
    await expect(client(base, keys).get('/me')).rejects.toMatchObject({ status: 403, errorCode: 'INVALID_CREDENTIAL' });
    expect([...sim.state.credentials.values()].find((c) => c.consumerKey === keys.consumerKey)?.status).toBe('refused');
  });

  it('answers an unknown token with a 404 page, a missing one and an unknown action with a 400', async () => {
    const unknown = await fetch(`${base.replace(/\/1\.0$/, '')}/auth/?credentialToken=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await unknown.text()).toContain('Unknown credential token');
    expect((await answer(`${base.replace(/\/1\.0$/, '')}/auth/?credentialToken=nope`, 'grant')).status).toBe(404);
    expect((await fetch(`${base.replace(/\/1\.0$/, '')}/auth/`)).status).toBe(400);

    const { keys, validationUrl } = await requestKey();
    expect((await answer(validationUrl, 'maybe')).status).toBe(400);
    await expect(client(base, keys).get('/me')).rejects.toMatchObject({ status: 403, errorCode: 'INVALID_CREDENTIAL' });
  });
});

describe('signatures over the URL without its port', () => {
  const sign = (keys: Keys, method: string, signedUrl: string, timestamp: number) => ({
    'X-Ovh-Application': keys.applicationKey,
    'X-Ovh-Consumer': keys.consumerKey,
    'X-Ovh-Timestamp': String(timestamp),
    'X-Ovh-Signature': `$1$${createHash('sha1').update([keys.applicationSecret, keys.consumerKey, method, signedUrl, '', timestamp].join('+')).digest('hex')}`,
  });

  it('are accepted when the request names a non-default port, and only then', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const status = async (url: string, signedUrl: string) =>
      (await sim.handle(new Request(url, { headers: sign(sim.defaults, 'GET', signedUrl, sim.serverTime()) }))).status;
    expect(await status('https://127.0.0.1:8443/1.0/me?a=1', 'https://127.0.0.1:8443/1.0/me?a=1')).toBe(200);
    expect(await status('https://127.0.0.1:8443/1.0/me?a=1', 'https://127.0.0.1/1.0/me?a=1')).toBe(200);
    expect(await status('http://[::1]:8080/1.0/me', 'http://[::1]/1.0/me')).toBe(200);
    // Another port, another host, another scheme: still refused.
    expect(await status('https://127.0.0.1:8443/1.0/me', 'https://127.0.0.1:9443/1.0/me')).toBe(400);
    expect(await status('https://127.0.0.1:8443/1.0/me', 'https://localhost/1.0/me')).toBe(400);
    expect(await status('https://127.0.0.1:8443/1.0/me', 'http://127.0.0.1/1.0/me')).toBe(400);
    // The default port is no port: a signature naming one is not the URL sent.
    expect(await status('https://eu.api.ovh.com/1.0/me', 'https://eu.api.ovh.com:443/1.0/me')).toBe(400);
    expect(await status('https://eu.api.ovh.com/1.0/me', 'https://eu.api.ovh.com/1.0/me')).toBe(200);
  });

  it('let the official node client (host and port options, https) work on any port', async () => {
    type Callback = (error: unknown, result?: unknown) => void;
    const legacy = createRequire(import.meta.url)('ovh') as (params: Record<string, unknown>) => {
      request(method: string, path: string, params: Record<string, unknown>, cb: Callback): void;
    };
    const tls = selfSignedCertificate();
    const sim = new OvhSimulator({ now: manualClock() });
    const base = await sim.listen({ tls });
    // node-ovh uses https.globalAgent: make it trust the simulator's certificate for this test only.
    const previousAgent = https.globalAgent;
    https.globalAgent = new https.Agent({ ca: tls.cert });
    try {
      const { port } = new URL(base);
      const call = (keys: Keys, method: string, path: string) =>
        new Promise<{ ok: boolean; result: unknown }>((done) =>
          legacy({
            appKey: keys.applicationKey,
            appSecret: keys.applicationSecret,
            consumerKey: keys.consumerKey,
            host: '127.0.0.1',
            port: Number(port),
          }).request(method, path, {}, (error, result) => done(error ? { ok: false, result: [error, result] } : { ok: true, result })),
        );
      const me = await call(sim.defaults, 'GET', '/me');
      expect(me).toMatchObject({ ok: true, result: { nichandle: 'xx1111-ovh' } });
      expect(sim.requests.at(-1)?.url).toBe(`${base}/me`); // sent with the port, signed without it
      expect(await call({ ...sim.defaults, applicationSecret: 'x'.repeat(32) }, 'GET', '/me')).toEqual({
        ok: false,
        result: [400, 'Invalid signature'],
      });
    } finally {
      https.globalAgent.destroy();
      https.globalAgent = previousAgent;
      await sim.close();
    }
  });
});

describe('ovh-credentials-simulator: arguments', () => {
  it('has defaults: port 8080, Web PaaS on the next port, full seed, IAM on, no TLS', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      port: 8080,
      webpaasPort: 8081,
      tls: 'none',
      seed: 'full',
      iam: true,
      json: false,
      envFile: null,
    });
    expect(parseCliArgs(['--port', '9000'])).toMatchObject({ port: 9000, webpaasPort: 9001 });
    expect(parseCliArgs(['--port', '0'])).toMatchObject({ port: 0, webpaasPort: 0 });
    expect(parseCliArgs(['--port', '9000', '--webpaas-port', '7000'])).toMatchObject({ port: 9000, webpaasPort: 7000 });
  });

  it('reads every option', () => {
    expect(parseCliArgs(['--tls', '--seed', 'minimal', '--no-iam', '--json'])).toMatchObject({
      tls: 'generate',
      seed: 'minimal',
      iam: false,
      json: true,
    });
    expect(parseCliArgs(['--tls-key', 'k.pem', '--tls-cert', 'c.pem']).tls).toEqual({ keyFile: 'k.pem', certFile: 'c.pem' });
    expect(parseCliArgs(['--seed', 'none']).seed).toBe('none');
    expect(parseCliArgs(['--seed', 'messy-account']).seed).toBe('messy-account');
    expect(parseCliArgs(['--write-env', '.env.sim']).envFile).toBe('.env.sim');
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--port', '65536'], /--port must be a port number/],
    [['--port', 'http'], /--port must be a port number/],
    [['--webpaas-port', '-1'], /--webpaas-port/],
    [['--port', '65535'], /pass --webpaas-port/],
    [['--port', '9000', '--webpaas-port', '9000'], /must differ/],
    [['--seed', 'everything'], /--seed must be full, minimal, messy-account or none/],
    [['--tls-key', 'k.pem'], /go together/],
    [['--write-env', ''], /--write-env needs a file path/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['8080'], /Unexpected argument '8080'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('documents every option in --help, and exits 0 for --help, 2 for a mistake', async () => {
    for (const option of ['--port', '--webpaas-port', '--tls', '--tls-key', '--tls-cert', '--seed', '--no-iam', '--write-env', '--json', '--help']) {
      expect(USAGE).toContain(`${option} `);
    }
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--help'])).toBe(0);
      expect(out).toHaveBeenCalledWith(USAGE);
      expect(await main(['--seed', 'lots'])).toBe(2);
      expect(String(err.mock.calls[0]?.[0])).toContain('--seed must be full, minimal, messy-account or none');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it('exits 1 with a hint when a port is taken', async () => {
    const sim = new OvhSimulator({ seed: false });
    const { port } = new URL(await sim.listen());
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--port', port, '--webpaas-port', '0'])).toBe(1);
      const message = String(err.mock.calls[0]?.[0]);
      expect(message).toContain('EADDRINUSE');
      expect(message).toContain('choose other ports with --port and --webpaas-port');
    } finally {
      err.mockRestore();
      await sim.close();
    }
  });
});

/** Runs the command from source with tsx (its loader, under this Node: no wrapper process). */
function startCli(args: string[]): {
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exit: Promise<{ code: number | null; signal: string | null }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testing/cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpExecArray) => void; reject: (e: Error) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: string | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(line);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  void exit.then(({ code }) => {
    for (const waiter of waiters.splice(0))
      waiter.reject(new Error(`the command exited (${code}) before printing ${waiter.pattern}: ${stderr.slice(0, 500)}`));
  });
  return {
    child,
    lines,
    exit,
    waitFor(pattern) {
      for (const line of lines) {
        const match = pattern.exec(line);
        if (match) return Promise.resolve(match);
      }
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

describe('ovh-credentials-simulator: the command', () => {
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints the URLs and simulator-only keys as export lines, serves both APIs with them, and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-env-'));
    const envFile = join(dir, '.env.simulator');
    const cli = startCli(['--port', '0', '--seed', 'minimal', '--write-env', envFile]);
    running.push(cli.child);
    await cli.waitFor(/^Ready\. Stop with Ctrl\+C\.$/);
    const value = (label: string): string => {
      const line = cli.lines.find((l) => l.trimStart().startsWith(`${label} `));
      if (line === undefined) throw new Error(`no "${label}" line`);
      return line.trim().slice(label.length).trim().split(/\s+/)[0] ?? '';
    };
    const v1 = value('OVH API v1');
    expect(v1).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/1\.0$/);
    expect(value('OVH API v2')).toBe(v1.replace(/\/1\.0$/, '/v2'));
    expect(value('OVH OAuth2 token URL')).toBe(v1.replace(/\/1\.0$/, '/auth/oauth2/token'));
    expect(cli.lines.some((l) => /printed on purpose/.test(l) && /work nowhere else/.test(l))).toBe(true);
    expect(cli.lines[0]).toMatch(/NOT OVHcloud/);

    // Exactly what is printed, read as a shell would, is what OvhClient.fromEnvironment() needs.
    const exports = cli.lines.filter((l) => l.startsWith('export '));
    expect(exports.map((l) => l.split('=')[0])).toEqual([
      'export OVH_ENDPOINT',
      'export OVH_APPLICATION_KEY',
      'export OVH_APPLICATION_SECRET',
      'export OVH_CONSUMER_KEY',
    ]);
    const env = Object.fromEntries(exports.map((l) => /^export (\w+)=(.*)$/.exec(l)?.slice(1, 3) as [string, string]));
    expect(env['OVH_ENDPOINT']).toBe(v1);
    expect(readFileSync(envFile, 'utf8')).toBe(`${exports.join('\n')}\n`);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const ovh = OvhClient.fromEnvironment({ env, configFile: false });
    expect(((await ovh.get('/me')) as { nichandle: string }).nichandle).toBe('xx1111-ovh');
    expect(await ovh.credentials.list()).toHaveLength(1); // --seed minimal
    expect(cli.lines.join('\n')).toContain('Public Cloud project none (--seed full has one)');
    rmSync(dir, { recursive: true, force: true });

    const apiUrl = value('Web PaaS API');
    const project = /\(project (\S+): environments main, staging\)/.exec(cli.lines.join('\n'))?.[1] ?? '';
    const paas = new WebPaasClient({ apiUrl, tokenUrl: value('Web PaaS token URL'), apiToken: value('Web PaaS API token'), env: {} });
    expect(await paas.variables.list({ project, environment: 'main' })).toEqual([]);

    cli.child.kill('SIGINT');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(cli.lines.at(-1)).toBe('Stopped.');
    await expect(ovh.get('/me')).rejects.toThrow(); // the servers are closed
  });

  it('--tls --json: one JSON line with https URLs and the generated certificate, removed on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--tls', '--json', '--no-iam']);
    running.push(cli.child);
    const [line = ''] = await cli.waitFor(/^\{.*\}$/);
    const summary = JSON.parse(line) as {
      ovh: { v1: string; applicationKey: string; serviceAccount: { clientId: string } | null; projectId: string };
      env: Record<string, string>;
      webpaas: { apiUrl: string; apiToken: string };
      tlsCertFile: string;
      iam: boolean;
    };
    expect(summary.ovh.v1).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/1\.0$/);
    expect(summary.webpaas.apiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.ovh.serviceAccount?.clientId).toMatch(/^EU\./); // full seed: the ci-deployer service account
    expect(summary.iam).toBe(false);
    expect(summary.ovh.projectId).toBe(SIM_PROJECT_ID);
    expect(summary.env).toMatchObject({ OVH_ENDPOINT: summary.ovh.v1, OVH_APPLICATION_KEY: summary.ovh.applicationKey });
    expect(summary.env['NODE_EXTRA_CA_CERTS']).toBe(summary.tlsCertFile);
    const ca = readFileSync(summary.tlsCertFile, 'utf8');
    const time = await new Promise<string>((done, fail) => {
      https
        .get(`${summary.ovh.v1}/auth/time`, { ca }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(text));
        })
        .on('error', fail);
    });
    expect(time).toMatch(/^\d+$/);

    cli.child.kill('SIGTERM');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(summary.tlsCertFile)).toBe(false);
  });
});
