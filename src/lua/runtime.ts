/**
 * Running a script: compile, then drive its coroutine from an async loop.
 *
 * Each turn resumes the script until it finishes, fails, or yields. A yield is one of:
 * - a host call (run.pending, a call the pipeline prepared in src/lua/bridge.ts): start it, await it —
 *   racing the deadline — and resume (the call's continuation returns the result or raises the error);
 * - a `sleep(seconds)` (run.sleepMs): wait on a timer, racing the deadline, and resume (src/lua/sleep.ts);
 * - a fairness pause from the instruction hook (run.hookYield): let the event loop turn, resume;
 * - anything else is a `coroutine.yield()` at the top level of the script: end the run with an error.
 */
import { lauxlib, lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import type { DocsCatalogue } from '../docs/catalogue';
import type { CallCheck } from '../integration/checks';
import type { PipelineCall } from '../integration/pipeline';
import { RunContext, type RunClock } from '../integration/run-context';
import type { IntegrationBinding } from '../integration/types';
import { decodeLuaString, encodeString, luaToJs } from './convert';
import { installHook } from './limits';
import { describeLuaError } from './lua-errors';
import { planNamespaces, type NamespaceLayout } from './namespace';
import { DEFAULT_LIMITS, RunState, type RunLimits } from './run-state';
import type { RunError, RunOptions, RunResult } from './run-options';
import { createSandbox } from './sandbox';

export type { RunError, RunOptions, RunResult } from './run-options';

/** The checks every call of a run passes (the permission policy, guardrails): built by the host per run. */
export type RunChecks = (options: RunOptions) => readonly CallCheck[];

/**
 * Integrations, their accounts and docs, and how each run's checks are built: prepared once, shared by every
 * run in the process. Built by the host module (src/host/), which supplies the checks.
 */
export class LuaHost {
  readonly layout: NamespaceLayout;

  constructor(
    readonly bindings: readonly IntegrationBinding[],
    readonly docs: DocsCatalogue,
    readonly checks: RunChecks,
  ) {
    this.layout = planNamespaces(bindings);
  }

  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return runScript(this, code, options);
  }
}

/**
 * Wakes the driver when the run's deadline passes or the run ends otherwise (cancellation, a limit),
 * whatever it is awaiting. One timer per run (not one per host call: calls are on the hot path). Paused
 * while a person is being asked (issue #16 item 2): the deadline moves on by the time the person took.
 */
class Alarm implements RunClock {
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private pausedAt: number | undefined;
  private readonly onEnd = () => this.wakeDriver();
  /** Passed to every host call: wakes the driver once the call has settled. */
  private readonly onSettled = () => this.wakeDriver();

  /** Set by `arm`: the run state needs the context, which needs this alarm as its clock. */
  private run!: RunState;

  arm(run: RunState): void {
    this.run = run;
    this.timer = setTimeout(() => this.ring(), Math.max(0, this.run.deadline - performance.now()));
    this.run.context.signal.addEventListener('abort', this.onEnd, { once: true });
  }

  private ring(): void {
    this.run.killWith(this.run.timeoutError());
    this.wakeDriver();
  }

