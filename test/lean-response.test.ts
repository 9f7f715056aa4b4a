// The lean Response the SDK's fetch resolves with (src/core/lean-response.ts): which members of fetch's Response it
// supports, and that each behaves as fetch's does, checked side by side with a real Response over the same bytes.
// Then the paths that reach it: ky accepts it, msw still sees the default fetch's requests, and a fetch of the
// user's is still wrapped (read whole, signed per attempt).
import ky, { HTTPError } from 'ky';
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, NotFoundError, TimeoutError } from '../src/core/errors.js';
import { LeanHeaders, LeanResponse } from '../src/core/lean-response.js';
import { settle, useFakeTime } from './helpers/clock.js';
import { KEYS, makeClient, referenceSignature, setupMockApi, verifyRecord } from './helpers/msw.js';

const mock = setupMockApi();
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Every member of fetch's Response, and how the lean one provides it. A Node release that adds a member to Response
 * fails the first test until this table says what the lean one does about it.
 */
const MEMBERS: Record<string, 'own' | 'through a real Response built on first use'> = {
  type: 'own',
  url: 'own',
  redirected: 'own',
  status: 'own',
  ok: 'own',
  statusText: 'own',
  headers: 'own',
  bodyUsed: 'own',
  text: 'own',
  json: 'own',
  arrayBuffer: 'own',
  bytes: 'own',
  clone: 'own',
  body: 'through a real Response built on first use',
  blob: 'through a real Response built on first use',
  formData: 'through a real Response built on first use',
};

interface Init {
  status?: number;
  statusText?: string;
  headers?: Array<[string, string]>;
}

/** A real Response and a lean one over the same bytes, status and headers. */
function pair(body: string | Uint8Array | null, init: Init = {}): { real: Response; lean: Response } {
  const bytes = typeof body === 'string' ? encode(body) : body;
  const { status = 200, statusText = '', headers = [] } = init;
  const real = new Response(bytes === null ? null : new Uint8Array(bytes), { status, statusText, headers });
  const lean = new LeanResponse(bytes, status, statusText, new LeanHeaders(headers.flat()), 'https://eu.api.ovh.com/1.0/me', false);
  return { real, lean };
}

type Op = 'text' | 'json' | 'arrayBuffer' | 'bytes' | 'blob' | 'formData' | 'clone' | 'body' | 'reader' | 'cancel';

