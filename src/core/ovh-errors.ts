// OVH's error format: `{class, message, errorCode, details}` (or an HTML page from a proxy) into the error tree.
import { apiErrorFromResponse, type OvhApiError } from './errors.js';
import { parseRetryAfter } from './retry.js';

/** Turns an error answer into an OvhApiError. */
export type ErrorMapper = (info: { status: number; data: unknown; headers: Headers; method: string; path: string }) => OvhApiError;

/** Reads OVH's `{class, message, errorCode, details}` error body (or HTML/empty) into the error tree. */
export const ovhErrorMapper: ErrorMapper = ({ status, data, headers, method, path }) => {
  let body: Record<string, unknown> = {};
  if (typeof data === 'string') {
    try {
      const parsed: unknown = JSON.parse(data);
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON (an HTML page from a proxy): fall back to the status text below.
    }
  } else if (data && typeof data === 'object') {
    body = data as Record<string, unknown>;
  }
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const details = body.details && typeof body.details === 'object' ? (body.details as Record<string, string>) : undefined;
  const apiMessage =
    str(body.message) ??
    (typeof data === 'string' && /^\s*</.test(data) ? `non-JSON error page (HTTP ${status})` : undefined) ??
    `HTTP ${status} with no error message`;
  return apiErrorFromResponse({
    status,
    method,
    path,
    apiMessage,
    errorClass: str(body.class),
    errorCode: str(body.errorCode),
    details,
    queryId: headers.get('x-ovh-queryid') ?? undefined,
    retryAfterSeconds: parseRetryAfter(headers.get('retry-after')),
  });
};
