// Runs a benchmark in a child Node process: a fresh heap for every figure, and environment (NODE_EXTRA_CA_CERTS)
// that must be set before the process starts, since Node's fetch reads extra CAs only at startup.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createThrowawayCertificate } from './tls.js';

const MARK = 'BENCH-RESULT ';
const FLAG = '--bench-worker';

/** Starts `file` (a bench module) as a worker with `input`, and resolves to what its `main` returned. */
export function runWorker<T>(file: string | URL, input: unknown, env: Record<string, string> = {}): Promise<T> {
  const path = typeof file === 'string' ? file : fileURLToPath(file);
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path, FLAG, JSON.stringify(input)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench worker ${path} exited with ${String(code)}:\n${err || out}`));
        return;
      }
      resolve(JSON.parse(line.slice(MARK.length)) as T);
    });
  });
}

/**
 * In a bench module: when this module was started by `runWorker`, runs `main` with its input and reports the
 * result. `moduleUrl` is the module's `import.meta.url` (a worker imports other bench modules, which must stay idle).
 */
export function workerEntry<I, T>(moduleUrl: string, main: (input: I) => Promise<T>): void {
  const at = process.argv.indexOf(FLAG);
  if (at === -1 || process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const input = JSON.parse(process.argv[at + 1] ?? '{}') as I;
  main(input).then(
    (result) => {
      process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
      // Keep-alive sockets and agents must not hold the worker open.
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * Runs `file` as a worker that trusts a throwaway certificate for 127.0.0.1 (NODE_EXTRA_CA_CERTS), and hands it the
 * key and certificate as `keyPath` and `certPath` beside `options`, for its TLS simulator.
 */
export async function runTlsWorker<T>(file: URL, options: object): Promise<T> {
  const certificate = createThrowawayCertificate();
  try {
    return await runWorker<T>(
      file,
      { ...options, keyPath: certificate.keyPath, certPath: certificate.certPath },
      {
        NODE_EXTRA_CA_CERTS: certificate.certPath,
      },
    );
  } finally {
    certificate.dispose();
  }
}
