// The zod building blocks of every resource's schemas: open response enums, v1's nullable fields, ISO date-times.
// Loaded with the first schema module (a resource's first call, or `ovh-credentials/schemas`), never at import.
import { z } from 'zod';
import { parseIsoDateTime } from './dates.js';
import type { OpenEnum } from './tolerant.js';

const KNOWN = new WeakMap<z.ZodType, readonly string[]>();

/** A response-enum schema: any string parses; `known` lists the values this version of the SDK knows. */
export function openEnum<const T extends readonly [string, ...string[]]>(known: T): z.ZodType<OpenEnum<T[number]>, string> {
  const schema = z.string() as unknown as z.ZodType<OpenEnum<T[number]>, string>;
  KNOWN.set(schema, known);
  return schema;
}

/** The known values of a schema made by `openEnum`, or undefined for any other schema (for the drift check). */
export function knownValues(schema: z.ZodType): readonly string[] | undefined {
  return KNOWN.get(schema);
}

/**
 * A field the API describes as nullable (OVH v1's `canBeNull`): v1 cannot tell null from absent, so both are
 * accepted, and the result is always `null` when there is no value.
 */
export function orNull<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | null, z.input<T> | null | undefined> {
  return schema.nullish().transform((v) => v ?? null) as never;
}

/**
 * An ISO-8601 date-time with an offset or `Z`, any fraction precision: v1's `2020-03-28T08:07:14+01:00` and
 * v2's `2023-03-21T15:40:05.213Z`. Kept as the API's string; use `toDate()` for a Date.
 */
export const IsoDateTime = z.string().refine((value) => !Number.isNaN(parseIsoDateTime(value)), {
  message: 'must be an ISO-8601 date-time with an offset, e.g. 2020-03-28T08:07:14+01:00',
});
