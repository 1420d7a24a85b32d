/**
 * The part of fengari 0.1.5's API this project uses. fengari publishes no types.
 * Lua strings are `Uint8Array`s; most functions also accept a JS string and encode it (slowly).
 */
declare module 'fengari' {
  /** An opaque lua_State. Internals are reached only through src/lua/internals.ts. */
  export interface LuaState {
    readonly __luaState: never;
  }
  export type LuaString = Uint8Array;
  export type StringLike = LuaString | string;
  /** A "C" function: reads its arguments from the stack, pushes results, returns how many. */
  export type LuaCFunction = (L: LuaState) => number;
  export type LuaKFunction = (L: LuaState, status: number, ctx: number) => number;
  export interface LuaDebug {
    event: number;
    currentline: number;
    short_src: LuaString | null;
    name: LuaString | null;
    what: LuaString | null;
  }
  export type LuaHook = (L: LuaState, ar: LuaDebug) => void;

  export function to_luastring(s: string, cache?: boolean): LuaString;
  export function to_jsstring(s: LuaString, from?: number, to?: number, replacement_char?: boolean): string;

  export namespace lua {
    const LUA_OK: 0;
    const LUA_YIELD: 1;
    const LUA_ERRRUN: 2;
    const LUA_ERRSYNTAX: 3;
    const LUA_ERRMEM: 4;
    const LUA_ERRGCMM: 5;
    const LUA_ERRERR: 6;
    const LUA_MULTRET: -1;
    const LUA_REGISTRYINDEX: number;
    const LUA_RIDX_GLOBALS: number;
    const LUA_TNONE: -1;
    const LUA_TNIL: 0;
    const LUA_TBOOLEAN: 1;
    const LUA_TLIGHTUSERDATA: 2;
    const LUA_TNUMBER: 3;
    const LUA_TSTRING: 4;
    const LUA_TTABLE: 5;
    const LUA_TFUNCTION: 6;
    const LUA_TUSERDATA: 7;
    const LUA_TTHREAD: 8;
    const LUA_MASKCALL: number;
    const LUA_MASKRET: number;
    const LUA_MASKLINE: number;
    const LUA_MASKCOUNT: number;

