/**
 * Write events: what the pipeline tells whoever listens (`RunContextOptions.onWrite`) about every planned
 * write — for an audit ledger, and for a sandbox worker to tell the main thread that a write is in flight
 * (issue #10 item 4: a terminated sandbox must not lose a write from the record). Plain, structured-clone-safe
 * data. docs/pipeline.md, "Write events".
 */
import type { CallRecord } from './record';
import type { WritePlan } from './types';

interface WriteEventBase {
  readonly run_id: string;
  /** Numbers the calls of one run: 1, 2, ... (an attempt and its outcome share it). */
  readonly call_id: number;
  /** ISO 8601 time of the event. */
  readonly at: string;
  readonly integration: string;
  /** Published name. */
  readonly function: string;
  readonly path: string;
  /** Resolved account name. */
  readonly account: string;
  /** What was (to be) sent: request, reference, facts (recipients, messages, body), approval fields. */
  readonly plan: WritePlan;
}

/** Every check passed; the request goes out right after this event. */
export interface WriteAttempt extends WriteEventBase {
  readonly phase: 'attempt';
}

/** The write settled: done, failed, or refused by a check (`record.refused_by`) — then there was no attempt. */
export interface WriteOutcome extends WriteEventBase {
  readonly phase: 'outcome';
  /** The call's record as it is in `integration_calls` (status, sent, created_id, error, attempts...). */
  readonly record: CallRecord;
  /**
   * Set when the outcome is told by the main thread after the sandbox running the write was terminated —
   * found by reconciliation, or read from the worker's journal (src/sandbox/in-flight.ts): the write's settle
   * hooks never ran (or never finished), so whoever reserved something for it (a guardrail) settles it from
   * this event, idempotently.
   */
  readonly reconciled?: true;
}

export type WriteEvent = WriteAttempt | WriteOutcome;

/**
 * May return a promise (an audit ledger writing to its store): the run waits for it before it reports, as
 * it waits for settle hooks (RunContext.track), and a reconciled outcome is waited for before the run's
 * result is settled. Its rejections are ignored.
 */
export type WriteListener = (event: WriteEvent) => unknown;

/**
 * One listener that tells both `first` and `second` (either may be absent), in that order, and returns both
 * their results as one promise to wait for. A defect in one (a throw, a rejection) does not keep the event
 * from the other, and is ignored as a single listener's would be.
 */
export function bothListeners(first: WriteListener | undefined, second: WriteListener | undefined): WriteListener | undefined {
  if (first === undefined || second === undefined) return first ?? second;
  return (event) => {
    const results: unknown[] = [];
    for (const listener of [first, second]) {
      try {
        results.push(listener(event));
      } catch {
        // ignored, as RunContext ignores a single listener's throw
      }
    }
    return Promise.all(results).then(
      () => undefined,
      () => undefined,
    );
  };
}
