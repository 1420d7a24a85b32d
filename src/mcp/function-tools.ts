/**
 * One tool per declared function (issue #11, item 2), derived from the declaration and nothing else: the
 * published name, the description, the manifest's JSON Schema (`paramsJsonSchema`, as manifest.json has it)
 * plus an optional `account`, annotations from the operation. A call goes through `Host.call`, so validation,
 * the checks (permission, guardrails, approval), exactly-once sends and the record are the ones a Lua call
 * gets (docs/pipeline.md). Each call is a run of its own: a "no" refuses that call only (docs/mcp.md,
 * "Approval").
 */
import type { Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { IntegrationError } from '../errors';
import { paramsJsonSchema } from '../integration/describe';
import type { FunctionDeclaration, IntegrationBinding } from '../integration/types';
import { errorResult, functionResult } from './results';
import type { McpTool, ServerParts } from './tool';

/** The argument every function tool adds: which configured account the call runs under. */
export const ACCOUNT_ARGUMENT = 'account';

/** Words written in capitals in tool titles. */
const ACRONYMS: Readonly<Record<string, string>> = { sms: 'SMS', mms: 'MMS', id: 'ID', ids: 'IDs' };

/** `Sinch: send SMS`, from the integration's name and the function's short name. */
export function toolTitle(integration: string, fn: FunctionDeclaration): string {
  const short = fn.aliases[0] ?? fn.name;
  const words = short.split('_').map((w) => ACRONYMS[w] ?? w);
  return `${integration.charAt(0).toUpperCase()}${integration.slice(1)}: ${words.join(' ')}`;
}

/**
 * Reads change nothing; writes (a send, a cancel) change the world outside and are not repeatable safely.
 * Every function reaches an outside service (`openWorldHint`).
 */
export function annotationsOf(integration: string, fn: FunctionDeclaration): ToolAnnotations {
  const title = toolTitle(integration, fn);
  return fn.operation === 'read'
    ? { title, readOnlyHint: true, openWorldHint: true }
    : { title, readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
}

type JsonSchema = Record<string, unknown>;

/** The `account` property: the configured names, the default named in its description. */
function accountProperty(binding: IntegrationBinding): JsonSchema {
  const { names, defaultName } = binding.accounts;
  const which =
    defaultName !== undefined
      ? `Omitted: the default account, '${defaultName}'.`
      : `There is no default account (several are configured and none is named "default"): name one.`;
  return {
    type: 'string',
    description: `The configured account to call under. ${which}`,
    ...(names.length > 0 ? { enum: [...names] } : {}),
  };
}

function describeTool(binding: IntegrationBinding, fn: FunctionDeclaration): string {
  const ns = binding.integration.name;
  const gate =
    fn.operation === 'write'
      ? ` A write: the account's permissions.write decides — allow runs it, ask asks the user through this client ` +
        `(nothing is done without a yes; without the client's elicitation support it fails with approval_required), ` +
        `deny refuses.`
      : '';
  return `${fn.description}${gate} Reference: read_doc("integrations.${ns}.${fn.name}").`;
}

export function functionToolDefinition(binding: IntegrationBinding, fn: FunctionDeclaration): Tool {
  const schema = paramsJsonSchema(fn);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (ACCOUNT_ARGUMENT in properties) {
    // A declaration defect: the tool's own `account` argument would hide the parameter.
    throw new Error(`${fn.name} has a parameter named "${ACCOUNT_ARGUMENT}", which its MCP tool uses to name the account.`);
  }
  const required = [...((schema.required as string[] | undefined) ?? [])];
  if (binding.accounts.defaultName === undefined && binding.accounts.names.length > 0) required.push(ACCOUNT_ARGUMENT);
  const ns = binding.integration.name;
  return {
    name: fn.name,
    title: toolTitle(ns, fn),
    description: describeTool(binding, fn),
    inputSchema: {
      ...schema,
      type: 'object',
      properties: { ...properties, [ACCOUNT_ARGUMENT]: accountProperty(binding) },
      ...(required.length > 0 ? { required } : {}),
    },
    annotations: annotationsOf(ns, fn),
  };
}

function functionTool(binding: IntegrationBinding, fn: FunctionDeclaration, parts: ServerParts): McpTool {
  const integration = binding.integration.name;
  return {
    definition: functionToolDefinition(binding, fn),
    async call(args, { signal, approve }) {
      const { [ACCOUNT_ARGUMENT]: account, ...rest } = args;
      if (account !== undefined && account !== null && typeof account !== 'string') {
        return errorResult(
          new IntegrationError('invalid_argument', `${fn.name}: '${ACCOUNT_ARGUMENT}' must be an account name (a string).`, {
            function: fn.name,
            field: ACCOUNT_ARGUMENT,
            expected: `one of: ${binding.accounts.names.join(', ')}`,
          }),
        );
      }
      const outcome = await parts.host.call(
        { integration, function: fn.name, account: account ?? undefined, arguments: rest },
        { approve, signal },
      );
      return functionResult(outcome);
    },
  };
}

/** Every declared function of every binding, in declaration order. */
export function functionTools(parts: ServerParts): McpTool[] {
  return parts.host.bindings.flatMap((binding) => binding.integration.functions.map((fn) => functionTool(binding, fn, parts)));
}
