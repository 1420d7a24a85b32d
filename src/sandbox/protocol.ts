/** Messages between a SandboxPool (main thread) and its workers (src/sandbox/worker.ts). */
import type { ApprovalRequest } from '../integration/approval';
import type { WriteEvent } from '../integration/events';
import type { CallRecord } from '../integration/record';
import type { RunData, RunOptions, RunResult } from '../lua/run-options';

/**
 * How a worker builds its host: `require(module)[exportName](options)`; options must be cloneable. The host is
 * anything that runs scripts with the run options (src/host/host.ts, Host).
 */
export interface HostSpec {
  readonly module: string;
  readonly exportName: string;
  readonly options: unknown;
  /**
   * A bundle to start the worker from instead of src/sandbox/worker.ts: one file holding the worker and the
   * host module, registered under `module` (src/sandbox/host-modules.ts), run with V8's code cache
   * (src/startup/code-cache.ts; issue #14, start-up). Absent: the worker loads its modules one by one.
   */
  readonly worker?: string;
}

/** What a worker's host must offer. */
export interface ScriptHost {
  run(code: string, options: RunOptions): Promise<RunResult>;
}

/** A run as it crosses to the worker: the options' data; the functions become flags and messages. */
export interface RunRequest {
  readonly code: string;
  readonly data: RunData;
  /** `ask` policies send `approve` to the main thread (RunOptions.approve is set there). */
  readonly canApprove: boolean;
  /** Printed output is sent as `output` messages as it is printed (RunOptions.onOutput is set there). */
  readonly streamOutput: boolean;
  /**
   * Write outcomes are sent as whole events (RunOptions.onWrite is set there); otherwise as `settled` messages
   * with only what the main thread's record of writes in flight needs (no plan to clone).
   */
  readonly forwardWrites: boolean;
  /**
   * Where the worker journals the run's output and call records as they happen, for the main thread to read
   * if the worker has to be terminated (src/sandbox/journal.ts).
   */
  readonly journal?: SharedArrayBuffer;
}

/** An IntegrationError as data. */
export interface ErrorData {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export type ToWorker =
  | { type: 'init'; host: HostSpec }
  | { type: 'run'; id: number; request: RunRequest }
  /** Cancel a run; `reason` is the error it ends with (default: `cancelled`). */
  | { type: 'abort'; id: number; reason?: ErrorData }
  | { type: 'approval'; id: number; approvalId: number; approved: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; error: ErrorData }
  | { type: 'result'; id: number; result: RunResult }
  | { type: 'approve'; id: number; approvalId: number; request: ApprovalRequest }
  /** What the script printed since the last `output` (sent before any later message of the run). */
  | { type: 'output'; id: number; chunk: string }
  /** A write's attempt (sent before its request goes out) or outcome: the main thread's record of writes in flight. */
  | { type: 'write'; id: number; event: WriteEvent }
  /** A write's outcome when nobody listens in the main thread: its call id and record (RunRequest.forwardWrites). */
  | { type: 'settled'; id: number; callId: number; record: CallRecord }
  /** Several of the above, in order: what one event-loop turn of the worker queued (src/sandbox/worker.ts). */
  | { type: 'batch'; messages: FromWorker[] };
