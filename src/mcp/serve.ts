/**
 * `kosmo-sinch mcp`'s server on stdio: the sandbox pool and the accounts as `kosmo-sinch lua` has them
 * (`startScriptRunner`: the same configuration search, and the built-in emulator when nothing is configured),
 * a host in this thread for direct calls, and the MCP server on standard input and output. Nothing else is ever
 * written to stdout. Ends when the client closes standard input, on SIGINT or SIGTERM, or when the transport
 * fails; calls still running are cancelled (a send already on the wire finishes or is resolved) and waited for.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import { startScriptRunner } from '../host/script-runner';
import { createMcpServer } from './server';

/**
 * Sandbox workers for execute_lua: two on a 2-core machine — one hostile or long script (its worker busy until
 * its deadline and the watchdog) does not hold up the next, and the main thread (the protocol, direct calls)
 * keeps a core's worth of time. More scripts wait in the pool's queue. docs/mcp.md, "Concurrency".
 */
export const MCP_POOL_SIZE = 2;

export interface ServeMcpOptions {
  /** `--config PATH`. */
  readonly configPath?: string;
  /** `--emulator`: the built-in emulator whatever is configured. */
  readonly forceEmulator: boolean;
  /** Called once with the emulator's origin when the built-in emulator is used (the CLI's stderr notice). */
  readonly onEmulator?: (url: string) => unknown;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
}

export async function serveMcp(options: ServeMcpOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const runner = await startScriptRunner({
    configPath: options.configPath,
    forceEmulator: options.forceEmulator,
    onEmulator: options.onEmulator,
    poolSize: MCP_POOL_SIZE,
  });
  const shutdown = new AbortController();
  const calls = new Set<Promise<unknown>>();
  try {
    // The accounts are read here too (a host in this thread, for direct calls): a configuration broken as a
    // whole ends the command with its not_configured message instead of a server whose every call fails.
    const host = await runner.host();
    const server = createMcpServer({
      host,
      runScript: (code, runOptions) => runner.run(code, runOptions),
      emulator: runner.emulatorUrl !== undefined,
      shutdown: shutdown.signal,
      onCall: (call) => {
        calls.add(call);
        void call.finally(() => calls.delete(call));
      },
    });
    const transport = new StdioServerTransport(stdin, stdout);
    const ended = new Promise<void>((resolve) => {
      const end = () => resolve();
      stdin.once('end', end);
      stdin.once('close', end);
      stdout.once('error', end); // the client went away (EPIPE)
      process.once('SIGINT', end);
      process.once('SIGTERM', end);
      transport.onclose = end;
    });
    await server.connect(transport);
    await ended;
    shutdown.abort();
    await Promise.allSettled([...calls]);
    await server.close().catch(() => undefined);
  } finally {
    await runner.close();
  }
}
