/** `kosmo-sinch lua [FILE] [-e CODE] [--json] [--force] [--config PATH] [--emulator] [--inbox] [--timeout-ms N] [--memory-limit SIZE] [--raw-output]`. */
import { IntegrationError, isIntegrationError } from '../errors';
// The light modules of the host, not its index: the CLI's cold start must not load fengari or zod (issue #5).
import { failedResult, type RunEnvelope, type RunOptions, type RunResult } from '../host/run-options';
import { startScriptRunner, type ScriptRunnerHandle } from '../host/script-runner';
import { canPrompt, terminalApprover } from './prompt';
import { readCode } from './read-code';
import { EXIT_FAILED, EXIT_OK } from './usage-error';
import { announceConfig, announceEmulator } from './notices';
import { writeOut, writeErr } from './output';

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

/** `lua --json`'s envelope, the same type as MCP execute_lua's (src/host/run-options.ts). */
export type JsonEnvelope = RunEnvelope;

function formatError(error: NonNullable<RunResult['error']>): string {
  const where = error.line !== undefined && !/^\S+:\d+:/.test(error.message) ? ` (line ${error.line})` : '';
  const trace = error.traceback ? `\n${error.traceback}` : '';
  return `error [${error.code}]: ${error.message}${where}${trace}\n`;
}

/**
 * The run's options from the command line. Without --json what the script prints is written as it is
 * printed, and the approval prompt waits until it is out (issue #16 item 2); Ctrl-C at the prompt cancels.
 */
function runOptions(options: LuaCommandOptions, chunkName: string, cancel: AbortController): { run: RunOptions; streamed: () => Promise<void> } {
  let printed: Promise<void> = Promise.resolve();
  const stream = options.json !== true;
  const approve = canPrompt() ? terminalApprover(() => cancel.abort(new IntegrationError('cancelled', 'Cancelled at the approval prompt (Ctrl-C).'))) : undefined;
  return {
    streamed: () => printed,
    run: {
      chunkName,
      force: options.force === true,
      signal: cancel.signal,
      approve: approve && ((request, signal) => printed.then(() => approve(request, signal))),
      onOutput: stream
        ? (chunk) => {
            printed = printed.then(() => writeOut(chunk));
          }
        : undefined,
      limits: {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.memoryLimit !== undefined ? { memoryLimitBytes: options.memoryLimit } : {}),
      },
    },
  };
}

export async function luaCommand(file: string | undefined, options: LuaCommandOptions): Promise<number> {
  const source = await readCode(file, options.eval);
  const cancel = new AbortController();
  const { run, streamed } = runOptions(options, source.chunkName, cancel);
  let runner: ScriptRunnerHandle | undefined;
  let result: RunResult;
  let emulatorUrl: string | undefined;
  try {
    // Where the accounts come from, on stderr (issue #10 item 3); the embedded emulator announces itself.
    if (options.emulator !== true && options.inbox !== true) await announceConfig(options.config);
    runner = await startScriptRunner({
      configPath: options.config,
      forceEmulator: options.emulator === true || options.inbox === true,
      onEmulator: async (url) => {
        await announceEmulator(url);
        if (options.inbox) await writeErr(`kosmo-sinch: the emulator's inbox: ${url}/_emulator/inbox/\n`);
      },
    });
    emulatorUrl = runner.emulatorUrl;
    result = await runner.run(source.code, run);
  } catch (error) {
    await runner?.close();
    runner = undefined;
    if (!isIntegrationError(error)) throw error;
    result = failedResult(error); // e.g. a configuration error
  }

  // The result is printed before the sandbox and the emulator are shut down, and the shutdown is not waited
  // for: the process exits right after this returns (main.ts), which ends the worker and the emulator too.
  try {
    if (options.json) {
      const envelope: JsonEnvelope = { ...result, meta: { emulator: emulatorUrl !== undefined, sandbox: 'worker' } };
      await writeOut(`${JSON.stringify(envelope)}\n`);
    } else {
      await streamed();
      if (run.onOutput === undefined && result.output !== '') await writeOut(result.output);
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
