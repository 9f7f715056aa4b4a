import { it, expect } from 'vitest';
import { WebPaasClient } from '../src/index.js';
import { WebPaasSimulator } from '../src/testing/index.js';
it('smoke', async () => {
  const sim = new WebPaasSimulator({ activityDurationMs: 30 });
  const paas = new WebPaasClient({ apiToken: sim.createApiToken(), fetch: sim.fetch, env: {} });
  const project = sim.defaults.project;
  const r = await paas.variables.create({ project, environment: 'main', name: 'env:API_KEY', value: 'supersecret', sensitive: true }, { wait: true, pollInterval: 10, onProgress: (a) => console.log(a.state) });
  console.log(JSON.stringify(r, null, 1));
  await paas.variables.create({ project, name: 'P', value: '{"a":1}', json: true });
  console.log(await paas.variables.list({ project, environment: 'staging' }));
  console.log(sim.requests.map((r) => `${r.method} ${r.url} ${r.body}`));
});