/** What one step does to a response, as comparable data: a value, or the error's class and message. */
async function step(response: Response, op: Op): Promise<unknown> {
  try {
    switch (op) {
      case 'text':
        return { text: await response.text() };
      case 'json':
        return { json: await response.json() };
      case 'arrayBuffer': {
        const buffer = await response.arrayBuffer();
        return { isArrayBuffer: buffer instanceof ArrayBuffer, bytes: [...new Uint8Array(buffer)] };
      }
      case 'bytes':
        return { bytes: [...(await response.bytes())] };
      case 'blob': {
        const blob = await response.blob();
        return { type: blob.type, text: await blob.text() };
      }
      case 'formData':
        return { form: [...(await response.formData()).entries()] };
      case 'clone': {
        const copy = response.clone();
        return { cloneText: await copy.text(), cloneUsed: copy.bodyUsed, sameHeaders: copy.headers === response.headers };
      }
      case 'body': {
        const body = response.body;
        return { body: body === null ? null : { locked: body.locked, same: body === response.body } };
      }
      case 'reader': {
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const parts: number[] = [];
        for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(...r.value);
        return { read: parts };
      }
      case 'cancel':
        await response.body?.cancel();
        return { cancelled: true };
    }
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** Runs the same steps on both responses; each step's outcome and `bodyUsed` after it must be the same. */
async function sameAsFetch(body: string | Uint8Array | null, ops: Op[], init?: Init): Promise<unknown[]> {
  const { real, lean } = pair(body, init);
  const trace = async (response: Response) => {
    const out: unknown[] = [];
    for (const op of ops) out.push(op, await step(response, op), { bodyUsed: response.bodyUsed });
    return out;
  };
  const expected = await trace(real);
  expect(await trace(lean)).toEqual(expected);
  return expected;
}

describe('LeanResponse: what it supports', () => {
  it("offers every member of fetch's Response (the table above says how)", () => {
    const members = Object.getOwnPropertyNames(Response.prototype).filter((name) => name !== 'constructor');
    expect(members.sort()).toEqual(Object.keys(MEMBERS).sort());
    const { lean } = pair('{}');
    for (const name of members) expect(name in lean, name).toBe(true);
  });

  it('reads as a Response to Object.prototype.toString (what ky checks), but is not an instanceof Response', () => {
    const { lean } = pair('{}');
    expect(Object.prototype.toString.call(lean)).toBe('[object Response]');
    expect(Object.prototype.toString.call(lean.headers)).toBe('[object Headers]');
    expect(lean).not.toBeInstanceOf(Response);
  });

  it('has the status, status text, url, redirected and type it was made with; ok is true for 2xx only', () => {
    for (const status of [199, 200, 204, 299, 300, 404, 503]) {
      const { real, lean } = pair(null, { status: status === 199 ? 200 : status, statusText: 'Fine' });
      if (status !== 199) expect([lean.status, lean.statusText, lean.ok]).toEqual([real.status, real.statusText, real.ok]);
    }
    const lean = new LeanResponse(null, 199, '', new LeanHeaders([]), 'https://x.test/a', true);
    expect([lean.ok, lean.url, lean.redirected, lean.type]).toEqual([false, 'https://x.test/a', true, 'basic']);
  });
});

describe('LeanResponse: the body behaves as fetch', () => {
  const json = '{"name":"café ☕","n":1}';

  it('text, then text again: the second read rejects with a TypeError and bodyUsed turns true at the first', async () => {
    const trace = await sameAsFetch(json, ['text', 'text']);
    expect(trace[4]).toEqual({ error: 'TypeError: Body is unusable: Body has already been read' });
  });

  it('bodyUsed turns true as soon as a read starts, before it resolves', () => {
    const { lean } = pair(json);
    const reading = lean.text();
    expect(lean.bodyUsed).toBe(true);
    return reading;
  });

  it('json parses; a body that is not JSON rejects with a SyntaxError and is used all the same', async () => {
    await sameAsFetch(json, ['json', 'json']);
    const trace = await sameAsFetch('not json', ['json', 'text']);
    expect(String((trace[1] as { error: string }).error)).toMatch(/^SyntaxError/);
  });

  it('decodes UTF-8 as fetch does: a leading BOM dropped, invalid bytes replaced', async () => {
    await sameAsFetch(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9]), ['text']);
    await sameAsFetch(new Uint8Array([0xff, 0x61, 0xc3]), ['text']);
  });

  it('arrayBuffer and bytes give copies of the bytes, once', async () => {
    await sameAsFetch(json, ['arrayBuffer', 'bytes']);
    await sameAsFetch(json, ['bytes', 'arrayBuffer']);
    const bytes = encode('abc');
    const lean = new LeanResponse(bytes, 200, '', new LeanHeaders([]), '', false);
    const copy = await lean.bytes();
    copy[0] = 0x7a;
    expect(bytes[0]).toBe(0x61);
  });

  it('an empty body reads as empty, once', async () => {
    await sameAsFetch('', ['text', 'text']);
  });

  it('no body (204, HEAD): body is null, it reads as empty every time and is never used', async () => {
    await sameAsFetch(null, ['body', 'text', 'text', 'json', 'arrayBuffer', 'bytes', 'clone'], { status: 204 });
  });

  it('clone before a read gives an independent copy with its own headers; after a read it throws a TypeError', async () => {
    await sameAsFetch(json, ['clone', 'text', 'clone']);
    const trace = await sameAsFetch(json, ['text', 'clone']);
    expect(trace[4]).toEqual({ error: 'TypeError: Response.clone: Body has already been consumed.' });
  });

  it('body is one stream, built on first access; reading or cancelling it uses the body', async () => {
    await sameAsFetch(json, ['body', 'body', 'text']);
    await sameAsFetch(json, ['reader', 'text', 'clone']);
    await sameAsFetch(json, ['cancel', 'text']);
    await sameAsFetch(json, ['body', 'clone', 'reader', 'text']);
  });

  it('after a read, the stream is there but locked, and cannot be read', async () => {
    await sameAsFetch(json, ['text', 'body', 'reader']);
    await sameAsFetch(json, ['arrayBuffer', 'cancel']);
  });

  it('blob is typed with the Content-Type; formData parses a form body', async () => {
    await sameAsFetch(json, ['blob', 'text'], { headers: [['Content-Type', 'application/json; charset=utf-8']] });
    await sameAsFetch('a=1&b=%C3%A9', ['formData', 'formData'], { headers: [['content-type', 'application/x-www-form-urlencoded']] });
    await sameAsFetch(json, ['text', 'blob']);
  });
});

