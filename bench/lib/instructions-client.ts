// The client process of figure 1: reads the credential `n` times, one after the other, through ovh-credentials'
// `credentials.get(id)` or the official client, then exits. bench/instructions.ts bundles it (the built package as
// `ovh-credentials-under-test`) into plain JavaScript, so that valgrind counts no TypeScript loader, and subtracts
// two runs of it.
// @ts-expect-error: an esbuild alias of dist/index.js, resolved when bench/instructions.ts bundles this file.
import * as built from 'ovh-credentials-under-test';
import type { InstructionsClient, InstructionsTarget } from '../instructions.js';
import { officialClient } from './official.js';
import type { Package } from './package.js';

const { target, client, n } = JSON.parse(process.argv[2] ?? '{}') as { target: InstructionsTarget; client: InstructionsClient; n: number };
let send: () => Promise<unknown>;
if (client === 'ovh-credentials') {
  const ours = new (built as Package).OvhClient({ baseUrl: target.base, ...target.keys, configFile: false, env: {} });
  send = () => ours.credentials.get(target.id);
} else {
  const official = officialClient(target.keys, target.port);
  send = () => official.requestPromised('GET', `/me/api/credential/${String(target.id)}`);
}
for (let i = 0; i < n; i++) {
  const c = (await send()) as { credentialId?: unknown };
  if (c.credentialId !== target.id) throw new Error(`${client} did not read credential ${String(target.id)}: ${JSON.stringify(c)}`);
}
// Keep-alive sockets must not hold the process open.
process.exit(0);
