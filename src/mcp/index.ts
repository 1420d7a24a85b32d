/**
 * src/mcp/ knows the Model Context Protocol (the official SDK): tools derived from the function declarations,
 * execute_lua over the sandbox pool, the runtime docs as resources, approval through the client's elicitation.
 * It is an adapter over src/host and src/integration, as the Lua bridge is over the pipeline: it must not
 * import src/lua, src/sandbox, src/sinch, src/emulator, src/cli or fengari (scripts, accounts and the emulator
 * are reached through src/host). docs/mcp.md.
 */
export { createMcpServer, serverTools, type McpServerOptions } from './server';
export { serveMcp, MCP_POOL_SIZE, type ServeMcpOptions } from './serve';
export { functionToolDefinition, annotationsOf, toolTitle, ACCOUNT_ARGUMENT } from './function-tools';
export { approvalText, approvalForm, elicitingApprover, APPROVAL_TIMEOUT_MS } from './approval';
export { DOCS_URI, docsTemplate, docsUri } from './docs';
export { MAX_TIMEOUT_MS, MAX_MEMORY_LIMIT_MB, type LuaEnvelope } from './execute-lua';
export type { McpTool, ServerParts, ToolCall } from './tool';
