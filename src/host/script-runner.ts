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
import type { WriteAttempt } from '../integration/events';
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
  close(): Promise<void>;
}

interface Sandbox {
  readonly pool: SandboxPool;
  /** Sends the host options to the worker (or fails its runs with the error). */
  readonly configure: (options: Promise<SinchHostOptions>) => void;
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
  const { runBundle } = require('../sandbox/code-cache') as typeof import('../sandbox/code-cache');
  if (bundle !== undefined) return runBundle(bundle, require).exports as typeof import('../emulator');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../emulator') as typeof import('../emulator');
}

/** Created by `prestartSandbox`, taken by the next `startScriptRunner`. */
let prestarted: Sandbox | undefined;

function newSandbox(): Sandbox {
  let configure: Sandbox['configure'] = () => undefined;
  const options = new Promise<SinchHostOptions>((resolve, reject) => {
    configure = (promise) => promise.then(resolve, reject);
  });
  let mainHost: Promise<Host> | undefined;
  const reconcile = (attempt: WriteAttempt): Promise<Reconciliation> => {
    mainHost ??= options.then((hostOptions) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSinchHost } = require('./sinch-host') as typeof import('./sinch-host');
      return createSinchHost(hostOptions);
    });
    return mainHost.then((host) => host.reconcile(attempt));
  };
  const pool = new SandboxPool({
    host: { module: siblingModule(__dirname, 'sinch-host'), exportName: 'createSinchHost', options, worker: workerBundle() },
    reconcile,
  });
  pool.warm().catch(() => undefined); // a worker that cannot start fails the run instead
  return { pool, configure };
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
  const { pool, configure } = prestarted ?? newSandbox();
  prestarted = undefined;
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
    close,
  };
}
