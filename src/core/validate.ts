// Input validation: zod schemas checked before anything is sent, failures turned into InputValidationError.
import type { z } from 'zod';
import { InputValidationError } from './errors.js';

/**
 * Parses caller input with a zod schema; on failure throws an InputValidationError naming every bad field
 * (prefixed with `root`, e.g. `options.accessRules.0.path`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: root, message: 'invalid' };
  const others = issues.slice(1).map((i) => i.field);
  const more = others.length ? ` ${others.length === 1 ? 'Also invalid' : `Also invalid (${others.length})`}: ${others.join(', ')}.` : '';
  throw new InputValidationError(first.field, `Invalid ${first.field}: ${first.message}.${more} Nothing was sent.`, issues);
}
