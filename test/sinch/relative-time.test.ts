import { isTimeText, normalizeTime, parseTime } from '../../src/sinch/params/iso-time';
import { parseRelativeTime } from '../../src/sinch/params/relative-time';
import { listWindow } from '../../src/sinch/functions/list-window';

const NOW = Date.parse('2024-06-10T12:34:56.789Z');
const at = (text: string) => new Date(parseTime(text, NOW) as number).toISOString();

describe('relative times in time parameters (issue #9)', () => {
  it('reads "now" and signed offsets from now, in any unit and combination', () => {
    expect(at('now')).toBe('2024-06-10T12:34:56.789Z');
    expect(at('-24h')).toBe('2024-06-09T12:34:56.789Z');
    expect(at('+15m')).toBe('2024-06-10T12:49:56.789Z');
    expect(at('-7d')).toBe('2024-06-03T12:34:56.789Z');
    expect(at('+1h30m')).toBe('2024-06-10T14:04:56.789Z');
    expect(at('-90s')).toBe('2024-06-10T12:33:26.789Z');
    expect(at('+2w')).toBe('2024-06-24T12:34:56.789Z');
    expect(at('now - 24h')).toBe(at('-24h'));
    expect(at('NOW+15M')).toBe(at('+15m'));
    expect(at('-24 hours')).toBe(at('-24h'));
    expect(at('-1.5h')).toBe('2024-06-10T11:04:56.789Z');
  });

  it('reads the same offsets in words', () => {
    expect(at('24 hours ago')).toBe(at('-24h'));
    expect(at('in 15 minutes')).toBe(at('+15m'));
    expect(at('2 days 3 hours ago')).toBe('2024-06-08T09:34:56.789Z');
  });

  it('reads today, tomorrow and yesterday at midnight or at a UTC time of day', () => {
    expect(at('today')).toBe('2024-06-10T00:00:00.000Z');
    expect(at('tomorrow 08:00')).toBe('2024-06-11T08:00:00.000Z');
    expect(at('tomorrow at 8:00 UTC')).toBe('2024-06-11T08:00:00.000Z');
    expect(at('yesterday 17:30:15')).toBe('2024-06-09T17:30:15.000Z');
    expect(at('Today 23:59Z')).toBe('2024-06-10T23:59:00.000Z');
  });

  it('still reads ISO 8601 first, and refuses what is neither', () => {
    expect(at('2024-06-01T12:00:00+02:00')).toBe('2024-06-01T10:00:00.000Z');
    for (const bad of ['June 1', '-3 months', '+5x', 'tomorrow 25:00', 'ago', 'in', '-', 'next week', '1717243200', '-99999d']) {
      expect({ bad, parsed: parseRelativeTime(bad, NOW), valid: isTimeText(bad) }).toEqual({ bad, parsed: undefined, valid: false });
    }
  });

  it('is sent to Sinch as UTC ISO, resolved against the client clock', () => {
    expect(normalizeTime('-24h', NOW)).toBe('2024-06-09T12:34:56.789Z');
    expect(listWindow('f', '-24h', 'now', NOW)).toEqual({ start_date: '2024-06-09T12:34:56.789Z', end_date: '2024-06-10T12:34:56.789Z' });
  });

  it('refuses a window whose relative start is after its end', () => {
    expect(() => listWindow('sinch_list_batches', '+1h', 'now', NOW)).toThrow(/'start_date' is after 'end_date'/);
  });
});
