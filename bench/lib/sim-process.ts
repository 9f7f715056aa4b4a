// Starts bench/sim-server.ts in a child process and hands back where it listens.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimServerConfig } from '../sim-server.js';

/** A simulator serving in another process. */
export interface SimProcess {
  /** v1 base URL, e.g. `https://127.0.0.1:34567/1.0`. */
  base: string;
  port: number;
  defaults: { applicationKey: string; applicationSecret: string; consumerKey: string };
  /** Ids of the seeded credentials (the default key not included). */
  ids: number[];
  close(): Promise<void>;
}

export function startSimProcess(config: SimServerConfig): Promise<SimProcess> {
  const script = fileURLToPath(new URL('../sim-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise<SimProcess>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const end = out.indexOf('\n');
      if (end === -1) return;
      child.stdout.off('data', onData);
      const ready = JSON.parse(out.slice(0, end)) as Omit<SimProcess, 'close' | 'port'>;
      const closed = new Promise<void>((done) => child.once('close', () => done()));
      resolve({
        ...ready,
        port: Number(new URL(ready.base).port),
        close: () => {
          child.stdin.end();
          return closed;
        },
      });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`simulator process exited early (${String(code)})`)));
  });
}
