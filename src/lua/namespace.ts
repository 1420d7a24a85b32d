/**
 * `app.integrations.<ns>.<fn>`, `.default.<fn>` and `.<account>.<fn>`: the tables scripts call through.
 *
 * Every name a script can call is a real field (so `pairs` lists them); anything else raises
 * `unknown_function` with suggestions, from a locked metatable's `__index`. The call targets are computed
 * once per set of bindings (per process) and reused by every run: a run only creates the Lua tables.
 */
import { lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import type { CallTarget } from '../integration/invoke';
import { didYouMean } from '../integration/suggest';
import type { IntegrationBinding } from '../integration/types';
import { hostCall } from './bridge';
import { decodeLuaString } from './convert';
import { raiseError } from './lua-errors';

/** One table of callable names (the namespace itself, `default`, or an account). */
interface Scope {
  readonly path: string;
  readonly entries: ReadonlyArray<readonly [name: string, target: CallTarget]>;
}

interface NamespacePlan {
  readonly name: string;
  readonly root: Scope;
  /** `default` and each configured account, in configuration order. */
  readonly accounts: ReadonlyArray<readonly [name: string, scope: Scope]>;
}

export interface NamespaceLayout {
  readonly namespaces: readonly NamespacePlan[];
}

function scope(binding: IntegrationBinding, path: string, accountName: string | undefined): Scope {
  const entries: Array<readonly [string, CallTarget]> = [];
  for (const fn of binding.integration.functions) {
    for (const name of [fn.name, ...fn.aliases]) {
      entries.push([name, { binding, fn, accountName, path: `${path}.${name}` }]);
    }
  }
  return { path, entries };
}

/** Compute every callable path for these bindings. Pure data: build once, install into many states. */
export function planNamespaces(bindings: readonly IntegrationBinding[]): NamespaceLayout {
  return {
    namespaces: bindings.map((binding) => {
      const name = binding.integration.name;
      const base = `app.integrations.${name}`;
      const functionNames = new Set(binding.integration.functions.flatMap((f) => [f.name, ...f.aliases]));
      const accounts: Array<readonly [string, Scope]> = [['default', scope(binding, `${base}.default`, undefined)]];
      for (const account of binding.accounts.names) {
        // A function name always wins over an account of the same name.
        if (account === 'default' || functionNames.has(account)) continue;
        accounts.push([account, scope(binding, `${base}.${account}`, account)]);
      }
      return { name, root: scope(binding, base, undefined), accounts };
    }),
  };
}

function unknownIndex(L: LuaState): number {
  // Upvalue 1: the scope's path; upvalue 2: its known names joined by spaces.
  const path = decodeLuaString(lua.lua_tolstring(L, lua.lua_upvalueindex(1))!, 'lenient');
  const known = decodeLuaString(lua.lua_tolstring(L, lua.lua_upvalueindex(2))!, 'lenient').split(' ');
  const key =
    lua.lua_type(L, 2) === lua.LUA_TSTRING ? decodeLuaString(lua.lua_tolstring(L, 2)!, 'lenient') : '<non-string key>';
  return raiseError(
    L,
    new IntegrationError('unknown_function', `Unknown function: ${path}.${key}${didYouMean(key, known)}`, {
      path: `${path}.${key}`,
      available: known,
    }),
  );
}

function readOnly(L: LuaState): number {
  const path = decodeLuaString(lua.lua_tolstring(L, lua.lua_upvalueindex(1))!, 'lenient');
  return raiseError(L, new IntegrationError('runtime_error', `${path} is read-only.`, { path }));
}

/** Give the table at -1 a locked metatable whose __index raises unknown_function. Stack: unchanged. */
function lockTable(L: LuaState, path: string, known: readonly string[]): void {
  lua.lua_createtable(L, 0, 3); // -1: metatable, -2: table
  lua.lua_pushstring(L, path);
  lua.lua_pushstring(L, known.join(' '));
  lua.lua_pushcclosure(L, unknownIndex, 2);
  lua.lua_setfield(L, -2, '__index');
  lua.lua_pushstring(L, path);
  lua.lua_pushcclosure(L, readOnly, 1);
  lua.lua_setfield(L, -2, '__newindex');
  lua.lua_pushliteral(L, 'locked');
  lua.lua_setfield(L, -2, '__metatable');
  lua.lua_setmetatable(L, -2);
}

function pushScope(L: LuaState, s: Scope, extra: ReadonlyArray<readonly [string, Scope]>): void {
  lua.lua_createtable(L, 0, s.entries.length + extra.length); // -1: scope table
  for (const [name, target] of s.entries) {
    lua.lua_pushlightuserdata(L, target);
    lua.lua_pushcclosure(L, hostCall, 1);
    lua.lua_setfield(L, -2, name);
  }
  for (const [name, sub] of extra) {
    pushScope(L, sub, []);
    lua.lua_setfield(L, -2, name);
  }
  lockTable(L, s.path, [...s.entries.map(([n]) => n), ...extra.map(([n]) => n)]);
}

/** Install `app.integrations.*`. Stack: unchanged. */
export function installNamespaces(L: LuaState, layout: NamespaceLayout): void {
  lua.lua_createtable(L, 0, 1); // -1: app
  lua.lua_createtable(L, 0, layout.namespaces.length); // -1: integrations, -2: app
  for (const ns of layout.namespaces) {
    pushScope(L, ns.root, ns.accounts);
    lua.lua_setfield(L, -2, ns.name);
  }
  lockTable(L, 'app.integrations', layout.namespaces.map((ns) => ns.name));
  lua.lua_setfield(L, -2, 'integrations');
  lockTable(L, 'app', ['integrations']);
  lua.lua_setglobal(L, 'app');
}
