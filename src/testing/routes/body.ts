/**
 * Request-body parsing shared by routes: JSON, validated with zod, errors as OVH 400s.
 */
import type { z } from 'zod';
import { badRequest, OVH_ERRORS } from '../errors.js';
import { errorResponse } from '../http.js';

/** The parsed body, or the 400 response to send. */
export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Parses `text` as JSON and validates it; a bad body yields a 400 naming each offending field. */
export function parseJsonBody<S extends z.ZodType>(text: string, schema: S): BodyResult<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, response: errorResponse(OVH_ERRORS.invalidJson) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    return `[${where}] ${issue.message}`;
  });
  return { ok: false, response: errorResponse(badRequest(`Invalid body: ${problems.join('; ')}`)) };
}
