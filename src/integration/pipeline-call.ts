/**
 * One call going through the pipeline (src/integration/pipeline.ts; docs/pipeline.md): plan (writes), the
 * run's checks in order, execute, normalise the error, record, settle hooks and write events. Also what
 * checks see of the call and what its handler gets as its context.
 */
import { IntegrationError, isIntegrationError } from '../errors';
import type { ApprovalField, ApprovalRequest } from './approval';
import type { CallCheck, CheckedCall, Settle } from './checks';
import type { WriteAttempt, WriteEvent } from './events';
import { elapsedSince, type CallRecord, type SentState } from './record';
import type { RunContext } from './run-context';
import type { CallTarget } from './target';
import type { Account, CallContext, FunctionDeclaration, Operation, WritePlan, WriteResult } from './types';

export type CallOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: IntegrationError };

/** An outcome with the record the call left in its run. */
export type CallResult = CallOutcome & { readonly record: CallRecord };

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<unknown>).then === 'function';
}

/** Normalise anything a handler or plan threw into an IntegrationError with no JavaScript details in it. */
export function toIntegrationError(error: unknown, functionName: string): IntegrationError {
  if (isIntegrationError(error)) return error;
  return new IntegrationError('internal_error', `${functionName} failed because of a defect in the integration.`, {
    function: functionName,
  });
}

function checkDefect(check: CallCheck, functionName: string): IntegrationError {
  return new IntegrationError(
    'internal_error',
    `${functionName} was refused: the "${check.name}" check failed because of a defect in it.`,
    { function: functionName, check: check.name },
  );
}

