/**
 * Everything one run of one script owns: its Lua thread, the host call in flight, captured output, the
 * call log, its limits, and — once a limit is hit — the error it must end with whatever `pcall` does.
 *
 * The state is reachable from any Lua thread of the run through the global state (`L.l_G.kosmo`), so host
 * functions, the instruction hook and the patched fengari internals all find it without globals.
 */
import type { LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import type { CallRecord, Invoker } from '../integration/invoke';
import type { DocsCatalogue } from '../docs/catalogue';
import { internalsOf } from './internals';

/** A host call that the driver must await before resuming the script. */
export interface PendingCall {
  readonly promise: Promise<unknown>;
  readonly operation: 'read' | 'write';
  /** Filled by the driver once the promise settles; consumed by the continuation. */
  outcome?: { ok: true; value: unknown } | { ok: false; error: IntegrationError };
}

export interface RunLimits {
  /** Wall-clock budget for the whole run. */
  readonly timeoutMs: number;
  /** VM instructions (counted in steps of the hook interval). */
  readonly maxInstructions: number;
  /** Bytes of printed output kept; printing past it ends the run. */
  readonly maxOutputBytes: number;
  /** Largest single string, and total live Lua memory (strings and tables), in bytes. */
  readonly memoryLimitBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  timeoutMs: 30_000,
  maxInstructions: 1_000_000_000,
  maxOutputBytes: 1024 * 1024,
  memoryLimitBytes: 32 * 1024 * 1024,
};

export class RunState {
  /** The coroutine the script runs on; set once the chunk is compiled. */
  thread: LuaState | null = null;
  pending: PendingCall | null = null;
  /** Set by the instruction hook when it yields only to let other work run. */
  hookYield = false;
  /** Once set, the run ends with this error: pcall, xpcall, coroutine.resume and load re-raise it. */
  kill: IntegrationError | null = null;

  readonly output: string[] = [];
  outputBytes = 0;
  readonly calls: CallRecord[] = [];

  readonly startedAt = performance.now();
  readonly deadline: number;
  instructions = 0;
  lastYieldAt = this.startedAt;

  /** Aborted when the run ends early, so reads in flight stop. */
  readonly abort = new AbortController();

  constructor(
    readonly limits: RunLimits,
    readonly invoker: Invoker,
    readonly docs: DocsCatalogue,
  ) {
    this.deadline = this.startedAt + limits.timeoutMs;
  }

  /** Record the error this run must end with (the first one wins). */
  killWith(error: IntegrationError): IntegrationError {
    if (this.kill === null) {
      this.kill = error;
      this.abort.abort();
    }
    return this.kill;
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
      return;
    }
    if (room > 0) {
      const kept = Buffer.from(text, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, '');
      this.output.push(kept);
      this.outputBytes = this.limits.maxOutputBytes;
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

export function attachRunState(L: LuaState, run: RunState): void {
  internalsOf(L).l_G.kosmo = run;
}

export function runStateOf(L: LuaState): RunState {
  return internalsOf(L).l_G.kosmo as RunState;
}
