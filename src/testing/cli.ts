/**
 * `ovh-credentials-simulator`: serves the OVH API simulator and the Web PaaS simulator on 127.0.0.1 for code that
 * cannot run in-process (other languages, the official clients, in-house tools). Prints the URLs and the seeded
 * simulator-only keys, and runs until SIGINT or SIGTERM. In the repository: `npx tsx src/testing/cli.ts --help`.
 */
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportLines } from '../cli/shell.js';
// Through the entry's index, so that the built bin loads `ovh-credentials/testing` instead of a second copy (tsup.config.ts).
import { OvhSimulator, selfSignedCertificate, type TlsOptions, WebPaasSimulator } from './index.js';

/** The `--help` text. */
export const USAGE = `Usage: ovh-credentials-simulator [options]

Serves the OVH API simulator and the Web PaaS simulator of ovh-credentials/testing on 127.0.0.1, for other
languages, the official OVH clients and your own tools. Prints the base URLs and simulator-only keys, then
runs until Ctrl+C (SIGINT) or SIGTERM. A local test fixture: it is not OVHcloud and reaches no network.

Options:
  --port <n>           OVH API port (default 8080; 0 picks a free port)
  --webpaas-port <n>   Web PaaS API port (default: --port + 1; a free port when --port is 0)
  --tls                Serve HTTPS with a self-signed certificate made for this run; its file is printed
                       (trust it with NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or SSL_CERT_FILE)
  --tls-key <file>     Serve HTTPS with this PEM private key (with --tls-cert)
  --tls-cert <file>    Serve HTTPS with this PEM certificate (with --tls-key)
  --seed <kind>        full (default): a demo account (applications, consumer keys in every state,
                       service accounts, AI tokens) and a Web PaaS project;
                       minimal: one application, its full-access consumer key and a Web PaaS project;
                       messy-account: every risky shape the audit looks for, once (ovh-credentials audit)
                       none: everything empty (no keys to print)
  --no-iam             Let service accounts call every route (IAM policies are enforced by default)
  --write-env <path>   Also write the export lines (OVH_ENDPOINT and the keys) to this file, mode 600
  --json               Print one JSON line with the URLs and keys instead of the text summary
  -h, --help           Show this help

Examples:
  npx ovh-credentials-simulator --port 8080
  npx ovh-credentials-simulator --port 8443 --tls --seed minimal
  npx ovh-credentials-simulator --write-env .env.simulator   # then: . ./.env.simulator
`;

/** What the command line asks for. */
export interface CliOptions {
  help: boolean;
  port: number;
  webpaasPort: number;
  /** `generate`: a self-signed certificate; files: PEM key and certificate paths. */
  tls: 'none' | 'generate' | { keyFile: string; certFile: string };
  seed: 'full' | 'minimal' | 'messy-account' | 'none';
  iam: boolean;
  json: boolean;
  /** Where to write the export lines too (`--write-env`), or `null`. */
  envFile: string | null;
}

/** A command-line mistake (exit code 2). */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

function parsePort(name: string, value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new CliUsageError(`--${name} must be a port number from 0 to 65535, got "${value}"`);
  return Number(value);
}

const OPTIONS = {
  port: { type: 'string' },
  'webpaas-port': { type: 'string' },
  tls: { type: 'boolean' },
  'tls-key': { type: 'string' },
  'tls-cert': { type: 'string' },
  seed: { type: 'string' },
  'no-iam': { type: 'boolean' },
  json: { type: 'boolean' },
  'write-env': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseOptions(argv: readonly string[]) {
  return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS });
}

/**
 * Parses the arguments (without `node` and the script).
 * @example parseCliArgs(['--port', '0', '--seed', 'minimal'])
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: ReturnType<typeof parseOptions>['values'];
  try {
    ({ values } = parseOptions(argv));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? 8080 : parsePort('port', values.port);
  let webpaasPort: number;
  if (values['webpaas-port'] !== undefined) webpaasPort = parsePort('webpaas-port', values['webpaas-port']);
  else if (port === 0) webpaasPort = 0;
  else if (port < 65535) webpaasPort = port + 1;
  else throw new CliUsageError('--port 65535 leaves no port for the Web PaaS simulator: pass --webpaas-port');
  if (port !== 0 && port === webpaasPort) throw new CliUsageError(`--port and --webpaas-port must differ (both ${port})`);

  const seed = values.seed ?? 'full';
  if (seed !== 'full' && seed !== 'minimal' && seed !== 'messy-account' && seed !== 'none')
    throw new CliUsageError(`--seed must be full, minimal, messy-account or none, got "${seed}"`);

  const keyFile = values['tls-key'];
  const certFile = values['tls-cert'];
  if ((keyFile === undefined) !== (certFile === undefined)) throw new CliUsageError('--tls-key and --tls-cert go together');
  const tls: CliOptions['tls'] = keyFile !== undefined && certFile !== undefined ? { keyFile, certFile } : values.tls ? 'generate' : 'none';

  const envFile = values['write-env'] ?? null;
  if (envFile === '') throw new CliUsageError('--write-env needs a file path');
  return { help: values.help ?? false, port, webpaasPort, tls, seed, iam: !values['no-iam'], json: values.json ?? false, envFile };
}

/** The running simulators and what to tell their users. */
export interface RunningSimulators {
  ovh: OvhSimulator;
  webpaas: WebPaasSimulator;
  /** What `--json` prints (keys are `null` with `--seed none`). */
  summary: SimulatorSummary;
  /** Stops both servers and deletes the generated certificate file. */
  close(): Promise<void>;
}

