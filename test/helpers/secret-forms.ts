// The forms a secret can be echoed in (raw, JSON-escaped, percent- and form-encoded), written here independently of
// src/core/redact.ts: the secret audit (test/setup/secret-audit.ts) and the hostile-server tests look for each of them.
import { inspect } from 'node:util';

/** How a server may write a value into a text: as is, percent-encoded (upper- or lower-case hex), or form-encoded. */
export type ValueEncoding = 'raw' | 'percent' | 'percent-lower' | 'form';
export const VALUE_ENCODINGS: readonly ValueEncoding[] = ['raw', 'percent', 'percent-lower', 'form'];

/** Percent-encodes every byte that is not unreserved (RFC 3986), upper-case hex, as encodeURIComponent and more. */
function percent(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A value as a server would echo it in the given encoding. */
export function encodeValue(value: string, encoding: ValueEncoding): string {
  switch (encoding) {
    case 'raw':
      return value;
    case 'percent':
      return percent(value);
    case 'percent-lower':
      return percent(value).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
    case 'form':
      return new URLSearchParams({ v: value }).toString().slice(2);
  }
}

/**
 * How a server may write JSON: standard (`JSON.stringify`), as PHP's json_encode does (`\/` and `\uxxxx` for every
 * non-ASCII character), or with every character of every string as a `\uXXXX` escape.
 */
export type JsonStyle = 'json' | 'json-php' | 'json-unicode';
export const JSON_STYLES: readonly JsonStyle[] = ['json', 'json-php', 'json-unicode'];

const hex4 = (unit: number) => unit.toString(16).padStart(4, '0');

export function jsonString(value: string, style: JsonStyle): string {
  if (style === 'json') return JSON.stringify(value);
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const ch = value[i] as string;
    if (style === 'json-unicode') out += `\\u${hex4(unit).toUpperCase()}`;
    else if (ch === '/') out += '\\/';
    else if (unit > 0x7e) out += `\\u${hex4(unit)}`;
    else out += JSON.stringify(ch).slice(1, -1);
  }
  return `${out}"`;
}

/**
 * Every form a secret can be read in from a text: raw, JSON-escaped (standard, PHP's, all-`\u`), percent-encoded
 * (upper- and lower-case hex, encodeURIComponent's), form-encoded, and as `util.inspect` quotes it.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), inspect(secret).slice(1, -1)]);
  for (const style of ['json-php', 'json-unicode'] as const) {
    const text = jsonString(secret, style).slice(1, -1);
    forms.add(text);
    forms.add(text.replace(/\\u[0-9a-fA-F]{4}/g, (e) => e.toLowerCase()));
    forms.add(text.replace(/\\u[0-9a-fA-F]{4}/g, (e) => `\\u${e.slice(2).toUpperCase()}`));
  }
  for (const encoding of ['percent', 'percent-lower', 'form'] as const) forms.add(encodeValue(secret, encoding));
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate: not encodable.
  }
  return [...forms];
}

/** The forms of any of `secrets` found in `text`, for an assertion message. */
export function leaksIn(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) for (const form of secretForms(secret)) if (text.includes(form)) found.push(form);
  return found;
}
