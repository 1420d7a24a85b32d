/**
 * Replacements for the standard functions that can catch errors — `pcall`, `xpcall`, `coroutine.resume`
 * and `load` (whose reader function may fail) — and for `load`'s mode.
 *
 * Why: limits (timeout, instruction budget, memory, output) are raised as Lua errors from the instruction
 * hook or from host code. A script must not be able to swallow them and carry on, so once a run is being
 * killed, these re-raise the kill error instead of returning it. `xpcall` message handlers are skipped once
 * killed (a handler that loops forever would otherwise run with no way out).
 */
import { lauxlib, lua, type LuaCFunction, type LuaState } from 'fengari';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';

function reraiseIfKilled(L: LuaState): void {
  const kill = runStateOf(L).kill;
  if (kill !== null) raiseError(L, kill);
}

/** Continuation shared by pcall and xpcall (lbaselib.c's finishpcall, plus the kill check). */
function finishPcall(L: LuaState, status: number, extra: number): number {
  if (status !== lua.LUA_OK && status !== lua.LUA_YIELD) {
    reraiseIfKilled(L);
    lua.lua_pushboolean(L, false);
    lua.lua_pushvalue(L, -2); // the error object
    return 2;
  }
  return lua.lua_gettop(L) - extra;
}

function pcall(L: LuaState): number {
  lauxlib.luaL_checkany(L, 1);
  lua.lua_pushboolean(L, true); // first result if no errors
  lua.lua_insert(L, 1);
  const status = lua.lua_pcallk(L, lua.lua_gettop(L) - 2, lua.LUA_MULTRET, 0, 0, finishPcall);
  return finishPcall(L, status, 0);
}

/** The user's message handler (upvalue 1), skipped once the run is being killed. */
function guardedHandler(L: LuaState): number {
  const kill = runStateOf(L).kill;
  if (kill !== null) {
    lua.lua_settop(L, 0);
    raiseError(L, kill);
  }
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  lua.lua_call(L, lua.lua_gettop(L) - 1, 1);
  return 1;
}

function xpcall(L: LuaState): number {
  const n = lua.lua_gettop(L);
  lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
  lua.lua_pushvalue(L, 2);
  lua.lua_pushcclosure(L, guardedHandler, 1);
  lua.lua_replace(L, 2); // 2: guarded handler
  lua.lua_pushboolean(L, true); // first result
  lua.lua_pushvalue(L, 1); // the function
  lua.lua_rotate(L, 3, 2); // stack: f, handler, true, f, args...
  const status = lua.lua_pcallk(L, n - 2, lua.LUA_MULTRET, 2, 2, finishPcall);
  return finishPcall(L, status, 2);
}

/** Install the guarded functions over the freshly opened libraries. Stack: unchanged. */
export function installGuards(L: LuaState): void {
  lua.lua_pushcfunction(L, pcall);
  lua.lua_setglobal(L, 'pcall');
  lua.lua_pushcfunction(L, xpcall);
  lua.lua_setglobal(L, 'xpcall');

  lua.lua_getglobal(L, 'load');
  const originalLoad = lua.lua_tocfunction(L, -1) as LuaCFunction;
  lua.lua_pop(L, 1);
  lua.lua_pushcfunction(L, (L2: LuaState) => {
    // Text only: Lua 5.3 does not verify bytecode, so binary chunks are refused whatever the caller asks.
    if (lua.lua_gettop(L2) < 3) lua.lua_settop(L2, 3);
    lua.lua_pushliteral(L2, 't');
    lua.lua_replace(L2, 3);
    const results = originalLoad(L2);
    reraiseIfKilled(L2); // a reader function may have been interrupted by a limit
    return results;
  });
  lua.lua_setglobal(L, 'load');

  lua.lua_getglobal(L, 'coroutine'); // -1: coroutine table
  lua.lua_getfield(L, -1, 'resume');
  const originalResume = lua.lua_tocfunction(L, -1) as LuaCFunction;
  lua.lua_pop(L, 1);
  lua.lua_pushcfunction(L, (L2: LuaState) => {
    const results = originalResume(L2);
    if (!lua.lua_toboolean(L2, -results)) reraiseIfKilled(L2);
    return results;
  });
  lua.lua_setfield(L, -2, 'resume');
  lua.lua_pop(L, 1);
}
