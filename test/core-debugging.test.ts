// Debugging without a debugger: OVH_CREDENTIALS_DEBUG=1 prints one line per attempt on stderr (method, path, status,
// time, query id) and each retry with its reason; errors serialize to JSON with what failed. No secret in either.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, OvhClient } from '../src/index.js';
import { OvhSimulator } from '../src/testing/index.js';
import { manualClock } from './helpers/clock.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function onSimulator(env: Record<string, string>) {
  const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
  const ovh = new OvhClient({
    ...sim.defaults,
    baseUrl: 'http://127.0.0.1:1/1.0',
    configFile: false,
    env,
    fetch: sim.fetch,
    retry: { baseDelay: 0 },
  });
  const secrets = [sim.defaults.applicationSecret, sim.defaults.consumerKey];
  return { sim, ovh, secrets };
}

describe('OVH_CREDENTIALS_DEBUG=1', () => {
  it('prints one line per attempt and one per retry on stderr, with no secret', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { sim, ovh, secrets } = onSimulator({ OVH_CREDENTIALS_DEBUG: '1' });
    sim.failNext({ method: 'GET', path: '/me/api/credential', status: 503, body: { message: 'maintenance' } });
    await ovh.credentials.list();
    const text = lines.join('');
    expect(text).toMatch(/^ovh-credentials: GET \/auth\/time → 200 in \d+ ms \(query id [^)]+\)$/m);
    expect(text).toMatch(/^ovh-credentials: GET \/me\/api\/credential → 503 in \d+ ms \(query id [^)]+\)$/m);
    expect(text).toMatch(/^ovh-credentials: retry 1 of GET \/me\/api\/credential \(503\)$/m);
    expect(text).toMatch(/^ovh-credentials: GET \/me\/api\/credential → 200 in \d+ ms/m);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('prints nothing without it', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { ovh } = onSimulator({});
    await ovh.credentials.list();
    expect(write).not.toHaveBeenCalled();
  });
});

describe('JSON.stringify(error)', () => {
  it('carries the name, message, status, query id, method and path, and no secret', async () => {
    const { ovh, secrets } = onSimulator({});
    const error = await ovh.credentials.get(999_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({ name: 'NotFoundError', status: 404, method: 'GET', path: '/me/api/credential/999999' });
    expect(json.message).toBe((error as Error).message);
    expect(json.queryId).toEqual(expect.any(String));
    for (const secret of secrets) expect(JSON.stringify(error)).not.toContain(secret);
  });
});
