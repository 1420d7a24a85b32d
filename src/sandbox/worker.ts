/**
 * A sandbox worker: builds its host once (`init`), then runs scripts on request, several at a time if the
 * pool sends several. Approvals for `ask` policies are relayed to the main thread, which owns the terminal;
 * printed output is relayed as it is printed (batched per event-loop turn); every write's attempt and outcome
 * is told to the main thread, so that a write in flight is not lost when this worker has to be terminated
 * (issue #10 item 4); output and call records are journalled in memory the main thread can read after that
 * (src/sandbox/journal.ts). Everything here runs inside a worker_thread with resourceLimits (src/sandbox/pool.ts).
 *
 * Messages leave through one outbox (issue #14: each postMessage wakes the main thread and clones its data):
 * what is queued in one stretch of synchronous work and its microtasks leaves as one message — several
 * scripts' results and write outcomes settled by the same I/O — and always before any Lua code runs again (a
 * script that then blocks inside one instruction must not keep a settled write's outcome from the main thread).
 * A write's attempt (it must be in the main thread before the request goes out) and an approval (a person is
 * waiting) leave at once, with everything queued before them, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IntegrationError, isIntegrationError, type ErrorCode, type ErrorDetails } from '../errors';
import type { ApprovalRequest } from '../integration/approval';
import type { WriteAttempt } from '../integration/events';
import { hostModule } from './host-modules';
import { JournalWriter } from './journal';
import type { FromWorker, HostSpec, RunRequest, ScriptHost, ToWorker } from './protocol';

const port = parentPort!;
let host: ScriptHost | undefined;
const aborts = new Map<number, AbortController>();
const approvals = new Map<number, (approved: boolean) => void>();
let nextApproval = 1;

let outbox: FromWorker[] = [];
let flushScheduled = false;

/**
 * Queue `message`; `now`: post it, and everything queued before it, at once. Otherwise it leaves in a
 * microtask queued now, which runs before the driver resumes the script whose call just settled (its wake-up
 * comes after the outcome in the microtask queue: src/integration/pipeline-call.ts, finish).
 */
function send(message: FromWorker, now = false): void {
  outbox.push(message);
  if (now) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    queueMicrotask(flush);
  }
}

function flush(): void {
  flushScheduled = false;
  if (outbox.length === 0) return;
  const messages = outbox;
  outbox = [];
  port.postMessage(messages.length === 1 ? messages[0] : ({ type: 'batch', messages } satisfies FromWorker));
}

function init(spec: HostSpec): void {
  try {
    const factory = hostModule(spec.module)[spec.exportName] as (options: unknown) => ScriptHost;
    host = factory(spec.options);
    send({ type: 'ready' }, true);
  } catch (error) {
    const details = isIntegrationError(error) ? { ...error.details } : {};
    const code = isIntegrationError(error) ? error.code : 'internal_error';
    const message = isIntegrationError(error) ? error.message : 'The sandbox could not be set up.';
    send({ type: 'init-failed', error: { code, message, details } }, true);
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
      send({ type: 'approve', id, approvalId, request }, true);
    });
}

/**
 * An attempt as the main thread needs it when nobody listens there: what reconciling it takes (the plan's
 * request, reference and facts), without the approval view (title, fields) that would only be cloned.
 */
function withoutApprovalView(event: WriteAttempt): WriteAttempt {
  // Field by field, not `{ ...event.plan, title: '', fields: [] }`: a spread followed by properties is V8's
  // slow path in Node 20, ~0.8 µs each, and this ran two per send (issue #14).
  const { request, reference, facts } = event.plan;
  const attempt: { -readonly [K in keyof WriteAttempt]: WriteAttempt[K] } = Object.assign({}, event);
  attempt.plan = { request, reference, facts, title: '', fields: [] };
  return attempt;
}

/** Printed output to the relay and to the journal, either of which may be absent. */
function journalled(relay: ((chunk: string) => void) | undefined, journal: ((chunk: string) => void) | undefined) {
  if (relay === undefined || journal === undefined) return relay ?? journal;
  return (chunk: string): void => {
    journal(chunk);
    relay(chunk);
  };
}

async function run(id: number, request: RunRequest): Promise<void> {
  const controller = new AbortController();
  aborts.set(id, controller);
  const output = request.streamOutput ? new OutputRelay(id) : undefined;
  const journal = request.journal ? new JournalWriter(request.journal) : undefined;
  try {
    const result = await host!.run(request.code, {
      ...request.data,
      approve: request.canApprove ? approver(id, output) : undefined,
      onOutput: journalled(output?.add, journal?.output),
      onRecord: journal?.record,
      onWrite: (event) => {
        output?.flush();
        // An attempt is in the main thread before its request goes out; an outcome leaves with the outbox.
        if (event.phase === 'attempt') send({ type: 'write', id, event: request.forwardWrites ? event : withoutApprovalView(event) }, true);
        else if (request.forwardWrites) send({ type: 'write', id, event });
        else send({ type: 'settled', id, callId: event.call_id, record: event.record });
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
if (preload) hostModule(preload);
