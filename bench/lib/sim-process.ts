// Starts bench/sim-server.ts in a child process and hands back where it listens, and a line to it over IPC.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimCommand, SimReply, SimRequest, SimServerConfig, SimStats } from '../sim-server.js';

/** A simulator serving in another process. */
export interface SimProcess {
  /** v1 base URL, e.g. `https://127.0.0.1:34567/1.0`. */
  base: string;
  port: number;
  defaults: { applicationKey: string; applicationSecret: string; consumerKey: string };
  /** Ids of the seeded credentials (the default key not included). */
  ids: number[];
  /** Responses sent so far, per status (since the start or the last `resetStats`). */
  stats(): Promise<SimStats>;
  /** Starts counting responses afresh; resolves to the counts until now. */
  resetStats(): Promise<SimStats>;
  /** Sets the latency the simulator adds to each following response, ms. */
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Spawns the simulator process and resolves once it listens. */
export function startSimProcess(config: SimServerConfig): Promise<SimProcess> {
  const script = fileURLToPath(new URL('../sim-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
  let nextId = 0;
  const pending = new Map<number, (reply: SimReply) => void>();
  child.on('message', (reply: SimReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const { stdin, stdout } = child;
  if (stdin === null || stdout === null) throw new Error('the simulator process has no stdin or stdout');
  const ask = (command: SimRequest): Promise<SimStats> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => resolve(reply.stats));
      child.send({ ...command, id } as SimCommand, (error) => {
        if (error) {
          pending.delete(id);
          reject(error);
        }
      });
    });
  return new Promise<SimProcess>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const end = out.indexOf('\n');
      if (end === -1) return;
      stdout.off('data', onData);
      // Keep reading (and dropping) its output: a paused pipe would never see its end, nor the child its 'close'.
      stdout.resume();
      const ready = JSON.parse(out.slice(0, end)) as Pick<SimProcess, 'base' | 'defaults' | 'ids'>;
      const closed = new Promise<void>((done) => child.once('close', () => done()));
      resolve({
        ...ready,
        port: Number(new URL(ready.base).port),
        stats: () => ask({ type: 'stats' }),
        resetStats: () => ask({ type: 'reset-stats' }),
        setLatency: async (ms) => {
          await ask({ type: 'latency', ms });
        },
        close: () => {
          // It exits when its stdin ends, closing the IPC channel with it (a disconnect() from here would keep
          // 'close' from ever firing).
          stdin.end();
          return closed;
        },
      });
    };
    stdout.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`simulator process exited early (${String(code)})`)));
  });
}