    function lua_absindex(L: LuaState, idx: number): number;
    function lua_atnativeerror(L: LuaState, f: LuaCFunction | null): LuaCFunction | null;
    function lua_call(L: LuaState, nargs: number, nresults: number): void;
    function lua_checkstack(L: LuaState, n: number): boolean;
    function lua_createtable(L: LuaState, narr: number, nrec: number): void;
    function lua_error(L: LuaState): never;
    function lua_getfield(L: LuaState, idx: number, k: StringLike): number;
    function lua_getglobal(L: LuaState, name: StringLike): number;
    function lua_getinfo(L: LuaState, what: StringLike, ar: LuaDebug): number;
    function lua_getmetatable(L: LuaState, idx: number): boolean;
    function lua_getstack(L: LuaState, level: number, ar: LuaDebug): number;
    function lua_gettop(L: LuaState): number;
    function lua_insert(L: LuaState, idx: number): void;
    function lua_isinteger(L: LuaState, idx: number): boolean;
    function lua_isnoneornil(L: LuaState, idx: number): boolean;
    function lua_isyieldable(L: LuaState): boolean;
    function lua_newtable(L: LuaState): void;
    function lua_newthread(L: LuaState): LuaState;
    function lua_next(L: LuaState, idx: number): boolean;
    function lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    function lua_pcallk(
      L: LuaState,
      nargs: number,
      nresults: number,
      msgh: number,
      ctx: number,
      k: LuaKFunction | null,
    ): number;
    function lua_pop(L: LuaState, n: number): void;
    function lua_pushboolean(L: LuaState, b: boolean | number): void;
    function lua_pushcclosure(L: LuaState, fn: LuaCFunction, n: number): void;
    function lua_pushcfunction(L: LuaState, fn: LuaCFunction): void;
    function lua_pushglobaltable(L: LuaState): void;
    function lua_pushinteger(L: LuaState, n: number): void;
    function lua_pushlightuserdata(L: LuaState, p: unknown): void;
    function lua_pushliteral(L: LuaState, s: string): LuaString;
    function lua_pushnil(L: LuaState): void;
    function lua_pushnumber(L: LuaState, n: number): void;
    function lua_pushstring(L: LuaState, s: StringLike): LuaString;
    function lua_pushvalue(L: LuaState, idx: number): void;
    function lua_rawequal(L: LuaState, a: number, b: number): boolean;
    function lua_rawget(L: LuaState, idx: number): number;
    function lua_rawgeti(L: LuaState, idx: number, n: number): number;
    function lua_rawlen(L: LuaState, idx: number): number;
    function lua_rawset(L: LuaState, idx: number): void;
    function lua_rawseti(L: LuaState, idx: number, n: number): void;
    function lua_remove(L: LuaState, idx: number): void;
    function lua_replace(L: LuaState, idx: number): void;
    function lua_resume(L: LuaState, from: LuaState | null, nargs: number): number;
    function lua_rotate(L: LuaState, idx: number, n: number): void;
    function lua_setfield(L: LuaState, idx: number, k: StringLike): void;
    function lua_setglobal(L: LuaState, name: StringLike): void;
    function lua_sethook(L: LuaState, f: LuaHook | null, mask: number, count: number): void;
    function lua_setmetatable(L: LuaState, idx: number): void;
    function lua_settop(L: LuaState, idx: number): void;
    function lua_status(L: LuaState): number;
    function lua_toboolean(L: LuaState, idx: number): boolean;
    function lua_tocfunction(L: LuaState, idx: number): LuaCFunction | null;
    function lua_tointeger(L: LuaState, idx: number): number;
    function lua_tojsstring(L: LuaState, idx: number): string;
    function lua_tolstring(L: LuaState, idx: number): LuaString | null;
    function lua_tonumber(L: LuaState, idx: number): number;
    function lua_topointer(L: LuaState, idx: number): object | null;
    function lua_tostring(L: LuaState, idx: number): LuaString | null;
    function lua_touserdata(L: LuaState, idx: number): unknown;
    function lua_type(L: LuaState, idx: number): number;
    function lua_typename(L: LuaState, t: number): LuaString;
    function lua_upvalueindex(i: number): number;
    function lua_xmove(from: LuaState, to: LuaState, n: number): void;
    function lua_yield(L: LuaState, n: number): number;
    function lua_yieldk(L: LuaState, n: number, ctx: number, k: LuaKFunction | null): number;
    class lua_Debug implements LuaDebug {
      event: number;
      currentline: number;
      short_src: LuaString | null;
      name: LuaString | null;
      what: LuaString | null;
    }
  }

  export namespace lauxlib {
    function luaL_checkany(L: LuaState, arg: number): void;
    function luaL_checkinteger(L: LuaState, arg: number): number;
    function luaL_checklstring(L: LuaState, arg: number): LuaString;
    function luaL_checkstring(L: LuaState, arg: number): LuaString;
    function luaL_checktype(L: LuaState, arg: number, t: number): void;
    function luaL_error(L: LuaState, fmt: StringLike, ...args: unknown[]): never;
    function luaL_loadbufferx(
      L: LuaState,
      buff: LuaString,
      sz: number | null,
      name: StringLike,
      mode: StringLike | null,
    ): number;
    function luaL_newstate(): LuaState;
    function luaL_optinteger(L: LuaState, arg: number, def: number): number;
    function luaL_requiref(L: LuaState, modname: StringLike, openf: LuaCFunction, glb: boolean | number): void;
    function luaL_tolstring(L: LuaState, idx: number): LuaString;
    function luaL_traceback(L: LuaState, L1: LuaState, msg: StringLike | null, level: number): void;
    function luaL_where(L: LuaState, level: number): void;
  }

  export namespace lualib {
    function luaopen_base(L: LuaState): number;
    function luaopen_coroutine(L: LuaState): number;
    function luaopen_math(L: LuaState): number;
    function luaopen_os(L: LuaState): number;
    function luaopen_string(L: LuaState): number;
    function luaopen_table(L: LuaState): number;
    function luaopen_utf8(L: LuaState): number;
  }
}
