/**
 * Scripts in worker threads, so that no script can take the process down or hold it past its deadline.
 *
 * Inside a worker the Lua host enforces every limit cooperatively: the instruction hook, and the patched
 * fengari for what happens inside single VM instructions (string sizes, memory, pattern matching). The
 * pool adds what cooperation cannot: each worker has V8 resourceLimits, and a watchdog terminates a worker
 * whose script has not answered by its deadline plus a grace period — an instruction nothing could
 * interrupt — and replaces it. With `scriptsPerWorker: 1` (the default) a terminated worker takes nothing
 * else with it; with more, scripts sharing the worker are ended too (told so in their error).
 *
 * The run options (src/lua/run-options.ts) cross as data and messages: `approve` is asked here when the
 * worker sends `approve` (the watchdog pauses meanwhile, as the worker's own deadline does), `signal` sends
 * `abort` (and terminates the worker if it does not answer within the grace period), `onOutput` and
 * `onWrite` receive the worker's `output` and `write` messages. When a worker is terminated, its runs keep
 * what they had done — output and records from the worker's journal (src/sandbox/journal.ts) — and writes
 * still in flight are reconciled through `reconcile` (src/sandbox/in-flight.ts).
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { IntegrationError, type ErrorCode, type ErrorDetails } from '../errors';
import { DEFAULT_LIMITS } from '../lua/limits-config';
import { elapsedSince } from '../integration/record';
import { failedResult, runData, type RunOptions, type RunResult } from '../lua/run-options';
import { newJournal, readJournal } from './journal';
import { RunWrites, type Reconciler } from './in-flight';
import { bothListeners, type WriteListener } from '../integration/events';
import type { FromWorker, HostSpec, ToWorker } from './protocol';

export interface SandboxPoolOptions {
  /**
   * How each worker builds its host. `host.options` may be a promise: workers start at once and load
   * `host.module` while it is pending, and are sent the options when it resolves (the CLI finds its
   * configuration and starts the embedded emulator meanwhile). When it rejects, runs fail with its error.
   */
  readonly host: HostSpec;
  /** Workers kept at most (default 1). */
  readonly size?: number;
  /** Scripts one worker runs at once (default 1: full isolation between scripts). */
  readonly scriptsPerWorker?: number;
  /** V8 limits per worker (default: 512 MiB old generation). */
  readonly resourceLimits?: ResourceLimits;
  /**
   * How long past a script's deadline before its worker is terminated (default 2000 ms); also how long a
   * cancelled script has to stop before its worker is terminated.
   */
  readonly graceMs?: number;
  /**
   * Looks up a write that was in flight when its worker was terminated (the host's `reconcile`, in this
   * thread). Absent: such writes are reported with `sent: "unknown"`.
   */
  readonly reconcile?: Reconciler;
  /**
   * Told the outcome of every write reconciled here (marked `reconciled`), whatever the run's own `onWrite`:
   * the host in this thread records it in its ledger and releases what its guardrails reserved. Waited for.
   */
  readonly onReconciled?: WriteListener;
  /** Largest a run's journal may grow (default JOURNAL_MAX_BYTES, 16 MiB; src/sandbox/journal.ts). */
  readonly journalMaxBytes?: number;
}

interface Job {
  readonly id: number;
  readonly code: string;
  readonly options: RunOptions;
  readonly timeoutMs: number;
  readonly writes: RunWrites;
  /** When the worker was asked to run it (performance.now() time). */
  startedAt: number;
  resolve(result: RunResult): void;
  /** When the watchdog acts (performance.now() time); moved on while a person is asked. */
  deadline: number;
  watchdog?: NodeJS.Timeout;
  pausedAt?: number;
  approvals: number;
  slot?: Slot;
  onAbort?: () => void;
  /** Set once the job is being ended from here: later messages of the worker about it are ignored. */
  ending: boolean;
  /** The worker has been sent the run (an abort before that ends the job here, without the worker). */
  posted: boolean;
  /** The worker's journal of the run's output and records (src/sandbox/journal.ts), made when the run is posted. */
  journal?: SharedArrayBuffer;
  /** How much of the output (UTF-16 units) `onOutput` has been given. */
  outputShown: number;
}

