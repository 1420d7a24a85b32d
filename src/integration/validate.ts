/**
 * Turning what a script passed into a function's validated input, or into an `invalid_argument` error that
 * names the function, the field, what was wrong and what was expected.
 *
 * Arguments arrive already converted from Lua (src/lua/convert.ts): one JS value per Lua argument.
 */
import { z } from 'zod';
import { IntegrationError } from '../errors';
import { didYouMean } from './suggest';
import type { FunctionDeclaration } from './types';

/**
 * What validation needs of a declaration: its name (for messages) and its parameters. Functions, and the MCP
 * server's own tools (`execute_lua`, `search_docs`: src/mcp/), are validated alike.
 */
export type Validated = Pick<FunctionDeclaration, 'name' | 'params'>;

/** What validation needs to know about a function's parameters, worked out once per schema. */
interface ParamsInfo {
  readonly names: readonly string[];
  /** Parameters that are lists, where a `{}` from Lua means an empty list. */
  readonly lists: readonly string[];
}

const paramsInfo = new WeakMap<object, ParamsInfo>();

function infoOf(fn: Validated): ParamsInfo {
  let info = paramsInfo.get(fn.params);
  if (info === undefined) {
    const shape = fn.params.shape;
    const names = Object.keys(shape);
    info = { names, lists: names.filter((name) => expectsArray(shape[name])) };
    paramsInfo.set(fn.params, info);
  }
  return info;
}

/** Parameter names in declaration order: the order positional arguments map onto. */
export function parameterNames(fn: Validated): readonly string[] {
  return infoOf(fn).names;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Map the Lua arguments onto named parameters, as KosmoKrator does:
 * - `fn()` or `fn(nil)` → no parameters;
 * - `fn({a = 1})` (one table with string keys, or `{}`) → named parameters;
 * - anything else → positional, onto parameters in declaration order (`fn("01W...")`).
 */
export function bindArguments(fn: Validated, args: readonly unknown[]): Record<string, unknown> {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--; // trailing nils are absent arguments
  if (count === 0) return {};
  if (count === 1 && isPlainObject(args[0])) return { ...args[0] };

  const names = parameterNames(fn);
  if (count > names.length) {
    const list = names.length > 0 ? names.join(', ') : 'none';
    throw new IntegrationError(
      'invalid_argument',
      `${fn.name}: got ${count} positional arguments but it takes at most ${names.length} (${list}), so ` +
        `'argument ${names.length + 1}' is one too many; ` +
        `pass one table of named parameters, e.g. ${fn.name}({ ${names[0] ?? 'name'} = ... })`,
      // The field is the first argument too many, so that every invalid_argument names what to fix.
      { function: fn.name, field: `argument ${names.length + 1}`, expected: `at most ${names.length} arguments` },
    );
  }
  const named: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    if (args[i] !== undefined) named[names[i]] = args[i];
  }
  return named;
}

/** Lua's name for the type of a converted value, as scripts know it. */
export function luaTypeOf(value: unknown): string {
  if (value === undefined || value === null) return 'nil';
  if (Array.isArray(value)) return 'table (list)';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'function':
      return 'function';
    default:
      return 'table';
  }
}

/** A short, quoted rendering of an argument for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `${JSON.stringify(shown)} (string of ${value.length} characters)`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : `${value} (not a finite number)`;
  if (typeof value === 'boolean') return `${value}`;
  return luaTypeOf(value);
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'a boolean',
  array: 'a list (a table like {"a", "b"})',
  object: 'a table of named fields',
  undefined: 'nothing',
  nan: 'a number',
};

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part + 1}]`; // Lua lists are 1-based
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part as string];
  }
  return current;
}

function sizeWord(origin: unknown, n: unknown): string {
  if (origin === 'string') return `${n} character${n === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `${n} item${n === 1 ? '' : 's'}`;
  return `${n}`;
}

/** A size or value outside its bounds: strings and lists report their length, numbers their value. */
function outOfRange(problem: string, bound: string, origin: unknown, limit: unknown, received: unknown) {
  const got =
    (origin === 'string' && typeof received === 'string') || Array.isArray(received)
      ? `${(received as string | unknown[]).length}`
      : describeValue(received);
  return { problem: `${problem} (got ${got})`, expected: `${bound} ${sizeWord(origin, limit)}` };
}

