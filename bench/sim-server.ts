// The simulator in its own process, serving TLS on 127.0.0.1, for the client-side benchmarks: the measuring
// process then only runs client code, so its CPU time is the clients' own cost. Started by lib/sim-process.ts;
// prints one JSON line ({ base, defaults, ids }) and serves until its stdin closes.
import { readFileSync } from 'node:fs';
import { OvhSimulator } from '../src/testing/index.js';

export interface SimServerConfig {
  /** TLS key and certificate; plain HTTP without them. */
  keyPath?: string;
  certPath?: string;
  /** Credentials to seed besides the default key (which is validated and granted everything). */
  credentials: number;
  /** Latency added to every response, ms. */
  latencyMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as SimServerConfig;
const sim = new OvhSimulator({ seed: 'minimal' });
const ids = sim.seedCredentials(config.credentials);
sim.setLatency(config.latencyMs);
const tls = config.keyPath && config.certPath ? { key: readFileSync(config.keyPath), cert: readFileSync(config.certPath) } : undefined;
const base = await sim.listen(tls ? { tls } : {});
process.stdout.write(`${JSON.stringify({ base, defaults: sim.defaults, ids })}\n`);
process.stdin.on('end', () => {
  void sim.close().finally(() => process.exit(0));
  // Keep-alive sockets of clients that are still open must not keep us waiting.
  setTimeout(() => process.exit(0), 1000).unref();
});
process.stdin.resume();
