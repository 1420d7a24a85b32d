/**
 * A run's options and its result: one options type from the CLI (and an embedder, and an MCP server) down
 * to the sandbox worker, and one way to build a failed result. No fengari (the sandbox pool imports it in
 * the main thread).
 *
 * Through a sandbox pool the functions are relayed as messages (src/sandbox/protocol.ts): `approve` asks
 * the main thread, `signal` sends `abort`, `onOutput` and `onWrite` receive the worker's messages.
 */
import { IntegrationError, type ErrorCode, type ErrorDetail } from '../errors';
import type { Approver } from '../integration/approval';
import type { WriteListener } from '../integration/events';
import type { CallRecord } from '../integration/record';
import type { RecordListener } from '../integration/run-context';
import type { RunLimits } from './limits-config';

export interface RunOptions {
  /** Name used in positions and tracebacks (`script:3:`). */
  readonly chunkName?: string;
  readonly limits?: Partial<RunLimits>;
  /** Approve what a policy of `ask` would ask about (bypasses the permission policy only). */
  readonly force?: boolean;
  /** Asks a person when a policy is `ask`; absent → `approval_required`. The deadline pauses meanwhile. */
  readonly approve?: Approver;
  /** Cancels the run: it ends with `cancelled` (or the abort reason, when that is an IntegrationError). */
  readonly signal?: AbortSignal;
  /** Receives what the script prints, as it prints it (the result's `output` still has all of it). */
  readonly onOutput?: (chunk: string) => void;
  /** Receives every planned write's attempt and outcome (src/integration/events.ts). */
  readonly onWrite?: WriteListener;
  /**
   * Receives each record as it joins `integration_calls` (with a planned write's call id): what a sandbox
   * worker journals so that its main thread keeps the records when the worker is terminated (src/sandbox/journal.ts).
   */
  readonly onRecord?: RecordListener;
  /** The run's id (events and records carry it); generated when absent. */
  readonly runId?: string;
}

/** The options that cross to a sandbox worker as data (the functions are relayed as messages instead). */
export type RunData = Pick<RunOptions, 'chunkName' | 'limits' | 'force' | 'runId'>;

export function runData(options: RunOptions): RunData {
  return { chunkName: options.chunkName, limits: options.limits, force: options.force, runId: options.runId };
}

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

/** `{...details, code, message}` of an error, as a run reports it. */
export function runErrorOf(error: IntegrationError): RunError {
  return { ...error.details, code: error.code, message: error.message };
}

/** A run that ended with `error` (before starting, or in a sandbox that had to be terminated). */
export function failedResult(
  error: IntegrationError | RunError,
  parts: { output?: string; calls?: CallRecord[]; elapsedMs?: number } = {},
): RunResult {
  const runError = error instanceof IntegrationError ? runErrorOf(error) : error;
  return {
    success: false,
    output: parts.output ?? '',
    error: runError,
    result: null,
    execution_time_ms: parts.elapsedMs ?? 0,
    integration_calls: parts.calls ?? [],
  };
}
