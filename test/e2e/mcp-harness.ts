/**
 * `kosmo-sinch mcp` end to end: the built binary (dist/cli/main.js) as a subprocess, driven over stdio by the
 * official SDK's own client, in a fresh HOME with (optionally) the user's config file pointing at an emulator
 * the test started. Everything the server writes to stdout must be a protocol message: the client's `onerror`
 * (which the SDK calls for a line that is not one) is collected and checked.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  ElicitRequestSchema,
  type CallToolResult,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { rmSync } from 'node:fs';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { BIN, cleanEnv, sandboxDir, writeUserConfig } from '../cli/run-cli';
import { emulatorAccount } from './harness';

export type Elicit = (params: ElicitRequest['params'], extra: RequestHandlerExtra<never, never>) => Promise<ElicitResult>;

export interface StartMcpOptions {
  /** Written as the user's own config file. */
  readonly config?: unknown;
  readonly flags?: readonly string[];
  /** Declares the elicitation capability and answers with this (default: the client cannot be asked). */
  readonly elicit?: Elicit;
}

export interface McpUnderTest {
  readonly client: Client;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** Every elicitation request the client received, in order. */
  readonly elicitations: Array<ElicitRequest['params']>;
  /** Errors the client's transport or protocol reported (a non-protocol line on stdout is one). */
  readonly protocolErrors: Error[];
  /** `tools/call`, as a CallToolResult. */
  call(name: string, args?: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<ToolResult>;
  close(): Promise<void>;
}

/** A tool result with what our tools put in it. */
export interface ToolResult extends CallToolResult {
  // The structured content is JSON of any shape (a function's value, an envelope).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  structuredContent?: any;
}

export async function startMcp(options: StartMcpOptions = {}): Promise<McpUnderTest> {
  const home = sandboxDir();
  if (options.config !== undefined) writeUserConfig(home, options.config);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(cleanEnv(home))) if (value !== undefined) env[key] = value;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...(options.flags ?? [])],
    env,
    cwd: home,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'kosmo-sinch-e2e', version: '1.0.0' }, { capabilities: options.elicit ? { elicitation: {} } : {} });
  const elicitations: Array<ElicitRequest['params']> = [];
  const protocolErrors: Error[] = [];
  client.onerror = (error) => protocolErrors.push(error);
  if (options.elicit) {
    const elicit = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => {
      elicitations.push(request.params);
      return elicit(request.params, extra as RequestHandlerExtra<never, never>);
    });
  }
  try {
    await client.connect(transport);
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw new Error(`kosmo-sinch mcp did not start: ${String(error)}\nstderr: ${stderr}`);
  }
  return {
    client,
    stderr: () => stderr,
    elicitations,
    protocolErrors,
    call: (name, args = {}, callOptions = {}) =>
      client.callTool({ name, arguments: args }, undefined, { signal: callOptions.signal, timeout: 120_000 }) as Promise<ToolResult>,
    async close() {
      await client.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Accounts for the MCP tests, all on one emulator: writes allowed, asked, denied; credentials Sinch refuses. */
export function mcpAccounts(url: string) {
  return {
    accounts: {
      default: emulatorAccount(url, 1),
      work: emulatorAccount(url, 2, { permissions: { read: 'allow', write: 'ask' } }),
      locked: emulatorAccount(url, 1, { permissions: { read: 'deny', write: 'deny' } }),
      badauth: emulatorAccount(url, 1, { api_token: 'wrong-token' }),
    },
  };
}

/** Credentials of mcpAccounts that must never appear in anything the server answers. */
export const SECRETS = ['emulator-token', 'emulator-secret', 'wrong-token'];

/** Resolves once `condition` holds (checked every 10 ms): a wait for an event, never for a duration. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