/** The URLs and simulator-only keys of a run. */
export interface SimulatorSummary {
  ovh: {
    v1: string;
    v2: string;
    tokenUrl: string;
    applicationKey: string | null;
    applicationSecret: string | null;
    consumerKey: string | null;
    /** The seeded `ci-deployer` service account (full seed only). */
    serviceAccount: { name: string; clientId: string; clientSecret: string } | null;
    /** The seeded Public Cloud project id (`serviceName`; full seed only). */
    projectId: string | null;
  };
  /**
   * What `OvhClient.fromEnvironment()` (and go-ovh) read: `OVH_ENDPOINT` (the v1 URL) and the keys, plus
   * `NODE_EXTRA_CA_CERTS` with `--tls`; `null` with `--seed none`. The export lines print these.
   */
  env: Record<string, string> | null;
  webpaas: { apiUrl: string; tokenUrl: string; apiToken: string | null; project: string | null; environments: string[] };
  /** The certificate file clients must trust (with `--tls`), else `null`. */
  tlsCertFile: string | null;
  seed: CliOptions['seed'];
  iam: boolean;
}

/** Starts both simulators as `options` say (no output, no signal handling). */
export async function startSimulators(options: CliOptions): Promise<RunningSimulators> {
  let tls: TlsOptions | undefined;
  let tlsCertFile: string | null = null;
  let tempDir: string | undefined;
  if (options.tls === 'generate') {
    const generated = selfSignedCertificate();
    tls = generated;
    tempDir = mkdtempSync(join(tmpdir(), 'ovh-credentials-simulator-'));
    tlsCertFile = join(tempDir, 'cert.pem');
    writeFileSync(tlsCertFile, generated.cert);
  } else if (options.tls !== 'none') {
    tls = { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) };
    tlsCertFile = options.tls.certFile;
  }
  const removeTemp = (): void => {
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
  };

  const ovh = new OvhSimulator({ seed: options.seed === 'full' ? true : options.seed === 'none' ? false : options.seed, iam: options.iam });
  const webpaas = new WebPaasSimulator({ seed: options.seed !== 'none' });
  const close = async (): Promise<void> => {
    try {
      await Promise.all([ovh.close(), webpaas.close()]);
    } finally {
      removeTemp();
    }
  };
  let v1: string;
  let apiUrl: string;
  try {
    v1 = await ovh.listen({ port: options.port, ...(tls ? { tls } : {}) });
    apiUrl = await webpaas.listen({ port: options.webpaasPort, ...(tls ? { tls } : {}) });
  } catch (error) {
    await close();
    throw error;
  }

  const seeded = options.seed !== 'none';
  const defaults = seeded ? ovh.defaults : null;
  const deployer = [...ovh.state.oauth2Clients.values()].find((client) => client.name === 'ci-deployer');
  const summary: SimulatorSummary = {
    ovh: {
      v1,
      v2: `${ovh.origin}/v2`,
      tokenUrl: `${ovh.origin}/auth/oauth2/token`,
      applicationKey: defaults?.applicationKey ?? null,
      applicationSecret: defaults?.applicationSecret ?? null,
      consumerKey: defaults?.consumerKey ?? null,
      serviceAccount: deployer ? { name: deployer.name, clientId: deployer.clientId, clientSecret: deployer.clientSecret } : null,
      projectId: [...ovh.state.projects.keys()][0] ?? null,
    },
    env: defaults
      ? {
          OVH_ENDPOINT: v1,
          OVH_APPLICATION_KEY: defaults.applicationKey,
          OVH_APPLICATION_SECRET: defaults.applicationSecret,
          OVH_CONSUMER_KEY: defaults.consumerKey,
          ...(tlsCertFile !== null ? { NODE_EXTRA_CA_CERTS: tlsCertFile } : {}),
        }
      : null,
    webpaas: {
      apiUrl,
      tokenUrl: webpaas.tokenUrl,
      apiToken: seeded ? webpaas.createApiToken({ name: 'ovh-credentials-simulator' }) : null,
      project: seeded ? webpaas.defaults.project : null,
      environments: seeded ? webpaas.defaults.environments : [],
    },
    tlsCertFile,
    seed: options.seed,
    iam: options.iam,
  };
  return { ovh, webpaas, summary, close };
}

