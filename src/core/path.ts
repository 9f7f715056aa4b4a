// The one place where user input becomes part of a URL path or query string.
import { InputValidationError } from './errors.js';

/** A value accepted in a path template. */
export type PathValue = string | number;

/**
 * Fills `{name}` placeholders in a path template, each value encoded as one segment it cannot climb out of.
 * @example buildPath('/me/api/credential/{credentialId}', { credentialId: 42 }) // '/me/api/credential/42'
 */
export function buildPath(template: string, params: Readonly<Record<string, PathValue>>): string {
  return fillTemplate(template, (name) => {
    if (!Object.hasOwn(params, name)) throw new Error(`buildPath: no value for {${name}} in ${template}`);
    return encodeSegment(params[name] as PathValue, name);
  });
}

/**
 * A path template with each `{name}` replaced by `segment(name)`, called in template order (the first bad value is reported).
 * @example fillTemplate('/me/api/credential/{credentialId}', () => '42') // '/me/api/credential/42'
 */
export function fillTemplate(template: string, segment: (name: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => segment(name));
}

/** Encodes one path segment, refusing values that could change the path's shape. */
export function encodeSegment(value: PathValue, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InputValidationError(field, `${field} must be a non-negative integer, got ${String(value)}.`);
    }
    return String(value);
  }
  if (typeof value !== 'string' || value.length === 0) throw new InputValidationError(field, `${field} must be a non-empty string.`);
  if (value === '.' || value === '..') throw new InputValidationError(field, `${field} cannot be "." or "..".`);
  return encodeComponent(value, field);
}

/** encodeURIComponent, but a lone UTF-16 surrogate (which it cannot encode) is an InputValidationError, not a URIError. */
function encodeComponent(value: string, field: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new InputValidationError(field, `${field} is not well-formed Unicode (it holds a lone surrogate); nothing was sent.`);
  }
}

/** A raw API path given to `ovh.get/post/put/delete`; a query string after "?" is sent as written (fetch encodes what it must). */
export function checkRawPath(path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new InputValidationError('path', `path must start with "/", e.g. "/me"; got ${JSON.stringify(path)}.`);
  }
  const at = path.indexOf('?');
  const bare = at < 0 ? path : path.slice(0, at);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
  if (/[#\s\u0000-\u001f\u007f]/.test(bare)) {
    throw new InputValidationError(
      'path',
      'path must not contain "#", spaces or control characters; put query parameters after "?" or in the query option.',
    );
  }
  // URL parsing would cut the query at "#", drop tabs and newlines and trim a trailing space: what is sent would differ.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
  if (at >= 0 && /[#\u0000-\u001f\u007f]| $/.test(path.slice(at))) {
    throw new InputValidationError(
      'path',
      'the query string in path must not contain "#" or control characters, nor end with a space; encode them (%23, %09, %20) or use the query option.',
    );
  }
  for (const seg of bare.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw new InputValidationError('path', `path segment "${seg}" has a malformed percent-encoding.`);
    }
    // WHATWG URL parsing treats a backslash like "/" in https URLs, and some servers decode %2F: check every piece.
    if (decoded.split(/[/\\]/).some((part) => part === '.' || part === '..')) {
      throw new InputValidationError('path', 'path must not contain "." or ".." segments (nor "\\" or "%2F" around them).');
    }
  }
}

/** A query parameter value: booleans become `true`/`false`, arrays repeat the key, `undefined`/`null` are dropped. */
export type QueryValue = string | number | boolean | Date | null | undefined | ReadonlyArray<string | number | boolean>;

/** Serializes query parameters in a stable, documented way (`a=1&b=true&c=x&c=y`). Returns '' or '?…'. */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as Array<string | number | boolean | Date>) {
      if (v instanceof Date && Number.isNaN(v.getTime())) {
        throw new InputValidationError(`query.${key}`, `query.${key} is an invalid Date; nothing was sent.`);
      }
      const text = v instanceof Date ? v.toISOString() : String(v);
      parts.push(`${encodeComponent(key, `query.${key}`)}=${encodeComponent(text, `query.${key}`)}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