function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** A read has no plan: under a policy of `ask` a person sees its validated arguments. */
function inputFields(input: unknown): ApprovalField[] {
  const fields: ApprovalField[] = [];
  if (input === null || typeof input !== 'object') return fields;
  for (const [label, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) fields.push({ kind: 'list', label, items: value.map(shown) });
    else fields.push({ kind: 'value', label, value: shown(value) });
  }
  return fields;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * A validated call: what checks see (CheckedCall), what the handler gets as its context (CallContext — one
 * object, so a call allocates no separate context), and, once settled, its outcome.
 */
export class PipelineCall implements CheckedCall, CallContext {
  /** The run's number for this call (write events carry it). */
  readonly id: number;
  readonly fn: FunctionDeclaration;
  readonly functionName: string;
  readonly operation: Operation;
  readonly signal: AbortSignal;
  readonly services: unknown;
  readonly runId: string;
  attempts = 0;
  plan: WritePlan | undefined = undefined;
  /** Set once the call settled; read by the adapter. */
  outcome: CallOutcome | undefined = undefined;
  /** The record the call left in the run's log, once settled. */
  record: CallRecord | undefined = undefined;
  /** Settles (never rejects) once `outcome` is set: what an adapter awaits when a write must finish. */
  settled: Promise<void> = RESOLVED;
  private done: (() => void) | undefined = undefined;
  private settles: Settle[] | undefined = undefined;
  /** The write's execute has been called: from here on a failure may have happened after sending. */
  private executing = false;
  /** The run ended while a check was pending: the call is refused by the run, not by that check. */
  private interrupted = false;
  private approvalRequest: ApprovalRequest | undefined = undefined;

  constructor(
    readonly run: RunContext,
    readonly target: CallTarget,
    readonly account: Account,
    readonly input: unknown,
    readonly started: number,
  ) {
    const fn = target.fn;
    this.fn = fn;
    this.functionName = fn.name;
    this.operation = fn.operation;
    this.signal = run.signal;
    this.services = target.binding.services;
    this.runId = run.id;
    this.id = run.callId();
  }

  countAttempt(): void {
    this.attempts++;
  }

  get approval(): ApprovalRequest {
    return (this.approvalRequest ??= {
      integration: this.target.binding.integration.name,
      function: this.functionName,
      account: this.account.name,
      operation: this.operation,
      title: this.plan?.title ?? `Run ${this.functionName} (a ${this.operation}) with these arguments`,
      fields: this.plan?.fields ?? inputFields(this.input),
    });
  }

  /**
   * Plan (writes), check, execute, record; `done` is called once `outcome` is set — possibly before this
   * returns (a check refused synchronously).
   */
  start(done: () => void): void {
    this.done = done;
    const run = this.run;
    if (run.endedWith !== null) return this.skip(run.endedWith);
    if (this.operation === 'write') {
      this.settled = this.slowPath(0, undefined);
      return;
    }
    // The fast path: synchronous checks in a loop, then the handler; no promise unless a check returns one.
    const checks = run.checks;
    for (let i = 0; i < checks.length; i++) {
      let result: void | Settle | Promise<void | Settle>;
      try {
        result = checks[i].check(this);
      } catch (error) {
        return this.refused(checks[i], error);
      }
      if (result === undefined) continue;
      if (typeof result === 'function') {
        (this.settles ??= []).push(result);
        continue;
      }
      this.settled = this.slowPath(i, result);
      return;
    }
    this.settled = this.runRead();
  }

  /** The run ended before the call could start: it is recorded as failed with the run's error, never started. */
  skip(error: IntegrationError): void {
    this.finish({ ok: false, error }, this.recordOf(error, false));
  }

  /** Plan (writes), then the checks from `from` on, awaiting those that return promises. */
  private async slowPath(from: number, pending: Promise<void | Settle> | undefined): Promise<void> {
    if (this.operation === 'write') {
      try {
        this.plan = await (this.fn as Extract<FunctionDeclaration, { operation: 'write' }>).plan(this.input as never, this);
      } catch (error) {
        return this.fail(error);
      }
    }
    const checks = this.run.checks;
    for (let i = from; i < checks.length; i++) {
      const check = checks[i];
      let result: void | Settle;
      try {
        const returned = i === from && pending !== undefined ? pending : check.check(this);
        result = isThenable(returned) ? await this.untilRunEnds(returned, check) : returned;
      } catch (error) {
        return this.refused(check, error);
      }
      if (typeof result === 'function') (this.settles ??= []).push(result);
    }
    if (this.run.endedWith !== null) return this.skip(this.run.endedWith);
    return this.operation === 'write' ? this.runWrite() : this.runRead();
  }

  private runRead(): Promise<void> {
    let promise: Promise<unknown>;
    try {
      promise = (this.fn as Extract<FunctionDeclaration, { operation: 'read' }>).handler(this.input as never, this);
    } catch (error) {
      promise = Promise.reject(error); // a handler that throws instead of rejecting
    }
    return promise.then(
      (value) => this.succeed(value, undefined),
      (error: unknown) => this.fail(error),
    );
  }

  private runWrite(): Promise<void> {
    this.emit('attempt', undefined);
    this.executing = true;
    let promise: Promise<WriteResult>;
    try {
      promise = (this.fn as Extract<FunctionDeclaration, { operation: 'write' }>).execute(this.plan!, this);
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (result) => this.succeed(result?.value, result?.id),
      (error: unknown) => this.fail(error),
    );
  }

  /** `promise`, or a rejection as soon as the run ends (deadline, cancellation) while a check is pending. */
  private untilRunEnds<T>(promise: Promise<T>, check: CallCheck): Promise<T> {
    const run = this.run;
    const ended = (): IntegrationError => {
      this.interrupted = true;
      const end = run.endedWith;
      const code = end?.code ?? 'cancelled';
      return new IntegrationError(
        code,
        `${this.functionName} was still waiting for its ${check.name} check when the run ${code === 'cancelled' ? 'was cancelled' : 'ended'}; nothing was done.`,
        { function: this.functionName, account: this.account.name, operation: this.operation },
      );
    };
    if (run.signal.aborted) return Promise.reject(ended());
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(ended());
      run.signal.addEventListener('abort', abort, { once: true });
      promise.then(
        (value) => {
          run.signal.removeEventListener('abort', abort);
          resolve(value);
        },
        (error: unknown) => {
          run.signal.removeEventListener('abort', abort);
          reject(error);
        },
      );
    });
  }

  private succeed(value: unknown, createdId: string | undefined): void {
    this.finish({ ok: true, value }, this.recordOf(undefined, true, createdId));
  }

  private fail(error: unknown): void {
    const normalised = toIntegrationError(error, this.functionName);
    this.finish({ ok: false, error: normalised }, this.recordOf(normalised, this.sentAfter(normalised)));
  }

  private refused(check: CallCheck, error: unknown): void {
    const normalised = isIntegrationError(error) ? error : checkDefect(check, this.functionName);
    const record = this.recordOf(normalised, false);
    if (!this.interrupted) record.refused_by = check.name;
    this.finish({ ok: false, error: normalised }, record);
  }

  /** Whether a failed write happened: false before execute; after, what the integration said, else unknown. */
  private sentAfter(error: IntegrationError): SentState {
    if (!this.executing) return false;
    const sent = error.details.sent;
    return sent === true || sent === false || sent === 'unknown' ? sent : 'unknown';
  }

  private recordOf(error: IntegrationError | undefined, sent: SentState, createdId?: string): CallRecord {
    const record: CallRecord = {
      path: this.target.path,
      function: this.functionName,
      account: this.account.name,
      operation: this.operation,
      status: error === undefined ? 'ok' : 'error',
      duration_ms: elapsedSince(this.started),
      attempts: this.attempts,
    };
    if (error !== undefined) record.error = { code: error.code, message: error.message };
    if (this.operation === 'write') {
      if (this.plan !== undefined) record.reference = this.plan.reference;
      record.sent = sent;
      if (createdId !== undefined) record.created_id = createdId;
    }
    return record;
  }

  private finish(outcome: CallOutcome, record: CallRecord): void {
    const run = this.run;
    run.record(record, this.operation === 'write' ? this.id : undefined);
    this.record = record;
    this.outcome = outcome;
    const settles = this.settles;
    if (settles !== undefined) {
      for (const settle of settles) {
        try {
          run.track(settle(record));
        } catch {
          // A settle hook's defect must not change the call's outcome.
        }
      }
    }
    if (this.plan !== undefined) this.emit('outcome', record);
    const done = this.done;
    this.done = undefined;
    done?.();
  }

  private emit(phase: 'attempt' | 'outcome', record: CallRecord | undefined): void {
    const listener = this.run.onWrite;
    if (listener === undefined) return;
    // One literal, not `{ phase, ...base }` (a spread per event: issue #14).
    const event: Omit<WriteAttempt, 'phase'> & { phase: 'attempt' | 'outcome'; record?: CallRecord } = {
      phase,
      run_id: this.runId,
      call_id: this.id,
      at: new Date().toISOString(),
      integration: this.target.binding.integration.name,
      function: this.functionName,
      path: this.target.path,
      account: this.account.name,
      plan: this.plan!,
    };
    if (phase === 'outcome') event.record = record!;
    try {
      this.run.track(listener(event as WriteEvent));
    } catch {
      // A listener's defect must not change the call.
    }
  }
}

