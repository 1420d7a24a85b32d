/**
 * `kosmo-sinch mcp`'s server on stdio: the sandbox pool and the accounts as `kosmo-sinch lua` has them
 * (`startScriptRunner`: the same configuration search, and the built-in emulator when nothing is configured),
 * a host in this thread for direct calls, and the MCP server on standard input and output. Nothing else is ever
 * written to stdout. Ends when the client closes standard input (calls in flight get SHUTDOWN_GRACE_MS to
 * finish), on SIGINT or SIGTERM, or when stdout fails; then calls still running are cancelled (a send already
 * on the wire finishes or is resolved), waited for and answered.
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

/** How long calls in flight may still finish after the client closed our standard input. */
export const SHUTDOWN_GRACE_MS = 1500;

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
      sandbox: runner.sandbox,
      shutdown: shutdown.signal,
      onCall: (call) => {
        calls.add(call);
        void call.finally(() => calls.delete(call));
      },
    });
    const transport = new StdioServerTransport(stdin, stdout);
    const ended = new Promise<'input closed' | 'stopped'>((resolve) => {
      stdin.once('end', () => resolve('input closed'));
      stdin.once('close', () => resolve('input closed'));
      transport.onclose = () => resolve('input closed');
      stdout.once('error', () => resolve('stopped')); // the client went away (EPIPE)
      process.once('SIGINT', () => resolve('stopped'));
      process.once('SIGTERM', () => resolve('stopped'));
    });
    await server.connect(transport);
    const why = await ended;
    // Requests already read are dispatched in microtasks; once they have run, every tool call among them is in
    // `calls` and every other request (their handlers are synchronous) has been answered.
    await turn();
    // A client closing our input is done sending (the MCP stdio shutdown): calls in flight get a moment to
    // finish — less than the SDK client waits before SIGTERM — then are cancelled; a signal cancels at once.
    if (why === 'input closed') await settledOrAfter(calls, SHUTDOWN_GRACE_MS);
    shutdown.abort();
    await Promise.allSettled([...calls]);
    await turn(); // their answers are written (the SDK sends in a continuation of each handler's promise)
    await server.close().catch(() => undefined);
  } finally {
    await runner.close();
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function settledOrAfter(calls: ReadonlySet<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...calls]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
