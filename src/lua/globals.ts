/**
 * Host globals every script gets: `print` (captured), `dump`, `json.encode`/`json.decode`, `sleep(seconds)`
 * (src/lua/sleep.ts), and the runtime docs (`lua_read_doc`, `lua_list_docs`, `lua_search_docs`, and the same
 * as `docs.read/list/search`).
 */
import { lauxlib, lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import { ConversionError, MAX_DEPTH, decodeLuaString, luaToJs, pushJs } from './convert';
import { SIZE } from './memory';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';
import { sleep } from './sleep';

/**
 * Longest page name, namespace or search query the docs functions take. Searching scores the query against
 * every page (a 30 MB query took 7 s inside one host call), and unknown names are echoed in the answer.
 */
export const MAX_DOCS_ARGUMENT_BYTES = 1024;

function stringArg(L: LuaState, idx: number, fn: string, field: string): string {
  const bytes = lauxlib.luaL_checkstring(L, idx);
  if (bytes.length > MAX_DOCS_ARGUMENT_BYTES) {
    raiseError(L, new IntegrationError('invalid_argument', `${fn}: invalid argument '${field}': it is longer than ${MAX_DOCS_ARGUMENT_BYTES} bytes.`, { function: fn, field }));
  }
  return decodeLuaString(bytes, 'lenient');
}

const TAB = 9;
const NEWLINE = 10;

function print(L: LuaState): number {
  const n = lua.lua_gettop(L);
  const run = runStateOf(L);
  if (n === 0) {
    run.appendOutput('\n');
    return 0;
  }
  // Only what still fits under the output cap is decoded: print(s, s, s, ...) with a 30 MB string must not
  // build gigabytes of JS strings before the cap ends the run. A few bytes more than fit let appendOutput
  // cut at a character boundary and end the run.
  const room = run.limits.maxOutputBytes - run.outputBytes + 4;
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (let i = 1; i <= n && bytes <= room; i++) {
    const part = lauxlib.luaL_tolstring(L, i); // honours __tostring, like Lua
    lua.lua_pop(L, 1);
    parts.push(part);
    bytes += part.length + 1; // and a tab or the newline
  }
  const line = new Uint8Array(Math.min(bytes, room));
  let at = 0;
  for (let i = 0; i < parts.length && at < line.length; i++) {
    const part = parts[i].subarray(0, line.length - at);
    line.set(part, at);
    at += part.length;
    if (at < line.length) line[at++] = i === parts.length - 1 ? NEWLINE : TAB;
  }
  run.appendOutput(decodeLuaString(line, 'lenient'));
  return 0;
}

/** A readable rendering: JSON for tables (cycles and functions shown as markers), strings quoted. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'nil';
  return JSON.stringify(value, null, 2) ?? String(value);
}

function dump(L: LuaState): number {
  const n = lua.lua_gettop(L);
  const run = runStateOf(L);
  for (let i = 1; i <= n; i++) {
    // Convert no more than could still be printed: the budget counts 16 bytes a table entry, the rendering
    // takes at least 4, so four times the room left is enough for anything that fits.
    const room = run.limits.maxOutputBytes - run.outputBytes + 1;
    run.appendOutput(`${renderValue(luaToJs(L, i, 'lenient', '', room * 4))}\n`);
  }
  return n; // dump(v) returns v, so it can wrap an expression
}

function jsonEncode(L: LuaState): number {
  lauxlib.luaL_checkany(L, 1);
  let value: unknown;
  try {
    value = luaToJs(L, 1, 'strict');
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    const where = error.path === '' ? 'the value' : `the value at '${error.path}'`;
    return raiseError(L, new IntegrationError('invalid_argument', `json.encode: ${where} ${error.message}.`, { function: 'json.encode', field: error.path }));
  }
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new IntegrationError('invalid_argument', `json.encode: ${v} cannot be written as JSON.`, { function: 'json.encode' });
    }
    return v;
  });
  lua.lua_pushstring(L, Buffer.from(text ?? 'null', 'utf8'));
  return 1;
}

/**
 * What json.decode's result must at least hold in Lua, and how deep it nests, read from the text without
 * parsing it: JSON.parse of a few megabytes of `[{},{},...]` builds hundreds of megabytes of JS objects
 * before the memory limit could see them. A lower bound, so that it never refuses a document that fits:
 * every `[`/`{` is a table; every value after a comma is a table entry unless it is `null` (the only token
 * with an `n` outside strings); every string is a Lua string unless it is an object key (one per `:`, and
 * keys are shared).
 */
export function decodedSizeFloor(text: Uint8Array): { bytes: number; depth: number } {
  let commas = 0;
  let nulls = 0;
  let tables = 0;
  let strings = 0;
  let colons = 0;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        strings++;
        break;
      case 0x2c: // ,
        commas++;
        break;
      case 0x3a: // :
        colons++;
        break;
      case 0x5b: // [
      case 0x7b: // {
        tables++;
        if (++depth > deepest) deepest = depth;
        break;
      case 0x5d: // ]
      case 0x7d: // }
        depth--;
        break;
      case 0x6e: // n (of null)
        nulls++;
        break;
    }
  }
  const entries = Math.max(0, commas - nulls);
  const values = Math.max(0, strings - colons);
  return { bytes: tables * SIZE.table + entries * SIZE.entry + values * SIZE.string, depth: deepest };
}

