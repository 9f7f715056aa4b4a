/**
 * Every error the simulator can answer with, in one table, so that wording that OVH has not confirmed can be
 * changed in one place.
 */

/** The body of an OVH v1 error response. */
export interface OvhErrorBody {
  /** e.g. `Client::Forbidden`. */
  class: string;
  /** Human readable message, e.g. `Invalid signature`. */
  message: string;
  /** Machine readable code, e.g. `INVALID_SIGNATURE`; absent on some errors (401, 404). */
  errorCode?: string;
  /** Status line, e.g. `400 Bad Request`; sent together with `errorCode`. */
  httpCode?: string;
  /** Extra key/value details. */
  details?: Record<string, string>;
}

/** An error the simulator can return: its status and body. */
export interface OvhErrorSpec {
  /** HTTP status. */
  readonly status: number;
  /** Body fields (the `httpCode` is derived from the status when an `errorCode` is present). */
  readonly body: Readonly<Omit<OvhErrorBody, 'httpCode'>>;
}

/** Messages the simulator uses; UNCONFIRMED ones are marked. */
export const OVH_MESSAGES = {
  invalidKey: 'Invalid application key',
  loginRequired: 'You must login first',
  /** UNCONFIRMED wording: OVH documents "timestamp/clock errors" without the exact text. */
  queryTimeOut: 'Query out of time',
  credentialDoesNotExist: 'This credential does not exist',
  invalidSignature: 'Invalid signature',
  credentialNotValid: 'This credential is not valid',
  notGranted: 'This call has not been granted',
  invalidToken: 'Invalid token',
  notFound: 'Got an invalid (or empty) URL',
  /** UNCONFIRMED wording. */
  invalidJson: 'Invalid JSON received',
  internalError: 'Internal server error',
  /** UNCONFIRMED wording, for an unknown Public Cloud project. */
  serviceNotFound: 'This service does not exist',
  /** A call IAM refuses (OVH's IAM troubleshooting guide). */
  iamNotGranted: 'User not granted for this request',
  /** A stale or foreign `X-Pagination-Cursor` (the message OVH's web console checks for). */
  invalidCursor: 'invalid cursor',
  /** UNCONFIRMED wording: past the fair-use rate (the simulator's `rateLimit` option). */
  tooManyRequests: 'Too many requests, please retry later',
  /** UNCONFIRMED wording: editing or deleting an OVH-managed (read-only) policy. */
  policyReadOnly: 'This policy is read-only: it cannot be edited or deleted',
} as const;

/** The status text OVH puts in `httpCode`. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The OVH error class for a status, e.g. 403 → `Client::Forbidden`. */
export function errorClassFor(status: number): string {
  const text = (STATUS_TEXT[status] ?? 'Error').replace(/ /g, '');
  return status >= 500 ? `Server::${text}` : `Client::${text}`;
}

/** Builds the body of an error, adding `httpCode` when there is an `errorCode` (as OVH does). */
export function errorBody(spec: OvhErrorSpec): OvhErrorBody {
  const body: OvhErrorBody = { ...spec.body };
  if (spec.body.errorCode !== undefined) {
    body.httpCode = `${spec.status} ${STATUS_TEXT[spec.status] ?? 'Error'}`;
  }
  return body;
}

function spec(status: number, message: string, errorCode?: string): OvhErrorSpec {
  const body: Omit<OvhErrorBody, 'httpCode'> = { class: errorClassFor(status), message };
  if (errorCode !== undefined) body.errorCode = errorCode;
  return { status, body };
}

