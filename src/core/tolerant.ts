// The building blocks of response schemas ("liberal in what we accept"). Open enums: the API adds values to its enums
// over time (PATCH joined auth.HTTPMethodEnum, the quantum roles joined cloud.project.ai.TokenRoleEnum), so a
// response value we do not know yet must pass through instead of failing the whole call; inputs keep closed enums
// (z.enum): we send only what the API takes. Also v1's nullable fields, ISO date-times, and result types that list
// known fields only.
import { z } from 'zod';
import { parseIsoDateTime } from './dates.js';
import type { Secret } from './redact.js';

/**
 * A value of an open (response) enum: one of the known values, typed for autocomplete, or any other string the
 * API may have added since, passed through unchanged.
 * @example
 * const s: CredentialState = credential.status; // 'validated' | 'expired' | ... | (string & {})
 * if (s === 'validated') { ... } else if (!isKnown(CREDENTIAL_STATES, s)) console.warn('new state', s);
 */
export type OpenEnum<T extends string> = T | (string & {});

/**
 * True when `value` is one of `known`, narrowing it: tells a value this SDK knows from one the API added since.
 * @example if (!isKnown(CREDENTIAL_STATES, c.status)) log(`unknown state ${c.status}`);
 */
export function isKnown<const T extends string>(known: readonly T[], value: string | null | undefined): value is T {
  return typeof value === 'string' && (known as readonly string[]).includes(value);
}

/**
 * A response type with its known fields only: the index signature that loose parsing adds (`[k: string]: unknown`)
 * is removed, at every depth, so a misspelt field (`c.lastuse`) is a compile error. Unknown fields the API adds are
 * still kept at run time: read them through `withUnknownFields(value)`.
 */
export type KnownFields<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? KnownFields<U>[]
    : T extends Date | Secret | ((...args: never[]) => unknown)
      ? T
      : T extends object
        ? // A record (only an index signature, e.g. Web PaaS attributes) stays a record.
          [KnownKeys<T>] extends [never]
          ? T
          : { [K in keyof T as string extends K ? never : number extends K ? never : K]: KnownFields<T[K]> }
        : T;

type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 };

/**
 * The same object, typed to also expose the fields this SDK does not know (which parsing keeps), as `unknown`.
 * @example const extra = withUnknownFields(credential).futureField; // unknown
 */
export function withUnknownFields<T extends object>(value: T): T & Readonly<Record<string, unknown>> {
  return value as T & Readonly<Record<string, unknown>>;
}

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