interface Slot {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
  ready: Promise<void>;
  dead: boolean;
}

const WORKER_FILE = (() => {
  const ext = extname(__filename);
  return join(__dirname, `worker${ext}`);
})();
/** The entry of a worker started from a bundle (HostSpec.worker). */
const BUNDLE_WORKER_FILE = join(__dirname, `bundle-worker${extname(__filename)}`);

function errorData(reason: unknown): { code: string; message: string; details: Record<string, unknown> } | undefined {
  return reason instanceof IntegrationError ? { code: reason.code, message: reason.message, details: { ...reason.details } } : undefined;
}

function cancelled(reason: unknown): IntegrationError {
  return reason instanceof IntegrationError
    ? reason
    : new IntegrationError('cancelled', 'The run was cancelled before it finished (by the user or the calling program).');
}

export class SandboxPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly perWorker: number;
  private readonly graceMs: number;
  private readonly resourceLimits: ResourceLimits;

  constructor(private readonly options: SandboxPoolOptions) {
    this.size = Math.max(1, options.size ?? 1);
    this.perWorker = Math.max(1, options.scriptsPerWorker ?? 1);
    this.graceMs = options.graceMs ?? 2000;
    this.resourceLimits = options.resourceLimits ?? { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 };
  }

  /** Start workers ahead of the first script (they load fengari and the integration meanwhile). */
  warm(count = 1): Promise<void> {
    while (this.slots.length < Math.min(count, this.size)) this.spawn();
    return Promise.all(this.slots.map((s) => s.ready)).then(() => undefined);
  }

  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    if (this.closed) return Promise.resolve(failedResult(new IntegrationError('internal_error', 'The sandbox pool is closed.')));
    if (options.signal?.aborted) return Promise.resolve(failedResult(cancelled(options.signal.reason)));
    return new Promise<RunResult>((resolve) => {
      const timeoutMs = options.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
      const job: Job = {
        id: this.nextId++,
        code,
        options,
        timeoutMs,
        writes: new RunWrites(),
        startedAt: performance.now(),
        resolve,
        deadline: 0,
        approvals: 0,
        ending: false,
        posted: false,
        outputShown: 0,
      };
      if (options.signal) {
        job.onAbort = () => this.onAbort(job);
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, failedResult(new IntegrationError('internal_error', 'The sandbox pool was closed.')));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, 'closed')));
  }

  private spawn(): Slot {
    const execArgv = WORKER_FILE.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
    const spec = this.options.host;
    const worker = new Worker(spec.worker !== undefined ? BUNDLE_WORKER_FILE : WORKER_FILE, {
      resourceLimits: this.resourceLimits,
      execArgv,
      stdout: false,
      stderr: false,
      workerData: { preload: spec.module, bundle: spec.worker },
    });
    const slot: Slot = { worker, jobs: new Map(), ready: Promise.resolve(), dead: false };
    let failStart: (error: IntegrationError) => void = () => undefined;
    slot.ready = new Promise<void>((resolve, reject) => {
      failStart = reject;
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'init-failed') {
          reject(new IntegrationError(message.error.code as ErrorCode, message.error.message, message.error.details as ErrorDetails));
        }
      };
      worker.on('message', onMessage);
      worker.once('exit', () => reject(new IntegrationError('internal_error', 'The sandbox worker exited while starting.')));
    });
    slot.ready.catch(() => undefined);
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onCrash(slot, error));
    worker.on('exit', () => this.onCrash(slot, undefined));
    Promise.resolve(spec.options).then(
      (options: unknown) => worker.postMessage({ type: 'init', host: { ...spec, options } } satisfies ToWorker),
      (error: unknown) => failStart(error instanceof IntegrationError ? error : new IntegrationError('internal_error', 'The sandbox could not be set up.')),
    );
    this.slots.push(slot);
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.dead && s.jobs.size < this.perWorker);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return; // every worker is busy: the job waits
      const job = this.queue.shift()!;
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    job.slot = slot;
    slot.jobs.set(job.id, job);
    slot.ready.then(
      () => {
        if (slot.dead || job.ending) return;
        const { options } = job;
        if (options.signal?.aborted) {
          slot.jobs.delete(job.id);
          this.settle(job, failedResult(cancelled(options.signal.reason)));
          this.dispatch();
          return;
        }
        job.posted = true;
        job.journal = newJournal(this.options.journalMaxBytes);
        slot.worker.postMessage({
          type: 'run',
          id: job.id,
          request: {
            code: job.code,
            data: runData(options),
            canApprove: options.approve !== undefined,
            streamOutput: options.onOutput !== undefined,
            forwardWrites: options.onWrite !== undefined,
            journal: job.journal,
          },
        } satisfies ToWorker);
        job.startedAt = performance.now();
        job.deadline = job.startedAt + job.timeoutMs + this.graceMs;
        this.armWatchdog(slot, job);
      },
      (error: unknown) => {
        slot.jobs.delete(job.id);
        const e = error instanceof IntegrationError ? error : new IntegrationError('internal_error', 'The sandbox could not start.');
        this.settle(job, failedResult(e));
        void this.retire(slot, 'failed');
        this.dispatch();
      },
    );
  }

  private armWatchdog(slot: Slot, job: Job): void {
    clearTimeout(job.watchdog);
    job.watchdog = setTimeout(() => this.onStuck(slot, job), Math.max(0, job.deadline - performance.now()));
  }

  /** Resolve a job once (and stop listening to its signal). */
  private settle(job: Job, result: RunResult): void {
    clearTimeout(job.watchdog);
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
    job.resolve(result);
  }

  private finish(slot: Slot, id: number, result: RunResult): void {
    const job = slot.jobs.get(id);
    if (!job || job.ending) return;
    slot.jobs.delete(id);
    this.settle(job, result);
    this.dispatch();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'batch':
        for (const one of message.messages) this.onMessage(slot, one);
        break;
      case 'result':
        this.finish(slot, message.id, message.result);
        break;
      case 'output': {
        const job = slot.jobs.get(message.id);
        if (job && !job.ending) {
          job.outputShown += message.chunk.length;
          job.options.onOutput?.(message.chunk);
        }
        break;
      }
      case 'settled':
        slot.jobs.get(message.id)?.writes.settle(message.callId, message.record);
        break;
      case 'write': {
        const job = slot.jobs.get(message.id);
        if (!job) break;
        job.writes.note(message.event);
        try {
          job.options.onWrite?.(message.event);
        } catch {
          // A listener's defect must not end the run.
        }
        break;
      }
      case 'approve':
        this.onApprove(slot, message.id, message.approvalId, message.request);
        break;
    }
  }

  /** Ask here; the watchdog does not run while a person decides (issue #16 item 2). */
  private onApprove(slot: Slot, id: number, approvalId: number, request: Parameters<NonNullable<RunOptions['approve']>>[0]): void {
    const job = slot.jobs.get(id);
    const reply = (approved: boolean) => {
      if (job && --job.approvals === 0 && job.pausedAt !== undefined && !job.ending) {
        job.deadline += performance.now() - job.pausedAt;
        job.pausedAt = undefined;
        this.armWatchdog(slot, job);
      }
      if (!slot.dead) slot.worker.postMessage({ type: 'approval', id, approvalId, approved } satisfies ToWorker);
    };
    if (!job?.options.approve) return reply(false);
    if (job.approvals++ === 0) {
      job.pausedAt = performance.now();
      clearTimeout(job.watchdog);
    }
    const signal = job.options.signal ?? new AbortController().signal;
    let answer: Promise<boolean>;
    try {
      answer = job.options.approve(request, signal);
    } catch {
      answer = Promise.resolve(false);
    }
    answer.then(reply, () => reply(false));
  }

  /** The run's signal aborted: queued, it never starts; running, the worker is told, and has the grace period. */
  private onAbort(job: Job): void {
    const reason = job.options.signal?.reason;
    const index = this.queue.indexOf(job);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.settle(job, failedResult(cancelled(reason)));
      return;
    }
    const slot = job.slot;
    // Not yet sent to the worker: `start` ends it when the worker is ready.
    if (!slot || slot.dead || job.ending || !job.posted) return;
    slot.worker.postMessage({ type: 'abort', id: job.id, reason: errorData(reason) } satisfies ToWorker);
    job.pausedAt = undefined;
    job.deadline = Math.min(job.deadline, performance.now() + this.graceMs);
    this.armWatchdog(slot, job);
  }

  /** A script passed its deadline (or its cancellation) plus grace without answering: its worker is stuck. */
  private onStuck(slot: Slot, job: Job): void {
    if (slot.dead) return;
    const aborted = job.options.signal?.aborted === true;
    const error = aborted
      ? new IntegrationError(cancelled(job.options.signal?.reason).code, 'The script did not stop when the run was cancelled, so its sandbox was terminated.')
      : new IntegrationError('timeout', `The script did not stop at its ${job.timeoutMs} ms deadline, so its sandbox was terminated.`);
    this.endAll(slot, job, error);
    void this.retire(slot, 'stuck');
  }

  private onCrash(slot: Slot, error: Error | undefined): void {
    if (slot.dead) return;
    const oom = error !== undefined && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    const ended = oom
      ? new IntegrationError('limit_exceeded', "The script exhausted its sandbox's heap, so the sandbox was terminated.", { limit: 'memory' })
      : new IntegrationError('internal_error', 'The sandbox running this script stopped unexpectedly.');
    this.endAll(slot, undefined, ended);
    void this.retire(slot, 'crashed');
  }

  /**
   * End every job of a worker that is going away, each with what its run had done: the output and records
   * the worker journalled (src/sandbox/journal.ts), writes whose outcome the journal lacks, and writes still
   * in flight, reconciled first (src/sandbox/in-flight.ts).
   */
  private endAll(slot: Slot, culprit: Job | undefined, error: IntegrationError): void {
    const neighbour = new IntegrationError(
      'internal_error',
      'Another script in the same sandbox worker had to be terminated, which ended this one too.',
    );
    for (const job of [...slot.jobs.values()]) {
      job.ending = true;
      clearTimeout(job.watchdog);
      slot.jobs.delete(job.id);
      // What the worker journalled (src/sandbox/journal.ts): its output and records as far as they went.
      const journal = job.journal ? readJournal(job.journal) : undefined;
      let own = culprit === undefined || job === culprit ? error : neighbour;
      if (journal?.truncated) {
        // Past the journal's size, what the run printed and called is not known here: the result says so.
        own = new IntegrationError(
          own.code,
          `${own.message} Its journal of output and calls filled up, so what it printed and called after that is missing here.`,
          own.details,
        );
      }
      if (journal !== undefined && journal.output.length > job.outputShown) {
        try {
          job.options.onOutput?.(journal.output.slice(job.outputShown));
        } catch {
          // A listener's defect must not lose the result.
        }
      }
      void job.writes.records(own.code, this.options.reconcile, bothListeners(job.options.onWrite, this.options.onReconciled), journal).then((calls) => {
        this.settle(job, failedResult(own, { calls, output: journal?.output, elapsedMs: elapsedSince(job.startedAt) }));
        this.dispatch();
      });
    }
  }

  private async retire(slot: Slot, _why: string): Promise<void> {
    slot.dead = true;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    for (const job of slot.jobs.values()) clearTimeout(job.watchdog);
    await slot.worker.terminate().catch(() => undefined);
    if (!this.closed) this.dispatch();
  }

  /** For tests and the reliability report. */
  get workerCount(): number {
    return this.slots.length;
  }
}

/** The compiled file for a module under src/ (workers cannot load TypeScript without a loader). */
export function siblingModule(dir: string, name: string): string {
  const js = join(dir, `${name}.js`);
  return existsSync(js) ? js : join(dir, `${name}.ts`);
}
