/**
 * The standard libraries of a new state, copied from templates instead of opened afresh.
 *
 * fengari's luaopen_* build each library field by field through the public API: every field name becomes a
 * new Lua string (a byte array, a TString and a hash string) in every state, ~150 of them. A template keeps
 * one immutable key (TString and TValue) per name for the whole process and gives each state only what it
 * must own: its tables, their entries and the entries' value TValues (fengari changes a value TValue in place
 * when a script assigns a field, so those are never shared; a deleted field's key is replaced, not changed:
 * patches/fengari+0.1.5.patch, ltable.js). Sandboxes are smaller and quicker to create,
 * which matters when hundreds of scripts start at once (issue #5).
 *
 * A library can be templated only if its fields are light C functions, numbers, booleans or strings: that is
 * checked when its template is made, once per process, in a scratch state. Base's `_G` (the global table
 * itself) is re-pointed to the new state's global table.
 */
import { lauxlib, lua, type LuaCFunction, type LuaState } from 'fengari';
import { TAG, appendNew, hashTString, hostHooksOf, newTValue, stringHash, valueAt, type TString, type TValue, type Table } from './internals';
import { SIZE } from './memory';

interface Field {
  readonly key: TString;
  /** The key as a table key, shared by every state's copy. */
  readonly keyValue: TValue;
  /** `self`: the table the library was opened into (base's `_G`). */
  readonly value: TValue | 'self';
}

export interface LibrarySpec {
  readonly name: string;
  readonly open: LuaCFunction;
  /** Fields left out (e.g. `dofile`, `string.dump`). */
  readonly omit?: readonly string[];
  /** When given, only these fields are kept (e.g. the four harmless `os` functions). */
  readonly keep?: readonly string[];
}

const SHAREABLE = new Set([TAG.LCF, TAG.NUMINT, TAG.NUMFLT, TAG.BOOLEAN, TAG.SHRSTR, TAG.LNGSTR]);
const templates = new Map<string, readonly Field[]>();

function fieldName(key: TValue): string {
  return Buffer.from((key.value as TString).realstring).toString('latin1');
}

function makeTemplate(spec: LibrarySpec): readonly Field[] {
  const S = lauxlib.luaL_newstate(); // scratch state: no run attached, nothing accounted
  lua.lua_pushcfunction(S, spec.open);
  lua.lua_call(S, 0, 1);
  const library = valueAt(S, -1).value as Table;
  const fields: Field[] = [];
  for (let e = library.f; e !== undefined; e = e.n) {
    if (e.key.type !== TAG.SHRSTR && e.key.type !== TAG.LNGSTR) throw new Error(`${spec.name}: a non-string field`);
    const name = fieldName(e.key);
    if (spec.omit?.includes(name) || (spec.keep !== undefined && !spec.keep.includes(name))) continue;
    const key = e.key.value as TString;
    hashTString(key);
    if (e.value.type === TAG.TABLE && e.value.value === library) {
      fields.push({ key, keyValue: newTValue(TAG.LNGSTR, key), value: 'self' });
      continue;
    }
    if (!SHAREABLE.has(e.value.type)) throw new Error(`${spec.name}.${name} cannot be copied from a template`);
    fields.push({ key, keyValue: newTValue(TAG.LNGSTR, key), value: newTValue(e.value.type, e.value.value) });
  }
  return fields;
}

/** Fill `t` (a table holding none of these fields yet) with the library's fields. */
export function copyLibrary(L: LuaState, t: Table, spec: LibrarySpec): void {
  let fields = templates.get(spec.name);
  if (fields === undefined) {
    fields = makeTemplate(spec);
    templates.set(spec.name, fields);
  }
  for (const field of fields) {
    const value = field.value === 'self' ? newTValue(TAG.TABLE, t) : newTValue(field.value.type, field.value.value);
    appendNew(t, stringHash(field.key), field.keyValue, value);
  }
  hostHooksOf(L)?.account(fields.length * SIZE.entry); // as fengari's table inserts account for theirs
}
