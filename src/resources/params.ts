// Path parameters of every resource: what each one must look like, and the one helper that validates and
// encodes them into a path. Resources never put caller input into a URL any other way. Plain checks, no zod: a path
// is built on every call, and this module is loaded at import (the zod forms of these rules, for filters and
// `ovh-credentials/schemas`, are in params.schemas.ts and share the patterns and messages below).
import { InputValidationError } from '../core/errors.js';
import { encodeSegment, fillTemplate } from '../core/path.js';

/** What a credential or application id must be. */
export const ID_MESSAGE = 'must be a positive integer id, e.g. 42';
/** A Public Cloud project id: 32 hexadecimal characters. */
export const SERVICE_NAME_PATTERN = /^[0-9a-f]{32}$/i;
/** What a Public Cloud project id must be (a non-string, then a string of the wrong shape). */
export const SERVICE_NAME_MESSAGES = {
  type: 'must be a Public Cloud project id (32 hexadecimal characters)',
  format: 'must be a Public Cloud project id (32 hexadecimal characters, as in the control panel URL)',
} as const;
/** A UUID, any version (OVH's ids are not checked against RFC 9562 variants); zod's `z.guid()` pattern. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What an OAuth2 client id must be (a non-string, an empty one, one with whitespace inside). */
export const CLIENT_ID_MESSAGES = {
  type: 'must be an OAuth2 client id, e.g. "EU.0123456789abcdef"',
  empty: 'clientId is required',
  whitespace: 'must not contain whitespace',
} as const;

type Checked = { ok: true; value: string | number } | { ok: false; message: string };
const bad = (message: string): Checked => ({ ok: false, message });

/** A credential or application id: a positive safe integer. */
function id(value: unknown): Checked {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? { ok: true, value } : bad(ID_MESSAGE);
}

function guid(message: string): (value: unknown) => Checked {
  return (value) => (typeof value === 'string' && GUID_PATTERN.test(value) ? { ok: true, value } : bad(message));
}

/** An OAuth2 client id, e.g. `EU.0123456789abcdef`: trimmed, non-empty, no whitespace. */
export function checkClientId(value: unknown): Checked {
  if (typeof value !== 'string') return bad(CLIENT_ID_MESSAGES.type);
  const trimmed = value.trim();
  if (trimmed === '') return bad(CLIENT_ID_MESSAGES.empty);
  if (/\s/.test(trimmed)) return bad(CLIENT_ID_MESSAGES.whitespace);
  return { ok: true, value: trimmed };
}

const PARAMS = {
  policyId: guid('must be an IAM policy id (a UUID such as 0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90)'),
  credentialId: id,
  applicationId: id,
  clientId: checkClientId,
  serviceName: (value: unknown): Checked =>
    typeof value !== 'string'
      ? bad(SERVICE_NAME_MESSAGES.type)
      : SERVICE_NAME_PATTERN.test(value)
        ? { ok: true, value }
        : bad(SERVICE_NAME_MESSAGES.format),
  tokenId: guid('must be a token id (a UUID such as 0b7c3c1e-8a4b-4a53-9c0e-2f8e1d6a7b90)'),
} as const;

/** The value each path parameter takes. */
interface ParamTypes {
  policyId: string;
  credentialId: number;
  applicationId: number;
  clientId: string;
  serviceName: string;
  tokenId: string;
}

/** A known path parameter name. */
export type ParamName = keyof typeof PARAMS;

type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The values a path template needs, typed by parameter name. */
export type PathParams<T extends string> = { [K in Placeholders<T>]: K extends ParamName ? ParamTypes[K] : never };

/** A checked value, or an InputValidationError worded as every input check words it. */
export function checkParam(check: (value: unknown) => Checked, value: unknown, field: string): string | number {
  const result = check(value);
  if (result.ok) return result.value;
  throw new InputValidationError(field, `Invalid ${field}: ${result.message}. Nothing was sent.`, [{ field, message: result.message }]);
}

/**
 * Validates each `{param}` of a template against its schema (in template order) and fills it in, encoded as one
 * segment. Throws InputValidationError naming the parameter before anything is sent.
 * @example resourcePath('/me/api/credential/{credentialId}', { credentialId: 42 }) // '/me/api/credential/42'
 */
export function resourcePath<T extends string>(template: T, values: PathParams<T>): string {
  const given = values as Readonly<Record<string, unknown>>;
  return fillTemplate(template, (name) => {
    if (!Object.hasOwn(PARAMS, name)) throw new Error(`resourcePath: unknown parameter {${name}} in ${template}`);
    return encodeSegment(checkParam(PARAMS[name as ParamName], given[name], name), name);
  });
}

/**
 * The `{param}` of a template filled with several ids joined by `,`, as OVH's batch reads (`X-Ovh-Batch: ,`) take
 * them: each id is validated like a single one; the commas stay literal.
 * @example batchPath('/me/api/credential/{credentialId}', 'credentialId', [1, 2]) // '/me/api/credential/1,2'
 */
export function batchPath(template: string, name: 'credentialId' | 'applicationId', ids: readonly number[]): string {
  const list = ids.map((value, i) => String(checkParam(id, value, `${name}s.${i}`)));
  return template.replace(`{${name}}`, list.join(','));
}
