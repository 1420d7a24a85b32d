/**
 * With `--json`, every outcome is one JSON object on stdout (issue #16 item 3): a calling program parses one
 * format, whatever went wrong. `lua` prints its run envelope (lua-command.ts, `JsonEnvelope`) — also for a
 * usage error, so a program driving `lua --json` always gets that shape; `accounts` prints its listing with
 * `success: true` or `{success: false, error}`. The error codes are the run's (src/errors.ts) plus
 * `usage_error`, which only the CLI has: Lua never sees it (README.md, "Command line").
 *
 * `--json` is looked for in the arguments themselves, because a parse can fail before commander has read it
 * (an unknown flag, a bad `--timeout-ms`).
 */
import type { Command } from 'commander';
import type { ErrorCode, ErrorDetail } from '../errors';

export type CliErrorCode = ErrorCode | 'usage_error';

export interface CliError {
  readonly code: CliErrorCode;
  readonly message: string;
  readonly [detail: string]: ErrorDetail | undefined;
}

/**
 * Whether `--json` is among the arguments (after `node main.js`) of the command they name, as commander will
 * read them: the value of an option that takes one (`-e --json`) is not a flag, and nothing after `--` is.
 * Which options take a value comes from the program's own declarations.
 */
export function jsonRequested(program: Command, args: readonly string[]): boolean {
  const name = args.find((arg) => !arg.startsWith('-'));
  const command = program.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ''));
  const takesValue = new Set<string>();
  for (const option of [...program.options, ...(command?.options ?? [])]) {
    if (!option.required) continue;
    if (option.short) takesValue.add(option.short);
    if (option.long) takesValue.add(option.long);
  }
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return false;
    if (args[i] === '--json') return true;
    if (takesValue.has(args[i])) i++;
  }
  return false;
}

/** The command the arguments name (for the envelope's shape), or undefined. */
export function commandNamed(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith('-'));
}

const OTHER_COMMANDS = new Set(['accounts', 'audit', 'docs', 'emulator', 'mcp']);

/** The one JSON object a failed command prints under --json. */
export function failureEnvelope(command: string | undefined, error: CliError): Record<string, unknown> {
  // Every command but `lua` prints `{success, error, ...}` with --json (`accounts`, `audit`); `lua` (and an
  // unknown command, where a `lua` run is the likeliest intent) prints the run envelope.
  if (command !== undefined && OTHER_COMMANDS.has(command)) return { success: false, error };
  return { success: false, output: '', error, result: null, execution_time_ms: 0, integration_calls: [], meta: { emulator: false } };
}
