// The official Node client (`ovh` on npm, CommonJS), pointed at the simulator.
import { createRequire } from 'node:module';

/** What the benchmarks use of the official client. */
export interface OfficialClient {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
  signRequest(method: string, url: string, body: string | null, timestamp: number): string;
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
