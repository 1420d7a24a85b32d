/**
 * Everything one run of one script owns: its Lua thread, the host call in flight, captured output, its
 * limits, and — once a limit is hit — the error it must end with whatever `pcall` does. The calls, their
 * log and the run's end belong to its RunContext (src/integration/run-context.ts): the call pipeline's view
 * of the same run.
 *
 * The state is reachable from any Lua thread of the run through the global state (`L.l_G.kosmo`), so host
 * functions, the instruction hook and the patched fengari internals all find it without globals.
 */
import type { LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import type { CallRecord } from '../integration/record';
import type { PipelineCall } from '../integration/pipeline';
import type { RunContext } from '../integration/run-context';
import type { DocsCatalogue } from '../docs/catalogue';
import { internalsOf, type HostHooks } from './internals';
import { raiseError } from './lua-errors';
import { SIZE, measureReachable } from './memory';
import type { RunLimits } from './limits-config';

export { DEFAULT_LIMITS, type RunLimits } from './limits-config';

export class RunState implements HostHooks {
  /** The coroutine the script runs on; set once the chunk is compiled. */
  thread: LuaState | null = null;
  /** The host call the script yielded for, waiting for the driver to start it (src/lua/bridge.ts). */
  pending: PipelineCall | null = null;
  /** Set by `sleep(seconds)` when it yields to wait (src/lua/sleep.ts): milliseconds to wait. */
  sleepMs: number | null = null;
  /** Set by the instruction hook when it yields only to let other work run. */
  hookYield = false;

  readonly output: string[] = [];
  outputBytes = 0;

  readonly startedAt = performance.now();
  /** Moves later while the run is paused (a person is being asked: src/lua/runtime.ts, Alarm). */
  deadline: number;
  instructions = 0;
  lastYieldAt = this.startedAt;

  /** Bytes allocated since the last measurement (reported by the patched fengari). */
  allocated = 0;
  /** Live bytes found by the last measurement. */
  lastLive = 0;
  /** Measurements done (for tests and reliability figures). */
  measurements = 0;

  constructor(
    readonly limits: RunLimits,
    /** The pipeline's view of this run: checks, call log, end. */
    readonly context: RunContext,
    readonly docs: DocsCatalogue,
    /** Receives printed text as it is printed (RunOptions.onOutput). */
    private readonly onOutput?: (chunk: string) => void,
  ) {
    this.deadline = this.startedAt + limits.timeoutMs;
  }

  /** Once set, the run ends with this error: pcall, xpcall, coroutine.resume and load re-raise it. */
  get kill(): IntegrationError | null {
    return this.context.endedWith;
  }

  /** The call log (`integration_calls`). */
  get calls(): CallRecord[] {
    return this.context.calls;
  }

  /** Record the error this run must end with (the first one wins). */
  killWith(error: IntegrationError): IntegrationError {
    return this.context.end(error);
  }

  /** Kill for an exceeded instruction budget or deadline; null while within both. */
  checkBudgets(now: number): IntegrationError | null {
    if (this.kill !== null) return this.kill;
    if (this.instructions > this.limits.maxInstructions) {
      return this.killWith(
        new IntegrationError(
          'limit_exceeded',
          `The script exceeded its instruction budget of ${this.limits.maxInstructions} VM instructions.`,
          { limit: 'instructions', limit_instructions: this.limits.maxInstructions },
        ),
      );
    }
    if (now > this.deadline) return this.killWith(this.timeoutError());
    return null;
  }

  // ---- Host hooks called by the patched fengari (patches/fengari+0.1.5.patch). They run inside VM
  // ---- instructions and end the run by raising the kill error in L.

  /** Bytes per object kind, read by the patch when it reports an allocation (one table of estimates). */
  readonly size = SIZE;

  /** Largest string or buffer a script may create. */
  get maxStringBytes(): number {
    return this.limits.memoryLimitBytes;
  }

  /** Before allocating a string or buffer of `bytes`. */
  checkSize(L: LuaState, bytes: number): void {
    if (bytes <= this.limits.memoryLimitBytes) return;
    raiseError(L, this.killWith(this.memoryError(`a string of ${bytes} bytes`)));
  }

  /** After a Lua string of `bytes` was created. */
  onString(L: LuaState, bytes: number): void {
    this.allocated += bytes + SIZE.string;
    if (this.lastLive + this.allocated > this.limits.memoryLimitBytes) this.checkMemory(L);
  }

  /** Other allocations (table entries, stack growth): counted, checked at the next string or hook. */
  account(bytes: number): void {
    this.allocated += bytes;
  }

  /** From long-running library loops (pattern matching, table.move): enforce the deadline there too. */
  interrupt(L: LuaState): void {
    const kill = this.checkBudgets(performance.now());
    if (kill !== null) raiseError(L, kill);
  }

  /**
   * Measure live memory when the allocations since the last measurement could have crossed the limit —
   * but at most once per limit/16 bytes allocated, so a script near its limit does not walk its heap on
   * every allocation (the cap is therefore enforced to within limit/16).
   */
  checkMemory(L: LuaState): void {
    const limit = this.limits.memoryLimitBytes;
    if (this.kill !== null || this.lastLive + this.allocated <= limit || this.allocated < limit / 16) return;
    this.allocated = 0;
    this.measurements++;
    this.lastLive = this.measure(L);
    if (this.lastLive > limit) {
      const depth = this.thread === null ? 0 : callDepth(this.thread);
      // Deep recursion reaches the memory limit before the stack limit: say so, or the message misleads.
      const frames = depth >= 1000 ? `, with the call stack ${depth} calls deep` : '';
      const log = this.callLogBytes >= limit / 4 ? `, ${this.calls.length} host calls in the call log` : '';
      raiseError(L, this.killWith(this.memoryError(`about ${this.lastLive} bytes of live data${frames}${log}`)));
    }
  }

  /** Bytes of the call log, up to the last record counted. */
  private callLogBytes = 0;
  private callsCounted = 0;

  /**
   * Live memory: what Lua can reach, plus the call log. A script can make a failing host call every few
   * microseconds, and every call stays in `integration_calls` until the run ends: unbounded, it would fill the
   * worker's heap and the --json envelope long before the deadline.
   */
  private measure(L: LuaState): number {
    for (; this.callsCounted < this.calls.length; this.callsCounted++) {
      const record = this.calls[this.callsCounted];
      this.callLogBytes += CALL_RECORD_BYTES + record.path.length + (record.error?.message.length ?? 0);
    }
    return measureReachable(L) + this.callLogBytes;
  }

  /** A conversion from JS has created `bytes` so far (all live, not yet reachable from Lua). */
  checkConversion(L: LuaState, bytes: number): void {
    const limit = this.limits.memoryLimitBytes;
    if (this.kill !== null || this.lastLive + bytes <= limit) return;
    this.measurements++;
    this.lastLive = this.measure(L);
    this.allocated = 0;
    if (this.lastLive + bytes > limit) {
      raiseError(L, this.killWith(this.memoryError(`a value of about ${bytes} bytes (on top of ${this.lastLive} live)`)));
    }
  }

  memoryError(what: string): IntegrationError {
    const mib = Math.round((this.limits.memoryLimitBytes / 1024 / 1024) * 10) / 10;
    return new IntegrationError(
      'limit_exceeded',
      `The script exceeded its memory limit of ${mib} MiB (--memory-limit) with ${what}.`,
      { limit: 'memory', limit_bytes: this.limits.memoryLimitBytes },
    );
  }

  timeoutError(): IntegrationError {
    return new IntegrationError(
      'timeout',
      `The script ran out of time: the limit is ${this.limits.timeoutMs} ms of wall-clock time (--timeout-ms).`,
      { limit_ms: this.limits.timeoutMs },
    );
  }

  /** Append printed text; past the cap the run is ended with limit_exceeded. */
  appendOutput(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    const room = this.limits.maxOutputBytes - this.outputBytes;
    if (bytes <= room) {
      this.output.push(text);
      this.outputBytes += bytes;
      this.onOutput?.(text);
      return;
    }
    if (room > 0) {
      const kept = Buffer.from(text, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, '');
      this.output.push(kept);
      this.outputBytes = this.limits.maxOutputBytes;
      this.onOutput?.(kept);
    }
    throw this.killWith(
      new IntegrationError(
        'limit_exceeded',
        `The script printed more than ${this.limits.maxOutputBytes} bytes; output was truncated there.`,
        { limit: 'output', limit_bytes: this.limits.maxOutputBytes },
      ),
    );
  }
}

/** One entry of the call log in the V8 heap (an object of seven fields, an error object; strings apart). */
const CALL_RECORD_BYTES = 300;

/** Frames on a thread's call stack. */
function callDepth(L: LuaState): number {
  let depth = 0;
  for (let ci = (L as unknown as { ci: { previous: unknown } | null }).ci; ci; ci = ci.previous as typeof ci) depth++;
  return depth;
}

export function attachRunState(L: LuaState, run: RunState): void {
  internalsOf(L).l_G.kosmo = run;
}

export function runStateOf(L: LuaState): RunState {
  return internalsOf(L).l_G.kosmo as RunState;
}
