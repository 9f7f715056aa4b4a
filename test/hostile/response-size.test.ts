// Issue 22, section 3: answers are capped in size, counted on the decompressed bytes as they stream, so that a gzip
// bomb or an endless body cannot grow the process without bound. Past the cap the request is cut off with a typed
// error, and memory stays bounded.
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OvhClient, ResponseTooLargeError } from '../../src/index.js';
import { rejection, server } from './servers.js';

const KEYS = { applicationKey: 'AKsize0123456789', applicationSecret: 'ASsizeSecret0123456789', consumerKey: 'CKsizeSecret0123456789' };
const MiB = 1024 * 1024;

/** `bytes` zero bytes, produced 64 kB at a time (never held whole). */
function zeros(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      const n = Math.min(left, 64 * 1024);
      left -= n;
      this.push(n > 0 ? Buffer.alloc(n) : null);
    },
  });
}

/** An API whose /auth/time is sane and whose every other answer is `body()`, with `headers`. */
function api(headers: Record<string, string>, body: () => Readable) {
  return server((req, res) => {
    if (req.url.endsWith('/auth/time')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(String(Math.floor(Date.now() / 1000)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    body()
      .on('error', () => res.destroy())
      .pipe(res)
      .on('error', () => {});
  });
}

const failure = (call: Promise<unknown>) => rejection(call, ResponseTooLargeError);

describe('the response size cap', () => {
  it('a gzip bomb (256 MiB of zeros, a few hundred kB on the wire) is cut off at the cap, memory bounded', async () => {
    const bomb = await api({ 'content-encoding': 'gzip' }, () => zeros(256 * MiB).pipe(createGzip()));
    const ovh = new OvhClient({ baseUrl: `${bomb.url}/1.0`, ...KEYS, configFile: false, env: {}, maxResponseBytes: 2 * MiB });
    const before = process.memoryUsage().rss;
    const error = await failure(ovh.credentials.list());
    expect(error).toMatchObject({ method: 'GET', path: '/me/api/credential', limitBytes: 2 * MiB });
    expect(error.message).toContain('maxResponseBytes');
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * MiB);
    // Not retried: the API has answered; a second read would only be as large.
    expect(bomb.seen.filter((r) => r.url.includes('/me/api/credential'))).toHaveLength(1);
  });

  it('by default, a body past 32 MiB is refused; one under it is read', async () => {
    const huge = await api({}, () => zeros(40 * MiB));
    const ovh = new OvhClient({ baseUrl: `${huge.url}/1.0`, ...KEYS, configFile: false, env: {} });
    expect((await failure(ovh.get('/me'))).limitBytes).toBe(32 * MiB);
    const fine = await api({}, () => Readable.from([Buffer.from(JSON.stringify('x'.repeat(1_000_000)))]));
    const ok = new OvhClient({ baseUrl: `${fine.url}/1.0`, ...KEYS, configFile: false, env: {} });
    expect(await ok.get('/me')).toHaveLength(1_000_000);
  });

  it('maxResponseBytes is checked when the client is built', () => {
    expect(() => new OvhClient({ ...KEYS, configFile: false, env: {}, maxResponseBytes: 0 })).toThrow(
      /maxResponseBytes must be a whole number of bytes/,
    );
  });
});
