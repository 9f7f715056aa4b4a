// A throwaway self-signed certificate for 127.0.0.1, generated at bench time, so that every client (ours on the
// platform fetch, the floor client, the official `ovh` client, which only speaks https) talks to the same TLS simulator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A key and certificate on disk, and a way to remove them. */
export interface ThrowawayCertificate {
  keyPath: string;
  certPath: string;
  key: Buffer;
  cert: Buffer;
  dispose(): void;
}

/** Generates an RSA-2048 self-signed certificate valid one day for IP 127.0.0.1 (needs `openssl` on PATH). */
export function createThrowawayCertificate(): ThrowawayCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'ovh-credentials-bench-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  // prettier-ignore
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return {
    keyPath,
    certPath,
    key: readFileSync(keyPath),
    cert: readFileSync(certPath),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
