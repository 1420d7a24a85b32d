/**
 * Times an agent can write without string arithmetic (issue #9, "Time and waiting, for agents"): every time
 * parameter takes an ISO 8601 time or one of these, resolved against the client's clock when the call runs,
 * always in UTC:
 *
 * - `now`;
 * - an offset from now: `-24h`, `+15m`, `-7d`, `+1h30m`, `-90s`, `+2w` (also `now - 24h`, `-24 hours`);
 * - the same in words: `24 hours ago`, `in 15 minutes`;
 * - a day, optionally with a UTC time of day: `today`, `tomorrow 08:00`, `yesterday 17:30`, `today 09:15:30`
 *   (`tomorrow 08:00 UTC` and `tomorrow at 08:00` too). A day alone is its midnight (00:00 UTC).
 *
 * Months and years are not offered: their length varies and agents mean different things by them.
 * Nothing here knows Lua; src/sinch/params/iso-time.ts parses the ISO forms.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

const DAY_MS = 86_400_000;
/** Offsets beyond this are surely a mistake (and would leave JavaScript's date range). */
const MAX_OFFSET_MS = 3650 * DAY_MS;

const AMOUNT = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;

/** `1h30m`, `24 hours`, `2 days 3 hours` → milliseconds; undefined when it is not only amounts with units. */
function durationMs(text: string): number | undefined {
  let total = 0;
  let at = 0;
  let amounts = 0;
  const s = text.trim();
  AMOUNT.lastIndex = 0;
  while (at < s.length) {
    while (s[at] === ' ') at++;
    if (at >= s.length) break;
    AMOUNT.lastIndex = at;
    const m = AMOUNT.exec(s);
    if (!m) return undefined;
    const unit = UNIT_MS[m[2]];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    amounts++;
    at = AMOUNT.lastIndex;
  }
  return amounts > 0 && total <= MAX_OFFSET_MS ? Math.round(total) : undefined;
}

const OFFSET = /^(?:now\s*)?([+-])\s*(.+)$/;
const AGO = /^(.+?)\s+ago$/;
const IN = /^in\s+(.+)$/;
const DAY = /^(today|tomorrow|yesterday)(?:\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*(?:utc|z))?$/;
const DAY_SHIFT: Readonly<Record<string, number>> = { yesterday: -1, today: 0, tomorrow: 1 };

/**
 * The time `text` means at `now` (epoch ms), or undefined when it is not a relative time.
 * Case and surrounding spaces do not matter.
 */
export function parseRelativeTime(text: string, now: number): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'now') return now;
  let m = OFFSET.exec(s);
  if (m) {
    const ms = durationMs(m[2]);
    return ms === undefined ? undefined : m[1] === '-' ? now - ms : now + ms;
  }
  m = AGO.exec(s);
  if (m) {
    const ms = durationMs(m[1]);
    return ms === undefined ? undefined : now - ms;
  }
  m = IN.exec(s);
  if (m) {
    const ms = durationMs(m[1]);
    return ms === undefined ? undefined : now + ms;
  }
  m = DAY.exec(s);
  if (m) {
    const [, day, h = '0', mi = '0', sec = '0'] = m;
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(sec);
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    const midnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_SHIFT[day] * DAY_MS;
    return midnight + ((hour * 60 + minute) * 60 + second) * 1000;
  }
  return undefined;
}

/** Whether `text` is a relative time (at any moment: the forms do not depend on the clock). */
export function isRelativeTime(text: string): boolean {
  return parseRelativeTime(text, 0) !== undefined;
}
