// Web PaaS error answers into the SDK's error tree, and what to do when the token endpoint refuses the API token.
import { type ApiErrorInfo, apiErrorFromResponse, AuthenticationError, ForbiddenError } from '../core/errors.js';
import { type ErrorAnswer, type ErrorMapper, errorBody, waitSeconds } from '../core/errors.js';
import { z } from 'zod';

const TOKEN_HINT =
  'Create a new API token in the Web PaaS console (My profile → API tokens), then pass it as apiToken or set OVHCLOUD_WEBPAAS_CLI_TOKEN.';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A `detail` value as text: a string, a list of them (`a; b`), or an object keyed by field (`field: text; ...`). */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join('; ');
  if (!value || typeof value !== 'object') return String(value);
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${flatten(v)}`)
    .join('; ');
}

/** `detail` is a string, or an object keyed by field whose values are strings, lists of strings or nested objects. */
function detailsOf(detail: unknown): Record<string, string> | undefined {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail) || Object.keys(detail).length === 0) return undefined;
  return Object.fromEntries(Object.entries(detail).map(([field, value]) => [field, flatten(value)]));
}

const Field = z.unknown().optional();
/** The fields of a Web PaaS error answer the mapper reads (strings only); check:schemas compares it with the spec's `Error`. */
export const WebPaasErrorBody = z.looseObject({ message: Field, detail: Field, title: Field, error: Field, error_description: Field });

/** Builds ApiErrorInfo from any Web PaaS error body (the token endpoint's too); the message reads message > detail > error_description > title > error, and adds `detail` when the message is not it. */
export function webpaasErrorInfo({ status, data, headers, method, path }: ErrorAnswer): ApiErrorInfo {
  const body = WebPaasErrorBody.parse(errorBody(data));
  const details = detailsOf(body.detail);
  // A string `detail` beside `message` says what was wrong (`is_json: the value is not valid JSON`): keep both, as
  // platformsh-client-php's ApiResponseException does.
  const fieldText = details ? flatten(body.detail) : text(body.detail);
  const main =
    [body.message, body.detail, body.error_description, body.title, body.error].map(text).find((t) => t !== undefined) ??
    (typeof data === 'string' && /^\s*</.test(data) ? `non-JSON error page (HTTP ${status})` : `HTTP ${status} with no error message`);
  return {
    status,
    method,
    path,
    apiMessage: fieldText && !main.includes(fieldText) ? `${main} (${fieldText})` : main,
    errorCode: text(body.error),
    details,
    queryId: headers.get('x-request-id') ?? headers.get('x-ovh-queryid') ?? undefined,
    retryAfterSeconds: waitSeconds(headers),
  };
}

/** Maps Web PaaS API error answers into the error tree; `renewable` (the client has an API token) changes the 401 hint. */
export function webpaasErrorMapper(renewable: boolean): ErrorMapper {
  // The class is decided before any error is built: every error built is observable (diagnostics channel).
  return (answer) => {
    const info = webpaasErrorInfo(answer);
    const aboutToken = /api token|access token|invalid token/i.test(info.apiMessage);
    if (info.status === 401 || ((info.status === 400 || info.status === 403) && aboutToken)) {
      return new AuthenticationError(
        info,
        /api token/i.test(info.apiMessage)
          ? `The Web PaaS API token was refused. ${TOKEN_HINT}`
          : renewable
            ? 'The access token was refused even after a fresh one was fetched: check that the API token is still valid and its user still has access.'
            : 'The access token was refused (expired or revoked): pass apiToken (or set OVHCLOUD_WEBPAAS_CLI_TOKEN) so the client can fetch fresh ones.',
      );
    }
    if (info.status === 403) {
      return new ForbiddenError(info, "The API token's user lacks the rights for this project or environment: ask a project admin to grant them.");
    }
    return apiErrorFromResponse(info, 'Web PaaS support');
  };
}

/** What to do when the token endpoint refuses the API-token exchange (the core maps its OAuth errors). */
export function webpaasTokenHint({ status, errorCode, apiMessage }: ApiErrorInfo): string {
  if (/api token/i.test(apiMessage) || errorCode === 'invalid_grant') return `The Web PaaS API token is invalid, expired or revoked. ${TOKEN_HINT}`;
  if (errorCode === 'invalid_client' || status === 401) {
    return 'The OAuth2 client id was refused: leave clientId and OVHCLOUD_WEBPAAS_CLI_OAUTH2_CLIENT_ID unset to use the default "ovh-eu-cli", or check the token URL.';
  }
  return `The token endpoint refused the API-token exchange. ${TOKEN_HINT}`;
}
