import { inspect } from 'node:util';
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { OvhClient, type OvhClientOptions } from '../src/client.js';
import {
  AuthenticationError,
  ConfigError,
  ForbiddenError,
  NetworkError,
  OvhError,
  ResponseValidationError,
  OvhTimeoutError,
} from '../src/core/errors.js';
import { Secret, secret } from '../src/core/redact.js';
import { KEYS, makeClient, ovhError, setupMockApi, sleep } from './helpers/msw.js';

const mock = setupMockApi();

afterEach(() => {
  vi.useRealTimers();
});

const CLIENT_SECRET = 'oauthClientSecretValue-zz99';
const TOKEN_URL = 'https://www.ovh.com/auth/oauth2/token';
const SECRETS = [KEYS.applicationSecret, KEYS.consumerKey, CLIENT_SECRET];

/** Every way a user might print an error or a client. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value),
    inspect(value, { depth: 20, showHidden: true }),
    inspect(value, { depth: 20, customInspect: false }),
    JSON.stringify(value) ?? '',
    String(value),
    `${value as string}`,
  ];
  if (value instanceof Error) out.push(value.message, value.stack ?? '');
  return out;
}

function expectNoSecrets(value: unknown, secrets: readonly string[] = SECRETS): void {
  for (const text of renderings(value)) {
    for (const s of secrets) expect(text, `leaked in: ${text.slice(0, 300)}`).not.toContain(s);
  }
}

async function failure(promise: Promise<unknown>): Promise<OvhError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OvhError);
    return error as OvhError;
  }
  throw new Error('expected a failure');
}

function oauthClient(overrides: OvhClientOptions = {}): OvhClient {
  return new OvhClient({
    endpoint: 'ovh-eu',
    clientId: 'my-client-id',
    clientSecret: CLIENT_SECRET,
    configFile: false,
    env: {},
    retry: { baseDelay: 1 },
    ...overrides,
  });
}

describe('Secret', () => {
  const s = new Secret('hunter2-value');

  it('prints [redacted] everywhere and reveals on demand', () => {
    expect(String(s)).toBe('[redacted]');
    expect(`${s}`).toBe('[redacted]');
    expect(`${s}`).toBe('[redacted]');
    expect(JSON.stringify(s)).toBe('"[redacted]"');
    expect(JSON.stringify({ s })).toBe('{"s":"[redacted]"}');
    expect(inspect(s)).not.toContain('hunter2');
    expect(inspect({ nested: { s } }, { depth: 10 })).not.toContain('hunter2');
    expect(inspect(s, { showHidden: true })).not.toContain('hunter2');
    expect(inspect(s, { customInspect: false })).not.toContain('hunter2');
    expect(s.reveal()).toBe('hunter2-value');
  });

  it('secret() wraps strings and passes Secrets through', () => {
    expect(secret(s)).toBe(s);
    expect(secret('abc').reveal()).toBe('abc');
  });
});

describe('clients never show their secrets', () => {
  it('signed client: inspect, JSON, String', async () => {
    const ovh = makeClient();
    expectNoSecrets(ovh);
    expect(JSON.parse(JSON.stringify(ovh))).toEqual({
      endpoint: 'ovh-eu',
      baseUrl: 'https://eu.api.ovh.com/1.0',
      authKind: 'signed',
      applicationKey: KEYS.applicationKey,
    });
    // Still true after it has been used (clock synced, headers built).
    mock.on('GET', '/me', () => HttpResponse.json({}));
    await ovh.get('/me');
    expectNoSecrets(ovh);
  });

  it('OAuth2 client: neither the client secret nor the access token show', async () => {
    mock.on('POST', TOKEN_URL, () => HttpResponse.json({ access_token: 'accessTokenValue-0001', token_type: 'Bearer', expires_in: 3599 }));
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = oauthClient();
    expectNoSecrets(ovh);
    await ovh.get('/me');
    expectNoSecrets(ovh, [...SECRETS, 'accessTokenValue-0001']);
  });

  it('secrets read from env do not show either', () => {
    const ovh = new OvhClient({
      configFile: false,
      env: { OVH_APPLICATION_KEY: 'AKenv', OVH_APPLICATION_SECRET: KEYS.applicationSecret, OVH_CONSUMER_KEY: KEYS.consumerKey },
    });
    expectNoSecrets(ovh);
  });

  it('debug logs and retry events carry no secrets', async () => {
    mock.on('GET', '/me', ({ attempt }) => (attempt === 1 ? ovhError(503, { message: `down ${KEYS.consumerKey}` }) : HttpResponse.json({})));
    const lines: string[] = [];
    const logger = { debug: (m: string, d?: unknown) => lines.push(m + inspect(d)), warn: (m: string, d?: unknown) => lines.push(m + inspect(d)) };
    const onRetry = vi.fn();
    await makeClient({ logger, onRetry }).get('/me');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of [...lines, inspect(onRetry.mock.calls, { depth: 10 })]) {
      for (const s of SECRETS) expect(line).not.toContain(s);
    }
  });
});

describe('errors never carry secrets', () => {
  it('ConfigError (both kinds configured, secrets in env)', () => {
    let error: unknown;
    try {
      new OvhClient({
        configFile: false,
        env: {
          OVH_APPLICATION_KEY: 'AKenv',
          OVH_APPLICATION_SECRET: KEYS.applicationSecret,
          OVH_CONSUMER_KEY: KEYS.consumerKey,
          OVH_CLIENT_ID: 'cid',
          OVH_CLIENT_SECRET: CLIENT_SECRET,
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecrets(error);
  });

  it('ConfigError (missing application key, secrets present)', () => {
    let error: unknown;
    try {
      new OvhClient({ configFile: false, env: { OVH_APPLICATION_SECRET: KEYS.applicationSecret, OVH_CONSUMER_KEY: KEYS.consumerKey } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expectNoSecrets(error);
  });

  it('an API error whose message and details echo the consumer key and secret', async () => {
    mock.on('GET', '/me', () =>
      ovhError(403, {
        class: 'Client::Forbidden',
        errorCode: 'NOT_GRANTED_CALL',
        message: `Consumer key ${KEYS.consumerKey} (secret ${KEYS.applicationSecret}) is not granted`,
        details: { consumerKey: KEYS.consumerKey, note: `as=${KEYS.applicationSecret}` },
      }),
    );
    const error = await failure(makeClient({ retry: false }).get('/me'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).apiMessage).toContain('[redacted]');
    expectNoSecrets(error);
  });

  it('an API error echoing the secrets in an HTML page', async () => {
    mock.on('GET', '/me', () => new HttpResponse(`<html>${KEYS.consumerKey}</html>`, { status: 401, headers: { 'Content-Type': 'text/html' } }));
    expectNoSecrets(await failure(makeClient({ retry: false }).get('/me')));
  });

  it('a network error (its cause chain holds the request)', async () => {
    mock.on('POST', '/me/thing', () => HttpResponse.error());
    const error = await failure(makeClient().post('/me/thing', { a: 1 }));
    expect(error).toBeInstanceOf(NetworkError);
    expectNoSecrets(error);
  });

  it('a timeout error', async () => {
    mock.on('GET', '/me', async () => {
      await sleep(300);
      return HttpResponse.json({});
    });
    const error = await failure(makeClient({ timeout: 50, retry: false }).get('/me'));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expectNoSecrets(error);
  });

  it('a response validation error on a body that echoes the consumer key', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({ id: KEYS.consumerKey }));
    const error = await failure(makeClient().get('/me', { schema: z.object({ id: z.number() }) }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expectNoSecrets(error);
  });
});

describe('OAuth2 client credentials', () => {
  function tokenHandler(tokens: string[] = ['tok-1', 'tok-2', 'tok-3'], expiresIn = 3599) {
    mock.on('POST', TOKEN_URL, ({ attempt }) =>
      HttpResponse.json({ access_token: tokens[attempt - 1] ?? `tok-${attempt}`, token_type: 'Bearer', expires_in: expiresIn, scope: 'all' }),
    );
  }
  const tokenCalls = () => mock.requests.filter((r) => r.url === TOKEN_URL);
  const apiCalls = () => mock.to('/1.0/me');

  it('fetches a token with the client credentials form, then sends Authorization: Bearer and no signature', async () => {
    tokenHandler();
    mock.on('GET', '/me', () => HttpResponse.json({ nichandle: 'ab1-ovh' }));
    expect(await oauthClient().get('/me')).toEqual({ nichandle: 'ab1-ovh' });
    const [token] = tokenCalls();
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'my-client-id',
      client_secret: CLIENT_SECRET,
      scope: 'all',
    });
    const [api] = apiCalls();
    expect(api?.headers.authorization).toBe('Bearer tok-1');
    expect(api?.headers['x-ovh-signature']).toBeUndefined();
    expect(api?.headers['x-ovh-consumer']).toBeUndefined();
    // No clock sync is needed for bearer auth.
    expect(mock.to('/1.0/auth/time')).toHaveLength(0);
  });

  it('caches the token: 2 calls → 1 token request', async () => {
    tokenHandler();
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = oauthClient();
    await ovh.get('/me');
    await ovh.get('/me');
    expect(tokenCalls()).toHaveLength(1);
    expect(apiCalls().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
  });

  it('concurrent first calls share one token request', async () => {
    mock.on('POST', TOKEN_URL, async () => {
      await sleep(50);
      return HttpResponse.json({ access_token: 'tok-shared', token_type: 'Bearer', expires_in: 3599 });
    });
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = oauthClient();
    await Promise.all(Array.from({ length: 8 }, () => ovh.get('/me')));
    expect(tokenCalls()).toHaveLength(1);
    expect(apiCalls()).toHaveLength(8);
    expect(apiCalls().every((r) => r.headers.authorization === 'Bearer tok-shared')).toBe(true);
  });

  it('refreshes before expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    tokenHandler(['tok-1', 'tok-2'], 100);
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = oauthClient();
    await ovh.get('/me');
    vi.setSystemTime(1_700_000_000_000 + 60_000); // well inside the lifetime
    await ovh.get('/me');
    vi.setSystemTime(1_700_000_000_000 + 95_000); // 5 s before expiry: inside the refresh margin
    await ovh.get('/me');
    expect(tokenCalls()).toHaveLength(2);
    expect(apiCalls().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('a 401 refreshes the token once and retries', async () => {
    tokenHandler();
    mock.on('GET', '/me', ({ request }) =>
      request.headers.get('authorization') === 'Bearer tok-1'
        ? ovhError(401, { class: 'Client::Unauthorized', message: 'Invalid token' })
        : HttpResponse.json({ ok: true }),
    );
    expect(await oauthClient().get('/me')).toEqual({ ok: true });
    expect(tokenCalls()).toHaveLength(2);
    expect(apiCalls().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('a second 401 surfaces as AuthenticationError after exactly one refresh', async () => {
    tokenHandler();
    mock.on('GET', '/me', () => ovhError(401, { class: 'Client::Unauthorized', message: 'Invalid token' }));
    const error = await failure(oauthClient().get('/me'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(tokenCalls()).toHaveLength(2);
    expect(apiCalls()).toHaveLength(2);
  });

  it('a refused client secret → AuthenticationError without the secret, even when the server echoes it', async () => {
    mock.on('POST', TOKEN_URL, () =>
      HttpResponse.json({ error: 'invalid_client', error_description: `client_secret ${CLIENT_SECRET} is invalid` }, { status: 401 }),
    );
    const error = await failure(oauthClient().get('/me'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client' });
    expect(error.message).toMatch(/client id or secret was refused/);
    expectNoSecrets(error);
    expect(apiCalls()).toHaveLength(0);
  });

  it('a 400 invalid_grant is an AuthenticationError too, and the token POST is not repeated on 4xx', async () => {
    mock.on('POST', TOKEN_URL, () => HttpResponse.json({ error: 'invalid_grant', error_description: 'bad' }, { status: 400 }));
    const error = await failure(oauthClient().get('/me'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(tokenCalls()).toHaveLength(1);
  });
});
