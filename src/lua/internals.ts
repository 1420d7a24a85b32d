/**
 * fengari's internal modules, typed for the few places that need them.
 *
 * Why reach inside: building result tables through the public API costs ~500 ns a field (every key is a
 * fresh string that is copied and re-hashed); building `Table`s directly with cached key strings costs a
 * fraction of that, and converting results is on the per-call path of every script (issue #5). Reading
 * tables directly also avoids `lua_next`'s in-place key conversion trap (docs/fengari.md).
 *
 * fengari is pinned to exactly 0.1.5 and patched (patches/fengari+0.1.5.patch); test/lua/convert.test.ts
 * and test/reliability/memory-accounting.test.ts fail if these shapes change (docs/fengari.md, "Reaching
 * inside fengari").
 */
import type { LuaState } from 'fengari';

/* eslint-disable @typescript-eslint/no-require-imports */
require('fengari'); // fengari's internal modules are circular: load them in the package's own order first
const defs = require('fengari/src/defs.js');
const lobject = require('fengari/src/lobject.js');
const lstring = require('fengari/src/lstring.js');
const ltable = require('fengari/src/ltable.js');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Refuse to run on an unpatched fengari: its limits would silently not hold (no memory accounting, no
 * deadline inside long instructions). Two of the patch's hunks, checked by what they do: string keys hashed
 * without collisions, and new strings reported to the run (docs/fengari.md). In this repository the patch is
 * applied by `npm install` (prepare: patch-package); an installed package bundles its patched copy.
 */
export function assertFengariPatched(): void {
  const collisionFree = lstring.luaS_hash(Uint8Array.of(1, 35)) !== lstring.luaS_hash(Uint8Array.of(18, 3));
  const reportsStrings = String(lstring.luaS_bless).includes('kosmo.onString');
  if (!collisionFree || !reportsStrings) {
    throw new Error(
      // The message names no path: in the worker's bundle (scripts/bundle.js) fengari is not a module to resolve.
      'The fengari this process loaded is not patched with patches/fengari+0.1.5.patch, without which ' +
        'the sandbox limits do not hold: run `npx patch-package` in a checkout of kosmokrator-sinch.',
    );
  }
}
assertFengariPatched();

/** Type tags with variant bits (lobject.h). */
export const TAG: {
  readonly NIL: number;
  readonly BOOLEAN: number;
  readonly LIGHTUSERDATA: number;
  readonly NUMFLT: number;
  readonly NUMINT: number;
  readonly SHRSTR: number;
  readonly LNGSTR: number;
  readonly TABLE: number;
  readonly LCL: number;
  readonly LCF: number;
  readonly CCL: number;
  readonly USERDATA: number;
  readonly THREAD: number;
} = {
  NIL: defs.constant_types.LUA_TNIL,
  BOOLEAN: defs.constant_types.LUA_TBOOLEAN,
  LIGHTUSERDATA: defs.constant_types.LUA_TLIGHTUSERDATA,
  NUMFLT: defs.constant_types.LUA_TNUMFLT,
  NUMINT: defs.constant_types.LUA_TNUMINT,
  SHRSTR: defs.constant_types.LUA_TSHRSTR,
  LNGSTR: defs.constant_types.LUA_TLNGSTR,
  TABLE: defs.constant_types.LUA_TTABLE,
  LCL: defs.constant_types.LUA_TLCL,
  LCF: defs.constant_types.LUA_TLCF,
  CCL: defs.constant_types.LUA_TCCL,
  USERDATA: defs.constant_types.LUA_TUSERDATA,
  THREAD: defs.constant_types.LUA_TTHREAD,
};

