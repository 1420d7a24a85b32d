/**
 * Running a script: compile, then drive its coroutine from an async loop.
 *
 * Each turn resumes the script until it finishes, fails, or yields. A yield is one of:
 * - a host call (run.pending, a HostCall from src/lua/bridge.ts): start it, await it — racing the
 *   deadline — and resume (the call's continuation returns the result or raises the error);
 * - a fairness pause from the instruction hook (run.hookYield): let the event loop turn, resume;
 * - anything else is a `coroutine.yield()` at the top level of the script: end the run with an error.
 */
import { lauxlib, lua, type LuaState } from 'fengari';
import { IntegrationError, type ErrorCode, type ErrorDetail } from '../errors';
import type { DocsCatalogue } from '../docs/catalogue';
import { Invoker, type Approver, type CallRecord } from '../integration/invoke';
import type { IntegrationBinding } from '../integration/types';
import { decodeLuaString, encodeString, luaToJs } from './convert';
import { installHook } from './limits';
import { describeLuaError } from './lua-errors';
import { planNamespaces, type NamespaceLayout } from './namespace';
import { HostCall } from './bridge';
import { DEFAULT_LIMITS, RunState, type RunLimits } from './run-state';
import { createSandbox } from './sandbox';

export interface RunError {
  code: ErrorCode;
  message: string;
  /** Line of the script where the error was raised, when known. */
  line?: number;
  traceback?: string;
  [detail: string]: ErrorDetail | undefined;
}

/** The outcome of a run: the `lua --json` envelope without `meta`. */
export interface RunResult {
  success: boolean;
  output: string;
  error: RunError | null;
  result: unknown;
  execution_time_ms: number;
  integration_calls: CallRecord[];
}

export interface RunOptions {
  /** Name used in positions and tracebacks (`script:3:`). */
  readonly chunkName?: string;
  readonly limits?: Partial<RunLimits>;
  /** Bypass the permission policy (only it). */
  readonly force?: boolean;
  /** Asks a person when a policy is `ask`; absent → `approval_required`. */
  readonly approve?: Approver;
  /** Ends the run early (with `timeout`) when aborted. */
  readonly signal?: AbortSignal;
}

/** Integrations, their accounts and docs: prepared once, shared by every run in the process. */
export class LuaHost {
  readonly layout: NamespaceLayout;

  constructor(
    readonly bindings: readonly IntegrationBinding[],
    readonly docs: DocsCatalogue,
  ) {
    this.layout = planNamespaces(bindings);
  }

  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return runScript(this, code, options);
  }
}

/**
 * Wakes the driver when the run's deadline passes or its external signal aborts, whatever it is awaiting.
 * One timer per run (not one per host call: calls are on the hot path).
 */
class Alarm {
  private wake: (() => void) | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = () => this.ring();
  /** Passed to every host call: wakes the driver once the call has settled. */
  private readonly onSettled = () => this.wakeDriver();

  constructor(
    private readonly run: RunState,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => this.ring(), Math.max(0, run.deadline - performance.now()));
    signal?.addEventListener('abort', this.onAbort, { once: true });
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

  /**
   * Start a host call, unless the run has already ended (then it is logged as failed, never started).
   * Returns true when the driver must wait (`wait`) for the call to settle or the alarm to ring.
   */
  begin(call: HostCall): boolean {
    const run = this.run;
    if (run.kill === null && (this.signal?.aborted || performance.now() > run.deadline)) this.ring();
    if (run.kill !== null) {
      call.skip(run.kill);
      return false;
    }
    call.start(this.onSettled);
    return call.outcome === undefined;
  }

  /** Resolves when the call started by `begin` settles or the alarm rings, whichever comes first. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
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
  const invoker = new Invoker({ force: options.force, approve: options.approve });
  const run = new RunState(limits, invoker, host.docs);
  const chunkName = options.chunkName ?? 'script';

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

  const alarm = new Alarm(run, options.signal);
  try {
    for (;;) {
      run.lastYieldAt = performance.now();
      const resumed = lua.lua_resume(thread, L, 0);

      if (resumed === lua.LUA_OK) {
        if (run.kill !== null) return finish(errorFromKill(run.kill), null);
        return finish(null, collectResults(thread));
      }
      if (resumed !== lua.LUA_YIELD) {
        const line = errorLine(thread);
        const trace = traceback(L, thread);
        if (run.kill !== null) return finish(errorFromKill(run.kill, line, trace), null);
        const described = describeLuaError(thread, -1);
        return finish({ ...described.details, code: described.code, message: described.message, ...(line ? { line } : {}), traceback: trace }, null);
      }

      // On a kill (deadline, abort) the script is resumed anyway: the call's continuation or the next
      // hook raises the kill error from inside, so it ends like any error, with its line and traceback.
      // A host call: start it, wait for it or the alarm (the call settles straight into the wake-up: the
      // fewer promise hops between the HTTP answer and the resume, the better — issue #5). When the alarm
      // rang, a read still in flight is aborted (the kill aborts run.abort); a write is waited for (it has
      // its own request timeouts), so whether an SMS went out is never lost: its outcome is in the call log
      // even though the run ends with `timeout`.
      const pending = run.pending;
      if (pending instanceof HostCall) {
        if (alarm.begin(pending)) {
          await alarm.wait();
          if (run.kill !== null && pending.operation === 'write' && pending.outcome === undefined) await pending.promise;
        }
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
  } finally {
    alarm.stop();
    run.abort.abort();
  }
}
