/**
 * The call pipeline: the one place a call goes from "this target, these arguments, this run" to "an outcome
 * and its record" — resolve the account, validate, plan (writes), the run's checks in order, execute,
 * normalise the error, record, tell the checks' settle hooks and the write listener. It knows neither Lua
 * nor Sinch: the Lua bridge (src/lua/bridge.ts) and an MCP server are adapters over it. docs/pipeline.md.
 *
 * Split in two for the Lua bridge: `prepare` is synchronous (so that validation errors point at the
 * calling line), `start` runs the rest and calls back when the outcome is set. A read whose checks are all
 * synchronous pays one promise hop in all (the handler's `.then`): the bridge's per-call cost is benchmarked
 * (bench/round-trip.js). `invoke` is the promise form for adapters that can simply await.
 */
import type { IntegrationError } from '../errors';
import { PipelineCall, toIntegrationError, type CallOutcome, type CallResult } from './pipeline-call';
import { elapsedSince, type CallRecord } from './record';
import type { RunContext } from './run-context';
import { accountNameOf, resolveAccount, type CallTarget } from './target';
import type { Account } from './types';
import { prepareCall as bindAndValidate } from './validate';

export { PipelineCall, toIntegrationError, type CallOutcome, type CallResult } from './pipeline-call';

/**
 * Resolve the account and validate, synchronously. A failure is recorded in the run and thrown as an
 * IntegrationError.
 */
export function prepare(target: CallTarget, args: readonly unknown[], run: RunContext, started: number = performance.now()): PipelineCall {
  let account: Account | undefined;
  try {
    account = resolveAccount(target);
    return new PipelineCall(run, target, account, bindAndValidate(target.fn, args), started);
  } catch (error) {
    throw refuse(target, run, error, started, account?.name);
  }
}

/**
 * Record a call that an adapter refused before the pipeline could take it (arguments it could not convert, a
 * call from where it cannot wait). Returns the normalised error to raise.
 */
export function refuse(
  target: CallTarget,
  run: RunContext,
  error: unknown,
  started: number,
  account: string | null = accountNameOf(target),
): IntegrationError {
  const normalised = toIntegrationError(error, target.fn.name);
  const record: CallRecord = {
    path: target.path,
    function: target.fn.name,
    account,
    operation: target.fn.operation,
    status: 'error',
    duration_ms: elapsedSince(started),
    attempts: 0,
    error: { code: normalised.code, message: normalised.message },
  };
  if (target.fn.operation === 'write') record.sent = false;
  run.record(record);
  return normalised;
}

/**
 * Record a call to a name that does not exist — no declaration to refuse it, so nothing about it is known but
 * the path, the name and the account the caller wrote. Returns the record.
 */
export function refuseUnknownName(
  run: RunContext,
  called: { readonly path: string; readonly function: string; readonly account: string | null },
  error: IntegrationError,
): CallRecord {
  const record: CallRecord = {
    path: called.path,
    function: called.function,
    account: called.account,
    operation: 'read',
    status: 'error',
    duration_ms: 0,
    attempts: 0,
    error: { code: error.code, message: error.message },
  };
  run.record(record);
  return record;
}

/** The whole pipeline as one promise (never rejects): for adapters that can simply await (MCP). */
export function invoke(target: CallTarget, args: readonly unknown[], run: RunContext): Promise<CallResult> {
  let call: PipelineCall;
  try {
    call = prepare(target, args, run);
  } catch (error) {
    // prepare recorded the refusal synchronously: it is the run's last record.
    return Promise.resolve({ ok: false, error: error as IntegrationError, record: run.calls[run.calls.length - 1] });
  }
  return new Promise<CallResult>((resolve) =>
    call.start(() => {
      // Object.assign, not `{ ...outcome, record }` (V8's slow path in Node 20: issue #14).
      const result = Object.assign({}, call.outcome!) as CallOutcome & { record: CallRecord };
      result.record = call.record!;
      resolve(result);
    }),
  );
}
