/**
 * What `kosmo-sinch lua` runs scripts with: a one-worker sandbox pool (so the wall-clock deadline holds
 * even inside a single VM instruction: the worker is terminated past it) whose host has the configured
 * Sinch accounts — or, when nothing is configured anywhere (or with --emulator), the embedded emulator
 * started in this process with the `default` account pointed at it and writes allowed (docs/contract.md,
 * "The embedded default"). A write a terminated worker left in flight is reconciled here, by a Sinch host
 * built in this thread from the same options — lazily, so the CLI's cold start does not pay for it.
 *
 * Loaded by the CLI before anything else (prestartSandbox): keep its static imports light — what the worker
 * needs to be spawned; the rest (where the configuration is, the emulator's bundle) is required when used.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WriteAttempt, WriteEvent } from '../integration/events';
import type { Reconciliation } from '../integration/types';
import type { RunOptions, RunResult } from '../lua/run-options';
import { SandboxPool, siblingModule } from '../sandbox/pool';
import type { RunningEmulator } from '../emulator';
import type { Host } from './host';
import type { SinchHostOptions } from './sinch-host';

export interface ScriptRunnerOptions {
  readonly configPath?: string;
  readonly forceEmulator: boolean;
  /** Called once with the emulator's origin when the embedded emulator is used. */
  readonly onEmulator?: (url: string) => unknown;
  /**
   * Sandbox workers, each running one script at a time; more scripts wait in a queue (default 1: the CLI runs
   * one script). The MCP server runs several `execute_lua` calls at once (src/mcp/).
   */
  readonly poolSize?: number;
}

export interface ScriptRunnerHandle {
  /** Set when scripts talk to the embedded emulator. */
  readonly emulatorUrl: string | undefined;
  /**
   * How scripts run: each in a sandbox worker thread (V8 heap limits, a watchdog past the deadline). Always
   * `worker`: a script in this thread could not be stopped inside a single VM instruction (issue #14).
   */
  readonly sandbox: 'worker';
  run(code: string, options: RunOptions): Promise<RunResult>;
  /**
   * A host in this thread over the same accounts as the workers' (built on first use, and the one that
   * reconciles a write a terminated worker left in flight): for calling functions directly (`Host.call`).
   */
  host(): Promise<Host>;
  close(): Promise<void>;
}

interface Sandbox {
  readonly pool: SandboxPool;
  /** Sends the host options to the worker (or fails its runs with the error). */
  readonly configure: (options: Promise<SinchHostOptions>) => void;
  /** The main thread's host over the same options (lazily). */
  readonly mainHost: () => Promise<Host>;
  /** Closes the main thread's host, if one was built (its guardrails' store). */
  readonly closeMain: () => Promise<void> | undefined;
}

/** A bundle `npm run build` made (scripts/bundle.js), when running from dist/ and it exists. */
function bundled(file: string): string | undefined {
  if (!__filename.endsWith('.js')) return undefined; // tests on src/ load the modules one by one
  return existsSync(file) ? file : undefined;
}

/** The worker bundle (src/host/sinch-worker.ts): the worker, the Sinch host and what they load, in one file. */
function workerBundle(): string | undefined {
  return bundled(join(__dirname, 'sinch-worker.bundle.js'));
}

/**
 * The embedded emulator, from its bundle with V8's code cache (issue #14: loading its modules one by one was
 * the main thread's largest start-up cost), else from its modules.
 */
