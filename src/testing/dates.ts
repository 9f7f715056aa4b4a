/**
 * Date formatting as OVH's v1 API returns it: `2020-03-28T08:07:14+01:00` (wall time in the API's time zone,
 * numeric offset, no fraction). v2 uses plain UTC ISO strings with milliseconds.
 */

/** The time zone the simulator renders v1 dates in (OVH's v1 API answers in Paris time). */
export const V1_TIME_ZONE = 'Europe/Paris';

const formatters = new Map<string, Intl.DateTimeFormat>();

// Built lazily: the module must have no side effects at import.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Formats epoch milliseconds as a v1 date with the zone's offset, e.g. `formatV1Date(0)` → `1970-01-01T01:00:00+01:00`.
 */
export function formatV1Date(epochMs: number, timeZone: string = V1_TIME_ZONE): string {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(wholeSecondMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallClockAsUtc = Date.UTC(
    fields['year'] ?? 1970,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
  );
  const offsetMinutes = Math.round((wallClockAsUtc - wholeSecondMs) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hh = String(Math.floor(absolute / 60)).padStart(2, '0');
  const mm = String(absolute % 60).padStart(2, '0');
  return `${new Date(wallClockAsUtc).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

/** Formats epoch milliseconds as a v2 date, e.g. `2023-03-21T15:40:05.213Z`. */
export function formatV2Date(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
