/**
 * Path and query parameters shared by routes: integer ids and enum values, refused with OVH-style 400s.
 */
import { errorResponse } from '../http.js';
import { badRequest, invalidParameter } from '../errors.js';

/** A parsed parameter, or the 400 response to send. */
export type ParamResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/** A positive integer id (`credentialId`, `applicationId`). */
export function longParam(name: string, raw: string): ParamResult<number> {
  if (!/^\d{1,15}$/.test(raw)) return { ok: false, response: errorResponse(invalidParameter(name, raw, 'long')) };
  return { ok: true, value: Number(raw) };
}

/** One of an enumeration's values (UNCONFIRMED wording). */
export function enumParam<T extends string>(name: string, raw: string, values: readonly T[], enumName: string): ParamResult<T> {
  if (!(values as readonly string[]).includes(raw)) {
    return { ok: false, response: errorResponse(badRequest(`[${name}] Given data (${raw}) does not belong to the ${enumName} enumeration`)) };
  }
  return { ok: true, value: raw as T };
}