function loadEmulator(): typeof import('../emulator') {
  const bundle = bundled(join(__dirname, '..', 'emulator', 'bundle', 'emulator.bundle.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runBundle } = require('../startup/code-cache') as typeof import('../startup/code-cache');
  if (bundle !== undefined) return runBundle(bundle, require).exports as typeof import('../emulator');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../emulator') as typeof import('../emulator');
}

/** Created by `prestartSandbox`, taken by the next `startScriptRunner`. */
let prestarted: Sandbox | undefined;

function newSandbox(size = 1): Sandbox {
  let configure: Sandbox['configure'] = () => undefined;
  const options = new Promise<SinchHostOptions>((resolve, reject) => {
    configure = (promise) => promise.then(resolve, reject);
  });
  let built: Promise<Host> | undefined;
  const mainHost = (): Promise<Host> =>
    (built ??= options.then((hostOptions) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSinchHost } = require('./sinch-host') as typeof import('./sinch-host');
      return createSinchHost(hostOptions);
    }));
  const reconcile = (attempt: WriteAttempt): Promise<Reconciliation> => mainHost().then((host) => host.reconcile(attempt));
  // A reconciled write's outcome goes to this thread's host too: its ledger records it, and its guardrails
  // give back what the write reserved when it provably did not happen (docs/pipeline.md, "Adding a guardrail").
  // Built here if need be: a write the journal showed settled is told here without a lookup, and its
  // settle hooks (the ledger's outcome, a guardrail's release) may have died with the worker. Only a
  // terminated worker's runs come here, so the host is not built on any other path.
  const noteReconciled = (event: WriteEvent): Promise<void> =>
    mainHost().then((host) => host.noteReconciled(event), () => undefined);
  // (A run's own onWrite stays as the caller gave it: without one the worker sends write outcomes without
  // their plans — issue #14 — and reconciled outcomes reach this host through the pool's onReconciled.)
  const pool = new SandboxPool({
    host: { module: siblingModule(__dirname, 'sinch-host'), exportName: 'createSinchHost', options, worker: workerBundle() },
    reconcile,
    onReconciled: noteReconciled,
    size,
  });
  pool.warm().catch(() => undefined); // a worker that cannot start fails the run instead
  return { pool, configure, mainHost, closeMain: () => built?.then((host) => host.close(), () => undefined) };
}

/**
 * Start the sandbox worker now, before the command line is even parsed: starting a worker thread and
 * loading fengari, zod and the integration into it is most of `kosmo-sinch lua`'s start-up, and the main
 * thread has its own work meanwhile (issue #5, cold start). main.ts calls it for `lua`.
 */
export function prestartSandbox(): void {
  prestarted ??= newSandbox();
}

/**
 * Start the sandbox worker first (unless `prestartSandbox` already did), then find the configuration and
 * start the embedded emulator if needed while the worker loads (on two cores these overlap). The main thread
 * only looks for where the configuration is (config-source.ts, no zod): the worker reads and validates it,
 * and a broken file ends the run with `not_configured` as before.
 */
export async function startScriptRunner(options: ScriptRunnerOptions): Promise<ScriptRunnerHandle> {
  const sandbox = prestarted !== undefined && (options.poolSize ?? 1) === 1 ? prestarted : newSandbox(options.poolSize);
  if (prestarted !== undefined && prestarted !== sandbox) void prestarted.pool.close();
  prestarted = undefined;
  const { pool, configure, mainHost, closeMain } = sandbox;
  let emulator: RunningEmulator | undefined;
  const hostOptions = (async (): Promise<SinchHostOptions> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { configSource } = require('../sinch/config/config-source') as typeof import('../sinch/config/config-source');
    // Throws not_configured for a named file that does not exist: that is an error, not "nothing configured".
    const useEmulator = options.forceEmulator || configSource({ configPath: options.configPath }) === 'none';
    if (useEmulator) {
      const { startEmulator } = loadEmulator();
      emulator = await startEmulator({ port: 0 });
      await options.onEmulator?.(emulator.url);
    }
    return { configPath: options.configPath, emulatorUrl: emulator?.url };
  })();
  configure(hostOptions);
  const close = async () => {
    await pool.close();
    await closeMain();
    await emulator?.close();
  };
  try {
    await hostOptions;
  } catch (error) {
    await close();
    throw error;
  }
  return {
    emulatorUrl: emulator?.url,
    sandbox: 'worker',
    run: (code, runOptions) => pool.run(code, runOptions),
    host: mainHost,
    close,
  };
}
