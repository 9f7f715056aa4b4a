// The building blocks of response schemas ("liberal in what we accept"). Open enums: the API adds values to its enums
// over time (PATCH joined auth.HTTPMethodEnum, the quantum roles joined cloud.project.ai.TokenRoleEnum), so a
// response value we do not know yet must pass through instead of failing the whole call; inputs keep closed enums
// (z.enum): we send only what the API takes. Also v1's nullable fields, ISO date-times as both APIs send them, and
// result types that list known fields only.
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
  return schema.nullish().transform((v) => v ?? null) as never;
}

/** An ISO-8601 date-time with an offset (v1's `2020-03-28T08:07:14+01:00`, v2's `2023-03-21T15:40:05.213Z`), kept as text. */
export const IsoDateTime = z.string().refine((value) => !Number.isNaN(parseIsoDateTime(value)), {
  message: 'must be an ISO-8601 date-time with an offset, e.g. 2020-03-28T08:07:14+01:00',
});

// Extended ISO-8601 date-time with a mandatory zone: seconds and fraction optional, `.` or `,` before the fraction,
// offset as `Z`, `+hh`, `+hhmm` or `+hh:mm` (v1 sends `+01:00`, v2 sends `.213Z`; the others are legal ISO too).
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** Epoch ms of an ISO-8601 date-time with an offset, or NaN when the text is not one (or names an impossible date). */
export function parseIsoDateTime(value: string): number {
  const m = ISO_DATE_TIME.exec(value);
  if (m === null) return Number.NaN;
  // Every response date goes through here (a list of details: three per item), so no closure and no array per call.
  const year = +(m[1] as string);
  const month = +(m[2] as string);
  const day = +(m[3] as string);
  const hour = +(m[4] as string);
  const minute = +(m[5] as string);
  const second = m[6] === undefined ? 0 : +m[6];
  const hasOffset = m[8] === undefined;
  const offsetHours = hasOffset ? +(m[10] as string) : 0;
  const offsetMinutes = hasOffset && m[11] !== undefined ? +m[11] : 0;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return Number.NaN;
  }
  const ms = m[7] === undefined ? 0 : +`0.${m[7]}` * 1000;
  const sign = m[9] === '-' ? -1 : 1;
  return Math.floor(Date.UTC(year, month - 1, day, hour, minute, second) + ms) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
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
