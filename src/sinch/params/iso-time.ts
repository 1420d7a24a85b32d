/**
 * ISO 8601 times in parameters (the issue: "ISO 8601 times"; contract: "with or without offset; without
 * offset = UTC"). `Date.parse` would read an offset-less time as local time, so the format is matched here
 * and offset-less times are pinned to UTC. Times are passed on as UTC ISO strings. Every time parameter also
 * takes a relative time (`now`, `-24h`, `tomorrow 08:00`: src/sinch/params/relative-time.ts, issue #9).
 */
import { isRelativeTime, parseRelativeTime } from './relative-time';

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Milliseconds since the epoch, or undefined when `text` is not an ISO 8601 date or date-time. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(Number(`0.${frac || '0'}`) * 1000));
  // Date.UTC rolls 31 February over into March: refuse instead.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms - offsetMinutes(offset) * 60_000;
}

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** The UTC form Sinch itself uses: `2024-06-06T09:22:14.304Z`. */
export function toIsoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** A time parameter's value (ISO 8601 or relative) at `now`, in epoch ms; undefined when it is neither. */
export function parseTime(text: string, now: number): number | undefined {
  return parseIsoTime(text) ?? parseRelativeTime(text, now);
}

/** Whether `text` is a time parameter's value, whatever the clock says. */
export function isTimeText(text: string): boolean {
  return parseIsoTime(text) !== undefined || isRelativeTime(text);
}

/** A time parameter's value as the UTC ISO string sent to Sinch; callers validate first. */
export function normalizeTime(text: string, now: number): string {
  return toIsoUtc(parseTime(text, now) as number);
}
