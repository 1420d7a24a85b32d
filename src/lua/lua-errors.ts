/**
 * Errors as scripts see them: tables `{code=..., message=..., ...details}` sharing one locked metatable
 * whose `__tostring` gives the message, so `print(err)` reads well and `err.code` can be tested.
 */
import { lauxlib, lua, to_luastring, type LuaState } from 'fengari';
import { IntegrationError, isErrorCode, type ErrorCode, type ErrorDetail } from '../errors';
import { decodeLuaString, encodeString, luaToJs, pushJs, setField } from './convert';
import { TAG, isStringTag, valueAt, type TString } from './internals';

const METATABLE_KEY = 'kosmo.error';
const PERCENT_S = to_luastring('%s');

function errorToString(L: LuaState): number {
  lua.lua_pushliteral(L, 'message');
  lua.lua_rawget(L, 1);
  if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) {
    lua.lua_pop(L, 1);
    lua.lua_pushliteral(L, 'error');
  }
  return 1;
}

/** Create the shared error metatable in the registry. Stack: unchanged. */
export function installErrorMetatable(L: LuaState): void {
  lua.lua_createtable(L, 0, 2); // -1: metatable
  lua.lua_pushcfunction(L, errorToString);
  lua.lua_setfield(L, -2, '__tostring');
  lua.lua_pushliteral(L, METATABLE_KEY); // getmetatable(err) returns this string; setmetatable fails
  lua.lua_setfield(L, -2, '__metatable');
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, METATABLE_KEY);
}

/** Push the error as a Lua table with the shared metatable. Stack: +1. */
export function pushError(L: LuaState, error: IntegrationError): void {
  pushJs(L, error.toJSON()); // -1: the error table
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, METATABLE_KEY); // -1: metatable, -2: error table
  lua.lua_setmetatable(L, -2);
}

/** Raise the error in Lua (a `lua_error` that `pcall` can catch, unless the run is being killed). */
export function raiseError(L: LuaState, error: IntegrationError): never {
  pushError(L, error);
  return lua.lua_error(L);
}

export interface DescribedError {
  code: ErrorCode;
  message: string;
  details: Record<string, ErrorDetail>;
}

/**
 * Read an error value (anything a script can `error()` with) for reporting: our error tables keep their
 * code and details; strings are runtime errors; other values are shown as Lua would.
 */
export function describeLuaError(L: LuaState, idx: number): DescribedError {
  const tv = valueAt(L, idx);
  if (isStringTag(tv.type)) {
    return { code: 'runtime_error', message: decodeLuaString((tv.value as TString).realstring, 'lenient'), details: {} };
  }
  if (tv.type === TAG.TABLE) {
    const value = luaToJs(L, idx, 'lenient');
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const details: Record<string, ErrorDetail> = {};
      for (const [key, v] of Object.entries(record)) {
        if (key === 'code' || key === 'message') continue;
        if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) setField(details, key, v);
        else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) setField(details, key, v);
      }
      const code = isErrorCode(record.code) ? record.code : 'runtime_error';
      const message =
        typeof record.message === 'string' ? record.message : lenientToString(L, idx);
      return { code, message, details };
    }
  }
  if (tv.type === TAG.NIL) return { code: 'runtime_error', message: 'error raised with a nil value', details: {} };
  return { code: 'runtime_error', message: lenientToString(L, idx), details: {} };
}

/** `tostring(v)` without running metamethods (a hostile `__tostring` must not run while reporting). */
function lenientToString(L: LuaState, idx: number): string {
  const tv = valueAt(L, idx);
  switch (tv.type) {
    case TAG.BOOLEAN:
      return String(tv.value);
    case TAG.NUMINT:
    case TAG.NUMFLT:
      return String(tv.value);
    default:
      return `(error object is a ${decodeLuaString(lua.lua_typename(L, lua.lua_type(L, idx)), 'lenient')} value)`;
  }
}

/** Raise a plain Lua error string with the script position, like `error("...")`. */
export function raiseMessage(L: LuaState, message: string): never {
  return lauxlib.luaL_error(L, PERCENT_S, encodeString(message));
}
