/**
 * A host: integrations bound to their accounts and services, the runtime docs, and how each run's checks
 * are built (the permission policy first, then whatever guardrails the builder adds). It runs Lua scripts
 * in this process (`run`), calls functions directly without Lua (`call`, `openRun`: the MCP server's way
 * in), and looks up writes after the fact (`reconcile`). docs/pipeline.md, "The host".
 */
import type { DocsCatalogue } from '../docs/catalogue';
import type { IntegrationError } from '../errors';
import type { CallCheck } from '../integration/checks';
import { bothListeners, type WriteAttempt, type WriteEvent, type WriteListener } from '../integration/events';
import { permissionChecks } from '../integration/permission-check';
import { invoke, refuseUnknownName, type CallResult } from '../integration/pipeline';
import type { CallRecord } from '../integration/record';
import { RunContext } from '../integration/run-context';
import { findTarget, type NamedCall } from '../integration/target';
import type { CallContext, IntegrationBinding, Reconciliation } from '../integration/types';
import { LuaHost } from '../lua/runtime';
import type { RunOptions, RunResult } from '../lua/run-options';

export interface HostOptions {
  readonly bindings: readonly IntegrationBinding[];
  readonly docs: DocsCatalogue;
  /**
   * Guardrails (budgets, allow-lists, stores), in order, built per run: they run after the permission policy
   * and before a person is asked (docs/pipeline.md, "Checks").
   */
  readonly checks?: (options: RunOptions) => readonly CallCheck[];
  /**
   * The host's own write listener (an audit ledger, src/guardrails/): told every write event of every run,
   * before the run's own `onWrite`; may return a promise, which the run waits for before it reports.
   */
  readonly onWrite?: WriteListener;
  /** Releases what the host holds (a store connection): `Host.close()`. */
  readonly close?: () => Promise<void>;
}

/** The options of a run of direct calls: RunOptions without what only scripts have. */
export type DirectRunOptions = Pick<RunOptions, 'force' | 'approve' | 'signal' | 'onWrite' | 'runId'>;

/** A function called directly, with JSON arguments: one object of named parameters, or positional values. */
export interface DirectCall extends NamedCall {
  readonly arguments?: Readonly<Record<string, unknown>> | readonly unknown[];
}

/** How long a reconciliation may take before it answers `sent: "unknown"` (its lookups are reads with retries). */
export const RECONCILE_TIMEOUT_MS = 20_000;

export class Host {
  readonly bindings: readonly IntegrationBinding[];
  readonly docs: DocsCatalogue;
  readonly lua: LuaHost;
  private readonly extraChecks: HostOptions['checks'];
  private readonly ownWrites: WriteListener | undefined;
  private readonly onClose: HostOptions['close'];

  constructor(options: HostOptions) {
    this.bindings = options.bindings;
    this.docs = options.docs;
    this.extraChecks = options.checks;
    this.ownWrites = options.onWrite;
    this.onClose = options.close;
    this.lua = new LuaHost(options.bindings, options.docs, (run) => this.checksFor(run));
  }

  /**
   * The checks of one run, in order: the permission policy (allow/deny/ask, --force), the guardrails, and
   * last the approval by a person — so that nobody is asked about a call that would be refused anyway.
   */
  checksFor(options: DirectRunOptions): readonly CallCheck[] {
    const { policy, approval } = permissionChecks({ force: options.force, approve: options.approve });
    return [policy, ...(this.extraChecks?.(options) ?? []), approval];
  }

  /** The host's own listener, then the run's; the run waits for both. */
  private listenerFor(theirs: WriteListener | undefined): WriteListener | undefined {
    return bothListeners(this.ownWrites, theirs);
  }

  /** Run a Lua script in this process (a SandboxPool runs it in a worker: src/host/script-runner.ts). */
  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.lua.run(code, this.ownWrites === undefined ? options : { ...options, onWrite: this.listenerFor(options.onWrite) });
  }

  /** A run of direct calls (an MCP session, or one tool call): its checks, its record, its "no" answers. */
  openRun(options: DirectRunOptions = {}): DirectRun {
    const context = new RunContext({
      id: options.runId,
      checks: this.checksFor(options),
      onWrite: this.listenerFor(options.onWrite),
      signal: options.signal,
    });
    return new DirectRun(this.bindings, context);
  }

  /**
   * A write's outcome found in this thread after the sandbox running it was terminated (src/sandbox/in-flight.ts,
   * `reconciled`): told to the host's own listener — the ledger records it, and a guardrail gives back what
   * the write reserved if it provably did not happen (its settle hooks died with the worker).
   */
  async noteReconciled(event: WriteEvent): Promise<void> {
    try {
      await this.ownWrites?.(event);
    } catch {
      // A listener's defect must not lose the run's result.
    }
  }

  /** Release what the host holds (its guardrails' store connection). */
  async close(): Promise<void> {
    await this.onClose?.();
  }

  /** One call in a run of its own. */
  async call(call: DirectCall, options: DirectRunOptions = {}): Promise<CallResult> {
    const run = this.openRun(options);
    try {
      return await run.call(call);
    } finally {
      await run.close();
    }
  }

  /**
   * Did a planned write happen? Asks the function's `reconcile` with this host's accounts and services (for a
   * write that was in flight in a sandbox worker that had to be terminated). Never rejects.
   */
  async reconcile(attempt: WriteAttempt): Promise<Reconciliation> {
    const binding = this.bindings.find((b) => b.integration.name === attempt.integration);
    const fn = binding?.integration.functions.find((f) => f.name === attempt.function);
    const account = binding?.accounts.get(attempt.account);
    if (binding === undefined || fn === undefined || fn.operation !== 'write' || account === undefined) {
      return { sent: 'unknown', reason: `this host has no write ${attempt.integration}.${attempt.function} for account '${attempt.account}'` };
    }
    const ctx: CallContext = {
      account,
      functionName: fn.name,
      signal: AbortSignal.timeout(RECONCILE_TIMEOUT_MS),
      services: binding.services,
      runId: attempt.run_id,
      countAttempt: () => undefined,
    };
    try {
      return await fn.reconcile(attempt.plan, ctx);
    } catch {
      return { sent: 'unknown', reason: 'looking it up failed because of a defect' };
    }
  }
}

/** Calls made directly (no Lua) in one run: they share its checks' state and its record. */
export class DirectRun {
  constructor(
    private readonly bindings: readonly IntegrationBinding[],
    readonly context: RunContext,
  ) {}

  get id(): string {
    return this.context.id;
  }

  /** `integration_calls` of this run so far. */
  get calls(): readonly CallRecord[] {
    return this.context.calls;
  }

  /** Never rejects: an unknown name is an `unknown_function` outcome, recorded like any refused call. */
  call(call: DirectCall): Promise<CallResult> {
    let target;
    try {
      target = findTarget(this.bindings, call);
    } catch (error) {
      const path = `${call.integration}.${call.account !== undefined ? `${call.account}.` : ''}${call.function}`;
      const record = refuseUnknownName(this.context, { path, function: call.function, account: call.account ?? null }, error as IntegrationError);
      return Promise.resolve({ ok: false, error: error as never, record });
    }
    const args = call.arguments === undefined ? [] : Array.isArray(call.arguments) ? call.arguments : [call.arguments];
    return invoke(target, args, this.context);
  }

  /** End the run: settle hooks finish, anything still in flight stops. */
  async close(): Promise<void> {
    await this.context.drain();
    this.context.close();
  }
}

export function createHost(options: HostOptions): Host {
  return new Host(options);
}
