/** `kosmo-sinch lua [FILE] [-e CODE] [--json] [--force] [--config PATH] [--emulator] [--inbox] [--timeout-ms N] [--memory-limit SIZE]`. */
import { IntegrationError, isIntegrationError } from '../errors';
import type { RunResult } from '../lua/runtime';
import { canPrompt, terminalApprover } from './prompt';
import { readCode } from './read-code';
import { startScriptRunner, type ScriptRunnerHandle } from './runner';
import { EXIT_FAILED, EXIT_OK } from './usage-error';
import { writeOut, writeErr } from './output';
import { configNotices } from '../sinch/config/announce';
import { locateConfig } from '../sinch/config/config-source';

export interface LuaCommandOptions {
  readonly eval?: string;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly config?: string;
  readonly emulator?: boolean;
  /** The built-in emulator (implies `emulator`), its inbox kept open after the run until SIGINT/SIGTERM. */
  readonly inbox?: boolean;
  readonly timeoutMs?: number;
  readonly memoryLimit?: number;
}

export interface JsonEnvelope extends RunResult {
  meta: { emulator: boolean };
}

function formatError(error: NonNullable<RunResult['error']>): string {
  const where = error.line !== undefined && !/^\S+:\d+:/.test(error.message) ? ` (line ${error.line})` : '';
  const trace = error.traceback ? `\n${error.traceback}` : '';
  return `error [${error.code}]: ${error.message}${where}${trace}\n`;
}

function failedBeforeRunning(error: IntegrationError): RunResult {
  return {
    success: false,
    output: '',
    error: { ...error.details, code: error.code, message: error.message },
    result: null,
    execution_time_ms: 0,
    integration_calls: [],
  };
}

/** Zod-free (src/sinch/config/announce.ts): the main thread does not load the schema library (issue #5). */
async function announceConfig(configPath: string | undefined): Promise<void> {
  for (const line of configNotices(locateConfig({ configPath }), process.env)) await writeErr(`${line}\n`);
}

export async function luaCommand(file: string | undefined, options: LuaCommandOptions): Promise<number> {
  const source = await readCode(file, options.eval);
  let runner: ScriptRunnerHandle | undefined;
  let result: RunResult;
  let emulatorUrl: string | undefined;
  try {
    // Where the accounts come from, on stderr (issue #10 item 3); the embedded emulator announces itself.
    if (options.emulator !== true) await announceConfig(options.config);
    runner = await startScriptRunner({
      configPath: options.config,
      forceEmulator: options.emulator === true || options.inbox === true,
      onEmulator: async (url) => {
        await writeErr(`kosmo-sinch: using the built-in Sinch emulator at ${url} (no account configured or --emulator): nothing is really sent.\n`);
        if (options.inbox) await writeErr(`kosmo-sinch: the emulator's inbox: ${url}/_emulator/inbox/\n`);
      },
    });
    emulatorUrl = runner.emulatorUrl;
    result = await runner.run(source.code, {
      chunkName: source.chunkName,
      force: options.force === true,
      approve: canPrompt() ? terminalApprover() : undefined,
      limits: {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.memoryLimit !== undefined ? { memoryLimitBytes: options.memoryLimit } : {}),
      },
    });
  } catch (error) {
    await runner?.close();
    runner = undefined;
    if (!isIntegrationError(error)) throw error;
    result = failedBeforeRunning(error); // e.g. a configuration error
  }

  // The result is printed before the sandbox and the emulator are shut down, and the shutdown is not waited
  // for: the process exits right after this returns (main.ts), which ends the worker and the emulator too.
  try {
    if (options.json) {
      const envelope: JsonEnvelope = { ...result, meta: { emulator: emulatorUrl !== undefined } };
      await writeOut(`${JSON.stringify(envelope)}\n`);
    } else {
      if (result.output !== '') await writeOut(result.output);
      if (result.success && result.result !== null && result.result !== undefined) {
        await writeOut(`${typeof result.result === 'string' ? result.result : JSON.stringify(result.result, null, 2)}\n`);
      }
      if (result.error) await writeErr(formatError(result.error));
    }
    if (options.inbox && emulatorUrl !== undefined) await keepInboxOpen(emulatorUrl);
  } finally {
    runner?.close().catch(() => undefined);
  }
  return result.success ? EXIT_OK : EXIT_FAILED;
}

/**
 * `--inbox`: a one-shot run would take the emulator (and what the script sent) with it. Keep serving until
 * SIGINT/SIGTERM, so the person can look at the inbox and act as the far end; the exit code stays the
 * script's.
 */
async function keepInboxOpen(url: string): Promise<void> {
  await writeErr(`kosmo-sinch: the script has ended; the inbox stays open at ${url}/_emulator/inbox/ until Ctrl-C.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
