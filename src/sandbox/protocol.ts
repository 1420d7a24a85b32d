/** Messages between a SandboxPool (main thread) and its workers (src/sandbox/worker.ts). */
import type { ApprovalRequest } from '../integration/invoke';
import type { RunLimits } from '../lua/limits-config';
import type { RunResult } from '../lua/runtime';

/** How a worker builds its LuaHost: `require(module)[exportName](options)`; options must be cloneable. */
export interface HostSpec {
  readonly module: string;
  readonly exportName: string;
  readonly options: unknown;
}

export interface RunRequest {
  readonly code: string;
  readonly chunkName?: string;
  readonly limits?: Partial<RunLimits>;
  readonly force?: boolean;
  /** When true, `ask` policies send an approval request to the main thread. */
  readonly canApprove: boolean;
}

export type ToWorker =
  | { type: 'init'; host: HostSpec }
  | { type: 'run'; id: number; request: RunRequest }
  | { type: 'abort'; id: number }
  | { type: 'approval'; id: number; approvalId: number; approved: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; error: { code: string; message: string; details: Record<string, unknown> } }
  | { type: 'result'; id: number; result: RunResult }
  | { type: 'approve'; id: number; approvalId: number; request: ApprovalRequest };
