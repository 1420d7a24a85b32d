/**
 * Host globals every script gets: `print` (captured), `dump`, `json.encode`/`json.decode`, and the runtime
 * docs (`lua_read_doc`, `lua_list_docs`, `lua_search_docs`, and the same as `docs.read/list/search`).
 */
import { lauxlib, lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import { ConversionError, decodeLuaString, luaToJs, pushJs } from './convert';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';

function stringArg(L: LuaState, idx: number): string {
  return decodeLuaString(lauxlib.luaL_checkstring(L, idx), 'lenient');
}

function print(L: LuaState): number {
  const n = lua.lua_gettop(L);
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    parts.push(decodeLuaString(lauxlib.luaL_tolstring(L, i), 'lenient')); // honours __tostring, like Lua
    lua.lua_pop(L, 1);
  }
  runStateOf(L).appendOutput(`${parts.join('\t')}\n`);
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
  for (let i = 1; i <= n; i++) run.appendOutput(`${renderValue(luaToJs(L, i, 'lenient'))}\n`);
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

function jsonDecode(L: LuaState): number {
  const bytes = lauxlib.luaL_checkstring(L, 1);
  let value: unknown;
  try {
    value = JSON.parse(decodeLuaString(bytes, 'strict'));
  } catch (error) {
    const reason = error instanceof ConversionError ? `the text ${error.message}` : (error as Error).message;
    return raiseError(L, new IntegrationError('invalid_argument', `json.decode: invalid JSON: ${reason}.`, { function: 'json.decode' }));
  }
  pushJs(L, value);
  return 1;
}

function readDoc(L: LuaState): number {
  const page = lua.lua_isnoneornil(L, 1) ? '' : stringArg(L, 1);
  pushJs(L, runStateOf(L).docs.read(page));
  return 1;
}

function listDocs(L: LuaState): number {
  const ns = lua.lua_isnoneornil(L, 1) ? undefined : stringArg(L, 1);
  pushJs(L, runStateOf(L).docs.list(ns));
  return 1;
}

function searchDocs(L: LuaState): number {
  const query = stringArg(L, 1);
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
  });
  lua.lua_createtable(L, 0, 2); // -1: json, -2: _G
  setFunctions(L, { encode: jsonEncode, decode: jsonDecode });
  lua.lua_setfield(L, -2, 'json');
  lua.lua_createtable(L, 0, 3); // -1: docs, -2: _G
  setFunctions(L, { read: readDoc, list: listDocs, search: searchDocs });
  lua.lua_setfield(L, -2, 'docs');
  lua.lua_pop(L, 1);
}
