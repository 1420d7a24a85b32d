/**
 * Timestamps on the wire (docs/sinch-wire.md, "Conventions"): output is ISO 8601 UTC with milliseconds; input
 * may omit the offset (then it is UTC), the seconds, or the whole time (a bare date is midnight UTC).
 */

export const SECOND_MS = 1000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const ISO_PATTERN =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 timestamp to epoch milliseconds, or `undefined` when it is not one.
 * `Date.parse` alone would read an offset-less date-time as local time; Sinch reads it as UTC.
 */
export function parseTimestamp(text: string): number | undefined {
  const m = ISO_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [, date, hm, sec, frac, zone] = m;
  const millis = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  let offset = 'Z';
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
  }
  const ms = Date.parse(`${date}T${hm ?? '00:00'}:${sec ?? '00'}${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A query-string timestamp: a `+` offset that was not URL-encoded decodes as a space
 * (docs/sinch-wire.md, "Conventions"), so `2024-06-06T10:00:00 02:00` means `+02:00`.
 */
export function parseQueryTimestamp(text: string): number | undefined {
  return parseTimestamp(text.replace(/(T[\d:.]+) (\d{2}(?::?\d{2})?)$/, '$1+$2'));
}
