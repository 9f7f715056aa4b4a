// The simulator in its own process, serving TLS on 127.0.0.1, for the client-side benchmarks: the measuring
// process then only runs client code, so its CPU time is the clients' own cost. Started by lib/sim-process.ts;
// prints one JSON line ({ base, defaults, ids }) and serves until its stdin closes. Over the IPC channel it
// answers `stats` (how many responses of each status it sent, e.g. the 429s of a rate-limited run), and takes
// `reset-stats` and `latency` (a new latency for the next requests).
import { readFileSync } from 'node:fs';
import { OvhSimulator, serve } from '../src/testing/index.js';

export interface SimServerConfig {
  /** TLS key and certificate; plain HTTP without them. */
  keyPath?: string;
  certPath?: string;
  /** Credentials to seed besides the default key (which is validated and granted everything). */
  credentials: number;
  /** Latency added to every response, ms. */
  latencyMs: number;
  /** The simulator's rate limit (`new OvhSimulator({ rateLimit })`); none by default. */
  rateLimit?: { requests: number; perMs: number; burst?: number };
}

/** What the simulator answered since it started (or since the last `reset-stats`). */
export interface SimStats {
  /** Requests answered. */
  requests: number;
  /** Responses per HTTP status (`0` for a dropped connection). */
  byStatus: Record<number, number>;
}

/** What the simulator process can be asked over IPC. */
export type SimRequest = { type: 'stats' } | { type: 'reset-stats' } | { type: 'latency'; ms: number };
/** A `SimRequest` on the wire, answered by one `SimReply` with the same `id`. */
export type SimCommand = SimRequest & { id: number };
/** The simulator process's answer to a `SimCommand`. */
export interface SimReply {
  id: number;
  stats: SimStats;
}

const config = JSON.parse(process.argv[2] ?? '{}') as SimServerConfig;
const sim = new OvhSimulator({ seed: 'minimal', ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}) });
const ids = sim.seedCredentials(config.credentials);
sim.setLatency(config.latencyMs);
const tls = config.keyPath && config.certPath ? { key: readFileSync(config.keyPath), cert: readFileSync(config.certPath) } : undefined;
let stats: SimStats = { requests: 0, byStatus: {} };
// serve() rather than sim.listen(), to see each response's status on its way out.
const server = await serve(
  async (request, context) => {
    const response = await sim.handle(request, context);
    stats.requests++;
    stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
    return response;
  },
  tls ? { tls } : {},
);
process.stdout.write(`${JSON.stringify({ base: `${server.url}/1.0`, defaults: sim.defaults, ids })}\n`);
process.on('message', (command: SimCommand) => {
  if (command.type === 'latency') sim.setLatency(command.ms);
  const reply: SimReply = { id: command.id, stats };
  if (command.type === 'reset-stats') stats = { requests: 0, byStatus: {} };
  process.send?.(reply);
});
process.stdin.on('end', () => {
  void server.close().finally(() => process.exit(0));
  // Keep-alive sockets of clients that are still open must not keep us waiting.
  setTimeout(() => process.exit(0), 1000).unref();
});
process.stdin.resume();
