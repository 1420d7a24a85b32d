/**
 * What `kosmo-sinch lua` runs scripts with: a one-worker sandbox pool (so the wall-clock deadline holds
 * even inside a single VM instruction: the worker is terminated past it) whose host has the configured
 * Sinch accounts — or, when nothing is configured anywhere (or with --emulator), the embedded emulator
 * started in this process with the `default` account pointed at it and writes allowed (contract.md,
 * "The embedded default").
 */
import type { Approver } from '../integration/invoke';
import type { RunLimits } from '../lua/limits-config';
import type { RunResult } from '../lua/runtime';
import { SandboxPool, siblingModule } from '../sandbox/pool';
import { loadSinchAccounts } from '../sinch/config/load-accounts';
import type { SinchHostOptions } from './sinch-host';

export interface ScriptRunnerOptions {
  readonly configPath?: string;
  readonly forceEmulator: boolean;
  /** Called once with the emulator's origin when the embedded emulator is used. */
  readonly onEmulator?: (url: string) => unknown;
}

export interface ScriptRunOptions {
  readonly chunkName?: string;
  readonly limits?: Partial<RunLimits>;
  readonly force?: boolean;
  readonly approve?: Approver;
}

export interface ScriptRunnerHandle {
  /** Set when scripts talk to the embedded emulator. */
  readonly emulatorUrl: string | undefined;
  run(code: string, options: ScriptRunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startScriptRunner(options: ScriptRunnerOptions): Promise<ScriptRunnerHandle> {
  let useEmulator = options.forceEmulator;
  if (!useEmulator) {
    // Throws not_configured for a broken file (e.g. a missing ${VAR}): that is an error, not "nothing configured".
    useEmulator = loadSinchAccounts({ configPath: options.configPath }).source === 'none';
  }
  let closeEmulator: (() => Promise<void>) | undefined;
  let emulatorUrl: string | undefined;
  if (useEmulator) {
    const { startEmulator } = await import('../emulator');
    const emulator = await startEmulator({ port: 0 });
    closeEmulator = () => emulator.close();
    emulatorUrl = emulator.url;
    await options.onEmulator?.(emulator.url);
  }
  const hostOptions: SinchHostOptions = { configPath: options.configPath, emulatorUrl };
  const pool = new SandboxPool({
    host: { module: siblingModule(__dirname, 'sinch-host'), exportName: 'createSinchHost', options: hostOptions },
  });
  return {
    emulatorUrl,
    run: (code, runOptions) => pool.run(code, runOptions),
    close: async () => {
      await pool.close();
      await closeEmulator?.();
    },
  };
}
