// Plain-JS callers get the same protection as TypeScript's excess-property check: an unknown key in the clients'
// options or in a call's options is an InputValidationError naming it (and the closest known key) before anything
// is sent. The resources' own options objects are covered in strict-options.test.ts.
import { describe, expect, it } from 'vitest';
import { ConfigError, InputValidationError, OvhClient } from '../src/index.js';
import { OvhSimulator, WebPaasSimulator } from '../src/testing/index.js';
import { WebPaasClient } from '../src/webpaas/index.js';
import { manualClock } from './helpers/clock.js';

/** The error a call throws (synchronously or not). */
async function refusal(run: () => unknown): Promise<InputValidationError> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputValidationError);
  return error as InputValidationError;
}

const KEYS = { applicationKey: 'AKstrict01234567', applicationSecret: 'ASstrictSecret0123456', consumerKey: 'CKstrictSecret0123456' };

describe('client options', () => {
  it.each([
    [{ timout: 5 }, 'timout', 'timeout'],
    [{ retries: 3 }, 'retries', 'retry'],
    [{ applicationkey: 'x' }, 'applicationkey', 'applicationKey'],
    [{ consumer_key: 'x' }, 'consumer_key', 'consumerKey'],
    [{ onretry: () => {} }, 'onretry', 'onRetry'],
    [{ ratelimit: { requests: 1, perMs: 1 } }, 'ratelimit', 'rateLimit'],
  ])('new OvhClient(%j) names %s and suggests %s', async (options, key, near) => {
    const error = await refusal(() => new OvhClient({ ...KEYS, configFile: false, env: {}, ...(options as object) }));
    expect(error.field).toBe(key);
    expect(error.message).toContain(`Unknown option \`${key}\` in OvhClient options: did you mean \`${near}\`?`);
  });

  it('a key far from every known one is named without a guess, with the list of known ones', async () => {
    const error = await refusal(() => new OvhClient({ ...KEYS, configFile: false, env: {}, ...({ colour: 'blue' } as object) }));
    expect(error.message).toMatch(/^Unknown option `colour` in OvhClient options\. Known options: endpoint, baseUrl, /);
  });

  it('OvhClient.fromEnvironment() refuses credentials, saying where they go', async () => {
    const error = await refusal(() => OvhClient.fromEnvironment({ env: {}, configFile: false, ...({ applicationKey: 'x' } as object) }));
    expect(error.field).toBe('applicationKey');
    expect(error.message).toContain('pass them to new OvhClient() instead');
  });

  it('unknown keys inside retry and rateLimit are refused too', () => {
    expect(() => new OvhClient({ ...KEYS, configFile: false, env: {}, retry: { limit: 1, ...({ maxdelay: 5 } as object) } })).toThrow(
      /retry\.maxdelay is not a retry option/,
    );
    expect(() => new OvhClient({ ...KEYS, configFile: false, env: {}, rateLimit: { requests: 1, perMs: 1, ...({ bursts: 2 } as object) } })).toThrow(
      /rateLimit\.bursts is not a rate-limit option/,
    );
  });

  it('a misspelt retry key is named before a wrong value beside it', () => {
    expect(() => new OvhClient({ ...KEYS, configFile: false, env: {}, retry: { maxDelay: -1, ...({ lmit: 3 } as object) } })).toThrow(
      /^retry\.lmit is not a retry option/,
    );
  });

  it('a wrong value is described, not quoted, where it may hold a secret (a URL with a password given as fetch)', () => {
    const build = (options: object) => () => new OvhClient({ ...KEYS, configFile: false, env: {}, ...options });
    expect(build({ fetch: 'https://user:hunter2@proxy.example:8080' })).toThrow(/^fetch must be a function, got a string \(client option\)\.$/);
    expect(build({ now: Object.create(null) })).toThrow(ConfigError);
    expect(build({ now: Object.create(null) })).toThrow(/^now must be a function, got an object/);
    expect(build({ retry: [] })).toThrow(/^retry must be an object or false, got an array/);
    expect(build({ timeout: -5 })).toThrow(/^timeout must be a number of milliseconds above 0 .*, got -5 \(client option\)\.$/);
    // Methods and statuses are no secret: the list is quoted, so the wrong entry shows.
    expect(build({ retry: { methods: ['GET', 'post'] } })).toThrow(
      /^retry\.methods must list upper-case methods .*, got \["GET","post"\] \(client option\)\.$/,
    );
    expect(build({ retry: { statusCodes: [503, 200] } })).toThrow(/got \[503,200\] \(client option\)\.$/);
  });

  it('WebPaasClient and WebPaasClient.fromEnvironment() refuse unknown keys', async () => {
    const error = await refusal(() => new WebPaasClient({ apiToken: 'wpt_strict', env: {}, ...({ apiurl: 'https://x' } as object) }));
    expect(error.message).toContain('did you mean `apiUrl`?');
    const env = await refusal(() => WebPaasClient.fromEnvironment({ env: {}, ...({ apiToken: 'wpt_strict' } as object) }));
    expect(env.field).toBe('apiToken');
  });
});

describe('call options', () => {
  it('an unknown key in a call is refused before anything is sent, naming the closest key', async () => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    const ovh = new OvhClient({ baseUrl: 'http://127.0.0.1:1/1.0', ...sim.defaults, configFile: false, env: {}, fetch: sim.fetch });
    const before = sim.requests.length;
    const get = await refusal(() => ovh.credentials.list({}, { ...({ timout: 5 } as object) }));
    expect(get.message).toContain('Unknown option `timout` in call options: did you mean `timeout`?');
    const raw = await refusal(() => ovh.get('/me', { ...({ singal: AbortSignal.timeout(5) } as object) }));
    expect(raw.message).toContain('did you mean `signal`?');
    const del = await refusal(() => ovh.credentials.delete(1, { ...({ dryrun: true } as object) }));
    expect(del.field).toBe('dryrun');
    expect(sim.requests.length).toBe(before);
  });

  it('call options are checked in their order: timeout, totalTimeout, then retry', async () => {
    const ovh = new OvhClient({ ...KEYS, configFile: false, env: {} });
    const error = await refusal(() => ovh.get('/me', { totalTimeout: -1, retry: { limit: -1 } }));
    expect(error.field).toBe('totalTimeout');
  });

  it('ovh.paginate() refuses an unknown key among its page options, query and schema', async () => {
    const ovh = new OvhClient({ ...KEYS, configFile: false, env: {} });
    const error = await refusal(() => ovh.paginate('/v2/iam/policy', { ...({ pagesize: 5 } as object) }));
    expect(error.message).toContain('Unknown option `pagesize` in paginate options: did you mean `pageSize`?');
    expect(error.message).toContain('query, schema');
  });

  it('Web PaaS calls refuse unknown keys the same way', async () => {
    const sim = new WebPaasSimulator({ now: manualClock() });
    const paas = new WebPaasClient({
      apiToken: sim.createApiToken(),
      apiUrl: 'http://127.0.0.1:1',
      tokenUrl: 'http://127.0.0.1:1/oauth2/token',
      env: {},
      fetch: sim.fetch,
    });
    const before = sim.requests.length;
    const error = await refusal(() => paas.get('/projects', { ...({ retires: 1 } as object) }));
    expect(error.message).toContain('did you mean `retry`?');
    expect(sim.requests.length).toBe(before);
  });
});