/** The authentication and routing errors, in the order the signed-call checks run. */
export const OVH_ERRORS = {
  /** Missing, unknown or blocked `X-Ovh-Application`. */
  invalidKey: spec(403, OVH_MESSAGES.invalidKey, 'INVALID_KEY'),
  /** A signed route called without the timestamp, consumer or signature header. */
  loginRequired: spec(401, OVH_MESSAGES.loginRequired),
  /** `X-Ovh-Timestamp` too far from the server clock. */
  queryTimeOut: spec(400, OVH_MESSAGES.queryTimeOut, 'QUERY_TIME_OUT'),
  /** Unknown consumer key, or one of another application (cert-manager-webhook-ovh #5 quotes the message). */
  credentialDoesNotExist: spec(403, OVH_MESSAGES.credentialDoesNotExist, 'NOT_CREDENTIAL'),
  /** Signature mismatch. */
  invalidSignature: spec(400, OVH_MESSAGES.invalidSignature, 'INVALID_SIGNATURE'),
  /** Consumer key pending validation, refused or expired (php-ovh #56: a key used before its validation). */
  credentialNotValid: spec(403, OVH_MESSAGES.credentialNotValid, 'INVALID_CREDENTIAL'),
  /** Client IP outside the credential's `allowedIPs`, or no access rule matches. */
  notGranted: spec(403, OVH_MESSAGES.notGranted, 'NOT_GRANTED_CALL'),
  /** Bearer token unknown or expired. */
  invalidToken: spec(401, OVH_MESSAGES.invalidToken),
  /** No such route. */
  notFound: spec(404, OVH_MESSAGES.notFound),
  /** Request body is not JSON. */
  invalidJson: spec(400, OVH_MESSAGES.invalidJson),
  /** Past the simulator's `rateLimit` for this consumer key or service account. */
  tooManyRequests: spec(429, OVH_MESSAGES.tooManyRequests),
  /** A bug in the simulator itself. */
  internalError: spec(500, OVH_MESSAGES.internalError),
} as const satisfies Record<string, OvhErrorSpec>;

/** A 400 `Client::BadRequest` with a custom message (input validation). */
export function badRequest(message: string): OvhErrorSpec {
  return spec(400, message);
}

/**
 * A 404 for an unknown object, as OVH words it: `The requested object (credentialId = 42) does not exist`.
 * @example objectNotFound('credentialId', 42)
 */
export function objectNotFound(param: string, value: string | number): OvhErrorSpec {
  return spec(404, `The requested object (${param} = ${value}) does not exist`);
}

/** A 404 for an unknown Public Cloud project (UNCONFIRMED wording). */
export function serviceNotFound(): OvhErrorSpec {
  return spec(404, OVH_MESSAGES.serviceNotFound);
}

/**
 * A 400 for a path or query parameter of the wrong type (UNCONFIRMED wording, modelled on OVH's
 * `[param] Given data (x) is not valid for type long`).
 */
export function invalidParameter(param: string, value: string, type: string): OvhErrorSpec {
  return spec(400, `[${param}] Given data (${value}) is not valid for type ${type}`);
}

/**
 * A 403 of a call IAM refuses, naming the missing action(s) as OVH does:
 * `{"class":"Client::Forbidden","message":"User not granted for this request","details":{"unauthorizedActionsByAuthentication":"","unauthorizedActionsByIAM":"<action>"}}`.
 * @example iamNotGranted('account:apiovh:me/get')
 */
export function iamNotGranted(actions: string): OvhErrorSpec {
  return {
    status: 403,
    body: {
      class: errorClassFor(403),
      message: OVH_MESSAGES.iamNotGranted,
      details: { unauthorizedActionsByAuthentication: '', unauthorizedActionsByIAM: actions },
    },
  };
}

/** The 400 of a stale or foreign v2 paging cursor: `{"class":"Client::BadRequest","message":"invalid cursor"}`. */
export function invalidCursor(): OvhErrorSpec {
  return spec(400, OVH_MESSAGES.invalidCursor);
}

/**
 * A 400 refusing a policy body, with one of the error codes OVH's web console knows for policies (`INVALID_FORMAT`,
 * `INVALID_PARAMETER`, `MISSING_PARAMETER`). UNCONFIRMED: the wording, and whether the code comes as `errorCode`.
 */
export function invalidPolicy(message: string, errorCode: 'INVALID_FORMAT' | 'INVALID_PARAMETER' | 'MISSING_PARAMETER'): OvhErrorSpec {
  return spec(400, message, errorCode);
}

/** A 409 for a policy name already in use (UNCONFIRMED status and wording; the code is the one OVH's console knows). */
export function policyAlreadyExists(name: string): OvhErrorSpec {
  return spec(409, `A policy named ${JSON.stringify(name)} already exists`, 'POLICY_ALREADY_EXISTS');
}

/** A 403 for an edit or delete of a read-only (OVH-managed) policy (UNCONFIRMED status and wording). */
export function policyReadOnly(): OvhErrorSpec {
  return spec(403, OVH_MESSAGES.policyReadOnly);
}
