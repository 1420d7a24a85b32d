/**
 * The record every call leaves in its run's `integration_calls` (docs/pipeline.md, "The record"; the
 * `--json` envelope of docs/contract.md). Generic: it names the function, the account and what happened,
 * never integration-specific things (no "batch"): a write's `reference` and `created_id` are whatever the
 * integration's plan and execute said they are.
 */
import type { IntegrationError } from '../errors';
import type { Operation } from './types';

/** Whether a write happened: `true` (it did), `false` (provably not), `"unknown"` (could not be found out). */
export type SentState = boolean | 'unknown';

export interface CallRecord {
  /** The path the caller used, e.g. `app.integrations.sinch.work.send_sms`. */
  path: string;
  /** Published name, e.g. `sinch_send_sms`. */
  function: string;
  /**
   * The account the call ran (or would have run) under: resolved, so a plain `app.integrations.sinch.fn` says
   * `default` (or the only account's name), even when the call was refused before any request. `null` when
   * there is no account to name: none is configured, several are and none is the default, or the call named
   * something that does not exist (an unknown function or account).
   */
  account: string | null;
  operation: Operation;
  status: 'ok' | 'error';
  duration_ms: number;
  /** Requests sent on the call's behalf (a 429 and its successful retry: 2). 0 when nothing was sent. */
  attempts: number;
  error?: { code: string; message: string };
  /** Writes that were planned: the idempotency reference the write carried (for an SMS, `client_reference`). */
  reference?: string;
  /** Writes: whether the write happened (always present on a write's record). */
  sent?: SentState;
  /** Writes: the id of what the write created, when known (for an SMS, the batch id). */
  created_id?: string;
  /** The check that refused the call (`permission`, a guardrail's name), when one did. */
  refused_by?: string;
}

/** Milliseconds since `started`, to the microsecond. */
export function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

export function errorOfRecord(error: IntegrationError): { code: string; message: string } {
  return { code: error.code, message: error.message };
}
