/** Request bodies of the control routes: JSON objects; errors in the gateway shape (these are not Sinch's). */
import { gatewayError } from '../errors';
import type { RequestContext } from '../server/context';

export type JsonObject = Record<string, unknown>;

/** The JSON object body; an empty body is `{}`. */
export function controlBody(ctx: RequestContext): JsonObject {
  const text = ctx.bodyText;
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw gatewayError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw gatewayError(400, 'The body must be a JSON object');
  }
  return value as JsonObject;
}

export function optionalStringField(body: JsonObject, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw gatewayError(400, `'${name}' must be a string`);
  return v;
}
