/**
 * A sandbox worker: builds the LuaHost once (`init`), then runs scripts on request, several at a time if
 * the pool sends several. Approvals for `ask` policies are relayed to the main thread, which owns the
 * terminal. Everything here runs inside a worker_thread with resourceLimits (src/sandbox/pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isIntegrationError } from '../errors';
import type { ApprovalRequest } from '../integration/invoke';
import type { LuaHost } from '../lua/runtime';
import type { FromWorker, HostSpec, RunRequest, ToWorker } from './protocol';

const port = parentPort!;
let host: LuaHost | undefined;
const aborts = new Map<number, AbortController>();
const approvals = new Map<number, (approved: boolean) => void>();
let nextApproval = 1;

function send(message: FromWorker): void {
  port.postMessage(message);
}

function init(spec: HostSpec): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require(spec.module)[spec.exportName] as (options: unknown) => LuaHost;
    host = factory(spec.options);
    send({ type: 'ready' });
  } catch (error) {
    const details = isIntegrationError(error) ? { ...error.details } : {};
    const code = isIntegrationError(error) ? error.code : 'internal_error';
    const message = isIntegrationError(error) ? error.message : 'The sandbox could not be set up.';
    send({ type: 'init-failed', error: { code, message, details } });
  }
}

function approver(id: number) {
  return (request: ApprovalRequest) =>
    new Promise<boolean>((resolve) => {
      const approvalId = nextApproval++;
      approvals.set(approvalId, resolve);
      send({ type: 'approve', id, approvalId, request });
    });
}

async function run(id: number, request: RunRequest): Promise<void> {
  const controller = new AbortController();
  aborts.set(id, controller);
  try {
    const result = await host!.run(request.code, {
      chunkName: request.chunkName,
      limits: request.limits,
      force: request.force,
      approve: request.canApprove ? approver(id) : undefined,
      signal: controller.signal,
    });
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
    case 'abort':
      aborts.get(message.id)?.abort();
      break;
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