/** One zod issue as "what was wrong; what was expected". */
function describeIssue(issue: z.core.$ZodIssue, received: unknown): { problem: string; expected?: string } {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      if (received === undefined) return { problem: 'is required', expected };
      return { problem: `got ${describeValue(received)}`, expected };
    }
    case 'too_small':
      return outOfRange('is too small', issue.inclusive === false ? 'more than' : 'at least', issue.origin, issue.minimum, received);
    case 'too_big':
      return outOfRange('is too large', issue.inclusive === false ? 'less than' : 'at most', issue.origin, issue.maximum, received);
    case 'invalid_value':
      return {
        problem: `got ${describeValue(received)}`,
        expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'not_multiple_of':
      return { problem: `got ${describeValue(received)}`, expected: `a multiple of ${issue.divisor}` };
    default:
      // invalid_format, custom, invalid_union, ...: schema authors word these as "what; expected what".
      return { problem: issue.message };
  }
}

/**
 * Validate bound parameters against the declaration. Unknown parameters are refused with a suggestion;
 * every zod issue is reported with its field path.
 */
export function validateInput<F extends Validated>(
  fn: F,
  named: Record<string, unknown>,
): z.output<F['params']> {
  const names = parameterNames(fn);
  for (const key of Object.keys(named)) {
    if (!names.includes(key)) {
      const known = names.length > 0 ? names.join(', ') : 'none';
      throw new IntegrationError(
        'invalid_argument',
        `${fn.name}: unknown parameter '${key}'${didYouMean(key, names)}. Parameters: ${known}`,
        { function: fn.name, field: key, expected: `one of: ${known}` },
      );
    }
  }
  // `{}` converts to an empty object (src/lua/convert.ts); where a parameter is a list, it means an empty list.
  for (const key of infoOf(fn).lists) {
    const value = named[key];
    if (isPlainObject(value) && Object.keys(value).length === 0) named[key] = [];
  }

  const result = fn.params.safeParse(named);
  if (result.success) return result.data as z.output<F['params']>;

  const issues = result.error.issues;
  const parts: string[] = [];
  const fields: string[] = [];
  let firstExpected: string | undefined;
  for (const issue of issues.slice(0, 5)) {
    const field = fieldPath(issue.path) || '(arguments)';
    const { problem, expected } = describeIssue(issue, valueAt(named, issue.path));
    fields.push(field);
    firstExpected ??= expected;
    parts.push(`'${field}' ${problem}${expected ? `; expected ${expected}` : ''}`);
  }
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  throw new IntegrationError('invalid_argument', `${fn.name}: invalid argument ${parts.join('; ')}${more}`, {
    function: fn.name,
    field: fields[0],
    fields,
    expected: firstExpected ?? null,
  });
}

function expectsArray(schema: unknown): boolean {
  let current: unknown = schema;
  for (let i = 0; i < 8 && current; i++) {
    if (current instanceof z.ZodArray) return true;
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
      current = current.unwrap();
      continue;
    }
    if (current instanceof z.ZodPipe) {
      current = current.in;
      continue;
    }
    if (current instanceof z.ZodUnion) {
      return current.options.some((option: unknown) => option instanceof z.ZodArray);
    }
    return false;
  }
  return false;
}

/** Bind and validate in one step: what the host does on every call. */
export function prepareCall<F extends Validated>(fn: F, args: readonly unknown[]): z.output<F['params']> {
  return validateInput(fn, bindArguments(fn, args));
}
