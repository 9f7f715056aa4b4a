// The building blocks of response schemas ("liberal in what we accept"). Enums are open because the API adds values
// over time (PATCH joined auth.HTTPMethodEnum): an unknown value passes through; inputs keep closed enums (z.enum).
import { z } from 'zod';
import type { Secret } from './redact.js';

/**
 * A value of an open (response) enum: a known value (typed for autocomplete) or any string the API added since.
 * @example
 * const s: CredentialState = credential.status; // 'validated' | 'expired' | ... | (string & {})
 * if (s === 'validated') { ... } else if (!isKnown(CREDENTIAL_STATES, s)) console.warn('new state', s);
 */
export type OpenEnum<T extends string> = T | (string & {});

/**
 * True when `value` is one of `known` (narrowing it): a value this SDK knows, not one the API added since.
 * @example if (!isKnown(CREDENTIAL_STATES, c.status)) log(`unknown state ${c.status}`);
 */
export function isKnown<const T extends string>(known: readonly T[], value: string | null | undefined): value is T {
  return typeof value === 'string' && (known as readonly string[]).includes(value);
}

/**
 * A response type with its known fields only, at every depth, so a misspelt field (`c.lastuse`) is a compile error;
 * the unknown fields parsing keeps are read through `withUnknownFields(value)`.
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

/** A field the API describes as nullable (v1's `canBeNull`): null or absent (v1 cannot tell them apart), read as `null`. */
export function orNull<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | null, z.input<T> | null | undefined> {
  // A default rather than a transform: no pipe to run on every field of every answer.
  return schema.nullable().default(null) as never;
}

/** An ISO-8601 date-time with an offset (v1's `2020-03-28T08:07:14+01:00`, v2's `2023-03-21T15:40:05.213Z`), kept as text. */
export const IsoDateTime = z.string().refine(isIsoDateTime, {
  message: 'must be an ISO-8601 date-time with an offset, e.g. 2020-03-28T08:07:14+01:00',
});

// Extended ISO-8601 date-time with a mandatory zone, each field in range: seconds and fraction optional, `.` or `,`
// before the fraction, offset as `Z`, `+hh`, `+hhmm` or `+hh:mm` (v1 sends `+01:00`, v2 `.213Z`; the rest is ISO too).
const ISO_DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:[.,](\d{1,9}))?)?(?:Z|([+-])([01]\d|2[0-3])(?::?([0-5]\d))?)$/i;

/** True when `value` is an ISO-8601 date-time with an offset that names a real day. Every response date is checked, so it allocates no match. */
function isIsoDateTime(value: string): boolean {
  if (!ISO_DATE_TIME.test(value)) return false;
  const day = Number(value.slice(8, 10));
  return day <= 28 || day <= daysIn(Number(value.slice(0, 4)), Number(value.slice(5, 7)));
}

/** Epoch ms of an ISO-8601 date-time with an offset, or NaN when the text is not one (or names an impossible date). */
export function parseIsoDateTime(value: string): number {
  const m = isIsoDateTime(value) ? ISO_DATE_TIME.exec(value) : null;
  if (m === null) return Number.NaN;
  const utc = Date.UTC(+(m[1] as string), +(m[2] as string) - 1, +(m[3] as string), +(m[4] as string), +(m[5] as string), +(m[6] ?? 0));
  const ms = m[7] === undefined ? 0 : +`0.${m[7]}` * 1000;
  const offsetMinutes = +(m[9] ?? 0) * 60 + +(m[10] ?? 0);
  return Math.floor(utc + ms) - (m[8] === '-' ? -1 : 1) * offsetMinutes * 60_000;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar (30 February does not exist). */
function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses an API date-time string into a Date (`null`/`undefined` pass through).
 * @example toDate(credential.expiration)?.getTime() // null when the key never expires
 */
export function toDate<T extends string | null | undefined>(value: T): T extends string ? Date : T {
  return (typeof value === 'string' ? new Date(parseIsoDateTime(value)) : value) as never;
}
