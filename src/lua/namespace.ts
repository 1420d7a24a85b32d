/**
 * `app.integrations.<ns>.<fn>`, `.default.<fn>` and `.<account>.<fn>`: the tables scripts call through.
 *
 * Every name a script can call is a real field (so `pairs` lists them). Any other name gives an *unknown
 * name*: a table that raises `unknown_function` when it is called (issue #16), so that
 * `pcall(app.integrations.sinch.send_message, {...})` catches the error; it can be indexed further
 * (`app.integrations.sinch.wrok.send_sms(...)` raises one error naming `wrok`), and `tostring` gives the
 * error's message. The message lists the functions and configured accounts and suggests the closest names
 * (src/integration/suggest.ts). The call targets are computed once per set of bindings (per process) and
 * reused by every run: a run only creates the Lua tables.
 */
import { lua, type LuaState } from 'fengari';
import { IntegrationError } from '../errors';
import { refuseUnknownName } from '../integration/pipeline';
import type { CallTarget } from '../integration/target';
import { suggest } from '../integration/suggest';
import type { IntegrationBinding } from '../integration/types';
import { hostCall } from './bridge';
import { decodeLuaString, encodeString, internKey, keyValue, markStandIn } from './convert';
import { TAG, appendNew, hostHooksOf, internalsOf, newTable, newTValue, pushTValue, stringHash, valueAt, type TString, type TValue, type Table } from './internals';
import { SIZE } from './memory';
import { raiseError } from './lua-errors';
import { runStateOf } from './run-state';

type ScopeKind = 'app' | 'integrations' | 'namespace' | 'account';

/**
 * What the locked metatable of one table needs to word its errors: the table's path, what it is, and the
 * names it has. Made at plan time and handed to the metamethods as light userdata, so a state holds no
 * strings for it.
 */
interface Lock {
  readonly path: string;
  readonly kind: ScopeKind;
  /** Every name this table has: what suggestions are drawn from. */
  readonly known: readonly string[];
  /** The namespace's functions by short name (namespace and account tables), for the message. */
  readonly functions: readonly string[];
  /** The configured accounts (namespace tables), for the message. */
  readonly accounts: readonly string[];
  /** Every function name, published and alias, to its short name: `wrok.send_sms` names an account. */
  readonly callable: ReadonlyMap<string, string>;
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

function lockOf(binding: IntegrationBinding, s: Scope, kind: 'namespace' | 'account', extra: ReadonlyArray<readonly [string, Scope]> = []): Lock {
  const functions = binding.integration.functions;
  return {
    path: s.path,
    kind,
    known: [...s.entries.map(([n]) => n), ...extra.map(([n]) => n)],
    functions: functions.map((f) => f.aliases[0] ?? f.name),
    accounts: kind === 'namespace' ? binding.accounts.names : [],
    callable: new Map(functions.flatMap((f) => [f.name, ...f.aliases].map((n): [string, string] => [n, f.aliases[0] ?? f.name]))),
  };
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

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
    return {
      name,
      root,
      accounts,
      rootLock: lockOf(binding, root, 'namespace', accounts),
      accountLocks: accounts.map(([, sub]) => lockOf(binding, sub, 'account')),
    };
  });
  const plain = (path: string, kind: ScopeKind, known: string[]): Lock => ({ path, kind, known, functions: [], accounts: [], callable: NO_NAMES });
  return {
    namespaces,
    integrationsLock: plain('app.integrations', 'integrations', namespaces.map((ns) => ns.name)),
    appLock: plain('app', 'app', ['integrations']),
  };
}

/** An unknown name, as the script wrote it: `<lock.path>.<name>[.<tail>...]`. */
interface Unknown {
  readonly lock: Lock;
  readonly name: string;
  /** What the script indexed it with afterwards, the first MAX_TAIL segments of it. */
  readonly tail: readonly string[];
  /** More segments followed than `tail` holds. */
  readonly more: boolean;
}

/** Segments kept after an unknown name: enough to tell `wrok.send_sms` and show the path. */
const MAX_TAIL = 4;
/** Longer names are shown cut (a name is echoed in the message). */
const MAX_SHOWN_NAME = 64;

