/**
 * A sandbox worker: builds its host once (`init`), then runs scripts on request, several at a time if the
 * pool sends several. Approvals for `ask` policies are relayed to the main thread, which owns the terminal;
 * printed output is relayed as it is printed (batched per event-loop turn); every write's attempt and outcome
 * is told to the main thread, so that a write in flight is not lost when this worker has to be terminated
 * (issue #10 item 4). Everything here runs inside a worker_thread with resourceLimits (src/sandbox/pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IntegrationError, isIntegrationError, type ErrorCode, type ErrorDetails } from '../errors';
import type { ApprovalRequest } from '../integration/approval';
import type { FromWorker, HostSpec, RunRequest, ScriptHost, ToWorker } from './protocol';

const port = parentPort!;
let host: ScriptHost | undefined;
const aborts = new Map<number, AbortController>();
const approvals = new Map<number, (approved: boolean) => void>();
let nextApproval = 1;

function send(message: FromWorker): void {
  port.postMessage(message);
}

function init(spec: HostSpec): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require(spec.module)[spec.exportName] as (options: unknown) => ScriptHost;
    host = factory(spec.options);
    send({ type: 'ready' });
  } catch (error) {
    const details = isIntegrationError(error) ? { ...error.details } : {};
    const code = isIntegrationError(error) ? error.code : 'internal_error';
    const message = isIntegrationError(error) ? error.message : 'The sandbox could not be set up.';
    send({ type: 'init-failed', error: { code, message, details } });
  }
}

/** Printed output of one run, sent at most once per event-loop turn, and always before the run's next message. */
class OutputRelay {
  private chunks: string[] = [];
  private scheduled = false;

  constructor(private readonly id: number) {}

  readonly add = (chunk: string): void => {
    this.chunks.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  };

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    const chunk = this.chunks.join('');
    this.chunks = [];
    send({ type: 'output', id: this.id, chunk });
  };
}

function approver(id: number, output: OutputRelay | undefined) {
  return (request: ApprovalRequest) =>
    new Promise<boolean>((resolve) => {
      output?.flush(); // the prompt comes after everything printed so far (issue #16 item 2)
      const approvalId = nextApproval++;
      approvals.set(approvalId, resolve);
      send({ type: 'approve', id, approvalId, request });
    });
}

async function run(id: number, request: RunRequest): Promise<void> {
  const controller = new AbortController();
  aborts.set(id, controller);
  const output = request.streamOutput ? new OutputRelay(id) : undefined;
  try {
    const result = await host!.run(request.code, {
      ...request.data,
      approve: request.canApprove ? approver(id, output) : undefined,
      onOutput: output?.add,
      onWrite: (event) => {
        output?.flush();
        send({ type: 'write', id, event });
      },
      signal: controller.signal,
    });
    output?.flush();
    send({ type: 'result', id, result });
  } finally {
    aborts.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'init':
      init(message.host);
      break;
    case 'run':
      void run(message.id, message.request);
      break;
    case 'abort': {
      const reason = message.reason;
      aborts
        .get(message.id)
        ?.abort(reason ? new IntegrationError(reason.code as ErrorCode, reason.message, reason.details as ErrorDetails) : undefined);
      break;
    }
    case 'approval':
      approvals.get(message.approvalId)?.(message.approved);
      approvals.delete(message.approvalId);
      break;
  }
});

// Load the heavy modules, and the host's own module, while the main thread prepares the host options.
require('../lua/runtime');
const preload = (workerData as { preload?: string } | null)?.preload;
if (preload) require(preload);
