/**
 * A self-signed TLS certificate for the loopback server, made with node:crypto only (no openssl, no dependency):
 * an EC P-256 key and an X.509 v3 certificate encoded by hand in DER (node:crypto signs but does not build
 * certificates). For local tests only.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { TlsOptions } from './server.js';
import { optionKeys, strictOptions } from '../core/options.js';

/** Options of `selfSignedCertificate`. */
export interface SelfSignedOptions {
  /** Common name (default `ovh-credentials simulator`). */
  commonName?: string;
  /** Validity in days from now (default 30); it starts one hour ago to tolerate clock differences. */
  days?: number;
  /** Current time in epoch ms (default `Date.now()`). */
  now?: number;
}
const OPTION_KEYS = optionKeys<SelfSignedOptions>()(['commonName', 'days', 'now']);

/** A generated key and certificate (PEM), usable as `listen({ tls })`; `cert` is also what clients must trust. */
export interface SelfSignedCertificate extends TlsOptions {
  key: string;
  cert: string;
}

// --- minimal DER encoding ---------------------------------------------------------------------------------------

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length = body.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else if (length < 0x100) header = Buffer.from([tag, 0x81, length]);
  else if (length < 0x10000) header = Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  else throw new RangeError('DER value too long');
  return Buffer.concat([header, body]);
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, ...items);
const set = (...items: Buffer[]): Buffer => der(0x31, ...items);
const octetString = (content: Buffer): Buffer => der(0x04, content);
const utf8String = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const booleanTrue = (): Buffer => Buffer.from([0x01, 0x01, 0xff]);
const bitString = (content: Buffer): Buffer => der(0x03, Buffer.from([0]), content);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ) until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // 2025-01-01T12:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = new Date(ms).getUTCFullYear();
  return year < 2050 ? der(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : der(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [booleanTrue()] : []), octetString(value));
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Generates a self-signed certificate for `127.0.0.1`, `::1` and `localhost` (EC P-256, ECDSA-SHA256), valid for
 * `days`. Clients must trust `cert` (Node: `NODE_EXTRA_CA_CERTS=<file>`; Python requests: `REQUESTS_CA_BUNDLE`;
 * Go, curl: `SSL_CERT_FILE`).
 * @example const tls = selfSignedCertificate(); const base = await sim.listen({ tls }); // clients trust tls.cert
 */
export function selfSignedCertificate(options: SelfSignedOptions = {}): SelfSignedCertificate {
  strictOptions(options, OPTION_KEYS, 'selfSignedCertificate options');
  const days = options.days ?? 30;
  if (!Number.isFinite(days) || days <= 0) throw new RangeError(`days must be a positive number, got ${days}`);
  const now = options.now ?? Date.now();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40; // positive, no leading zero byte
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String(options.commonName ?? 'ovh-credentials simulator'))));
  const subjectAltName = sequence(
    der(0x82, Buffer.from('localhost', 'ascii')), // dNSName
    der(0x87, Buffer.from([127, 0, 0, 1])), // iPAddress
    der(0x87, Buffer.from([...Array(15).fill(0), 1] as number[])), // iPAddress ::1
  );
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    ecdsaWithSha256,
    name, // issuer
    sequence(time(now - 3_600_000), time(now + days * 86_400_000)),
    name, // subject
    publicKey.export({ type: 'spki', format: 'der' }),
    der(
      0xa3,
      sequence(
        // CA:TRUE like `openssl req -x509`, so that it can be trusted as its own root.
        extension('2.5.29.19', true, sequence(booleanTrue())),
        extension('2.5.29.17', false, subjectAltName),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const certificate = sequence(tbs, ecdsaWithSha256, bitString(signature));
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem('CERTIFICATE', certificate),
  };
}
