/**
 * The simulator's own check of OVH's `$1$` request signature. Written independently of the client's signer on
 * purpose: a shared bug would otherwise go unnoticed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** What an OVH signature covers. */
export interface SignatureInput {
  /** The application secret (AS). */
  applicationSecret: string;
  /** The consumer key (CK). */
  consumerKey: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The exact request URL, query string included. */
  url: string;
  /** The exact request body text, `''` when there is none. */
  body: string;
  /** The `X-Ovh-Timestamp` header value, as sent. */
  timestamp: string;
}

/**
 * The signature OVH expects: `'$1$' + sha1hex(AS+CK+METHOD+URL+BODY+TS)`, parts joined with `+`.
 * @example expectedSignature({ applicationSecret, consumerKey, method: 'GET', url, body: '', timestamp: '1700000000' })
 */
export function expectedSignature(input: SignatureInput): string {
  const payload = [input.applicationSecret, input.consumerKey, input.method, input.url, input.body, input.timestamp].join('+');
  return `$1$${createHash('sha1').update(payload, 'utf8').digest('hex')}`;
}

/** Whether `provided` is the right signature for `input`, compared in constant time. */
export function verifySignature(input: SignatureInput, provided: string): boolean {
  const expected = Buffer.from(expectedSignature(input), 'utf8');
  const actual = Buffer.from(provided, 'utf8');
  if (actual.length !== expected.length) {
    // Still spend the comparison so that timing does not reveal the length check.
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, actual);
}

/**
 * `url` without its port when it names one (a non-default port: URLs drop default ports), else `undefined`. The
 * simulator also accepts a signature over this form, as the official node client signs it on any port.
 * @example urlWithoutPort('https://127.0.0.1:8443/1.0/me?x=1') // 'https://127.0.0.1/1.0/me?x=1'
 */
export function urlWithoutPort(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.port === '') return undefined;
  const origin = `${parsed.protocol}//${parsed.host}`;
  if (!url.startsWith(origin)) return undefined; // user info or an unusual spelling: only the exact URL counts
  return `${parsed.protocol}//${parsed.hostname}${url.slice(origin.length)}`;
}
