// A schema failure on a response as issues a person can act on: where, what was expected, what was found (never a
// secret). A list is checked item by item, so one bad item is reported with its index and id while the others parse.
import type { z } from 'zod';
import { type CallInfo, ResponseValidationError, type InvalidItem, type ResponseIssue } from './errors.js';
import { redactText } from './redact.js';

// Fields whose values are secrets (or may be): their values are never described, whatever they hold.
const SECRET_FIELD = /^(value|consumerKey|clientSecret|client_secret|access_token|api_token|token|secret|password)$/i;
// Fields that identify an item of a list, most specific first.
const ID_FIELDS = ['id', 'credentialId', 'applicationId', 'clientId', 'name'] as const;

/** Issues of a failed parse, each with the value found described (with `opaque`, a token answer's: only its kind). */
export function describeIssues(error: z.core.$ZodError, data: unknown, opaque = false): ResponseIssue[] {
  return error.issues.map((issue) => responseIssue(data, issue.path, issue.message, opaque));
}

/** One issue at `path` inside `data`: where, what, and the value found there (never a secret field's value). */
export function responseIssue(data: unknown, path: readonly PropertyKey[], message: string, opaque = false): ResponseIssue {
  const secretPath = path.some((key) => typeof key === 'string' && SECRET_FIELD.test(key));
  const value = path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), data);
  return {
    field: path.length ? path.map(String).join('.') : '(body)',
    message,
    received: secretPath ? '[redacted]' : opaque && typeof value === 'string' ? `a string of ${value.length} characters` : describeValue(value),
  };
}

/** One issue as a clause: `spec.role: Invalid input (got "quantum_x")`. */
export function issueText(issue: ResponseIssue): string {
  return `${issue.field}: ${issue.message}${issue.received !== undefined ? ` (got ${issue.received})` : ''}`;
}

/** Where a response came from, the secrets to keep out of the error, and whether the answer carries credentials (then no text of it is described). */
type ResponseContext = CallInfo & { queryId: string | undefined; secrets: readonly string[]; secretAnswer?: boolean | undefined };

/** The error for a response that does not match its schema; a list is checked item by item (the good ones kept). */
export function invalidResponse(schema: z.ZodType, error: z.core.$ZodError, data: unknown, ctx: ResponseContext): ResponseValidationError {
  const { method, path, queryId, secrets } = ctx;
  const clean = (issue: ResponseIssue): ResponseIssue =>
    issue.received === undefined ? issue : { ...issue, received: redactText(issue.received, secrets) };
  const where = queryId ? ` (query id ${queryId})` : '';
  const element = schema.def.type === 'array' ? (schema as z.ZodArray<z.ZodType>).element : undefined;
  if (element && Array.isArray(data)) {
    const parsed = data.map((raw) => element.safeParse(raw));
    const valid = parsed.flatMap((item) => (item.success ? [item.data] : []));
    const invalidItems = parsed.flatMap((item, index): InvalidItem[] => {
      if (item.success) return [];
      const id = idOf(data[index]);
      return [{ index, id: typeof id === 'string' ? redactText(id, secrets) : id, issues: describeIssues(item.error, data[index]).map(clean) }];
    });
    if (invalidItems.length > 0) {
      const issues = invalidItems.flatMap((item) => item.issues.map((issue) => ({ ...issue, field: `${item.index}.${issue.field}` })));
      const first = invalidItems[0] as InvalidItem;
      const name = first.id === undefined ? '' : ` (${JSON.stringify(first.id)})`;
      const others = invalidItems.length > 1 ? `, and ${invalidItems.length - 1} more item${invalidItems.length > 2 ? 's' : ''}` : '';
      return new ResponseValidationError(
        `${method} ${path} returned ${data.length} items; item ${first.index}${name} does not match the expected shape: ${first.issues.map(issueText).join('; ')}${others}${where}. The ${valid.length} other items are in error.validItems; the raw answer is what the client's get(path) returns without a schema. Report it with the query id.`,
        { method, path, queryId, issues, invalidItems, validItems: valid },
      );
    }
  }
  const issues = describeIssues(error, data, ctx.secretAnswer).map(clean);
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  return new ResponseValidationError(
    `${method} ${path} returned data that does not match the expected shape: ${issueText(first)}${
      issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    }${where}. The API may have changed; report it with the query id. ${
      method === 'GET'
        ? "The client's get(path) without a schema returns the raw answer."
        : 'The call was answered 2xx: read the resource again before retrying it.'
    }`,
    { method, path, queryId, issues },
  );
}

/** An item's id, when it carries one of the usual id fields as a string or number. */
function idOf(raw: unknown): string | number | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const ids = ID_FIELDS.map((key) => (raw as Record<string, unknown>)[key]);
  return ids.find((id): id is string | number => typeof id === 'string' || typeof id === 'number');
}

/** A short description of a value: `"text"`, `42`, `null`, `missing`, `an object`, `an array of 3`. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}