describe('LeanHeaders: read as fetch reads headers', () => {
  const raw: Array<[string, string]> = [
    ['Content-Type', 'application/json'],
    ['Set-Cookie', 'a=1; Path=/'],
    ['X-Multi', 'one'],
    ['set-cookie', 'b=2'],
    ['x-multi', 'two'],
    ['X-Ovh-QueryID', 'EU.ext-1.abc'],
    ['B', 'x'],
  ];
  const real = new Headers();
  for (const [name, value] of raw) real.append(name, value);
  const lean = new LeanHeaders(raw.flat());

  it('get and has: any case, repeated headers joined with ", " (Set-Cookie too), absent ones null', () => {
    for (const name of ['content-type', 'CONTENT-TYPE', 'x-multi', 'set-cookie', 'x-ovh-queryid', 'b', 'absent', 'Retry-After']) {
      expect([lean.get(name), lean.has(name)], name).toEqual([real.get(name), real.has(name)]);
    }
    expect(lean.get('x-multi')).toBe('one, two');
  });

  it('getSetCookie gives each Set-Cookie apart, in order', () => {
    expect(lean.getSetCookie()).toEqual(real.getSetCookie());
    expect(lean.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('iterates as fetch: lower-case names, sorted, repeated ones joined except Set-Cookie', () => {
    expect([...lean]).toEqual([...real]);
    expect([...lean.entries()]).toEqual([...real.entries()]);
    expect([...lean.keys()]).toEqual([...real.keys()]);
    expect([...lean.values()]).toEqual([...real.values()]);
    const seen = (headers: Headers) => {
      const out: unknown[] = [];
      headers.forEach(function (this: unknown, value, name, parent) {
        out.push([name, value, parent === headers, this]);
      }, 'this');
      return out;
    };
    expect(seen(lean)).toEqual(seen(real));
  });

  it('an invalid name is a TypeError, as in fetch', () => {
    for (const name of ['a b', '', 'x:y']) {
      expect(() => lean.get(name)).toThrow(`Headers.get: "${name}" is an invalid header name.`);
      expect(() => real.get(name)).toThrow(`Headers.get: "${name}" is an invalid header name.`);
      expect(() => lean.has(name)).toThrow(`Headers.has: "${name}" is an invalid header name.`);
    }
  });

  it("is read-only, as a fetched response's headers: set, append and delete throw TypeError('immutable')", () => {
    expect(() => lean.set('a', 'b')).toThrow(new TypeError('immutable'));
    expect(() => lean.append('a', 'b')).toThrow(new TypeError('immutable'));
    expect(() => lean.delete('content-type')).toThrow(new TypeError('immutable'));
    expect(lean.get('content-type')).toBe('application/json');
  });
});

describe('ky takes it for a Response', () => {
  const url = 'https://eu.api.ovh.com/1.0/lean';

  it('returns it as is, and its json() shortcut reads it', async () => {
    const lean = new LeanResponse(encode('{"a":1}'), 200, 'OK', new LeanHeaders(['content-type', 'application/json']), url, false);
    expect(await ky(url, { fetch: async () => lean, retry: 0 })).toBe(lean);
    const again = new LeanResponse(encode('{"a":1}'), 200, 'OK', new LeanHeaders([]), url, false);
    expect(await ky(url, { fetch: async () => again, retry: 0 }).json()).toEqual({ a: 1 });
  });

  it('throws an HTTPError for a non-2xx one, with its JSON body read into error.data', async () => {
    const lean = new LeanResponse(
      encode('{"message":"nope"}'),
      404,
      'Not Found',
      new LeanHeaders(['Content-Type', 'application/json; charset=utf-8']),
      url,
      false,
    );
    const error = await ky(url, { fetch: async () => lean, retry: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).data).toEqual({ message: 'nope' });
    expect((error as HTTPError).response).toBe(lean);
  });
});

describe('the default fetch under msw', () => {
  it('msw sees each request, signed, and the answer (body, headers) reaches the caller', async () => {
    mock.on('GET', '/me', () => HttpResponse.json({ nichandle: 'ab1-ovh' }, { headers: { 'X-Ovh-QueryID': 'EU.q.1' } }));
    mock.on('POST', '/me/api/credential/7/revoke', () => HttpResponse.json({ done: true }));
    const ovh = makeClient();
    expect(await ovh.get('/me')).toEqual({ nichandle: 'ab1-ovh' });
    expect(await ovh.post('/me/api/credential/7/revoke', { reason: 'é' })).toEqual({ done: true });
    const [get] = mock.to('/1.0/me');
    const [post] = mock.to('/1.0/me/api/credential/7/revoke');
    expect(get?.headers).toMatchObject({ accept: 'application/json', 'x-ovh-application': KEYS.applicationKey });
    expect(get?.headers['user-agent']).toMatch(/^ovh-credentials\//);
    expect(post).toMatchObject({ method: 'POST', body: '{"reason":"é"}', signatureValid: true });
    expect(post?.headers).toMatchObject({ 'content-type': 'application/json', 'content-length': String(encode('{"reason":"é"}').byteLength) });
  });

  it("an error answer's body and headers reach the error (ky reads the body through the lazy stream)", async () => {
    mock.on('GET', '/me/api/credential/9', () =>
      HttpResponse.json(
        { class: 'Client::NotFound::NotFound', message: 'The requested object (9) does not exist' },
        {
          status: 404,
          headers: { 'X-Ovh-QueryID': 'EU.q.404' },
        },
      ),
    );
    const error = await makeClient()
      .get('/me/api/credential/9', { retry: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ queryId: 'EU.q.404', apiMessage: 'The requested object (9) does not exist' });
  });

  it("a call's headers are sent, and win over the defaults; the signing headers win over the call's", async () => {
    mock.on('GET', '/me', () => HttpResponse.json({}));
    await makeClient().get('/me', { headers: { Accept: 'text/plain', 'X-Extra': 'yes', 'X-Ovh-Consumer': 'forged' } });
    const [rec] = mock.to('/1.0/me');
    expect(rec?.headers).toMatchObject({ accept: 'text/plain', 'x-extra': 'yes', 'x-ovh-consumer': KEYS.consumerKey });
    expect(rec?.signatureValid).toBe(true);
  });
});

describe('headers that cannot be sent are refused before anything is sent', () => {
  it("a call's header value with a line break is the TypeError fetch throws, and nothing reaches msw", async () => {
    const error = await makeClient()
      .get('/me', { headers: { 'X-Note': 'a\r\nX-Injected: 1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(mock.seen).toHaveLength(0);
  });

  it('a userAgent option with a line break is a ConfigError when the client is made', () => {
    expect(() => makeClient({ userAgent: 'my-tool\nX-Injected: 1' })).toThrow(ConfigError);
  });
});

describe("a fetch of the user's", () => {
  /** A fetch that records the Requests it gets, and answers with what `answer` returns (real Responses). */
  function userFetch(answer: (request: Request, attempt: number) => Response) {
    const seen: Array<{ method: string; url: string; headers: Record<string, string>; body: string }> = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() });
      return answer(request, seen.length);
    });
    return { fetch, seen };
  }

  it('gets a signed Request carrying the body and the headers', async () => {
    const { fetch, seen } = userFetch((request) =>
      request.url.endsWith('/auth/time') ? HttpResponse.json(Math.floor(Date.now() / 1000)) : HttpResponse.json({ ok: true }),
    );
    const ovh = makeClient({ fetch });
    expect(await ovh.put('/me/api/credential/3', { allowedIPs: ['10.0.0.0/8'] })).toEqual({ ok: true });
    const sent = seen.find((r) => r.url.endsWith('/credential/3'));
    expect(sent).toMatchObject({ method: 'PUT', body: '{"allowedIPs":["10.0.0.0/8"]}' });
    expect(sent?.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json', 'x-ovh-consumer': KEYS.consumerKey });
    const record = { ...(sent as NonNullable<typeof sent>), signatureValid: undefined, at: 0 };
    expect(verifyRecord(record, KEYS.applicationSecret)).toBe(true);
  });

  it('an error answer from it maps to the typed error, with its headers', async () => {
    const { fetch } = userFetch((request) =>
      request.url.endsWith('/auth/time')
        ? HttpResponse.json(1_700_000_000)
        : HttpResponse.json({ message: 'The requested object (5) does not exist' }, { status: 404, headers: { 'X-Ovh-QueryID': 'EU.q.u404' } }),
    );
    const error = await makeClient({ fetch })
      .get('/me/api/credential/5')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ queryId: 'EU.q.u404' });
  });

  it('its body is read inside the attempt: a body that stalls is bounded by `timeout` (fake time)', async () => {
    useFakeTime();
    const { fetch } = userFetch((request) => {
      if (request.url.endsWith('/auth/time')) return HttpResponse.json(Math.floor(Date.now() / 1000));
      const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(encode('[1, ')) });
      return new Response(stalled, { headers: { 'content-type': 'application/json' } });
    });
    const ovh = makeClient({ fetch, retry: false });
    const error = await settle(ovh.get('/me/api/credential', { timeout: 5_000 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 5_000 });
  });

  it('signs each attempt afresh: a retry that crosses a second boundary carries a new timestamp (fake Date)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(1_700_000_000_200);
      const { fetch, seen } = userFetch((request, attempt) => {
        if (request.url.endsWith('/auth/time')) return HttpResponse.json(Math.floor(Date.now() / 1000));
        if (attempt === 2) {
          vi.setSystemTime(1_700_000_001_700);
          return HttpResponse.json({ message: 'Service Unavailable' }, { status: 503 });
        }
        return HttpResponse.json([7]);
      });
      expect(await makeClient({ fetch }).get('/me/api/credential')).toEqual([7]);
      const attempts = seen.filter((r) => r.url.endsWith('/me/api/credential'));
      expect(attempts.map((r) => r.headers['x-ovh-timestamp'])).toEqual(['1700000000', '1700000002']);
      for (const r of attempts) {
        expect(r.headers['x-ovh-signature']).toBe(
          referenceSignature(KEYS.applicationSecret, KEYS.consumerKey, 'GET', r.url, '', r.headers['x-ovh-timestamp'] as string),
        );
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
