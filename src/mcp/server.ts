/**
 * The MCP server: the tools (one per declared function, execute_lua, search_docs, read_doc), the docs as
 * resources, and the approval through the client — over any transport (`serveMcp` connects it to stdio).
 * Every tool call answers with a tool result: failures are `isError` results with our error code, never a
 * protocol error (docs/mcp.md).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../docs/guides';
import { IntegrationError } from '../errors';
import { didYouMean } from '../integration/suggest';
import { elicitingApprover } from './approval';
import { DOCS_URI, docsResources, docsTemplate, docsTools, mcpDocs, pageOf, readDocsResource } from './docs';
import { executeLuaTool } from './execute-lua';
import { functionTools } from './function-tools';
import { defectResult, errorResult } from './results';
import type { McpTool, ServerParts } from './tool';

export interface McpServerOptions extends ServerParts {
  /** Aborted when the server shuts down: calls still running are cancelled (a send on the wire finishes). */
  readonly shutdown?: AbortSignal;
  /** Told of every tool call as it starts (its promise never rejects): the server waits for them at shutdown. */
  readonly onCall?: (call: Promise<CallToolResult>) => void;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function instructions(parts: ServerParts): string {
  const accounts = parts.host.bindings.map((b) => `${b.integration.name}: ${b.accounts.names.join(', ') || 'none'}`).join('; ');
  return (
    'kosmo-sinch: Sinch SMS for agents. One tool per function (sinch_*; `account` picks a configured account), ' +
    'execute_lua for a multi-step job in one call (a sandboxed Lua script; discover the API with lua_read_doc), and the ' +
    `reference as resources kosmo-sinch://docs/<page> or the read_doc and search_docs tools. Accounts: ${accounts}.` +
    (parts.emulator ? ' The built-in Sinch emulator is in use: nothing is really sent.' : '') +
    " Writes follow each account's permissions; under ask the user is asked through this client."
  );
}

/** All tools, by name; a duplicate name is a defect. */
export function serverTools(parts: ServerParts): Map<string, McpTool> {
  const tools = new Map<string, McpTool>();
  for (const tool of [...functionTools(parts), executeLuaTool(parts), ...docsTools(mcpDocs(parts.host.docs))]) {
    if (tools.has(tool.definition.name)) throw new Error(`Two MCP tools are named ${tool.definition.name}.`);
    tools.set(tool.definition.name, tool);
  }
  return tools;
}

export function createMcpServer(options: McpServerOptions): Server {
  const tools = serverTools(options);
  const definitions = [...tools.values()].map((t) => t.definition);
  const server = new Server(
    { name: 'kosmo-sinch', title: 'kosmo-sinch: Sinch SMS', version: version() },
    { capabilities: { tools: { listChanged: false }, resources: { listChanged: false } }, instructions: instructions(options) },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    const tool = tools.get(name);
    if (tool === undefined) {
      const names = [...tools.keys()];
      return errorResult(
        new IntegrationError('unknown_function', `Unknown tool: ${name}${didYouMean(name, names)}. Tools: ${names.join(', ')}.`, { available: names }),
      );
    }
    const signal = options.shutdown ? AbortSignal.any([extra.signal, options.shutdown]) : extra.signal;
    const call = Promise.resolve()
      .then(() => tool.call(request.params.arguments ?? {}, { signal, approve: elicitingApprover(server, extra.requestId) }))
      .catch(() => defectResult(name));
    options.onCall?.(call);
    return call;
  });

  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: docsResources(mcpDocs(options.host.docs)) }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [docsTemplate(mcpDocs(options.host.docs))] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => {
    const { uri } = request.params;
    const page = pageOf(uri);
    // MCP's "resource not found" (-32002) for what is not a docs page of ours.
    if (page === undefined) throw new McpError(-32002 as ErrorCode, `Resource not found: ${uri}. The docs are ${DOCS_URI}{page}.`);
    return readDocsResource(mcpDocs(options.host.docs), uri, page);
  });

  return server;
}
