/**
 * Calling a declared function: resolve the account, validate the arguments, apply the permission policy,
 * run the handler, and record the call. Independent of Lua: the Lua bridge (src/lua/bridge.ts) converts
 * values and yields; this decides what happens.
 */
import { IntegrationError, isIntegrationError } from '../errors';
import { prepareCall } from './validate';
import type { Account, FunctionDeclaration, IntegrationBinding, Operation } from './types';

/** What a person is shown when a policy of `ask` needs a decision. */
export interface ApprovalRequest {
  readonly integration: string;
  readonly function: string;
  readonly account: string;
  readonly operation: Operation;
  /** Secret-free summary of the call, e.g. `{from, to, body}`. */
  readonly summary: Readonly<Record<string, string>>;
}

/** Asks a person; resolves true to allow. Absent when nobody can be asked (then `ask` → approval_required). */
export type Approver = (request: ApprovalRequest) => Promise<boolean>;

/** One entry of `integration_calls` (docs/contract.md). */
export interface CallRecord {
  path: string;
  function: string;
  account: string | null;
  operation: Operation;
  status: 'ok' | 'error';
  duration_ms: number;
  error?: { code: string; message: string };
}

export interface InvokerOptions {
  /** Bypass the permission policy only (not validation, credentials, limits or API errors). */
  readonly force?: boolean;
  readonly approve?: Approver;
}

/** A function reached through a namespace path, with the account it runs under. */
export interface CallTarget {
  readonly binding: IntegrationBinding;
  readonly fn: FunctionDeclaration;
  /** Explicit account name, or undefined for the namespace's default account. */
  readonly accountName: string | undefined;
  /** The path as the script wrote it, e.g. `app.integrations.sinch.work.send_sms`. */
  readonly path: string;
}

/** A validated call that is ready to run (or waits for approval first). */
export interface PreparedCall {
  readonly target: CallTarget;
  readonly account: Account;
  readonly input: unknown;
  /** Set when a person must approve before the handler runs. */
  readonly approval?: ApprovalRequest;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  return JSON.stringify(value) ?? String(value);
}

function defaultSummary(input: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (input && typeof input === 'object') {
    for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = stringify(value);
  }
  return out;
}

export class Invoker {
  constructor(private readonly options: InvokerOptions = {}) {}

  /** Resolve the account for a target, or raise `not_configured` / `unknown_function`. */
  resolveAccount(target: CallTarget): Account {
    const { binding } = target;
    const directory = binding.accounts;
    const ns = binding.integration.name;
    if (directory.names.length === 0) {
      const hint = directory.setupHint ? ` ${directory.setupHint}` : '';
      throw new IntegrationError('not_configured', `No ${ns} account is configured.${hint}`, {
        function: target.fn.name,
      });
    }
    const name = target.accountName ?? directory.defaultName;
    if (name === undefined) {
      throw new IntegrationError(
        'not_configured',
        `No default ${ns} account: ${directory.names.length} accounts are configured (${directory.names.join(', ')}) ` +
          `and none is named "default". Call app.integrations.${ns}.<account>.${target.fn.name}(...) instead.`,
        { function: target.fn.name, accounts: directory.names },
      );
    }
    const broken = directory.unusable?.(name, target.fn.name);
    if (broken !== undefined) throw broken;
    const account = directory.get(name);
    if (account === undefined) {
      throw new IntegrationError('unknown_function', `Unknown account '${name}' for app.integrations.${ns}.`, {
        function: target.fn.name,
        accounts: directory.names,
      });
    }
    return account;
  }

  /** Synchronous part of a call: account, validation, policy. Throws IntegrationError. */
  prepare(target: CallTarget, args: readonly unknown[]): PreparedCall {
    const account = this.resolveAccount(target);
    const input = prepareCall(target.fn, args);
    const { fn } = target;
    const policy = account.permissions[fn.operation];
    if (this.options.force || policy === 'allow') return { target, account, input };

    const what = `${fn.name} is a ${fn.operation} operation`;
    const setting = `permissions.${fn.operation} = "${policy}" for account '${account.name}'`;
    if (policy === 'deny') {
      throw new IntegrationError('permission_denied', `${what} and ${setting} forbids it.`, {
        function: fn.name,
        account: account.name,
        operation: fn.operation,
      });
    }
    const approval: ApprovalRequest = {
      integration: target.binding.integration.name,
      function: fn.name,
      account: account.name,
      operation: fn.operation,
      summary: fn.summarize ? fn.summarize(input as never) : defaultSummary(input),
    };
    if (!this.options.approve) {
      throw new IntegrationError(
        'approval_required',
        `${what} and ${setting}: it needs approval, and nobody can be asked in this run. ` +
          `Re-run with --force to approve all calls, or set permissions.${fn.operation} to "allow".`,
        { function: fn.name, account: account.name, operation: fn.operation },
      );
    }
    return { target, account, input, approval };
  }

  /**
   * Asynchronous part: ask for approval if needed, then run the handler. Not an async function: without an
   * approval the handler's own promise is returned as is (one fewer promise and microtask turn per call).
   * A handler that throws instead of rejecting still gives a rejected promise.
   */
  execute(call: PreparedCall, signal: AbortSignal): Promise<unknown> {
    if (call.approval) return this.approveThenRun(call, call.approval, signal);
    try {
      return this.run(call, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async approveThenRun(call: PreparedCall, approval: ApprovalRequest, signal: AbortSignal): Promise<unknown> {
    const approved = await untilAborted(this.options.approve!(approval), signal, () => {
      // The run ended (its deadline passed) while a person was still deciding: an answer given later must
      // not act for a script that has already been reported as finished.
      return new IntegrationError(
        'timeout',
        `${call.target.fn.name} was still waiting for approval when the run ended; nothing was done.`,
        { function: call.target.fn.name, account: call.account.name, operation: call.target.fn.operation },
      );
    });
    if (!approved) {
      throw new IntegrationError(
        'permission_denied',
        `${call.target.fn.name} was not approved for account '${call.account.name}'.`,
        { function: call.target.fn.name, account: call.account.name, operation: call.target.fn.operation },
      );
    }
    return this.run(call, signal);
  }

  private run(call: PreparedCall, signal: AbortSignal): Promise<unknown> {
    return call.target.fn.handler(call.input as never, {
      account: call.account,
      functionName: call.target.fn.name,
      signal,
    });
  }
}

/** `promise`, or a rejection with `onAbort()` as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/** Normalise anything a handler threw into an IntegrationError with no JavaScript details in it. */
export function toIntegrationError(error: unknown, functionName: string): IntegrationError {
  if (isIntegrationError(error)) return error;
  return new IntegrationError('internal_error', `${functionName} failed because of a defect in the integration.`, {
    function: functionName,
  });
}

export function recordFor(
  target: CallTarget,
  account: string | null,
  started: number,
  error?: IntegrationError,
): CallRecord {
  const record: CallRecord = {
    path: target.path,
    function: target.fn.name,
    account,
    operation: target.fn.operation,
    status: error ? 'error' : 'ok',
    duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
  };
  if (error) record.error = { code: error.code, message: error.message };
  return record;
}
