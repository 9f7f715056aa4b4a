// ky's form of the retry policy. Kept apart from retry.ts, whose types are public: declarations that named ky's
// types would make CommonJS consumers' type checks import an ES module.
import type { Options as KyOptions } from 'ky';
import type { RetryOptions } from './retry.js';

/** ky's form of a retry policy. */
export function kyRetry(retry: Required<RetryOptions> | false): KyRetry {
  if (!retry) return 0;
  return {
    limit: retry.limit,
    methods: retry.methods.map((m) => m.toLowerCase()),
    statusCodes: [...retry.statusCodes],
    afterStatusCodes: [413, 429, 503],
    maxRetryAfter: retry.maxDelay,
    backoffLimit: retry.maxDelay,
    // Capped here, before ky's full jitter scales it: jitter over the uncapped value would mostly land above the
    // cap, and long waits would all be maxDelay.
    delay: (n) => Math.min(retry.maxDelay, retry.baseDelay * 2 ** (n - 1)),
    jitter: true,
    retryOnTimeout: true,
    // A certificate the machine does not trust will not be trusted on the next attempt either.
    shouldRetry: ({ error }) => (tlsErrorCode(error) ? false : undefined),
  };
}

// Node's codes for a server certificate that could not be verified.
const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** The TLS verification error code somewhere in an error's cause chain (`SELF_SIGNED_CERT_IN_CHAIN`...), if any. */
export function tlsErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TLS_CODES.test(code)) return code;
  }
  return undefined;
}

/** ky's retry option. */
export type KyRetry = NonNullable<KyOptions['retry']>;
