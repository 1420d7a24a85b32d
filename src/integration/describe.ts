/**
 * Parameter descriptions derived from a declaration's zod schema: for generated doc pages, the docs
 * search index and CLI listings. The JSON Schema comes from zod itself (`z.toJSONSchema`).
 */
import { z } from 'zod';
import type { FunctionDeclaration } from './types';

export interface ParamDescription {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description: string;
  /** Human-readable limits, e.g. `1–100`, `one of: mt, mo`. */
  readonly constraints: readonly string[];
}

type JsonSchema = Record<string, unknown>;

/** JSON Schema (draft 2020-12) of a function's input, as scripts may pass it (also of the MCP server's own tools). */
export function paramsJsonSchema(fn: Pick<FunctionDeclaration, 'params'>): JsonSchema {
  return z.toJSONSchema(fn.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return 'string';
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' | ');
  if (Array.isArray(schema.oneOf)) return (schema.oneOf as JsonSchema[]).map(typeOf).join(' | ');
  const type = schema.type;
  if (type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    return `list of ${items ? typeOf(items) : 'values'}`;
  }
  if (type === 'integer') return 'integer';
  if (type === 'object') return 'table';
  if (typeof type === 'string') return type;
  return 'any';
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function constraintsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  if (Array.isArray(schema.enum)) out.push(`one of: ${(schema.enum as unknown[]).join(', ')}`);
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  if (min !== undefined && max !== undefined && max < MAX_SAFE) out.push(`${min}–${max}`);
  else if (min !== undefined && min > -MAX_SAFE) out.push(`≥ ${min}`);
  else if (max !== undefined && max < MAX_SAFE) out.push(`≤ ${max}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    out.push(`${schema.minLength ?? 0}–${schema.maxLength ?? '∞'} characters`);
  }
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    out.push(`${schema.minItems ?? 0}–${schema.maxItems ?? '∞'} items`);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) for (const option of schema[key] as JsonSchema[]) out.push(...constraintsOf(option));
  }
  return [...new Set(out)];
}

export function describeParams(fn: FunctionDeclaration): ParamDescription[] {
  const schema = paramsJsonSchema(fn);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.keys(fn.params.shape).map((name) => {
    const property = properties[name] ?? {};
    const description =
      (property.description as string | undefined) ??
      ((fn.params.shape[name] as { description?: string } | undefined)?.description ?? '');
    return {
      name,
      type: typeOf(property),
      required: required.has(name) && property.default === undefined,
      ...(property.default !== undefined ? { default: property.default } : {}),
      description,
      constraints: constraintsOf(property),
    };
  });
}
