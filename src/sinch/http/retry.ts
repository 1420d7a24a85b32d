/**
 * The retry policy for reads (the issue, "Retries for reads only"): one function, one commented rule per
 * line (house style, after anthropic-sdk-typescript's `shouldRetry`), plus the delay: `Retry-After` as
 * seconds or an HTTP date when Sinch sends it, else exponential backoff with jitter up to a cap.
 *
 * Sends never come through here: a repeated POST can be a second SMS (src/sinch/client/send-once.ts).
 */
import { AbortedError, ConnectionError, isTransientStatus, TimeoutError, type SinchError } from './api-errors';

/** Repeats of one read after its first attempt. */
export const MAX_RETRIES = 2;
/** A longer `Retry-After` is not waited out inside a script: the error carries `retry_after` instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

export function shouldRetry(error: SinchError, retriesDone: number, maxRetries: number = MAX_RETRIES): boolean {
  // Bounded: a read is repeated at most `maxRetries` times.
  if (retriesDone >= maxRetries) return false;
  // The run that asked is over: nobody is waiting for the answer.
  if (error instanceof AbortedError) return false;
  // Sinch asked for a longer pause than a script should sit through: let the agent decide (retry_after).
  if ((error.info.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) return false;
  // A timeout has already cost a whole timeout_ms; repeating it would multiply the wait.
  if (error instanceof TimeoutError) return false;
  // Refused, reset, DNS failure, response cut off: transient network trouble.
  if (error instanceof ConnectionError) return true;
  // 429 (too many outstanding requests) and 502/503/504 (gateway trouble); other statuses will not change.
  return error.status !== undefined && isTransientStatus(error.status);
}

/** How long to wait before retry number `retriesDone + 1`. `random` is in [0, 1). */
export function retryDelayMs(error: SinchError, retriesDone: number, random: () => number): number {
  if (error.info.retryAfterMs !== undefined) return error.info.retryAfterMs;
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retriesDone, MAX_DELAY_MS);
  // Up to 25% less, so that clients that failed together do not retry together.
  return Math.round(base * (1 - random() * 0.25));
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
