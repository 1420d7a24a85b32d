/**
 * The extension point of the call pipeline: an ordered list of checks that every call passes after it is
 * validated (and, for a write, planned) and before it runs — the permission policy first, then guardrails
 * (budgets, allow-lists, stores). docs/pipeline.md, "Checks".
 */
import type { ApprovalRequest } from './approval';
import type { CallRecord } from './record';
import type { RunContext } from './run-context';
import type { CallTarget } from './target';
import type { Account, FunctionDeclaration, Operation, WritePlan } from './types';

/** What a check sees of a call. */
export interface CheckedCall {
  readonly run: RunContext;
  /** The run's number for this call (write events carry it as `call_id`): `${run.id}:${id}` names it anywhere. */
  readonly id: number;
  readonly target: CallTarget;
  readonly fn: FunctionDeclaration;
  readonly operation: Operation;
  /** The resolved account (its permissions, its name; its config may hold secrets: never show it). */
  readonly account: Account;
  /** The validated input. */
  readonly input: unknown;
  /** Writes: the plan (always set by the time checks run). Reads: undefined. */
  readonly plan: WritePlan | undefined;
  /** What a person would be asked (built on first use). */
  readonly approval: ApprovalRequest;
}

/**
 * Told the call's final record once it settled: `status` ok or error, and for writes `sent` — true, false
 * (provably not done: release what `check` reserved), or `"unknown"` (keep it reserved). May be async; the
 * run waits for it before it reports. Errors it throws are ignored.
 */
export type Settle = (record: CallRecord) => void | Promise<void>;

export interface CallCheck {
  /** Short, stable, shown in records (`refused_by`) and messages: `permission`, `daily_budget`. */
  readonly name: string;
  /**
   * Let the call through (return nothing, or a Settle), or refuse it by throwing (or rejecting with) an
   * IntegrationError. Return synchronously whenever possible: a call whose checks are all synchronous pays no
   * promise hop for them (the Lua bridge's per-call cost is benchmarked). Anything else thrown is a defect of
   * the check: the call is refused with internal_error. While an asynchronous check is pending, the run's end
   * (deadline, cancellation) refuses the call.
   */
  check(call: CheckedCall): void | Settle | Promise<void | Settle>;
}

/** Builds a run's checks from its options: the host module's job (src/host/). */
export type CheckFactory<O> = (options: O) => readonly CallCheck[];
