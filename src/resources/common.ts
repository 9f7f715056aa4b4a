// Schemas shared by resources.
import { z } from 'zod';

/**
 * An ISO-8601 date-time with an offset or `Z`, any fraction precision: v1's `2020-03-28T08:07:14+01:00` and
 * v2's `2023-03-21T15:40:05.213Z`. Kept as the API's string; use `toDate()` for a Date.
 */
export const IsoDateTime = z.iso.datetime({ offset: true, local: false });

/** Parses an API date-time string into a Date (`null`/`undefined` pass through). */
export function toDate<T extends string | null | undefined>(value: T): T extends string ? Date : T {
  return (typeof value === 'string' ? new Date(value) : value) as never;
}

/** A positive integer id (credentialId, applicationId). */
export const PositiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