  private wakeDriver(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  pause(): void {
    if (this.pausedAt !== undefined) return;
    this.pausedAt = performance.now();
    clearTimeout(this.timer);
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.run.deadline += performance.now() - this.pausedAt;
    this.pausedAt = undefined;
    if (this.run.kill !== null) return;
    this.timer = setTimeout(() => this.ring(), Math.max(0, this.run.deadline - performance.now()));
  }

  remainingMs(): number {
    return this.run.deadline - (this.pausedAt ?? performance.now());
  }

  /** Past the deadline (and not paused): end the run with `timeout`. Every path checks it (issue #10 item 5). */
  checkDeadline(): void {
    if (this.run.kill === null && this.pausedAt === undefined && performance.now() > this.run.deadline) this.ring();
  }

  /**
   * Start a host call, unless the run has already ended (then it is logged as failed, never started).
   * Returns true when the driver must wait (`wait`) for the call to settle or the alarm to ring.
   */
  begin(call: PipelineCall): boolean {
    this.checkDeadline();
    const kill = this.run.kill;
    if (kill !== null) {
      call.skip(kill);
      return false;
    }
    call.start(this.onSettled);
    return call.outcome === undefined;
  }

  /**
   * A script's `sleep`: wait `ms` or until the alarm rings (deadline, cancellation), whichever comes first.
   * A timer, nothing else: the wait costs no CPU.
   */
  async sleep(ms: number): Promise<void> {
    this.checkDeadline();
    if (this.run.kill !== null) return;
    const timer = setTimeout(this.onSettled, ms);
    try {
      await this.wait();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when the call started by `begin` settles or the alarm rings, whichever comes first. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.run?.context.signal.removeEventListener('abort', this.onEnd);
  }
}

function errorLine(thread: LuaState): number | undefined {
  const ar = new lua.lua_Debug();
  for (let level = 0; lua.lua_getstack(thread, level, ar) === 1; level++) {
    lua.lua_getinfo(thread, 'Sl', ar);
    if (ar.currentline > 0) return ar.currentline;
  }
  return undefined;
}

function traceback(L: LuaState, thread: LuaState): string {
  lauxlib.luaL_traceback(L, thread, null, 0);
  const text = decodeLuaString(lua.lua_tolstring(L, -1)!, 'lenient');
  lua.lua_pop(L, 1);
  return text;
}

function errorFromKill(kill: IntegrationError, line?: number, trace?: string): RunError {
  return { ...kill.details, code: kill.code, message: kill.message, ...(line ? { line } : {}), ...(trace ? { traceback: trace } : {}) };
}

function collectResults(thread: LuaState): unknown {
  const n = lua.lua_gettop(thread);
  if (n === 0) return null;
  if (n === 1) return luaToJs(thread, 1, 'lenient') ?? null;
  const values: unknown[] = [];
  for (let i = 1; i <= n; i++) values.push(luaToJs(thread, i, 'lenient') ?? null);
  return values;
}

async function runScript(host: LuaHost, code: string, options: RunOptions): Promise<RunResult> {
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const alarm = new Alarm();
  const context = new RunContext({
    id: options.runId,
    checks: host.checks(options),
    onWrite: options.onWrite,
    onRecord: options.onRecord,
    clock: alarm,
    signal: options.signal,
  });
  const run = new RunState(limits, context, host.docs, options.onOutput);
  try {
    const result = await drive(host, code, options.chunkName ?? 'script', run, alarm);
    // Settle hooks of the run's checks (a guardrail releasing what it reserved) finish before it reports.
    const draining = context.drain();
    if (draining !== undefined) await draining;
    return result;
  } finally {
    alarm.stop();
    context.close();
  }
}

async function drive(host: LuaHost, code: string, chunkName: string, run: RunState, alarm: Alarm): Promise<RunResult> {
  const finish = (error: RunError | null, result: unknown): RunResult => ({
    success: error === null,
    output: run.output.join(''),
    error,
    result: error === null ? result : null,
    execution_time_ms: Math.round((performance.now() - run.startedAt) * 1000) / 1000,
    integration_calls: run.calls,
  });

  const L = createSandbox(run, host.layout);
  const status = lauxlib.luaL_loadbufferx(L, encodeString(code), null, `=${chunkName}`, 't');
  if (status !== lua.LUA_OK) {
    const message = decodeLuaString(lua.lua_tolstring(L, -1) ?? new Uint8Array(), 'lenient');
    const match = /^[^:]*:(\d+):/.exec(message);
    return finish({ code: 'syntax_error', message, ...(match ? { line: Number(match[1]) } : {}) }, null);
  }

  // The script runs on its own coroutine so that host calls can yield to this driver.
  const thread = lua.lua_newthread(L); // L: -1 thread, -2 chunk
  lua.lua_rotate(L, -2, 1); // L: -1 chunk, -2 thread (the thread stays anchored on L's stack)
  lua.lua_xmove(L, thread, 1);
  run.thread = thread;
  installHook(thread);

  alarm.arm(run);
  for (;;) {
    run.lastYieldAt = performance.now();
    const resumed = lua.lua_resume(thread, L, 0);

    if (resumed !== lua.LUA_YIELD) {
      // Past the deadline is a timeout on every path (issue #10 item 5): a script that finished — or failed —
      // after its deadline inside one long instruction, where no hook could stop it, ran out of time.
      alarm.checkDeadline();
      if (resumed === lua.LUA_OK) {
        if (run.kill !== null) return finish(errorFromKill(run.kill), null);
        return finish(null, collectResults(thread));
      }
      const line = errorLine(thread);
      const trace = traceback(L, thread);
      if (run.kill !== null) return finish(errorFromKill(run.kill, line, trace), null);
      const described = describeLuaError(thread, -1);
      return finish({ ...described.details, code: described.code, message: described.message, ...(line ? { line } : {}), traceback: trace }, null);
    }

    // On a kill (deadline, cancellation) the script is resumed anyway: the call's continuation or the next
    // hook raises the kill error from inside, so it ends like any error, with its line and traceback.
    // A host call: start it, wait for it or the alarm (the call settles straight into the wake-up: the
    // fewer promise hops between the HTTP answer and the resume, the better — issue #5). When the alarm
    // rang, a read still in flight is aborted (the kill aborts the run's signal); a write is waited for (it
    // has its own request timeouts), so whether an SMS went out is never lost: its outcome is in the call
    // log even though the run ends with `timeout`.
    const pending = run.pending;
    if (pending !== null) {
      if (alarm.begin(pending)) {
        await alarm.wait();
        if (run.kill !== null && pending.operation === 'write' && pending.outcome === undefined) await pending.settled;
      }
      // A call that returned after the deadline (a handler that blocked, a slow answer the timer could not
      // interrupt) ends the run at the calling line instead of letting the script go on.
      alarm.checkDeadline();
      continue;
    }
    if (run.sleepMs !== null) {
      await alarm.sleep(run.sleepMs);
      alarm.checkDeadline();
      continue;
    }
    if (run.hookYield) {
      run.hookYield = false;
      await new Promise<void>((resolve) => setImmediate(resolve));
      continue;
    }
    const line = errorLine(thread);
    return finish(
      {
        code: 'runtime_error',
        message: 'coroutine.yield() was called outside any coroutine: the script itself cannot yield.',
        ...(line ? { line } : {}),
      },
      null,
    );
  }
}
