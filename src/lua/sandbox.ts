/**
 * A fresh, sandboxed fengari state for one run.
 *
 * Opened: base, table, string, math, utf8, coroutine, and an `os` with only time/clock/date/difftime.
 * Not opened or removed: io, package/require, debug, dofile, loadfile, collectgarbage, string.dump, and
 * fengari's `js` interop (never loaded). `load` is text-only. See fengari-notes.md for why each matters:
 * luaL_openlibs on Node gives os.exit/getenv/execute, io and a print that writes to the real stdout.
 */
import { lauxlib, lua, lualib, type LuaCFunction, type LuaState } from 'fengari';
import { IntegrationError, isIntegrationError } from '../errors';
import { installGlobals } from './globals';
import { installGuards } from './guards';
import { installErrorMetatable, pushError, raiseMessage } from './lua-errors';
import { installNamespaces, type NamespaceLayout } from './namespace';
import { attachRunState, runStateOf, type RunState } from './run-state';

const LIBRARIES: ReadonlyArray<readonly [string, LuaCFunction]> = [
  ['_G', lualib.luaopen_base],
  ['coroutine', lualib.luaopen_coroutine],
  ['table', lualib.luaopen_table],
  ['string', lualib.luaopen_string],
  ['math', lualib.luaopen_math],
  ['utf8', lualib.luaopen_utf8],
];

const REMOVED_GLOBALS = ['dofile', 'loadfile', 'collectgarbage', 'require', 'module'];
const OS_FUNCTIONS = ['time', 'clock', 'date', 'difftime'];
/**
 * fengari's os.date formats inside one VM instruction at ~5 µs a directive: a 6 MB format ran for 17 s past
 * any deadline. Real formats are a few dozen bytes.
 */
export const MAX_DATE_FORMAT_BYTES = 1024;

/** os.date with its format length capped (upvalue 1: fengari's os.date). */
function cappedDate(L: LuaState): number {
  if (lua.lua_type(L, 1) === lua.LUA_TSTRING && lua.lua_rawlen(L, 1) > MAX_DATE_FORMAT_BYTES) {
    return raiseMessage(L, `bad argument #1 to 'date' (format is longer than ${MAX_DATE_FORMAT_BYTES} bytes)`);
  }
  const date = lua.lua_tocfunction(L, lua.lua_upvalueindex(1)) as LuaCFunction;
  return date(L);
}

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

function openLibraries(L: LuaState): void {
  for (const [name, open] of LIBRARIES) {
    lauxlib.luaL_requiref(L, name, open, 1);
    lua.lua_pop(L, 1);
  }
  for (const name of REMOVED_GLOBALS) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, name);
  }
  lua.lua_getglobal(L, 'string'); // -1: string
  lua.lua_pushnil(L);
  lua.lua_setfield(L, -2, 'dump');
  lua.lua_pop(L, 1);

  // Build `os` from the four harmless functions; the full library table is dropped unreferenced.
  lua.lua_pushcfunction(L, lualib.luaopen_os);
  lua.lua_call(L, 0, 1); // -1: full os library
  lua.lua_createtable(L, 0, OS_FUNCTIONS.length); // -1: safe os, -2: full os
  for (const name of OS_FUNCTIONS) {
    lua.lua_getfield(L, -2, name);
    if (name === 'date') lua.lua_pushcclosure(L, cappedDate, 1);
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_setglobal(L, 'os');
  lua.lua_pop(L, 1);
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
