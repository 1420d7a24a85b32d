/**
 * The date window of list calls. Sinch's `GET /batches` and `GET /inbounds` default `start_date` to the
 * last 24 hours (docs/sinch-wire.md); the issue wants agents never to get that silently. So when `start_date` is
 * omitted we send one covering Sinch's whole 14-day retention: now − 14 days.
 */
import { IntegrationError } from '../../errors';
import { RETENTION_DAYS } from '../../wire/sms';
import { parseTime, toIsoUtc } from '../params/iso-time';

export const DEFAULT_LOOKBACK_MS = RETENTION_DAYS * 24 * 60 * 60 * 1000;

export interface ListWindow {
  readonly start_date: string;
  readonly end_date?: string;
}

export function listWindow(functionName: string, start: string | undefined, end: string | undefined, now: number): ListWindow {
  // Relative times ("-24h") are resolved once, against the same `now`, so both ends agree.
  const startMs = start !== undefined ? (parseTime(start, now) as number) : now - DEFAULT_LOOKBACK_MS;
  const endMs = end !== undefined ? (parseTime(end, now) as number) : undefined;
  if (endMs !== undefined && startMs > endMs) {
    throw new IntegrationError('invalid_argument', `${functionName}: 'start_date' is after 'end_date'`, {
      function: functionName,
      field: 'start_date',
      expected: 'a start_date before end_date',
    });
  }
  return {
    start_date: toIsoUtc(startMs),
    ...(endMs !== undefined ? { end_date: toIsoUtc(endMs) } : {}),
  };
}

export const EMPTY_LIST_HINT =
  'Nothing in this window. Sinch keeps messages for 14 days; without start_date the window is the whole 14 days.';

/** An empty list gets a `hint` about the 14-day retention (the issue: "a hint where one helps"). */
export function hintWhenEmpty<T extends { count: number }>(result: T): T | (T & { hint: string }) {
  return result.count === 0 ? { ...result, hint: EMPTY_LIST_HINT } : result;
}
