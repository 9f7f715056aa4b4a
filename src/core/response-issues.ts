// Turns a schema failure on a response into issues a person can act on: where, what was expected, and what was
// found (described briefly, never a secret). A list answer is checked item by item, so one item that does not
// match is reported with its index and id while the others still parse.
import type { z } from 'zod';
import type { InvalidItem, ResponseIssue } from './errors.js';

// Fields whose values are secrets (or may be): their values are never described, whatever they hold.
const SECRET_FIELD = /^(value|consumerKey|clientSecret|client_secret|access_token|api_token|token|secret|password)$/i;
// Fields that identify an item of a list, most specific first.
const ID_FIELDS = ['id', 'credentialId', 'applicationId', 'clientId', 'name'] as const;

/** Issues of a failed parse, each with the value found at its path described. */
export function describeIssues(error: z.core.$ZodError, data: unknown, prefix: readonly PropertyKey[] = []): ResponseIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const secretPath = path.some((key) => typeof key === 'string' && SECRET_FIELD.test(key));
    return {
      field: path.length ? path.map(String).join('.') : '(body)',
      message: issue.message,
      received: secretPath ? '[redacted]' : describeValue(valueAt(data, issue.path)),
    };
  });
}

/** One issue as a clause: `spec.role: Invalid input (got "quantum_x")`. */
export function issueText(issue: ResponseIssue): string {
  return `${issue.field}: ${issue.message}${issue.received !== undefined ? ` (got ${issue.received})` : ''}`;
}

/** What a list answer held: the items that parsed, and each one that did not. */
export interface CheckedItems {
  valid: unknown[];
  invalid: InvalidItem[];
}

/** Parses each item of a list on its own. */
export function checkItems(item: z.ZodType, data: readonly unknown[]): CheckedItems {
  const valid: unknown[] = [];
  const invalid: InvalidItem[] = [];
  data.forEach((raw, index) => {
    const parsed = item.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else invalid.push({ index, id: idOf(raw), issues: describeIssues(parsed.error, raw) });
  });
  return { valid, invalid };
}

/** The element schema of a top-level array schema, or undefined (read from zod's public `def`, without importing zod). */
export function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const def = (schema as { def?: { type?: string; element?: z.ZodType } }).def;
  return def?.type === 'array' ? def.element : undefined;
}

/** An item's id, when it carries one of the usual id fields as a string or number. */
export function idOf(raw: unknown): string | number | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  for (const key of ID_FIELDS) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'string' || typeof v === 'number') return v;
  }
  return undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A short description of a value: `"text"`, `42`, `null`, `missing`, `an object`, `an array of 3`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}
