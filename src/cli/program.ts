/**
 * The kosmo-sinch command line (docs/contract.md): the commands, their options, and how a command that failed
 * ends. Exit codes: 0 success, 1 the script or command failed, 2 usage. Run by the binary's entry (main.ts),
 * from the CLI's bundle when built (scripts/bundle.js). Commands load their dependencies lazily so `docs` and
 * `--help` start fast.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isIntegrationError } from '../errors';
import { commandNamed, failureEnvelope, jsonRequested, type CliError } from './json-outcome';
import { configureOutput, writeErr, writeOut } from './output';
import { CommandFailure, EXIT_FAILED, EXIT_USAGE, UsageError } from './usage-error';

function positiveInteger(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    }
    return n;
  };
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError('the port must be a number from 0 to 65535.');
  return n;
}

/** `64` (MiB), `64M`, `64MiB`, `512K`, `1G`, or bytes with a `B` suffix. */
export function parseSize(value: string): number {
  const bytes = sizeInBytes(value);
  if (bytes < 64 * 1024 || bytes > 4 * 1024 ** 3) {
    throw new InvalidArgumentError('the memory limit must be between 64K and 4G.');
  }
  return bytes;
}

function sizeInBytes(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(value);
  if (!match) throw new InvalidArgumentError('expected a size such as 32, 32M, 512K or 1G (plain numbers are MiB).');
  const unit = (match[2] ?? 'm').toLowerCase()[0];
  const scale = unit === 'b' ? 1 : unit === 'k' ? 1024 : unit === 'g' ? 1024 ** 3 : 1024 ** 2;
  return Math.floor(Number(match[1]) * scale);
}

/** `--max-body-bytes`: a size written like --memory-limit's, from 1K to 4G. */
function storageSize(value: string): number {
  const bytes = sizeInBytes(value);
  if (bytes < 1024 || bytes > 4 * 1024 ** 3) throw new InvalidArgumentError('--max-body-bytes must be between 1K and 4G.');
  return bytes;
}

/**
 * `writeErr` receives commander's own messages (usage errors); `main` silences them under --json, where the
 * error is in the JSON instead.
 */
