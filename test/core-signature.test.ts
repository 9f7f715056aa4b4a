import { createRequire } from 'node:module';
import fc from 'fast-check';
import { HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../src/core/signature.js';
import { API, KEYS, makeClient, referenceSignature, setupMockApi } from './helpers/msw.js';

const mock = setupMockApi();

// Vectors computed once with an independent `sha1(parts.join('+'))` and pasted here, so a change in the
// reference helper cannot silently move both sides.
const AS = 'EXEMPLEASsecret';
const CK = 'EXEMPLECKkey';
const VECTORS = [
  {
    input: { method: 'GET', url: 'https://eu.api.ovh.com/1.0/me', body: '', timestamp: 1366560945 },
    expected: '$1$59d2dd4d458dfe1f6a22ceda0b740d4b714c5ce5',
  },
  {
    input: {
      method: 'POST',
      url: 'https://eu.api.ovh.com/1.0/me/api/credential?status=expired&x=1',
      body: '{"name":"café 日本 🚀"}',
      timestamp: 1700000000,
    },
    expected: '$1$0f2e303eb2c20b6b860e2adaf3f274aa7606ab1f',
  },
  {
    input: { method: 'PUT', url: 'https://eu.api.ovh.com/1.0/me/api/credential/42', body: '{"allowedIPs":["10.0.0.0/8"]}', timestamp: 1700000001 },
    expected: '$1$171e55c27cad6008e8328758fe00b949eb1e67ce',
  },
] as const;

const FROZEN_MS = 1_700_000_000_000;

describe('signRequest (pure)', () => {
  it.each(VECTORS)('$input.method $input.url → $expected', ({ input, expected }) => {
    const sig = signRequest({ applicationSecret: AS, consumerKey: CK, ...input });
    expect(sig).toBe(expected);
    expect(sig).toBe(referenceSignature(AS, CK, input.method, input.url, input.body, input.timestamp));
    expect(sig).toMatch(/^\$1\$[0-9a-f]{40}$/);
  });

  it('every part matters: changing one character of any part changes the signature', () => {
    const base = { applicationSecret: AS, consumerKey: CK, ...VECTORS[1].input };
    const variants = [
      { ...base, applicationSecret: `${AS}x` },
      { ...base, consumerKey: `${CK}x` },
      { ...base, method: 'PUT' },
      { ...base, url: base.url.replace('x=1', 'x=2') },
      { ...base, body: base.body.replace('é', 'e') },
      { ...base, timestamp: base.timestamp + 1 },
    ];
    for (const v of variants) expect(signRequest(v)).not.toBe(VECTORS[1].expected);
  });

  it('property: equals the independent reference for arbitrary unicode in every part', () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 });
    fc.assert(
      fc.property(
        text,
        text,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        text,
        text,
        fc.integer({ min: 0, max: 2 ** 40 }),
        (as, ck, method, url, body, ts) => {
          expect(signRequest({ applicationSecret: as, consumerKey: ck, method, url, body, timestamp: ts })).toBe(
            referenceSignature(as, ck, method, url, body, ts),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('what the client signs on the wire', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(FROZEN_MS);
    mock.secrets.set('AKvectors', AS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a POST with a query string and a non-ASCII body matches the literal vector', async () => {
    mock.on('POST', '/me/api/credential', () => HttpResponse.json({ ok: true }));
    const ovh = makeClient({ applicationKey: 'AKvectors', applicationSecret: AS, consumerKey: CK });
    await ovh.post('/me/api/credential', { name: 'café 日本 🚀' }, { query: { status: 'expired', x: 1 } });
    const [rec] = mock.to('/1.0/me/api/credential', 'POST');
    expect(rec?.url).toBe(VECTORS[1].input.url);
    expect(rec?.body).toBe(VECTORS[1].input.body);
    expect(rec?.headers['x-ovh-timestamp']).toBe('1700000000');
    expect(rec?.headers['x-ovh-signature']).toBe(VECTORS[1].expected);
    expect(rec?.headers['x-ovh-application']).toBe('AKvectors');
    expect(rec?.headers['x-ovh-consumer']).toBe(CK);
    expect(rec?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a GET with no body matches the literal vector (empty body signed as "")', async () => {
    vi.setSystemTime(1366560945_000);
    mock.on('GET', '/me', () => HttpResponse.json({}));
    const ovh = makeClient({ applicationKey: 'AKvectors', applicationSecret: AS, consumerKey: CK });
    await ovh.get('/me');
    expect(mock.to('/1.0/me')[0]?.headers['x-ovh-signature']).toBe(VECTORS[0].expected);
  });

  it('non-ASCII bodies are signed over the exact UTF-8 text that is sent', async () => {
    mock.on('PUT', '/me/thing', () => HttpResponse.json(null));
    const ovh = makeClient();
    const body = { text: 'é 日本 🚀 \u2028 "quoted" \\ back', nested: { emoji: '👩‍👩‍👧' } };
    await ovh.put('/me/thing', body);
    const [rec] = mock.to('/1.0/me/thing');
    expect(rec?.body).toBe(JSON.stringify(body));
    expect(rec?.signatureValid).toBe(true);
    // Signed over the characters, not over an ASCII-escaped form.
    expect(rec?.headers['x-ovh-signature']).not.toBe(
      referenceSignature(
        KEYS.applicationSecret,
        KEYS.consumerKey,
        'PUT',
        rec!.url,
        JSON.stringify(body).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
        rec!.headers['x-ovh-timestamp']!,
      ),
    );
  });

  it('query values with reserved and non-ASCII characters are signed as sent', async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([]));
    const ovh = makeClient();
    await ovh.get('/me/api/credential', { query: { q: 'a b&c=d/é', flag: true, ids: [1, 2], skip: undefined } });
    const [rec] = mock.to('/1.0/me/api/credential');
    expect(rec?.url).toBe(`${API}/me/api/credential?q=a%20b%26c%3Dd%2F%C3%A9&flag=true&ids=1&ids=2`);
    expect(rec?.signatureValid).toBe(true);
  });

  it('property: arbitrary unicode JSON bodies verify on the server', async () => {
    mock.on('POST', '/echo', () => HttpResponse.json(null));
    const ovh = makeClient();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 30 }), async (s) => {
        const before = mock.requests.length;
        await ovh.post('/echo', { s });
        const rec = mock.requests.at(-1)!;
        expect(mock.requests.length).toBeGreaterThan(before);
        expect(rec.body).toBe(JSON.stringify({ s }));
        expect(rec.signatureValid).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('byte-for-byte parity with the official node-ovh client', () => {
  const require = createRequire(import.meta.url);
  type Callback = (error: unknown, result?: unknown) => void;
  type LegacyClient = { request(method: string, path: string, params: Record<string, unknown>, cb: Callback): void };
  const legacyFactory = require('ovh') as (params: Record<string, unknown>) => LegacyClient;
  const DIFF = 7;

  function legacyCall(method: string, path: string, params: Record<string, unknown>): Promise<unknown> {
    const legacy = legacyFactory({
      ...{ appKey: KEYS.applicationKey, appSecret: KEYS.applicationSecret, consumerKey: KEYS.consumerKey },
      endpoint: 'ovh-eu',
      apiTimeDiff: DIFF,
    });
    return new Promise((resolve, reject) =>
      legacy.request(method, path, params, (error, result) =>
        error ? reject(new Error(`node-ovh: ${String(error)} ${String(result)}`)) : resolve(result),
      ),
    );
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(FROZEN_MS + 400);
    // Our clock learns the same delta from /auth/time that node-ovh is given as apiTimeDiff.
    mock.serverOffset = DIFF;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('GET with a query string: same URL, timestamp and signature; both accepted by the verifier', async () => {
    mock.on('GET', '/me/api/credential', () => HttpResponse.json([1, 2]));
    const ours = makeClient();
    expect(await ours.get('/me/api/credential', { query: { status: 'expired', applicationId: 12 } })).toEqual([1, 2]);
    expect(await legacyCall('GET', '/me/api/credential', { status: 'expired', applicationId: 12 })).toEqual([1, 2]);
    const [a, b] = mock.to('/1.0/me/api/credential');
    expect(a && b).toBeTruthy();
    expect(b!.url).toBe(a!.url);
    expect(a!.url).toBe(`${API}/me/api/credential?status=expired&applicationId=12`);
    expect(b!.headers['x-ovh-timestamp']).toBe(String(Math.round(FROZEN_MS / 1000) + DIFF));
    expect(a!.headers['x-ovh-timestamp']).toBe(b!.headers['x-ovh-timestamp']);
    expect(a!.headers['x-ovh-signature']).toBe(b!.headers['x-ovh-signature']);
    expect(a!.signatureValid).toBe(true);
    expect(b!.signatureValid).toBe(true);
  });

  it('POST with an ASCII JSON body: same body text and signature', async () => {
    mock.on('POST', '/me/api/oauth2/client', () => HttpResponse.json({ clientId: 'c', clientSecret: 's' }));
    const body = { name: 'ci', description: 'deploys', flow: 'CLIENT_CREDENTIALS', callbackUrls: ['https://x.example/cb'] };
    const ours = makeClient();
    await ours.post('/me/api/oauth2/client', body);
    await legacyCall('POST', '/me/api/oauth2/client', { ...body });
    const [a, b] = mock.to('/1.0/me/api/oauth2/client', 'POST');
    expect(b!.body).toBe(a!.body);
    expect(a!.headers['x-ovh-timestamp']).toBe(b!.headers['x-ovh-timestamp']);
    expect(a!.headers['x-ovh-signature']).toBe(b!.headers['x-ovh-signature']);
    expect(b!.signatureValid).toBe(true);
  });

  it('node-ovh escapes non-ASCII bodies, so signatures differ, yet each is valid over what it sent', async () => {
    mock.on('POST', '/me/thing', () => HttpResponse.json(null));
    await makeClient().post('/me/thing', { name: 'café' });
    await legacyCall('POST', '/me/thing', { name: 'café' });
    const [a, b] = mock.to('/1.0/me/thing');
    expect(a!.body).toBe('{"name":"café"}');
    expect(b!.body).toBe('{"name":"caf\\u00e9"}');
    expect(a!.signatureValid).toBe(true);
    expect(b!.signatureValid).toBe(true);
  });

  it('a tampered node-ovh signature is refused by the verifying handler (the verifier can fail)', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({}));
    mock.secrets.set(KEYS.applicationKey, 'not-the-secret');
    await expect(legacyCall('GET', '/me', {})).rejects.toThrow(/400/);
    expect(mock.to('/1.0/me')[0]?.signatureValid).toBe(false);
  });
});
