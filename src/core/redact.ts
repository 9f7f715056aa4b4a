// A secret is held in a closure-less private slot; every way of printing the object shows a placeholder.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const PLACEHOLDER = '[redacted]';

/**
 * A secret value (application secret, consumer key, client secret, token) that cannot leak by accident:
 * `String()`, `JSON.stringify`, `util.inspect` and template literals all print `[redacted]`.
 * Call `reveal()` when you really need the value.
 * @example
 * const { clientSecret } = await ovh.oauth2Clients.create({...}); store(clientSecret.reveal());
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
  /** Node's `util.inspect` / `console.log` hook. */
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
 * Replaces every occurrence of the given secrets in a text we did not write ourselves (an API's message, a value it
 * echoed): each secret as sent and JSON-escaped (as it appears inside an echoed JSON string). A secret of 4
 * characters or more is replaced anywhere; a shorter one (a variable's value may be `on`) only where it stands
 * alone, so ordinary words stay readable.
 */
export function redactText(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) {
      if (form.length >= 4) out = out.split(form).join(PLACEHOLDER);
      else out = out.replace(new RegExp(`(?<![\\w])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'g'), PLACEHOLDER);
    }
  }
  return out;
}

/** A deep copy of JSON-like data with every secret replaced in every string (keys included). */
export function redactDeep(value: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secrets), redactDeep(v, secrets)]));
  }
  return value;
}
