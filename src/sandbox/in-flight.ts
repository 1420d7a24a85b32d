/**
 * The writes of one pooled run, as the main thread knows them from the worker's `write` messages: those that
 * settled (their records) and those in flight. When the worker has to be terminated (watchdog, heap, crash,
 * an unanswered cancellation), the writes in flight are reconciled — the declaration's `reconcile`, run by
 * the host in the main thread — and reported with `sent` true (and the created id), false or "unknown", so
 * that the run's `integration_calls` never lose a write (issue #10 item 4; docs/pipeline.md, "Reconcile").
 * The run's other records (reads, refusals) and its output come from the worker's journal
 * (src/sandbox/journal.ts): reads are on the hot path, so they are journalled in shared memory, not messaged.
 */
import type { ErrorCode } from '../errors';
import type { WriteAttempt, WriteEvent, WriteListener } from '../integration/events';
import { elapsedSince, type CallRecord } from '../integration/record';
import type { Reconciliation } from '../integration/types';
import type { JournalContents } from './journal';

/** Looks a planned write up after the fact (src/host/host.ts, Host.reconcile). */
export type Reconciler = (attempt: WriteAttempt) => Promise<Reconciliation>;

export class RunWrites {
  private readonly settled: { callId: number; record: CallRecord }[] = [];
  private readonly inFlight = new Map<number, { attempt: WriteAttempt; since: number }>();

  /** A `write` message of the run. */
  note(event: WriteEvent): void {
    if (event.phase === 'attempt') {
      this.inFlight.set(event.call_id, { attempt: event, since: performance.now() });
    } else {
      this.settle(event.call_id, event.record);
    }
  }

  /** A write settled (a `write` outcome, or a `settled` message when nobody listens here). */
  settle(callId: number, record: CallRecord): void {
    this.inFlight.delete(callId);
    this.settled.push({ callId, record });
  }

  /**
   * The run's records once its worker is gone: those the worker journalled, in order (every read, refusal and
   * settled write); settled writes the journal lacks (it filled up); and writes still in flight, after
   * reconciliation, failed with the run's error `code`. A write the journal has settled but whose outcome never
   * reached this thread is told to `onWrite` with the journal's record, and each reconciled write's outcome
   * with its lookup's, both marked `reconciled`, and waited for, so an audit ledger in this thread sees every outcome.
   */
  async records(code: ErrorCode, reconcile: Reconciler | undefined, onWrite?: WriteListener, journal?: JournalContents): Promise<CallRecord[]> {
    const journalled = new Map<number, CallRecord>();
    for (const entry of journal?.records ?? []) if (entry.callId !== undefined) journalled.set(entry.callId, entry.record);
    const pending = [...this.inFlight.entries()];
    this.inFlight.clear();
    await Promise.all(
      pending
        .filter(([callId]) => journalled.has(callId))
        .map(async ([callId, { attempt }]) => {
          const record = journalled.get(callId)!;
          try {
            // Marked reconciled like a looked-up one: its settle hooks may not have finished in the worker, and
            // what a guardrail gives back is given back once (the store forgets a released reservation).
            await onWrite?.({ ...attempt, phase: 'outcome', at: new Date().toISOString(), record, reconciled: true });
          } catch {
            // A listener's defect must not lose the record.
          }
          return record;
        }),
    );
    const reconciled = await Promise.all(
      pending
        .filter(([callId]) => !journalled.has(callId))
        .map(async ([, { attempt, since }]) => {
        let found: Reconciliation;
        try {
          found = reconcile ? await reconcile(attempt) : { sent: 'unknown', reason: 'nothing in this process can look writes up' };
        } catch {
          found = { sent: 'unknown', reason: 'looking it up failed because of a defect' };
        }
        const record = recordOf(attempt, found, code, elapsedSince(since));
        try {
          // Waited for: an audit ledger in this thread writes the outcome (and a guardrail releases what it
          // reserved) before the run's result is settled and the process may exit.
          await onWrite?.({ ...attempt, phase: 'outcome', at: new Date().toISOString(), record, reconciled: true });
        } catch {
          // A listener's defect must not lose the record.
        }
        return record;
      }),
    );
    const settled = this.settled.filter((s) => !journalled.has(s.callId)).map((s) => s.record);
    return [...(journal?.records.map((entry) => entry.record) ?? []), ...settled, ...reconciled];
  }
}

function recordOf(attempt: WriteAttempt, found: Reconciliation, code: ErrorCode, duration: number): CallRecord {
  const what = `The sandbox was terminated while ${attempt.function} was in flight`;
  const message =
    found.sent === true
      ? `${what}; looking it up afterwards by reference "${attempt.plan.reference}" found it was done${found.id ? ` (id ${found.id})` : ''}.`
      : found.sent === false
        ? `${what}; looking it up afterwards by reference "${attempt.plan.reference}" found it was not done.`
        : `${what}; whether it was done is unknown (${found.reason}). Look it up by reference "${attempt.plan.reference}" before trying again.`;
  const record: CallRecord = {
    path: attempt.path,
    function: attempt.function,
    account: attempt.account,
    operation: 'write',
    status: 'error',
    duration_ms: duration,
    // At least the request that was in flight; the worker's own count was lost with it.
    attempts: 1,
    error: { code, message },
    reference: attempt.plan.reference,
    sent: found.sent,
  };
  if (found.sent === true && found.id !== undefined) record.created_id = found.id;
  return record;
}
