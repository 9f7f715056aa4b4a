// Errors a new user meets early, saying what happened and what to do.
import { describe, expect, it } from 'vitest';
import { InputValidationError, NetworkError, OvhClient } from '../src/index.js';

const keys = { applicationKey: 'AKfirst001', applicationSecret: 'ASfirstSecret001', consumerKey: 'CKfirstSecret001' };
const failing =
  (code: string, urls: string[], when: (url: string) => boolean = () => true): typeof fetch =>
  async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    urls.push(url);
    if (url.endsWith('/auth/time') && !when(url)) return Response.json(Math.floor(Date.now() / 1000));
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(`simulated ${code}`), { code }) });
  };

/** A client whose requests fail with a socket error `code`, all but the clock sync (recorded in `urls`). */
const clientFailingAfterClockSync = (code: string, urls: string[]) =>
  new OvhClient({
    endpoint: 'ovh-eu',
    ...keys,
    configFile: false,
    env: {},
    fetch: failing(code, urls, (u) => !u.endsWith('/auth/time')),
    retry: { baseDelay: 1 },
  });

describe('a TLS certificate the machine does not trust', () => {
  it('is not retried, and says how to trust the certificate', async () => {
    const urls: string[] = [];
    const ovh = clientFailingAfterClockSync('SELF_SIGNED_CERT_IN_CHAIN', urls);
    const error = await ovh.credentials.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(
      'the TLS certificate of https://eu.api.ovh.com could not be verified (SELF_SIGNED_CERT_IN_CHAIN); it was not retried',
    );
    expect((error as Error).message).toContain('NODE_EXTRA_CA_CERTS');
    expect(urls.filter((u) => u.includes('/me/api/credential'))).toHaveLength(1);
  });

  it('a plain network error is still retried', async () => {
    const urls: string[] = [];
    const ovh = clientFailingAfterClockSync('ECONNRESET', urls);
    await expect(ovh.credentials.list()).rejects.toBeInstanceOf(NetworkError);
    expect(urls.filter((u) => u.includes('/me/api/credential'))).toHaveLength(3);
  });
});

describe('a network error while syncing the clock', () => {
  it("names the user's call, then what failed", async () => {
    const urls: string[] = [];
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...keys, configFile: false, env: {}, fetch: failing('ECONNREFUSED', urls), retry: false });
    const error = (await ovh.credentials.list().catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(
      /^GET \/me\/api\/credential could not be sent: GET \/auth\/time failed before any response from https:\/\/eu\.api\.ovh\.com \(ECONNREFUSED\)/,
    );
    expect(error).toMatchObject({ method: 'GET', path: '/me/api/credential' });
  });
});

describe('several invalid fields', () => {
  it('read as sentences: the first with its reason, then the others', async () => {
    const ovh = new OvhClient({ endpoint: 'ovh-eu', ...keys, configFile: false, env: {} });
    const error = (await ovh.auth
      .requestConsumerKey({ accessRules: [{ method: 'GET', path: 'me' }], redirection: 42 as never })
      .catch((e: unknown) => e)) as InputValidationError;
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toBe(
      'Invalid request.accessRules.0.path: path must start with "/" (e.g. "/me" or "/domain/*"). Also invalid: request.redirection. Nothing was sent.',
    );
  });
});
