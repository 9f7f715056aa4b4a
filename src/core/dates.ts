// ISO-8601 date-times as both APIs send them, shared by every resource (OVH v1 and v2, Web PaaS).

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
export function daysIn(year: number, month: number): number {
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