function jsonDecode(L: LuaState): number {
  const bytes = lauxlib.luaL_checkstring(L, 1);
  const floor = decodedSizeFloor(bytes);
  if (floor.depth > MAX_DEPTH) {
    return raiseError(L, new IntegrationError('invalid_argument', `json.decode: the document nests deeper than ${MAX_DEPTH} levels.`, { function: 'json.decode' }));
  }
  runStateOf(L).checkConversion(L, floor.bytes); // ends the run when the result cannot fit
  let value: unknown;
  try {
    value = JSON.parse(decodeLuaString(bytes, 'strict'));
  } catch (error) {
    const reason = error instanceof ConversionError ? `the text ${error.message}` : (error as Error).message;
    return raiseError(L, new IntegrationError('invalid_argument', `json.decode: invalid JSON: ${reason}.`, { function: 'json.decode' }));
  }
  try {
    pushJs(L, value);
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error; // a limit, raised by fengari as a Lua error
    return raiseError(L, new IntegrationError('invalid_argument', `json.decode: the document ${error.message}.`, { function: 'json.decode' }));
  }
  return 1;
}

function readDoc(L: LuaState): number {
  const page = lua.lua_isnoneornil(L, 1) ? '' : stringArg(L, 1, 'lua_read_doc', 'page');
  pushJs(L, runStateOf(L).docs.read(page));
  return 1;
}

function listDocs(L: LuaState): number {
  const ns = lua.lua_isnoneornil(L, 1) ? undefined : stringArg(L, 1, 'lua_list_docs', 'namespace');
  pushJs(L, runStateOf(L).docs.list(ns));
  return 1;
}

function searchDocs(L: LuaState): number {
  const query = stringArg(L, 1, 'lua_search_docs', 'query');
  const limit = lauxlib.luaL_optinteger(L, 2, 10);
  pushJs(L, runStateOf(L).docs.search(query, limit));
  return 1;
}

function setFunctions(L: LuaState, functions: Record<string, (L: LuaState) => number>): void {
  for (const [name, fn] of Object.entries(functions)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
}

/** Install the host globals. Stack: unchanged. */
export function installGlobals(L: LuaState): void {
  lua.lua_pushglobaltable(L); // -1: _G
  setFunctions(L, {
    print,
    dump,
    lua_read_doc: readDoc,
    lua_list_docs: listDocs,
    lua_search_docs: searchDocs,
    sleep,
  });
  lua.lua_createtable(L, 0, 2); // -1: json, -2: _G
  setFunctions(L, { encode: jsonEncode, decode: jsonDecode });
  lua.lua_setfield(L, -2, 'json');
  lua.lua_createtable(L, 0, 3); // -1: docs, -2: _G
  setFunctions(L, { read: readDoc, list: listDocs, search: searchDocs });
  lua.lua_setfield(L, -2, 'docs');
  lua.lua_pop(L, 1);
}
