/**
 * `app.integrations.<ns>.<fn>`, `.default.<fn>` and `.<account>.<fn>`: the tables scripts call through.
 *
 * Every name a script can call is a real field (so `pairs` lists them); anything else raises
 * `unknown_function` with suggestions, from a locked metatable's `__index`. The call targets are computed
 * once per set of bindings (per process) and reused by every run: a run only creates the Lua tables.
 */
import { lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import type { CallTarget } from '../integration/target';
import { didYouMean } from '../integration/suggest';
import type { IntegrationBinding } from '../integration/types';
import { hostCall } from './bridge';
import { decodeLuaString, internKey } from './convert';
import { TAG, appendNew, hostHooksOf, newTable, newTValue, pushTValue, stringHash, valueAt, type TValue, type Table } from './internals';
import { SIZE } from './memory';
import { raiseError } from './lua-errors';

/**
 * What the locked metatable of one table needs to word its errors: the table's path and the names it has.
 * Made at plan time and handed to the metamethods as light userdata, so a state holds no strings for it.
 */
interface Lock {
  readonly path: string;
  readonly known: readonly string[];
}

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
  readonly rootLock: Lock;
  readonly accountLocks: readonly Lock[];
}

export interface NamespaceLayout {
  readonly namespaces: readonly NamespacePlan[];
  readonly integrationsLock: Lock;
  readonly appLock: Lock;
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

const lockOf = (s: Scope, extra: ReadonlyArray<readonly [string, Scope]> = []): Lock => ({
  path: s.path,
  known: [...s.entries.map(([n]) => n), ...extra.map(([n]) => n)],
});

/** Compute every callable path for these bindings. Pure data: build once, install into many states. */
export function planNamespaces(bindings: readonly IntegrationBinding[]): NamespaceLayout {
  const namespaces = bindings.map((binding): NamespacePlan => {
    const name = binding.integration.name;
    const base = `app.integrations.${name}`;
    const functionNames = new Set(binding.integration.functions.flatMap((f) => [f.name, ...f.aliases]));
    const accounts: Array<readonly [string, Scope]> = [['default', scope(binding, `${base}.default`, undefined)]];
    for (const account of binding.accounts.names) {
      // A function name always wins over an account of the same name.
      if (account === 'default' || functionNames.has(account)) continue;
      accounts.push([account, scope(binding, `${base}.${account}`, account)]);
    }
    const root = scope(binding, base, undefined);
    return { name, root, accounts, rootLock: lockOf(root, accounts), accountLocks: accounts.map(([, sub]) => lockOf(sub)) };
  });
  return {
    namespaces,
    integrationsLock: { path: 'app.integrations', known: namespaces.map((ns) => ns.name) },
    appLock: { path: 'app', known: ['integrations'] },
  };
}

function unknownIndex(L: LuaState): number {
  const lock = lua.lua_touserdata(L, lua.lua_upvalueindex(1)) as Lock;
  const key =
    lua.lua_type(L, 2) === lua.LUA_TSTRING ? decodeLuaString(lua.lua_tolstring(L, 2)!, 'lenient') : '<non-string key>';
  return raiseError(
    L,
    new IntegrationError('unknown_function', `Unknown function: ${lock.path}.${key}${didYouMean(key, lock.known)}`, {
      path: `${lock.path}.${key}`,
      available: [...lock.known],
    }),
  );
}

function readOnly(L: LuaState): number {
  const lock = lua.lua_touserdata(L, lua.lua_upvalueindex(1)) as Lock;
  return raiseError(L, new IntegrationError('runtime_error', `${lock.path} is read-only.`, { path: lock.path }));
}

/**
 * Set `t[name] = value` on a table being built (a name it does not have yet). Names are interned Lua strings
 * shared by every state (convert.ts, internKey): a state only creates the entry.
 */
function putField(L: LuaState, t: Table, name: string, value: TValue): void {
  const key = internKey(L, name);
  appendNew(t, stringHash(key), newTValue(TAG.LNGSTR, key), value);
}

/** The value at the top of the stack, popped (copied: stack slots are reused). */
function popValue(L: LuaState): TValue {
  const top = valueAt(L, -1);
  const value = newTValue(top.type, top.value);
  lua.lua_pop(L, 1);
  return value;
}

/** Give `t` a locked metatable whose __index raises unknown_function and __newindex refuses writes. */
function lockTable(L: LuaState, t: Table, lock: Lock): void {
  const meta = newTable(L);
  lua.lua_pushlightuserdata(L, lock);
  lua.lua_pushcclosure(L, unknownIndex, 1);
  putField(L, meta, '__index', popValue(L));
  lua.lua_pushlightuserdata(L, lock);
  lua.lua_pushcclosure(L, readOnly, 1);
  putField(L, meta, '__newindex', popValue(L));
  putField(L, meta, '__metatable', newTValue(TAG.LNGSTR, internKey(L, 'locked')));
  hostHooksOf(L)?.account(3 * SIZE.entry);
  t.metatable = meta;
}

function scopeTable(L: LuaState, s: Scope, lock: Lock, extra: ReadonlyArray<readonly [string, Table]>): Table {
  const t = newTable(L);
  for (const [name, target] of s.entries) {
    lua.lua_pushlightuserdata(L, target);
    lua.lua_pushcclosure(L, hostCall, 1);
    putField(L, t, name, popValue(L));
  }
  for (const [name, sub] of extra) putField(L, t, name, newTValue(TAG.TABLE, sub));
  hostHooksOf(L)?.account((s.entries.length + extra.length) * SIZE.entry);
  lockTable(L, t, lock);
  return t;
}

/** Install `app.integrations.*`. Stack: unchanged. */
export function installNamespaces(L: LuaState, layout: NamespaceLayout): void {
  const integrations = newTable(L);
  for (const ns of layout.namespaces) {
    const accounts = ns.accounts.map(([name, sub], i): readonly [string, Table] => [name, scopeTable(L, sub, ns.accountLocks[i], [])]);
    putField(L, integrations, ns.name, newTValue(TAG.TABLE, scopeTable(L, ns.root, ns.rootLock, accounts)));
  }
  lockTable(L, integrations, layout.integrationsLock);
  const app = newTable(L);
  putField(L, app, 'integrations', newTValue(TAG.TABLE, integrations));
  hostHooksOf(L)?.account((layout.namespaces.length + 1) * SIZE.entry);
  lockTable(L, app, layout.appLock);
  pushTValue(L, newTValue(TAG.TABLE, app));
  lua.lua_setglobal(L, 'app');
}
