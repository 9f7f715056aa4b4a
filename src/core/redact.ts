// A secret is held in a closure-less private slot; every way of printing the object shows a placeholder.

/** Node's `util.inspect` hook: Secret and both clients print only a safe view through it. */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const PLACEHOLDER = '[redacted]';

/**
 * A secret value (application secret, consumer key, client secret, token) that cannot leak by accident:
 * `String()`, `JSON.stringify`, `util.inspect` and template literals all print `[redacted]`.
 * Call `reveal()` when you really need the value.
 * @example const { clientSecret } = await ovh.oauth2Clients.create({...}); store(clientSecret.reveal());
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret value itself. Use it only where it must go (a vault, an env file, a header). */
  reveal(): string {
    return this.#value;
  }
  /** Always `[redacted]`. */
  toString(): string {
    return PLACEHOLDER;
  }
  /** Always `"[redacted]"`, so `JSON.stringify` never prints the value. */
  toJSON(): string {
    return PLACEHOLDER;
  }
  /** Node's `util.inspect` / `console.log` hook. @internal (left out of the declarations: the symbol is not exported) */
  [INSPECT](): string {
    return `Secret(${PLACEHOLDER})`;
  }
  [Symbol.toPrimitive](): string {
    return PLACEHOLDER;
  }
}

/** Wraps a string as a Secret; passes a Secret through unchanged. */
export function secret(value: string | Secret): Secret {
  return value instanceof Secret ? value : new Secret(value);
}

/**
 * Replaces the given secrets in a text we did not write (an API's message, a value it echoed) in every encoding a
 * server may echo one in, each character in any of them: as sent, JSON-escaped, percent-encoded (either hex case)
 * and form-encoded, so no later decoding can bring a secret back. A secret under 4 characters (a variable's value may
 * be `on`) is replaced only where it stands alone, so ordinary words stay readable.
 */
export function redactText(text: string, secrets: ReadonlyArray<string | undefined>): string {
  return redactor(secrets)(text);
}

/** A deep copy of JSON-like data with every secret replaced in every string (keys included), in every encoding. */
export function redactDeep(value: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  return deep(value, redactor(secrets));
}

/**
 * An answer's body with every secret replaced after the last decoding the SDK applies: a text that is JSON is decoded
 * first, whatever its content type said, as the error mappers would decode it.
 * @example redactBody('{"message":"bad key CK\\/x"}', ['CK/x']) // { message: 'bad key [redacted]' }
 */
export function redactBody(body: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  return deep(decodedJson(body), redactor(secrets));
}

/** A text that is JSON, decoded; any other value (or text) as it is. */
export function decodedJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function deep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => deep(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), deep(v, redact)]));
  }
  return value;
}

/** One pattern for all the secrets, built once per text or body to scrub. */
function redactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const patterns: string[] = [];
  for (const s of new Set(secrets)) {
    if (!s) continue;
    const pattern = [...s].map(characterForms).join('');
    patterns.push(s.length >= 4 ? pattern : `(?<![\\w])${pattern}(?![\\w])`);
  }
  if (patterns.length === 0) return (text) => text;
  // Longest first, so a secret that holds another is replaced whole.
  const all = new RegExp(patterns.sort((a, b) => b.length - a.length).join('|'), 'g');
  return (text) => text.replace(all, PLACEHOLDER);
}

const UTF8 = new TextEncoder();

// The pattern of each ASCII character, built on first use and all at once (so it keeps nothing of any secret).
let asciiForms: string[] | undefined;

/** A pattern for one character (a code point) in each of its encodings. */
function characterForms(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) {
    asciiForms ??= Array.from({ length: 0x80 }, (_, c) => formsOf(String.fromCharCode(c)));
    return asciiForms[code] as string;
  }
  return formsOf(ch);
}

function formsOf(ch: string): string {
  const hex = (n: number, width: number) => [...n.toString(16).padStart(width, '0')].map((d) => (d >= 'a' ? `[${d}${d.toUpperCase()}]` : d)).join('');
  const forms = [ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')];
  forms.push([...UTF8.encode(ch)].map((byte) => `%${hex(byte, 2)}`).join(''));
  forms.push([...Array(ch.length).keys()].map((i) => `\\\\u${hex(ch.charCodeAt(i), 4)}`).join(''));
  // JSON's short escapes (`\n`, `\"`...), and `\/` as PHP writes it.
  const short = ch === '/' ? '\\/' : JSON.stringify(ch).slice(1, -1);
  if (short.length === 2 && short[0] === '\\') forms.push(short.replace(/\\/g, '\\\\'));
  if (ch === ' ') forms.push('\\+');
  return `(?:${forms.join('|')})`;
}
