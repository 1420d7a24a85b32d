/**
 * What `kosmo-sinch lua` runs scripts with: the Sinch host for the configured accounts — or, when nothing
 * is configured anywhere (or with --emulator), the embedded emulator started in-process with the
 * `default` account pointed at it and writes allowed (contract.md, "The embedded default").
 */
import type { RunOptions, RunResult } from '../lua/runtime';
import { loadSinchAccounts } from '../sinch';
import { createSinchHost, type SinchHostOptions } from './sinch-host';

export interface ScriptRunnerOptions {
  readonly configPath?: string;
  readonly forceEmulator: boolean;
  /** Called once with the emulator's origin when the embedded emulator is used. */
  readonly onEmulator?: (url: string) => unknown;
}

export interface ScriptRunnerHandle {
  /** Set when scripts talk to the embedded emulator. */
  readonly emulatorUrl: string | undefined;
  run(code: string, options: RunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startScriptRunner(options: ScriptRunnerOptions): Promise<ScriptRunnerHandle> {
  let useEmulator = options.forceEmulator;
  if (!useEmulator) {
    // Throws not_configured for a broken file (e.g. a missing ${VAR}): that is an error, not "nothing configured".
    useEmulator = loadSinchAccounts({ configPath: options.configPath }).source === 'none';
  }
  let closeEmulator: (() => Promise<void>) | undefined;
  const hostOptions: { -readonly [K in keyof SinchHostOptions]: SinchHostOptions[K] } = { configPath: options.configPath };
  if (useEmulator) {
    const { startEmulator } = await import('../emulator');
    const emulator = await startEmulator({ port: 0 });
    closeEmulator = () => emulator.close();
    hostOptions.emulatorUrl = emulator.url;
    await options.onEmulator?.(emulator.url);
  }
  const host = createSinchHost(hostOptions);
  return {
    emulatorUrl: hostOptions.emulatorUrl,
    run: (code, runOptions) => host.run(code, runOptions),
    close: async () => {
      await closeEmulator?.();
    },
  };
}