/** The text summary printed at start. */
export function formatSummary(summary: SimulatorSummary): string {
  const { ovh, webpaas } = summary;
  const lines = [
    'ovh-credentials simulator: a local test fixture, NOT OVHcloud. Nothing here reaches the real API.',
    '',
    `  OVH API v1           ${ovh.v1}`,
    `  OVH API v2           ${ovh.v2}`,
    `  OVH OAuth2 token URL ${ovh.tokenUrl}`,
    `  Web PaaS API         ${webpaas.apiUrl}`,
    `  Web PaaS token URL   ${webpaas.tokenUrl}`,
  ];
  if (summary.tlsCertFile !== null) {
    lines.push(
      `  TLS certificate      ${summary.tlsCertFile}`,
      '                       trust it: NODE_EXTRA_CA_CERTS (Node), REQUESTS_CA_BUNDLE (Python), SSL_CERT_FILE (Go, curl)',
    );
  }
  lines.push('');
  if (summary.env !== null) {
    lines.push(
      'Simulator-only credentials, printed on purpose: they exist only in this process and work nowhere else.',
      'Paste these lines into your shell (or pass --write-env), then OvhClient.fromEnvironment() uses the simulator:',
      '',
      exportLines(summary.env),
      '  the consumer key is validated: GET/POST/PUT/PATCH/DELETE on /*',
      `  Public Cloud project ${ovh.projectId ?? 'none (--seed full has one)'}`,
    );
    if (ovh.serviceAccount !== null) {
      lines.push(
        `  service account      ${ovh.serviceAccount.name} (IAM policy: GET /me and the AI tokens of the project), instead of the keys:`,
        `    OVH_CLIENT_ID=${ovh.serviceAccount.clientId} OVH_CLIENT_SECRET=${ovh.serviceAccount.clientSecret}`,
      );
    }
    if (webpaas.apiToken !== null) {
      lines.push(
        `  Web PaaS API token   ${webpaas.apiToken}`,
        `                       (project ${webpaas.project ?? ''}: environments ${webpaas.environments.join(', ')})`,
      );
    }
  } else {
    lines.push('Seed: none. The simulators are empty: no application, key, project or API token exists.');
  }
  lines.push(
    '',
    `Consumer keys requested with POST ${ovh.v1}/auth/credential get a validationUrl: open it in a browser to`,
    'authorize or refuse the key.',
    `IAM for service accounts: ${summary.iam ? 'enforced' : 'off (--no-iam)'}. Seed: ${summary.seed}.`,
    'Ready. Stop with Ctrl+C.',
    '',
  );
  return lines.join('\n');
}

/**
 * Runs the command: starts the simulators, prints the summary, stops on SIGINT/SIGTERM. Resolves to the exit code
 * once stopped (at once for `--help` and errors).
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`ovh-credentials-simulator: ${error instanceof Error ? error.message : String(error)}\nRun with --help for the options.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let running: RunningSimulators;
  try {
    running = await startSimulators(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    const hint = code === 'EADDRINUSE' ? ' (choose other ports with --port and --webpaas-port; 0 picks a free one)' : '';
    process.stderr.write(`ovh-credentials-simulator: could not start: ${message}${hint}\n`);
    return 1;
  }

  const stopped = new Promise<string>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => resolve(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  if (options.envFile !== null && running.summary.env !== null) {
    try {
      // Secrets (of this process only): readable by the owner alone, also when the file was already there.
      writeFileSync(options.envFile, exportLines(running.summary.env), { mode: 0o600 });
      chmodSync(options.envFile, 0o600);
    } catch (error) {
      process.stderr.write(`ovh-credentials-simulator: could not write --write-env ${options.envFile}: ${(error as Error).message}\n`);
      await running.close();
      return 1;
    }
  }
  process.stdout.write(options.json ? `${JSON.stringify(running.summary)}\n` : formatSummary(running.summary));

  const signal = await stopped;
  // A second signal while closing (a client holding a request open) stops at once.
  const force = (): void => process.exit(1);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  if (!options.json) process.stdout.write(`\n${signal}: stopping...\n`);
  await running.close();
  process.off('SIGINT', force);
  process.off('SIGTERM', force);
  if (!options.json) process.stdout.write('Stopped.\n');
  return 0;
}

/** Whether this module is the program being run (`node cli.js`, `tsx cli.ts`, or the npm bin symlink). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ovh-credentials-simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
