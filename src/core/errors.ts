// The one error tree of the SDK. Every class sets `name`, and `isOvhError` works across module copies
// (ESM + CJS in one process, or two installed versions) through a branded symbol, not `instanceof` alone.

import { channel } from 'node:diagnostics_channel';
import { decodedJson } from './redact.js';

const BRAND = Symbol.for('ovh-credentials.error');

/**
 * The `node:diagnostics_channel` channel every error the SDK creates is published on, finished and free of secrets.
 * @example diagnostics_channel.subscribe('ovh-credentials:error', (error) => metrics.count((error as Error).name));
 */
export const ERROR_CHANNEL = 'ovh-credentials:error';
const errorChannel = channel(ERROR_CHANNEL);

/** One item's outcome in a bulk operation (see `ItemResult`). */
export type BulkItemOutcome<I, T> =
  | { item: I; ok: true; value: T }
  | { item: I; ok: false; error: unknown }
  | { item: I; ok: false; skipped: true; reason: 'aborted' };

/** Details common to errors that came from an HTTP exchange. */
export interface CallInfo {
  /** HTTP method of the request, e.g. `GET`. */
  method: string;
  /** Path as the caller gave it (no host, no secrets), e.g. `/me/api/credential/42`. */
  path: string;
}

/**
 * Root of every error this SDK throws.
 * @example try { await ovh.credentials.get(1) } catch (e) { if (isOvhError(e)) console.error(e.message) }
 */
export class OvhError extends Error {
  override name = 'OvhError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
    // A microtask later: subclass fields (name, status...) are set only after this constructor returns.
    if (errorChannel.hasSubscribers) queueMicrotask(() => errorChannel.publish(this));
  }

  /** What `JSON.stringify(error)` shows: the name, the message and the fields that say what failed, free of secrets. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key of JSON_FIELDS) {
      const value = (this as Record<string, unknown>)[key];
      if (value !== undefined) json[key] = value;
    }
    return json;
  }
}

const JSON_FIELDS = ['status', 'errorCode', 'errorClass', 'queryId', 'method', 'path', 'field', 'timeoutMs', 'origin', 'code', 'retryAfterSeconds'];

/** True for any error thrown by this SDK, even from another copy of the package (ESM and CJS side by side). */
export function isOvhError(value: unknown): value is OvhError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Configuration is missing or invalid (no credentials, unknown endpoint, insecure base URL...). Thrown before any request. */
export class ConfigError extends OvhError {
  override name = 'ConfigError';
}

/** An argument failed validation before any request was sent. `field` names the offending input. */
export class InputValidationError extends OvhError {
  override name = 'InputValidationError';
  /** Dotted path of the invalid input, e.g. `accessRules.0.path`. */
  readonly field: string;
  /** Every problem found, one per field. */
  readonly issues: ReadonlyArray<{ field: string; message: string }>;
  constructor(field: string, message: string, issues?: ReadonlyArray<{ field: string; message: string }>) {
    super(message);
    this.field = field;
    this.issues = issues ?? [{ field, message }];
  }
}

/** An error about one call: `info` (the method, the path and what else went wrong) becomes its fields. */
export class CallError<I extends CallInfo> extends OvhError {
  declare readonly method: string;
  declare readonly path: string;
  constructor(message: string, info: I, options?: { cause?: unknown }) {
    super(message, options);
    Object.assign(this, info);
  }
}

/** The request never got an HTTP response (DNS, refused or reset connection, TLS). Safe to retry for idempotent calls. */
export class NetworkError extends CallError<CallInfo & { origin?: string | undefined; code?: string | undefined }> {
  override name = 'NetworkError';
  /** The origin that could not be reached, e.g. `https://eu.api.ovh.com`. */
  declare readonly origin: string | undefined;
  /** The system error code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, when there is one. */
  declare readonly code: string | undefined;
}

/** The request (or the whole call, retries included) took longer than its timeout. */
export class OvhTimeoutError extends CallError<CallInfo & { timeoutMs: number }> {
  override name = 'OvhTimeoutError';
  /** The timeout that ran out, in milliseconds. */
  declare readonly timeoutMs: number;
}

/** The answer grew past the client's `maxResponseBytes` (after decompression) and was cut off; not retried. */
export class ResponseTooLargeError extends CallError<CallInfo & { limitBytes: number }> {
  override name = 'ResponseTooLargeError';
  /** The cap that was reached, in bytes. */
  declare readonly limitBytes: number;
  constructor(info: CallInfo & { limitBytes: number }) {
    super(
      `${info.method} ${info.path} was cut off: its answer grew past ${info.limitBytes} bytes (maxResponseBytes), which no answer of the API comes near. Check the endpoint or base URL and any proxy in between; raise maxResponseBytes only if you expect such an answer.`,
      info,
    );
  }
}

