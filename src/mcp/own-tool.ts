/**
 * The server's own tools (execute_lua, search_docs, read_doc) are declared like functions — a zod schema is
 * their input's JSON Schema and their validation (src/integration/validate.ts: errors name the tool and the
 * field) — but they are not integration functions: nothing of theirs goes through the call pipeline.
 */
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { isIntegrationError } from '../errors';
import { paramsJsonSchema } from '../integration/describe';
import type { ParamsSchema } from '../integration/types';
import { validateInput } from '../integration/validate';
import { errorResult } from './results';
import type { McpTool, ToolCall } from './tool';

export interface OwnToolDeclaration<P extends ParamsSchema> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly params: P;
  readonly annotations: Omit<ToolAnnotations, 'title'>;
  run(input: z.output<P>, call: ToolCall): Promise<CallToolResult>;
}

export function ownTool<P extends ParamsSchema>(declaration: OwnToolDeclaration<P>): McpTool {
  const { name, title, description, params, annotations } = declaration;
  return {
    definition: {
      name,
      title,
      description,
      inputSchema: { ...paramsJsonSchema(declaration), type: 'object' },
      annotations: { title, ...annotations },
    },
    call(args, call) {
      let input: z.output<P>;
      try {
        input = validateInput(declaration, { ...args });
      } catch (error) {
        if (!isIntegrationError(error)) throw error;
        return Promise.resolve(errorResult(error));
      }
      return declaration.run(input, call);
    },
  };
}
