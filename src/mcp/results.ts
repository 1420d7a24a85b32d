/**
 * Tool results (docs/mcp.md, "Results"): a call's outcome as `structuredContent`, the same JSON as a text
 * block for clients that show only text (the MCP specification's advice for structured results), and
 * `isError: true` for every failure — a tool error the model can read and act on, never a protocol error.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { IntegrationError, type ErrorDetail } from '../errors';
import type { CallRecord } from '../integration/record';

/** `{...details, code, message}`: the error as `--json` and Lua show it (details such as field, sent, retryable). */
export type ErrorJson = Record<string, ErrorDetail>;

export function errorJson(error: IntegrationError): ErrorJson {
  return error.toJSON();
}

/** Structured content and its text. */
export function structured(content: Record<string, unknown>, isError: boolean): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(content) }],
    structuredContent: content,
    ...(isError ? { isError: true } : {}),
  };
}

/** A function tool's result: `{result, call}` on success, `{error, call}` on failure. */
export function functionResult(
  outcome: { ok: true; value: unknown; record: CallRecord } | { ok: false; error: IntegrationError; record: CallRecord },
): CallToolResult {
  return outcome.ok
    ? structured({ result: outcome.value ?? null, call: outcome.record }, false)
    : structured({ error: errorJson(outcome.error), call: outcome.record }, true);
}

/** A failure with no call behind it (an argument of the tool itself, an unknown tool). */
export function errorResult(error: IntegrationError): CallToolResult {
  return structured({ error: errorJson(error) }, true);
}

/** A tool whose answer is a text (the docs). */
export function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}

/** What a defect in a tool handler becomes: no JavaScript message or stack reaches the client. */
export function defectResult(tool: string): CallToolResult {
  return errorResult(new IntegrationError('internal_error', `${tool} failed because of a defect in kosmo-sinch; nothing more is known.`));
}