/** The call was cancelled through its AbortSignal. */
export class OvhAbortError extends OvhError {
  override name = 'OvhAbortError';
}

/** The API answered 2xx but the body did not match the expected schema. Names the field and the query id. */
export class ResponseValidationError extends CallError<
  CallInfo & {
    queryId?: string | undefined;
    issues: ReadonlyArray<ResponseIssue>;
    invalidItems?: ReadonlyArray<InvalidItem> | undefined;
    validItems?: ReadonlyArray<unknown> | undefined;
  }
> {
  override name = 'ResponseValidationError';
  /** `X-Ovh-QueryID` of the response, to quote to OVH support. */
  declare readonly queryId: string | undefined;
  /** Problems found, each with its dotted path in the response and a secret-free description of the value found. */
  declare readonly issues: ReadonlyArray<ResponseIssue>;
  /** For a list answer: each item that did not match, with its index and id; the others are in `validItems`. */
  declare readonly invalidItems: ReadonlyArray<InvalidItem> | undefined;
  /** For a list answer: the items that matched, parsed as the method would have returned them, in order. */
  declare readonly validItems: ReadonlyArray<unknown> | undefined;
}

/** One problem in a response: where (dotted path), what, and a secret-free description of the value found. */
export interface ResponseIssue {
  /** Dotted path inside the response, e.g. `rules.0.method` (`(body)` for the whole body). */
  field: string;
  /** What was expected. */
  message: string;
  /** The value found, described briefly (`"quantum_x"`, `null`, `missing`, `a number (42)`); secrets show as `[redacted]`. */
  received?: string;
}

/** An item of a list answer that did not match its schema. */
export interface InvalidItem {
  /** Position in the list, from 0. */
  index: number;
  /** The item's id (`id`, `credentialId`, `name`, ...) when it has one. */
  id: string | number | undefined;
  /** Its problems; `field` is relative to the item. */
  issues: ReadonlyArray<ResponseIssue>;
}