const shown = (name: string) => (name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}...` : name);

/** The unknown-name tables of every state, to their names (the tables themselves hold nothing). */
const unknowns = new WeakMap<Table, Unknown>();

/** The `unknown_function` error for calling (or listing, or assigning into) an unknown name. */
function unknownNameError(lock: Lock, name: string, tail: readonly string[] = [], more = false): IntegrationError {
  const at = `${lock.path}.${shown(name)}`;
  const full = tail.length > 0 ? `${at}.${tail.map(shown).join('.')}${more ? '...' : ''}` : at;
  let what: string;
  let candidates: readonly string[] = lock.known;
  switch (lock.kind) {
    case 'namespace':
      if (tail.length > 0 && lock.callable.has(tail[0])) {
        what = 'account'; // `<unknown>.send_sms`
        candidates = ['default', ...lock.accounts];
      } else {
        what = tail.length > 0 ? 'function or account' : 'function';
      }
      break;
    case 'account':
      what = 'function';
      break;
    case 'integrations':
      what = 'integration';
      break;
    default:
      what = 'name';
  }
  // One suggestion per function, by its short name (`numbers` means list_phone_numbers, whichever name matched).
  const suggestions = [...new Set(suggest(name, candidates).map((n) => lock.callable.get(n) ?? n))];
  const parts = [`Unknown ${what}: ${at}${full === at ? '' : ` (in ${full})`}`];
  if (suggestions.length > 0) parts.push(`Did you mean: ${suggestions.join(', ')}`);
  const details: Record<string, string | readonly string[]> = { path: full, name: shown(name) };
  if (suggestions.length > 0) details.suggestions = suggestions;
  if (lock.kind === 'namespace' || lock.kind === 'account') {
    parts.push(`Functions: ${lock.functions.join(', ')}`);
    details.functions = lock.functions;
  }
  if (lock.kind === 'namespace') {
    parts.push(
      lock.accounts.length > 0
        ? `Accounts: ${lock.accounts.join(', ')} (call ${lock.path}.<account>.<function>)`
        : 'Accounts: none configured',
    );
    details.accounts = lock.accounts;
  }
  if (lock.kind === 'integrations' || lock.kind === 'app') {
    parts.push(`${lock.kind === 'app' ? 'app has' : 'Integrations'}: ${lock.known.join(', ')}`);
    details.available = lock.known;
  }
  return new IntegrationError('unknown_function', `${parts.join('. ')}.`, details);
}

const unknownOf = (L: LuaState): Unknown => unknowns.get(valueAt(L, 1).value as Table)!;

function raiseUnknown(L: LuaState): number {
  const u = unknownOf(L);
  return raiseError(L, unknownNameError(u.lock, u.name, u.tail, u.more));
}

/**
 * Calling an unknown name: a call that was refused, so it is in `integration_calls` like any other refused
 * call (docs/contract.md: every host call is recorded), with the path the script wrote and no account.
 */
function callUnknown(L: LuaState): number {
  const u = unknownOf(L);
  const error = unknownNameError(u.lock, u.name, u.tail, u.more);
  const name = u.tail.length > 0 ? u.tail[u.tail.length - 1] : u.name;
  refuseUnknownName(runStateOf(L).context, { path: error.details.path as string, function: shown(name), account: null }, error);
  return raiseError(L, error);
}

function unknownToString(L: LuaState): number {
  const u = unknownOf(L);
  lua.lua_pushstring(L, encodeString(unknownNameError(u.lock, u.name, u.tail, u.more).message));
  return 1;
}

/** `unknown.<key>`: another unknown name, one segment longer (non-string keys give nil, so ipairs ends). */
function indexUnknown(L: LuaState): number {
  if (lua.lua_type(L, 2) !== lua.LUA_TSTRING) return 0;
  const u = unknownOf(L);
  if (u.tail.length >= MAX_TAIL) {
    pushUnknown(L, u.more ? u : { ...u, more: true });
    return 1;
  }
  pushUnknown(L, { ...u, tail: [...u.tail, decodeLuaString(lua.lua_tolstring(L, 2)!, 'lenient')] });
  return 1;
}

/** The metatable unknown-name tables share, one per state (keyed by its global state), made when first needed. */
const unknownMetatables = new WeakMap<object, Table>();

function unknownMetatable(L: LuaState): Table {
  const g = internalsOf(L).l_G;
  let meta = unknownMetatables.get(g);
  if (meta === undefined) {
    lua.lua_createtable(L, 0, 6);
    const functions: Record<string, (L: LuaState) => number> = {
      __call: callUnknown,
      __index: indexUnknown,
      __newindex: raiseUnknown,
      __pairs: raiseUnknown,
      __tostring: unknownToString,
    };
    for (const [name, fn] of Object.entries(functions)) {
      lua.lua_pushcfunction(L, fn);
      lua.lua_setfield(L, -2, name);
    }
    lua.lua_pushliteral(L, 'locked');
    lua.lua_setfield(L, -2, '__metatable');
    meta = valueAt(L, -1).value as Table;
    lua.lua_pop(L, 1);
    unknownMetatables.set(g, meta);
  }
  return meta;
}

/** Push a new unknown-name table. */
function pushUnknown(L: LuaState, u: Unknown): void {
  const t = newTable(L);
  t.metatable = unknownMetatable(L);
  unknowns.set(t, u);
  markStandIn(t, () => unknownNameError(u.lock, u.name, u.tail, u.more).message.replace(/\.$/, ''));
  pushTValue(L, newTValue(TAG.TABLE, t));
}

/** `__index` of the namespace tables: a name they do not have is an unknown name (non-string keys: nil). */
function unknownIndex(L: LuaState): number {
  if (lua.lua_type(L, 2) !== lua.LUA_TSTRING) return 0;
  const lock = lua.lua_touserdata(L, lua.lua_upvalueindex(1)) as Lock;
  pushUnknown(L, { lock, name: decodeLuaString(lua.lua_tolstring(L, 2)!, 'lenient'), tail: [], more: false });
  return 1;
}

function readOnly(L: LuaState): number {
  const lock = lua.lua_touserdata(L, lua.lua_upvalueindex(1)) as Lock;
  return raiseError(L, new IntegrationError('runtime_error', `${lock.path} is read-only.`, { path: lock.path }));
}

/**
 * Set `t[name] = value` on a table being built (a name it does not have yet). Names are interned Lua strings
 * shared by every state (convert.ts, keyValue): a state only creates the entry.
 */
function putField(L: LuaState, t: Table, name: string, value: TValue): void {
  const key = keyValue(L, name);
  appendNew(t, stringHash(key.value as TString), key, value);
}

/** The value at the top of the stack, popped (copied: stack slots are reused). */
function popValue(L: LuaState): TValue {
  const top = valueAt(L, -1);
  const value = newTValue(top.type, top.value);
  lua.lua_pop(L, 1);
  return value;
}

/** Give `t` a locked metatable whose __index gives unknown names and __newindex refuses writes. */
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