export interface TValue {
  type: number;
  value: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TString {
  hash: string | null;
  realstring: Uint8Array;
}

export interface TableEntry {
  key: TValue;
  value: TValue;
  p: TableEntry | undefined;
  n: TableEntry | undefined;
}

export interface Table {
  strong: Map<unknown, TableEntry>;
  f: TableEntry | undefined;
  l: TableEntry | undefined;
  metatable: Table | null;
  /** Cache of metamethods known to be absent (ltm.js fasttm); every write must reset it, as the VM does. */
  flags: number;
}

export interface CallInfo {
  funcOff: number;
}

/**
 * What the patched fengari calls on `l_G.kosmo` (patches/fengari+0.1.5.patch), implemented by RunState.
 * Methods taking L may raise a Lua error in it; `account` must not (it is called where there is no L).
 */
export interface HostHooks {
  readonly maxStringBytes: number;
  checkSize(L: LuaState, bytes: number): void;
  onString(L: LuaState, bytes: number): void;
  account(bytes: number): void;
  interrupt(L: LuaState): void;
  /** During a conversion from JS: `bytes` created so far, all live. */
  checkConversion(L: LuaState, bytes: number): void;
}

export interface GlobalStateInternals {
  /** The per-state slot this project uses (src/lua/run-state.ts). */
  kosmo?: HostHooks;
}

export function hostHooksOf(L: LuaState): HostHooks | undefined {
  return (L as unknown as StateInternals).l_G.kosmo;
}

export interface StateInternals {
  stack: TValue[];
  top: number;
  ci: CallInfo;
  l_G: GlobalStateInternals;
}

export function internalsOf(L: LuaState): StateInternals {
  return L as unknown as StateInternals;
}

/** The TValue at a stack index (positive: relative to the current function; negative: from the top). */
export function valueAt(L: LuaState, idx: number): TValue {
  const s = L as unknown as StateInternals;
  const slot = idx > 0 ? s.ci.funcOff + idx : s.top + idx;
  return s.stack[slot];
}

export function isStringTag(type: number): boolean {
  return type === TAG.SHRSTR || type === TAG.LNGSTR;
}

export function newTValue(type: number, value: unknown): TValue {
  return new lobject.TValue(type, value);
}

/** A new Lua string taking ownership of `bytes` (no copy). Goes through the patched, metered path. */
export function newTString(L: LuaState, bytes: Uint8Array): TString {
  return lstring.luaS_bless(L, bytes);
}

/** Precompute a string's table-key hash so a cached key costs nothing to insert again. */
export function hashTString(ts: TString): void {
  lstring.luaS_hashlongstr(ts);
}

export function newTable(L: LuaState): Table {
  return ltable.luaH_new(L);
}

/**
 * Append an entry under a key the table does not have yet, taking ownership of `value`; `key` may be shared
 * by many tables (the patched fengari never changes an entry's key in place: convert.ts, keyValue).
 *
 * What ltable.js's `add` does, minus the copies of both TValues that `luaH_set*` make (and, before the patch
 * made the dead-key map lazy, a `Map.prototype.clear()` per insert, which allocates in V8). Only for a table
 * the caller has just created and filled
 * with distinct keys (so there is neither an existing nor a dead entry to care about). The entry has the
 * same shape as fengari's (`key, value, p, n`), the metamethod cache is reset as every VM write resets it,
 * and the caller accounts for its memory like `add` does (SIZE.entry per entry, src/lua/memory.ts).
 */
export function appendNew(t: Table, hash: unknown, key: TValue, value: TValue): void {
  const prev = t.l;
  const entry: TableEntry = { key, value, p: prev, n: undefined };
  if (prev === undefined) t.f = entry;
  else prev.n = entry;
  t.strong.set(hash, entry);
  t.l = entry;
  t.flags = 0; // a new table claims every metamethod absent; the table may become a metatable (invalidateTMcache)
}

/** The table key of a string whose hash is computed (hashTString). */
export function stringHash(ts: TString): string {
  return ts.hash as string;
}

/** Push a TValue (copied, as the VM does) onto L's stack. The caller guarantees stack space. */
export function pushTValue(L: LuaState, tv: TValue): void {
  const s = L as unknown as StateInternals;
  s.stack[s.top++] = new lobject.TValue(tv.type, tv.value);
}