export function buildProgram(setExit: (code: number) => void, errors: (text: string) => void = (text) => void writeErr(text)): Command {
  const program = new Command('kosmo-sinch')
    .description('Run Lua scripts against Sinch SMS through a sandboxed KosmoKrator-compatible host.')
    .exitOverride()
    .showHelpAfterError('(run kosmo-sinch --help for usage)')
    .configureOutput({ writeErr: errors });

  program
    .command('lua')
    .description('run a Lua script (from FILE, -e CODE, or standard input)')
    .argument('[file]', 'script file ("-" for standard input)')
    .option('-e, --eval <code>', 'run CODE')
    .option('--json', 'print one JSON object: success, output, error, result, execution_time_ms, integration_calls, meta')
    .option('--force', 'approve every call the permission policy would ask about (bypasses only that policy)')
    .option('--config <path>', 'accounts configuration file')
    .option('--emulator', 'use the built-in Sinch emulator whatever is configured')
    .option('--inbox', "use the built-in emulator and keep its web inbox open after the script ends (Ctrl-C stops)")
    .addOption(new Option('--timeout-ms <n>', 'wall-clock limit for the script (default 30000)').argParser(positiveInteger('--timeout-ms', 3_600_000)))
    .addOption(new Option('--memory-limit <size>', 'memory limit for the script (default 32M)').argParser(parseSize))
    .option('--raw-output', "print the script's output, result and errors as they are even to a terminal (default: control characters are shown as escapes)")
    .action(async (file: string | undefined, options) => {
      // Issue #10: untrusted text is made visible on a terminal; --json stays byte-exact, --raw-output opts out.
      configureOutput({ raw: options.rawOutput === true, exact: { stdout: options.json === true } });
      const { luaCommand } = await import('./lua-command');
      setExit(await luaCommand(file, options));
    });

  program
    .command('docs')
    .description('print the runtime documentation (the same texts as lua_read_doc, lua_list_docs, lua_search_docs)')
    .argument('[page]', 'page, e.g. integrations.sinch or integrations.sinch.send_sms')
    .option('--list [namespace]', 'list namespaces, or the functions of one')
    .option('--search <query>', 'search function names, descriptions and parameters')
    .addOption(new Option('--limit <n>', 'most search results to show').argParser(positiveInteger('--limit', 1000)))
    .action(async (page: string | undefined, options) => {
      const { docsCommand } = await import('./docs-command');
      setExit(await docsCommand(page, options));
    });

  program
    .command('emulator')
    .description('run the local Sinch emulator until interrupted')
    .addOption(new Option('--port <n>', 'port (0 picks a free one)').argParser(port).default(0))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--max-batches <n>', 'batches stored before sends are refused (default 10000)').argParser(positiveInteger('--max-batches')))
    .addOption(new Option('--max-recipients <n>', 'recipients stored, all batches together (default 1000000)').argParser(positiveInteger('--max-recipients')))
    .addOption(new Option('--max-inbounds <n>', 'inbound messages stored (default 10000)').argParser(positiveInteger('--max-inbounds')))
    .addOption(new Option('--max-body-bytes <size>', 'bytes of message text stored (default 16M)').argParser(storageSize))
    .action(async (options) => {
      const { emulatorCommand } = await import('./emulator-command');
      setExit(await emulatorCommand(options));
    });

  program
    .command('mcp')
    .description('serve the functions, the docs and the Lua sandbox as a Model Context Protocol server on stdio')
    .option('--config <path>', 'accounts configuration file')
    .option('--emulator', 'use the built-in Sinch emulator whatever is configured')
    .action(async (options) => {
      // stdout carries the protocol alone; the writer never touches it (notices go to stderr).
      const { mcpCommand } = await import('./mcp-command');
      setExit(await mcpCommand(options));
    });

  program
    .command('accounts')
    .description('list configured accounts, regions and which credentials are present (never a secret)')
    .option('--json', 'print JSON')
    .option('--config <path>', 'accounts configuration file')
    .action(async (options) => {
      configureOutput({ exact: { stdout: options.json === true } });
      const { accountsCommand } = await import('./accounts-command');
      setExit(await accountsCommand(options));
    });

  program
    .command('audit')
    .description('show the audit ledger of writes under accounts with guardrails, newest first')
    .option('--account <name>', 'only this account')
    .addOption(new Option('--since <time>', 'from this time: ISO 8601 (2025-03-10T12:00:00Z) or back from now (24h, 7d)').argParser((v) => parseTimeLazy(v)))
    .addOption(new Option('--until <time>', 'before this time (same forms as --since)').argParser((v) => parseTimeLazy(v)))
    .addOption(new Option('--outcome <outcome>', 'only writes with this outcome').choices(['sent', 'not_sent', 'unknown', 'refused', 'pending']))
    .addOption(new Option('--limit <n>', 'most entries to show (default 50)').argParser(positiveInteger('--limit', 100_000)))
    .option('--json', 'print JSON: {store, entries}')
    .option('--config <path>', 'accounts configuration file')
    .action(async (options) => {
      configureOutput({ exact: { stdout: options.json === true } });
      const { auditCommand } = await import('./audit-command');
      setExit(await auditCommand(options));
    });

  return program;
}

/** `--since`/`--until` (src/cli/audit-command.ts, parseTime), loaded only for `audit`. */
function parseTimeLazy(value: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./audit-command') as typeof import('./audit-command')).parseTime(value);
}

export async function main(argv: readonly string[]): Promise<number> {
  let exit = 0;
  let json = false;
  const program = buildProgram(
    (code) => {
      exit = code;
    },
    (text) => {
      if (!json) void writeErr(text);
    },
  );
  const args = argv.slice(2);
  json = jsonRequested(program, args);
  // Byte-exact JSON on stdout from the start: a usage error is printed before any action configures it.
  if (json) configureOutput({ exact: { stdout: true } });
  try {
    if (args.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv]);
    return exit;
  } catch (error) {
    // --help ends here with exit code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    return failed(error, json, commandNamed(args), program);
  }
}

/**
 * A command that did not finish: exit 2 for a usage error, 1 otherwise. Under --json the error is one JSON
 * object on stdout (json-outcome.ts); otherwise a line on stderr (commander has written its own already).
 */
async function failed(error: unknown, json: boolean, command: string | undefined, program: Command): Promise<number> {
  const usage = error instanceof CommanderError || error instanceof UsageError;
  let cliError: CliError;
  if (usage) {
    const known = command !== undefined && program.commands.some((c) => c.name() === command);
    const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    cliError = { code: 'usage_error', message, hint: `run kosmo-sinch${known ? ` ${command}` : ''} --help for usage` };
  } else if (error instanceof CommandFailure || isIntegrationError(error)) {
    cliError = error.toJSON() as CliError;
  } else {
    cliError = { code: 'internal_error', message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (json) await writeOut(`${JSON.stringify(failureEnvelope(command, cliError))}\n`);
  else if (!(error instanceof CommanderError)) await writeErr(`kosmo-sinch: ${cliError.message}\n`);
  return usage ? EXIT_USAGE : EXIT_FAILED;
}
