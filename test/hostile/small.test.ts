// Issue 22, section 6: headers a call may not set, a user agent that cannot be sent, and a body cut in the middle
// reported as what it is.
import { describe, expect, it } from 'vitest';
import { ConfigError, InputValidationError, NetworkError, OvhClient } from '../../src/index.js';
import { OvhSimulator } from '../../src/testing/index.js';
import { manualClock } from '../helpers/clock.js';
import { server } from './servers.js';

const KEYS = { applicationKey: 'AKsmall0123456789', applicationSecret: 'ASsmallSecret0123456789', consumerKey: 'CKsmallSecret0123456789' };

describe("a call's headers", () => {
  it.each(['content-length', 'Transfer-Encoding', 'host'])('%s is refused before anything is sent', async (name) => {
    const sim = new OvhSimulator({ now: manualClock(), seed: 'minimal' });
    const ovh = new OvhClient({ ...sim.defaults, baseUrl: 'http://127.0.0.1:1/1.0', configFile: false, env: {}, fetch: sim.fetch });
    const error = await ovh.credentials.list({}, { headers: { [name]: '5' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).field).toBe(`headers.${name.toLowerCase()}`);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('the user agent', () => {
  it.each(['x\u0001y', 'caf\u00e9 \u2603'])('%j is refused when the client is built', (userAgent) => {
    expect(() => new OvhClient({ ...KEYS, configFile: false, env: {}, userAgent })).toThrow(ConfigError);
  });
});

describe('a body cut in the middle', () => {
  it('is a NetworkError that says the answer had begun, retried for a GET', async () => {
    const api = await server((req, res) => {
      if (req.url.endsWith('/auth/time')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(String(Math.floor(Date.now() / 1000)));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('[1,2,3,');
      setTimeout(() => res.destroy(), 5);
    });
    const ovh = new OvhClient({ baseUrl: `${api.url}/1.0`, ...KEYS, configFile: false, env: {}, retry: { baseDelay: 0 } });
    const error = (await ovh.credentials.list().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('failed while reading its answer');
    expect(error.message).toContain('(HTTP 200, headers received) (tried 3 times)');
    expect(error.message).not.toContain('before any response');
    expect(api.seen.filter((r) => r.url.includes('/me/api/credential'))).toHaveLength(3);
  });
});

describe('a credential with a character no header can carry (a newline left from a file)', () => {
  it.each([
    ['consumerKey', { applicationKey: 'ak', applicationSecret: 'as', consumerKey: 'Q7ZQ7Z\n' }],
    ['applicationKey', { applicationKey: 'Q7Z\u0000Q7Z', applicationSecret: 'as', consumerKey: 'ck' }],
    ['accessToken', { accessToken: 'Q7Z\u0001Q7Z' }],
  ])('%s: a ConfigError naming it, before anything is sent, without the value', (key, credentials) => {
    const sent: string[] = [];
    const build = () =>
      new OvhClient({
        endpoint: 'ovh-eu',
        ...credentials,
        configFile: false,
        env: {},
        fetch: async (input) => {
          sent.push(String(input));
          return new Response('0');
        },
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(new RegExp(`^${key} \\(from options\\) holds a line break`));
    try {
      build();
    } catch (error) {
      expect(`${(error as Error).message}${(error as Error).stack}`).not.toContain('Q7Z');
    }
    expect(sent).toEqual([]);
  });

  it('a token a server hands out with a control character: a ConfigError that does not quote it', async () => {
    const sim = new OvhSimulator({ now: manualClock() });
    const base = await sim.listen();
    try {
      const ovh = new OvhClient({
        baseUrl: base,
        clientId: 'EU.x',
        clientSecret: 'y',
        configFile: false,
        env: {},
        retry: false,
        // the token endpoint answers a token with a NUL inside
        fetch: async (input, init) => {
          const url = new Request(input, init).url;
          if (url.endsWith('/auth/oauth2/token')) {
            return Response.json({ access_token: 'TOKENsecret\u0000tail', token_type: 'Bearer', expires_in: 3600, scope: 'all' });
          }
          return globalThis.fetch(input, init);
        },
      });
      const error = (await ovh.get('/me').catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/^GET \/me was not sent: a header value holds/);
      expect(`${error.message}${error.stack}`).not.toContain('TOKENsecret');
    } finally {
      await sim.close();
    }
  });
});
