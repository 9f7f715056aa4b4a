// Tolerance helpers for response schemas ("liberal in what we accept"). Open enums: the API adds values to its enums over time (PATCH joined auth.HTTPMethodEnum, the
// quantum roles joined cloud.project.ai.TokenRoleEnum), so a response value we do not know yet must pass through
// instead of failing the whole call. Inputs keep closed enums (z.enum): we send only what the API takes. This module
// is loaded at import and holds no zod; the schema builders (openEnum, orNull) are in schema-kit.ts, loaded with the
// first schema.
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
