// What both `ovh-credentials` and `ovh-credentials/webpaas` export, in one list so they cannot drift apart: the errors,
// Secret, the open-enum and date helpers, and the option types every client shares.
export type { ClientOptions, Logger } from './core/options.js';
export type { CallOptions, HttpMethod, RetryEvent, RetryOptions } from './core/transport.js';
export type { RateLimitOptions } from './core/rate-limit.js';
export type { RawCallOptions, RawOut, StandardSchema } from './core/raw-call.js';
export {
  OvhAbortError,
  AuthenticationError,
  BadRequestError,
  ConfigError,
  ConflictError,
  ERROR_CHANNEL,
  ForbiddenError,
  InputValidationError,
  isOvhError,
  NetworkError,
  NotFoundError,
  OvhApiError,
  OvhError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  OvhTimeoutError,
  type ApiErrorInfo,
  type InvalidItem,
  type CallInfo,
  type ResponseIssue,
} from './core/errors.js';
export { Secret } from './core/redact.js';
export { isKnown, toDate, withUnknownFields, type KnownFields, type OpenEnum } from './core/tolerant.js';
