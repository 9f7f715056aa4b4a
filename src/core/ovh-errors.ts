// OVH's error format: `{class, message, errorCode, details}` (or an HTML page from a proxy) into the error tree.
import { apiErrorFromResponse, type OvhApiError } from './errors.js';

/** What an error mapper receives: the answer, the call, and who made it (for messages). */
export interface ErrorAnswer {
  status: number;
  data: unknown;
  headers: Headers;
  method: string;
  path: string;
  /** Who made the call, as a person would name it, when the client knows (e.g. `service account EU.3f9c…`). */
  caller?: string | undefined;
  /** A service account's client id, when that is who made the call. */
  clientId?: string | undefined;
}

/** Turns an error answer into an OvhApiError. */
export type ErrorMapper = (info: ErrorAnswer) => OvhApiError;

/** Reads OVH's `{class, message, errorCode, details}` error body (or HTML/empty) into the error tree. */
export const ovhErrorMapper: ErrorMapper = ({ status, data, headers, method, path, caller, clientId }) => {
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
  // IAM's details hold strings (an action list may also come as an array): keep every value as text.
  const details =
    body.details && typeof body.details === 'object'
      ? Object.fromEntries(
          Object.entries(body.details as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : JSON.stringify(v),
          ]),
        )
      : undefined;
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
    retryAfterSeconds: retryAfterSeconds(headers.get('retry-after')),
    caller,
    clientId,
  });
};

/**
 * The seconds a `Retry-After` header asks to wait: delay seconds, or an HTTP date as servers send it (IMF-fixdate,
 * read back to the letter, so no lenient `Date.parse` form and no impossible date); undefined for anything else.
 */
export function retryAfterSeconds(value: string | null, now: () => number = Date.now): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date) || new Date(date).toUTCString() !== text) return undefined;
  return Math.max(0, Math.ceil((date - now()) / 1000));
}
