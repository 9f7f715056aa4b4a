/**
 * Server-side checks of variable bodies, as strict as the CLI's own checks plus types and unknown fields, so a
 * client that skips validation is caught. Independent of src/webpaas (it must not share the client's bugs).
 */

/** Fields a variable body may carry, by level. */
const PROJECT_FIELDS = ['name', 'value', 'attributes', 'is_json', 'is_sensitive', 'visible_build', 'visible_runtime', 'application_scope'];
const ENVIRONMENT_FIELDS = [...PROJECT_FIELDS, 'is_enabled', 'is_inheritable'];
const BOOLEAN_FIELDS = ['is_json', 'is_sensitive', 'visible_build', 'visible_runtime', 'is_enabled', 'is_inheritable'];

/** A parsed, type-checked body: only the fields present. */
export interface VariableBody {
  name?: string;
  value?: string;
  attributes?: Record<string, string>;
  is_json?: boolean;
  is_sensitive?: boolean;
  visible_build?: boolean;
  visible_runtime?: boolean;
  application_scope?: string[];
  is_enabled?: boolean;
  is_inheritable?: boolean;
}

/** Field → problem, or the parsed body. */
export type BodyCheck = { ok: true; body: VariableBody } | { ok: false; message: string; detail: Record<string, string> };

/** Problems with a variable name, or `null`. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'The variable name must not be empty.';
  if (name.length > 256) return 'The variable name must be at most 256 characters.';
  if (/\s/.test(name)) return 'The variable name must not contain spaces.';
  return null;
}

/** Parses and checks a POST (`create: true`, name and value required) or PATCH body. */
export function checkVariableBody(text: string, level: 'project' | 'environment', create: boolean): BodyCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The request body must be a JSON object.', detail: { body: 'Invalid JSON.' } };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: 'The request body must be a JSON object.', detail: { body: 'Expected an object.' } };
  }
  const input = raw as Record<string, unknown>;
  const detail: Record<string, string> = {};
  const allowed = level === 'project' ? PROJECT_FIELDS : ENVIRONMENT_FIELDS;
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key))
      detail[key] = level === 'project' && ENVIRONMENT_FIELDS.includes(key) ? 'This field is only available at environment level.' : 'Unknown field.';
  }
  if (!create && 'name' in input) detail.name = 'The variable name cannot be changed.';
  if (create) {
    if (typeof input.name !== 'string') detail.name ??= 'This field is required and must be a string.';
    else {
      const problem = nameProblem(input.name);
      if (problem) detail.name = problem;
    }
    if (!('value' in input)) detail.value = 'This field is required.';
  }
  if ('value' in input && typeof input.value !== 'string') detail.value = 'This value should be a string.';
  for (const field of BOOLEAN_FIELDS) {
    if (field in input && typeof input[field] !== 'boolean') detail[field] ??= 'This value should be a boolean.';
  }
  if ('attributes' in input) {
    const a = input.attributes;
    if (!a || typeof a !== 'object' || Array.isArray(a) || Object.values(a).some((v) => typeof v !== 'string')) {
      detail.attributes = 'This value should be an object of strings.';
    }
  }
  if ('application_scope' in input) {
    const s = input.application_scope;
    if (!Array.isArray(s) || s.some((v) => typeof v !== 'string' || v === ''))
      detail.application_scope = 'This value should be a list of application names.';
  }
  if (input.is_json === true && typeof input.value === 'string') {
    try {
      JSON.parse(input.value);
    } catch {
      detail.value = 'The value must be valid JSON.';
    }
  }
  if (Object.keys(detail).length > 0) return { ok: false, message: 'Invalid variable.', detail };
  return { ok: true, body: input as VariableBody };
}
