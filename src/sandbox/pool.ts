/**
 * Scripts in worker threads, so that no script can take the process down or hold it past its deadline.
 *
 * Inside a worker the Lua host enforces every limit cooperatively: the instruction hook, and the patched
 * fengari for what happens inside single VM instructions (string sizes, memory, pattern matching). The
 * pool adds what cooperation cannot: each worker has V8 resourceLimits, and a watchdog terminates a worker
 * whose script has not answered by its deadline plus a grace period — an instruction nothing could
 * interrupt — and replaces it. With `scriptsPerWorker: 1` (the default) a terminated worker takes nothing
 * else with it; with more, scripts sharing the worker are ended too (told so in their error).
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { IntegrationError, type ErrorCode, type ErrorDetails } from '../errors';
import type { Approver } from '../integration/invoke';
import { DEFAULT_LIMITS, type RunLimits } from '../lua/limits-config';
import type { RunResult } from '../lua/runtime';
import type { FromWorker, HostSpec, RunRequest, ToWorker } from './protocol';

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
  /** How long past a script's deadline before its worker is terminated (default 2000 ms). */
  readonly graceMs?: number;
}

export interface PoolRunOptions {
  readonly chunkName?: string;
  readonly limits?: Partial<RunLimits>;
  readonly force?: boolean;
  readonly approve?: Approver;
}

interface Job {
  readonly id: number;
  readonly request: RunRequest;
  readonly approve?: Approver;
  readonly timeoutMs: number;
  resolve(result: RunResult): void;
  watchdog?: NodeJS.Timeout;
  slot?: Slot;
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

function failed(code: ErrorCode, message: string, details: Record<string, unknown> = {}): RunResult {
  return {
    success: false,
    output: '',
    error: { ...(details as object), code, message },
    result: null,
    execution_time_ms: 0,
    integration_calls: [],
  };
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

  run(code: string, options: PoolRunOptions = {}): Promise<RunResult> {
    if (this.closed) return Promise.resolve(failed('internal_error', 'The sandbox pool is closed.'));
    return new Promise<RunResult>((resolve) => {
      const job: Job = {
        id: this.nextId++,
        request: {
          code,
          chunkName: options.chunkName,
          limits: options.limits,
          force: options.force,
          canApprove: options.approve !== undefined,
        },
        approve: options.approve,
        timeoutMs: options.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
        resolve,
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(failed('internal_error', 'The sandbox pool was closed.'));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, 'closed')));
  }

  private spawn(): Slot {
    const execArgv = WORKER_FILE.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [];
    const spec = this.options.host;
    const worker = new Worker(WORKER_FILE, {
      resourceLimits: this.resourceLimits,
      execArgv,
      stdout: false,
      stderr: false,
      workerData: { preload: spec.module },
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
        if (slot.dead) return;
        slot.worker.postMessage({ type: 'run', id: job.id, request: job.request } satisfies ToWorker);
        job.watchdog = setTimeout(() => this.onStuck(slot, job), job.timeoutMs + this.graceMs);
      },
      (error: unknown) => {
        slot.jobs.delete(job.id);
        const e = error instanceof IntegrationError ? error : new IntegrationError('internal_error', 'The sandbox could not start.');
        job.resolve(failed(e.code, e.message, { ...e.details }));
        void this.retire(slot, 'failed');
        this.dispatch();
      },
    );
  }

  private finish(slot: Slot, id: number, result: RunResult): void {
    const job = slot.jobs.get(id);
    if (!job) return;
    clearTimeout(job.watchdog);
    slot.jobs.delete(id);
    job.resolve(result);
    this.dispatch();
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'result') this.finish(slot, message.id, message.result);
    else if (message.type === 'approve') {
      const job = slot.jobs.get(message.id);
      const answer = job?.approve ? job.approve(message.request) : Promise.resolve(false);
      answer.then(
        (approved) => slot.worker.postMessage({ type: 'approval', id: message.id, approvalId: message.approvalId, approved } satisfies ToWorker),
        () => slot.worker.postMessage({ type: 'approval', id: message.id, approvalId: message.approvalId, approved: false } satisfies ToWorker),
      );
    }
  }

  /** A script passed its deadline plus grace without answering: its worker is stuck inside one instruction. */
  private onStuck(slot: Slot, job: Job): void {
    if (slot.dead) return;
    this.endAll(slot, job, 'timeout', `The script did not stop at its ${job.timeoutMs} ms deadline, so its sandbox was terminated.`);
    void this.retire(slot, 'stuck');
  }

  private onCrash(slot: Slot, error: Error | undefined): void {
    if (slot.dead) return;
    const oom = error !== undefined && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    const [code, message]: [ErrorCode, string] = oom
      ? ['limit_exceeded', 'The script exhausted its sandbox\'s heap, so the sandbox was terminated.']
      : ['internal_error', 'The sandbox running this script stopped unexpectedly.'];
    this.endAll(slot, undefined, code, message);
    void this.retire(slot, 'crashed');
  }

  /** End every job of a worker that is going away. */
  private endAll(slot: Slot, culprit: Job | undefined, code: ErrorCode, message: string): void {
    for (const job of [...slot.jobs.values()]) {
      const own = culprit === undefined || job === culprit;
      this.finish(
        slot,
        job.id,
        own
          ? failed(code, message, code === 'limit_exceeded' ? { limit: 'memory' } : {})
          : failed('internal_error', 'Another script in the same sandbox worker had to be terminated, which ended this one too.'),
      );
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
