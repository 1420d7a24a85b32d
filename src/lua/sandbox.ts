/**
 * A fresh, sandboxed fengari state for one run.
 *
 * Opened: base, table, string, math, utf8, coroutine, and an `os` with only time/clock/date/difftime.
 * Not opened or removed: io, package/require, debug, dofile, loadfile, collectgarbage, string.dump, and
 * fengari's `js` interop (never loaded). `load` is text-only. See docs/fengari.md for why each matters:
 * luaL_openlibs on Node gives os.exit/getenv/execute, io and a print that writes to the real stdout.
 */
import { lauxlib, lua, lualib, type LuaState } from 'fengari';
import { IntegrationError, isIntegrationError } from '../errors';
import { installGlobals } from './globals';
import { installGuards } from './guards';
import { internKey, keyValue } from './convert';
import { TAG, appendNew, hostHooksOf, newTable, newTValue, pushTValue, stringHash, valueAt, type TString, type Table } from './internals';
import { SIZE } from './memory';
import { copyLibrary, type LibrarySpec } from './library-template';
import { installErrorMetatable, pushError, raiseMessage } from './lua-errors';
import { installNamespaces, type NamespaceLayout } from './namespace';
import { attachRunState, runStateOf, type RunState } from './run-state';

/** Base's fields go into the global table; these are removed (none of them is safe or works here). */
const BASE: LibrarySpec = { name: '_G', open: lualib.luaopen_base, omit: ['dofile', 'loadfile', 'collectgarbage', 'require', 'module'] };

const LIBRARIES: readonly LibrarySpec[] = [
  { name: 'coroutine', open: lualib.luaopen_coroutine },
  { name: 'table', open: lualib.luaopen_table },
  { name: 'string', open: lualib.luaopen_string, omit: ['dump'] },
  { name: 'math', open: lualib.luaopen_math },
  { name: 'utf8', open: lualib.luaopen_utf8 },
  // Only the four harmless functions: fengari's os has exit, getenv, execute, remove, rename, tmpname.
  { name: 'os', open: lualib.luaopen_os, keep: ['time', 'clock', 'date', 'difftime'] },
];

/**
 * JavaScript exceptions inside Lua-called functions arrive here (lua_atnativeerror) and become Lua errors:
 * our IntegrationErrors keep their table form; anything else becomes a message with no JavaScript stack.
 */
function nativeError(L: LuaState): number {
  const error = lua.lua_touserdata(L, 1);
  lua.lua_settop(L, 0);
  if (isIntegrationError(error)) {
    pushError(L, error);
    return 1;
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    pushError(L, new IntegrationError('limit_exceeded', 'stack overflow (the script recursed too deeply)', { limit: 'stack' }));
    return 1;
  }
  const run = runStateOf(L);
  if (run.kill !== null) {
    pushError(L, run.kill);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  lua.lua_pushstring(L, `internal error in a built-in function: ${message.split('\n')[0]}`);
  return 1;
}

/** Add `name = table` to a table being built that has no such field yet. */
function putTable(L: LuaState, t: Table, name: string, value: Table): void {
  const key = keyValue(L, name);
  appendNew(t, stringHash(key.value as TString), key, newTValue(TAG.TABLE, value));
}

/** Stack: unchanged. The libraries are copied from templates (library-template.ts). */
function openLibraries(L: LuaState): void {
  lua.lua_pushglobaltable(L); // -1: _G
  const globals = valueAt(L, -1).value as Table;
  copyLibrary(L, globals, BASE);
  // The registry's _LOADED, as luaL_requiref fills it: an argument error in a function called by value
  // names it from there — pcall(os.time, {}) says "bad argument #1 to 'os.time'", not "to '?'".
  const loaded = newTable(L);
  putTable(L, loaded, '_G', globals);
  for (const spec of LIBRARIES) {
    const library = newTable(L);
    copyLibrary(L, library, spec);
    putTable(L, loaded, spec.name, library);
    pushTValue(L, newTValue(TAG.TABLE, library)); // -1: library, -2: _G
    lua.lua_setfield(L, -2, spec.name);
  }
  hostHooksOf(L)?.account((LIBRARIES.length + 1) * SIZE.entry);
  pushTValue(L, newTValue(TAG.LNGSTR, internKey(L, '_LOADED'))); // -1: key, -2: _G
  pushTValue(L, newTValue(TAG.TABLE, loaded));
  lua.lua_rawset(L, lua.LUA_REGISTRYINDEX);
  // What luaopen_string does besides the table: strings get a metatable whose __index is `string`.
  lua.lua_createtable(L, 0, 1); // -1: metatable, -2: _G
  lua.lua_getfield(L, -2, 'string');
  lua.lua_setfield(L, -2, '__index');
  lua.lua_pushliteral(L, ''); // -1: any string, -2: metatable
  lua.lua_pushvalue(L, -2);
  lua.lua_setmetatable(L, -2);
  lua.lua_pop(L, 3);
}

/** Create the state for one run. The returned state is fully set up; nothing has run yet. */
export function createSandbox(run: RunState, layout: NamespaceLayout): LuaState {
  const L = lauxlib.luaL_newstate();
  attachRunState(L, run);
  lua.lua_atnativeerror(L, nativeError);
  openLibraries(L);
  installErrorMetatable(L);
  installGuards(L);
  installGlobals(L);
  installNamespaces(L, layout);
  return L;
}
