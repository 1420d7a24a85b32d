/**
 * One run, as the call pipeline sees it: its id, its checks, its call log, its end (deadline, cancellation,
 * a limit), the state its checks keep for the length of the run, and the hooks of whoever runs it (a clock
 * to pause while a person is asked, a listener for write events). A Lua script run owns one; an MCP session
 * owns one per tool call or per session. docs/pipeline.md, "The run".
 */
import { IntegrationError } from '../errors';
import type { CallCheck } from './checks';
import type { WriteListener } from './events';
import type { CallRecord } from './record';

/** The run's deadline, paused while a person is being asked (issue #16 item 2). */
export interface RunClock {
  pause(): void;
  resume(): void;
  /** Milliseconds left before the run's deadline (paused time not counted); absent when there is none. */
  remainingMs?(): number;
}

export interface RunContextOptions {
  /** Given by whoever started the run (so that a worker and its main thread agree); generated otherwise. */
  readonly id?: string;
  /** In order; built by the host (permission first, then guardrails). */
  readonly checks?: readonly CallCheck[];
  readonly onWrite?: WriteListener;
  /** Receives every record as it joins `calls`, with the call's id for a planned write (RunOptions.onRecord). */
  readonly onRecord?: RecordListener;
  readonly clock?: RunClock;
  /** Cancels the run from outside: it ends with `cancelled` (or the signal's reason, if an IntegrationError). */
  readonly signal?: AbortSignal;
}

/** Told each record as it joins a run's `integration_calls`; `callId` is the write events' `call_id`, when it has one. */
export type RecordListener = (record: CallRecord, callId: number | undefined) => void;

export function newRunId(): string {
  // Web Crypto's (the same CSPRNG): loading node:crypto for it took ~2.5 ms of a sandbox worker's start-up,
  // Web Crypto ~1 ms, and only when a run's id is first read (issue #14, cold start).
  return globalThis.crypto.randomUUID();
}

/** The error a run cancelled from outside ends with. */
export function cancelledError(reason?: unknown): IntegrationError {
  if (reason instanceof IntegrationError) return reason;
  return new IntegrationError('cancelled', 'The run was cancelled before it finished (by the user or the calling program).');
}

export class RunContext {
  readonly checks: readonly CallCheck[];
  /** `integration_calls`, in the order calls settled. */
  readonly calls: CallRecord[] = [];
  readonly onWrite: WriteListener | undefined;
  private readonly onRecord: RecordListener | undefined;
  /** Aborted when the run ends: reads in flight stop, pending checks give up. */
  readonly signal: AbortSignal;
  /** Why the run ended (the first reason wins); null while it runs. */
  endedWith: IntegrationError | null = null;
  private readonly controller = new AbortController();
  private readonly external: AbortSignal | undefined;
  private readonly onExternalAbort = () => this.end(cancelledError(this.external?.reason));
  private readonly clock: RunClock | undefined;
  private paused = 0;
  private nextCallId = 1;
  private states: Map<object, unknown> | undefined;
  private givenId: string | undefined;
  private pending: Set<Promise<void>> | undefined;

  constructor(options: RunContextOptions = {}) {
    this.givenId = options.id;
    this.checks = options.checks ?? [];
    this.onWrite = options.onWrite;
    this.onRecord = options.onRecord;
    this.clock = options.clock;
    this.signal = this.controller.signal;
    this.external = options.signal;
    if (this.external?.aborted) this.onExternalAbort();
    else this.external?.addEventListener('abort', this.onExternalAbort, { once: true });
  }

  /** The run's id: the one it was given, or a random UUID made when first read (issue #14: a script that calls nothing needs none). */
  get id(): string {
    return (this.givenId ??= newRunId());
  }

  /** Add a call's record to `integration_calls` (and tell `onRecord`). `callId`: a planned write's, for its events. */
  record(record: CallRecord, callId?: number): void {
    this.calls.push(record);
    this.onRecord?.(record, callId);
  }

  /** End the run with `error` (the first call wins): everything in flight that can stop, stops. */
  end(error: IntegrationError): IntegrationError {
    if (this.endedWith === null) {
      this.endedWith = error;
      this.controller.abort(error);
    }
    return this.endedWith;
  }

  get ended(): boolean {
    return this.endedWith !== null;
  }

  /** Numbers the run's calls (write events carry it). */
  callId(): number {
    return this.nextCallId++;
  }

  /**
   * State a check keeps for the length of this run, keyed by the check (or any object it owns): a "no"
   * answered at a prompt, what a guardrail reserved in this run.
   */
  stateOf<T>(owner: object, init: () => T): T {
    const states = (this.states ??= new Map());
    if (!states.has(owner)) states.set(owner, init());
    return states.get(owner) as T;
  }

  /**
   * Milliseconds left before the run's deadline, or undefined when the run has none (direct calls): what a
   * check that would wait (a rate guardrail's queue) may wait at most.
   */
  timeLeft(): number | undefined {
    return this.clock?.remainingMs?.();
  }

  /** `work()` with the run's deadline paused from before it starts until it settles: a person is being asked. */
  whilePaused<T>(work: () => Promise<T>): Promise<T> {
    if (this.clock === undefined) return work();
    if (this.paused++ === 0) this.clock.pause();
    let promise: Promise<T>;
    try {
      promise = work();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const resume = () => {
      if (--this.paused === 0) this.clock!.resume();
    };
    return promise.then(
      (value) => {
        resume();
        return value;
      },
      (error: unknown) => {
        resume();
        throw error;
      },
    );
  }

  /** Keep `work` (a settle hook's or a write listener's promise) from being lost: `drain()` waits for it. Its errors are ignored. */
  track(work: unknown): void {
    if (typeof work !== 'object' || work === null || typeof (work as Promise<void>).then !== 'function') return;
    const pending = (this.pending ??= new Set());
    const tracked = Promise.resolve(work).then(
      () => undefined,
      () => undefined,
    );
    pending.add(tracked);
    void tracked.then(() => pending.delete(tracked));
  }

  /** Wait for tracked work (settle hooks). Resolves at once when there is none. */
  drain(): Promise<void> | undefined {
    if (this.pending === undefined || this.pending.size === 0) return undefined;
    return Promise.all([...this.pending]).then(() => undefined);
  }

  /** The run is over: stop listening to the outside signal, and stop anything still in flight. */
  close(): void {
    this.external?.removeEventListener('abort', this.onExternalAbort);
    this.controller.abort();
  }
}
