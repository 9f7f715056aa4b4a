// The official Node client (`ovh` on npm, CommonJS), pointed at the simulator.
import { createRequire } from 'node:module';

/** What the benchmarks use of the official client. */
export interface OfficialClient {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
  signRequest(method: string, url: string, body: string | null, timestamp: number): string;
  /** Server time − local time, s; `null` until its first signed call reads /auth/time. */
  apiTimeDiff: number | null;
}

/**
 * Reads the server's clock as the official client does before its first signed call, so that a timed read starts
 * with a synced client. (A `GET /auth/time` through `requestPromised` does not set it: the client would read the
 * clock again on its first signed call.)
 */
export async function syncOfficialClock(client: OfficialClient): Promise<void> {
  const time = (await client.requestPromised('GET', '/auth/time')) as number;
  client.apiTimeDiff = time - Math.round(Date.now() / 1000);
}

/** The official client, pointed at the simulator. */
export function officialClient(keys: { applicationKey: string; applicationSecret: string; consumerKey: string }, port: number): OfficialClient {
  const require = createRequire(import.meta.url);
  const create = require('ovh') as (params: Record<string, unknown>) => OfficialClient;
  const client = create({
    appKey: keys.applicationKey,
    appSecret: keys.applicationSecret,
    consumerKey: keys.consumerKey,
    host: '127.0.0.1',
    port,
    basePath: '/1.0',
  });
  // It signs `https://<host><path>` without the port (it only ever talked to :443), while the request's Host header,
  // which the simulator (like any server) takes as the URL, carries it. Sign what is sent: same work, right URL.
  const sign = client.signRequest.bind(client);
  client.signRequest = (method, url, body, timestamp) =>
    sign(method, url.replace('https://127.0.0.1/', `https://127.0.0.1:${port}/`), body, timestamp);
  return client;
}
