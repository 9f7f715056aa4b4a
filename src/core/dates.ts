// ISO-8601 date-times as both APIs send them, shared by every resource (OVH v1 and v2, Web PaaS).

// Extended ISO-8601 date-time with a mandatory zone: seconds and fraction optional, `.` or `,` before the fraction,
// offset as `Z`, `+hh`, `+hhmm` or `+hh:mm` (v1 sends `+01:00`, v2 sends `.213Z`; the others are legal ISO too).
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** Epoch ms of an ISO-8601 date-time with an offset, or NaN when the text is not one (or names an impossible date). */
export function parseIsoDateTime(value: string): number {
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return Number.NaN;
  const n = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  const ms = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const offsetHours = m[8] ? 0 : n(10);
  const offsetMinutes = m[8] ? 0 : n(11);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return Number.NaN;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 30 February over into March: refuse dates whose day does not survive the round trip.
  if (new Date(utc).getUTCDate() !== day) return Number.NaN;
  const sign = m[9] === '-' ? -1 : 1;
  return Math.floor(utc + ms) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/**
 * Parses an API date-time string into a Date (`null`/`undefined` pass through).
 * @example toDate(credential.expiration)?.getTime() // null when the key never expires
 */
export function toDate<T extends string | null | undefined>(value: T): T extends string ? Date : T {
  return (typeof value === 'string' ? new Date(parseIsoDateTime(value)) : value) as never;
}
