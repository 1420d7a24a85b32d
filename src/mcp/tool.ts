/** What every tool of the server is: its MCP definition and how a call of it is answered. */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Host } from '../host/host';
import type { Approver } from '../integration/approval';
import type { RunOptions, RunResult } from '../host/run-options';

/** What a tool call has to work with besides its arguments. */
export interface ToolCall {
  /** Aborted when the client cancels the call (`notifications/cancelled`) or the server shuts down. */
  readonly signal: AbortSignal;
  /** Asks the person through the client (elicitation); absent when the client cannot ask. */
  readonly approve: Approver | undefined;
}

/** The server's parts the tools use. */
export interface ServerParts {
  /** Direct calls (`Host.call`) and the docs. */
  readonly host: Host;
  /** A script in the sandbox pool, as `kosmo-sinch lua` runs it. */
  readonly runScript: (code: string, options: RunOptions) => Promise<RunResult>;
  /** The built-in emulator is in use (`meta.emulator` of execute_lua's envelope). */
  readonly emulator: boolean;
  /** How scripts run (`meta.sandbox` of execute_lua's envelope; ScriptRunnerHandle.sandbox). */
  readonly sandbox: 'worker';
}

export interface McpTool {
  readonly definition: Tool;
  call(args: Record<string, unknown>, call: ToolCall): Promise<CallToolResult>;
}