/** An error from a bulk read that could not complete; `results` holds every item's outcome, so nothing is lost. */
export class BulkOperationError<I, T> extends OvhError {
  override name = 'BulkOperationError';
  constructor(
    message: string,
    /** One outcome per item, in input order. */
    readonly results: ReadonlyArray<BulkItemOutcome<I, T>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Fields of an error answer from the API. */
export interface ApiErrorInfo extends CallInfo {
  status: number;
  /** OVH's error class, e.g. `Client::Forbidden`. */
  errorClass?: string | undefined;
  /** OVH's machine-readable code, e.g. `NOT_GRANTED_CALL`. */
  errorCode?: string | undefined;
  /** The API's own message (never contains our secrets). */
  apiMessage: string;
  details?: Record<string, string> | undefined;
  /** `X-Ovh-QueryID` response header. */
  queryId?: string | undefined;
  /** Seconds from `Retry-After`, when the API sent one. */
  retryAfterSeconds?: number | undefined;
  /** Who made the call, as a person would name it (e.g. `service account EU.3f9c…`), for messages. */
  caller?: string | undefined;
  /** A service account's client id, when that is who made the call (for the grant hint). */
  clientId?: string | undefined;
}

/** The API answered with an error status. Subclasses narrow it by meaning; `status`, `errorCode` and `queryId` are always here. */
export class OvhApiError extends CallError<ApiErrorInfo> {
  override name = 'OvhApiError';
  declare readonly status: number;
  declare readonly errorClass: string | undefined;
  declare readonly errorCode: string | undefined;
  /** The message exactly as the API sent it. */
  declare readonly apiMessage: string;
  declare readonly details: Record<string, string> | undefined;
  declare readonly queryId: string | undefined;
  declare readonly retryAfterSeconds: number | undefined;
  constructor(info: ApiErrorInfo, hint?: string) {
    const code = info.errorCode ? ` [${info.errorCode}]` : '';
    const qid = info.queryId ? ` (query id ${info.queryId})` : '';
    // Who made the call is for the hints (and ForbiddenError's `caller`), not a field of every error.
    const { caller: _caller, clientId: _clientId, ...fields } = info;
    super(`${info.method} ${info.path} failed with ${info.status}${code}: ${info.apiMessage}${qid}.${hint ? ` ${hint}` : ''}`, fields);
  }
}

/** The server answered with a redirect (3xx), which the SDK never follows: a signed request must not leave its origin. */
export class RedirectError extends OvhApiError {
  override name = 'RedirectError';
  constructor(
    info: ApiErrorInfo,
    /** The origin of the answer's `Location` (e.g. `https://elsewhere.example`), or undefined when it had none. */
    readonly location: string | undefined,
  ) {
    super(
      info,
      "The SDK follows no redirect, so nothing was sent there. OVH's and Web PaaS's APIs do not redirect API calls: check the endpoint or base URL, and any proxy in between.",
    );
  }
}

/** 400: the API refused the parameters. Check the request against the API schema. */
export class BadRequestError extends OvhApiError {
  override name = 'BadRequestError';
}
/** Credentials were refused: invalid application key, unknown/expired/unvalidated consumer key, bad signature, bad token (401, some 400/403). */
export class AuthenticationError extends OvhApiError {
  override name = 'AuthenticationError';
}
/** 403: authenticated, but not granted by the key's access rules or IAM policies (`missingActions`: what IAM refused). */
export class ForbiddenError extends OvhApiError {
  override name = 'ForbiddenError';
  /** IAM actions the caller was not granted (e.g. `account:apiovh:me/api/credential/get`); empty when IAM named none. */
  readonly missingActions: readonly string[];
  /** Actions refused by the authentication method itself (`details.unauthorizedActionsByAuthentication`). */
  readonly missingAuthenticationActions: readonly string[];
  /** Who made the call, when known (e.g. `service account EU.3f9c…`). */
  readonly caller: string | undefined;
  constructor(info: ApiErrorInfo, hint?: string) {
    super(info, hint);
    this.missingActions = actionList(info.details?.unauthorizedActionsByIAM);
    this.missingAuthenticationActions = actionList(info.details?.unauthorizedActionsByAuthentication);
    this.caller = info.caller;
  }
}

/** IAM's action lists: a string (comma-separated when several), an array, or absent; each once, empty entries dropped. */
function actionList(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(parts.map((p) => p.trim()))].filter((p) => p !== '');
}

/** 404: the resource does not exist (or no longer does). */
export class NotFoundError extends OvhApiError {
  override name = 'NotFoundError';
}
/** 409: the resource already exists or is in a conflicting state. */
export class ConflictError extends OvhApiError {
  override name = 'ConflictError';
}
/** 429: too many requests. `retryAfterSeconds` says how long to wait when the API told us. */
export class RateLimitError extends OvhApiError {
  override name = 'RateLimitError';
}
/** 5xx: the API failed. Usually temporary; idempotent calls are retried automatically. */
export class ServerError extends OvhApiError {
  override name = 'ServerError';
}

// errorCodes that mean "your credentials are wrong", not "this call is not allowed".
const AUTH_CODES = new Set(['INVALID_KEY', 'INVALID_CREDENTIAL', 'NOT_CREDENTIAL', 'INVALID_SIGNATURE', 'QUERY_TIME_OUT']);
const AUTH_MESSAGES =
  /invalid application key|application key is invalid|credential does not exist|credential is not valid|invalid signature|api token|invalid token|you must login/i;

/** Picks the error class and a what-to-do hint for an API error answer; `support` is whom a 5xx hint says to tell. */
export function apiErrorFromResponse(info: ApiErrorInfo, support = 'OVH support'): OvhApiError {
  const { status, apiMessage, retryAfterSeconds: wait } = info;
  const code = info.errorCode?.toUpperCase();
  if (status === 401 || (code && AUTH_CODES.has(code)) || ((status === 403 || status === 400) && AUTH_MESSAGES.test(apiMessage))) {
    return new AuthenticationError(info, authHint(code, apiMessage));
  }
  if (status === 400) return new BadRequestError(info, 'Check the parameters against the API schema for this path.');
  if (status === 403) return new ForbiddenError(info, forbiddenHint(info));
  if (status === 404) return new NotFoundError(info, 'Check the id or path; the resource may have been deleted.');
  if (status === 409) return new ConflictError(info, 'The resource already exists or is busy; read it again before retrying.');
  if (status === 429) {
    return new RateLimitError(
      info,
      wait !== undefined ? `Wait ${wait}s before retrying, or lower the request rate.` : 'Slow down: lower the concurrency or the request rate.',
    );
  }
  if (status < 500) return new OvhApiError(info);
  return new ServerError(
    info,
    wait !== undefined
      ? `The API asked to wait ${wait}s before retrying; quote the query id to ${support} if it persists.`
      : `The API failed on its side; retry later and quote the query id to ${support} if it persists.`,
  );
}

function forbiddenHint(info: ApiErrorInfo): string {
  const missing = [...actionList(info.details?.unauthorizedActionsByIAM), ...actionList(info.details?.unauthorizedActionsByAuthentication)];
  if (missing.length > 0) {
    const grant = info.clientId
      ? ` Grant ${missing.length > 1 ? 'them' : 'it'}: await ovh.iam.grant(${JSON.stringify(info.clientId)}, { actions: ${JSON.stringify(missing)}, resources: [await ovh.iam.accountUrn()] }) (for a project's resources, use its URN).`
      : ' Grant it with an IAM policy on the resource (ovh.iam.grant()).';
    return `IAM did not grant ${info.caller || 'the caller'} ${missing.length > 1 ? 'these actions' : 'the action'}: ${missing.join(', ')}.${grant}`;
  }
  if (info.errorCode === 'NOT_GRANTED_CALL' || /not been granted/i.test(info.apiMessage)) {
    return "The consumer key is valid but this call is not granted: either its access rules do not cover it (request a key whose rules do, e.g. with leastPrivilege()), or its allowedIPs do not include this machine's address (check ovh.credentials.get(id).allowedIPs from an allowed address, or lift them with setAllowedIPs(id, null)).";
  }
  return 'The credential is valid but not allowed to make this call: request a consumer key whose access rules cover it, or grant the service account an IAM policy (ovh.iam.grant()).';
}

// Authentication hints, by errorCode or by the API's message; the first that fits wins.
const AUTH_HINTS: ReadonlyArray<readonly [code: string | undefined, message: RegExp | undefined, hint: string]> = [
  ['INVALID_KEY', /application key/i, 'Check the application key and that it belongs to this endpoint (EU, CA and US keys differ).'],
  ['INVALID_SIGNATURE', /signature/i, 'Check the application secret and consumer key: they must be the pair issued with this application key.'],
  ['QUERY_TIME_OUT', undefined, 'The request timestamp was refused; check the system clock.'],
  // OVH's wording (php-ovh #56, cert-manager-webhook-ovh #5): INVALID_CREDENTIAL "This credential is not valid",
  // NOT_CREDENTIAL "This credential does not exist".
  [
    'INVALID_CREDENTIAL',
    /credential is not valid/i,
    'The consumer key is not valid: not validated yet (open its validationUrl), or expired or revoked: request a new one with ovh.auth.requestConsumerKey().',
  ],
  [
    'NOT_CREDENTIAL',
    /credential does not exist/i,
    'No such consumer key for this application key: it is unknown, was deleted, or was issued for another application or endpoint. Check OVH_CONSUMER_KEY, or request a new one with ovh.auth.requestConsumerKey().',
  ],
  [undefined, /api token/i, 'The Web PaaS API token is invalid or revoked: create a new one in the console.'],
];

function authHint(code: string | undefined, message: string): string {
  // The code wins over the message: an answer may pair a code with another code's wording.
  const found = AUTH_HINTS.find(([c]) => c !== undefined && c === code) ?? AUTH_HINTS.find(([, pattern]) => pattern?.test(message));
  return found?.[2] ?? 'Check the credentials; for OAuth2, check the client id and secret and that the service account still exists.';
}

/** What an error mapper receives: the answer (its body, decoded when it was JSON), the call, and who made it. */
export type ErrorAnswer = Pick<ApiErrorInfo, 'status' | 'method' | 'path' | 'caller' | 'clientId'> & { data: unknown; headers: Headers };

/** Turns an error answer into an OvhApiError. */
export type ErrorMapper = (info: ErrorAnswer) => OvhApiError;

/** An error answer's body as an object: parsed when ky left it as text, `{}` when it is none (an HTML page from a proxy). */
export function errorBody(data: unknown): Record<string, unknown> {
  const value = decodedJson(data);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Reads OVH's `{class, message, errorCode, details}` error body (or HTML/empty) into the error tree. */
export const ovhErrorMapper: ErrorMapper = ({ status, data, headers, method, path, caller, clientId }) => {
  const body = errorBody(data);
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  // IAM's details hold strings (an action list may also come as an array): keep every value as text.
  const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : JSON.stringify(v));
  const details =
    body.details && typeof body.details === 'object' ? Object.fromEntries(Object.entries(body.details).map(([k, v]) => [k, text(v)])) : undefined;
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
    retryAfterSeconds: waitSeconds(headers),
    caller,
    clientId,
  });
};

/** The seconds an answer asks to wait, from the headers ky's retry reads, in its order; a `-reset` one from 2024 on is an epoch time. */
export function waitSeconds(headers: Headers, now: () => number = Date.now): number | undefined {
  for (const name of WAIT_HEADERS) {
    const value = headers.get(name);
    if (value === null) continue;
    const seconds = retryAfterSeconds(value, now);
    return name.endsWith('-reset') && seconds !== undefined && seconds >= EPOCH_2024 ? Math.max(0, Math.ceil(seconds - now() / 1000)) : seconds;
  }
  return undefined;
}
const WAIT_HEADERS = ['retry-after', 'ratelimit-reset', 'x-ratelimit-retry-after', 'x-ratelimit-reset', 'x-rate-limit-reset'];
const EPOCH_2024 = Date.parse('2024-01-01') / 1000;

/** The seconds a `Retry-After` asks to wait: delay seconds or an IMF-fixdate (read back to the letter); else undefined. */
export function retryAfterSeconds(value: string, now: () => number = Date.now): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date) || new Date(date).toUTCString() !== text) return undefined;
  return Math.max(0, Math.ceil((date - now()) / 1000));
}
