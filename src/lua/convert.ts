/**
 * Value conversion between Lua and JavaScript. The rules (README, "Values crossing the bridge"):
 *
 * Lua → JS
 * - nil → undefined; booleans → booleans; integers and floats → numbers.
 * - strings → JS strings, decoded as UTF-8. Invalid UTF-8 is refused in strict mode (host-call arguments,
 *   json.encode) and replaced by U+FFFD in lenient mode (a script's result, printing).
 * - a table whose keys are exactly the integers 1..n (n ≥ 1) → an array; any other non-empty table → an
 *   object whose keys are strings (integer keys become their decimal text). `{}` → an empty object.
 * - cycles and nesting deeper than MAX_DEPTH are refused; functions, coroutines and userdata are refused in
 *   strict mode and shown as "<function>" etc. in lenient mode. Metatables are ignored (raw contents),
 *   except that a stand-in (an unknown name, `markStandIn`) is refused in strict mode and shown as
 *   "<what it is>" in lenient mode.
 *
 * JS → Lua
 * - undefined/null → nil; booleans → booleans; strings → strings (UTF-8).
 * - numbers: integers that fit in 32 bits → Lua integers, everything else → Lua floats (fengari's integers
 *   are 32-bit, so phone numbers and ids must travel as strings).
 * - arrays → tables 1..n; plain objects → tables with string keys; nested up to MAX_DEPTH.
 */
import { lua, type LuaState } from 'fengari';
import {
  TAG,
  hashTString,
  isStringTag,
  newTable,
  newTString,
  newTValue,
  pushTValue,
  appendNew,
  stringHash,
  valueAt,
  hostHooksOf,
  type TString,
  type TValue,
  type Table,
} from './internals';
import { IN_HEAP_MAX_BYTES, SIZE } from './memory';

/** Deepest nesting accepted in either direction. */
export const MAX_DEPTH = 64;

export class ConversionError extends Error {
  override readonly name = 'ConversionError';
  constructor(
    message: string,
    /** Path inside the value, e.g. `to[2]` or `parameters.name`; empty at the top. */
    readonly path: string,
  ) {
    super(message);
  }
}

export type ConversionMode = 'strict' | 'lenient';

// ---------------------------------------------------------------------------------------------------------
// Strings

// ignoreBOM: a leading U+FEFF is part of the text (by default TextDecoder drops it: "\u{FEFF}a" became "a").
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decode a Lua string. Short ASCII strings (most keys and values) skip the decoder's native call. */
export function decodeLuaString(bytes: Uint8Array, mode: ConversionMode, path = ''): string {
  const n = bytes.length;
  if (n <= 64) {
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (bytes[i] > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  if (mode === 'lenient') return lenientDecoder.decode(bytes);
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    throw new ConversionError(`contains invalid UTF-8 (${describeBadByte(bytes)})`, path);
  }
}

/**
 * Which byte makes `bytes` invalid: fed one byte at a time to a decoder of its own. (It used to feed growing
 * prefixes in streaming mode to the shared decoder, which counted bytes twice — `"é\xff"` blamed byte 2 —
 * and, after a truncated sequence, left that decoder mid-sequence so that the next valid string was refused.)
 */
function describeBadByte(bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return `byte ${i + 1} is 0x${bytes[i].toString(16).padStart(2, '0')}`;
    }
  }
  return 'truncated sequence at the end';
}

const encoder = new TextEncoder();

/**
 * Encode a JS string as a Lua string. Short ones hand-rolled for ASCII (faster here than TextEncoder or
 * Buffer); longer ones, which have an off-heap buffer anyway, by the native encoder.
 */
export function encodeString(s: string): Uint8Array {
  const n = s.length;
  const out = new Uint8Array(n);
  if (n > IN_HEAP_MAX_BYTES) {
    if (encoder.encodeInto(s, out).read === n) return out; // n UTF-16 units in n bytes: all ASCII
    return new Uint8Array(Buffer.from(s, 'utf8'));
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return new Uint8Array(Buffer.from(s, 'utf8'));
    out[i] = c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Lua → JS

interface ReadState {
  mode: ConversionMode;
  /** Tables on the current path, for cycle detection. */
  path: Table[];
  /**
   * Bytes the JS value may still take (rough: string lengths, 16 per table entry). A table referenced n times
   * is converted n times, so 30 nested `t = {t, t}` would expand to 2^30 values: the budget stops that.
   */
  budget: number;
}

/** The budget when the state has no run (the default memory limit). */
const DEFAULT_READ_BUDGET = 32 * 1024 * 1024;

function overBudget(state: ReadState, path: string): string {
  if (state.mode === 'lenient') return '<too large>';
  throw new ConversionError(
    'is too large to pass to the host (a table referenced from several places counts once per reference)',
    path,
  );
}

function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function describeForeign(tv: TValue): string {
  switch (tv.type & 0x0f) {
    case lua.LUA_TFUNCTION:
      return 'function';
    case lua.LUA_TTHREAD:
      return 'coroutine';
    default:
      return 'userdata';
  }
}

function readValue(tv: TValue, state: ReadState, path: string, depth: number): unknown {
  switch (tv.type) {
    case TAG.NIL:
      return undefined;
    case TAG.BOOLEAN:
      return tv.value as boolean;
    case TAG.NUMINT:
    case TAG.NUMFLT:
      return tv.value as number;
    case TAG.SHRSTR:
    case TAG.LNGSTR:
      if ((state.budget -= (tv.value as TString).realstring.length) < 0) return overBudget(state, path);
      return decodeLuaString((tv.value as TString).realstring, state.mode, path);
    case TAG.TABLE:
      return readTable(tv.value as Table, state, path, depth);
    default: {
      const kind = describeForeign(tv);
      if (state.mode === 'lenient') return `<${kind}>`;
      throw new ConversionError(`is a ${kind}, which cannot be passed to the host`, path);
    }
  }
}

/**
 * Tables that stand for something other than their (empty) contents — an unknown name under
 * `app.integrations` (src/lua/namespace.ts) — with what they are, in words. Without this, `return
 * app.integrations.sinch.sned_sms` gave `{}` and `send_sms{ to = app.integrations.sinch.x }` an empty list.
 */
const standIns = new WeakMap<Table, () => string>();

/**
 * Mark `t` as a stand-in: a result shows `<description>`, and passing it to the host is a ConversionError.
 * `t` must have a metatable (readTable looks only at tables that do).
 */
export function markStandIn(t: Table, describe: () => string): void {
  standIns.set(t, describe);
}

function readTable(t: Table, state: ReadState, path: string, depth: number): unknown {
  // Stand-ins always have a metatable (namespace.ts): a plain argument table skips the lookup.
  const standIn = t.metatable === null ? undefined : standIns.get(t);
  if (standIn !== undefined) {
    if (state.mode === 'lenient') return `<${standIn()}>`;
    throw new ConversionError(`is not a value: ${standIn()}`, path);
  }
  if (depth >= MAX_DEPTH) {
    if (state.mode === 'lenient') return '<too deep>';
    throw new ConversionError(`nests tables deeper than ${MAX_DEPTH} levels`, path);
  }
  if (state.path.includes(t)) {
    if (state.mode === 'lenient') return '<cycle>';
    throw new ConversionError('contains a cycle (a table that contains itself)', path);
  }
  const size = t.strong.size;
  if ((state.budget -= 16 + size * 16) < 0) return overBudget(state, path);
  if (size === 0) return {};

  // An array when the keys are exactly 1..n: n distinct integer keys, all within 1..n.
  let isArray = true;
  for (let e = t.f; e !== undefined; e = e.n) {
    const k = e.key;
    if (k.type !== TAG.NUMINT || k.value < 1 || k.value > size) {
      isArray = false;
      break;
    }
  }

  state.path.push(t);
  try {
    if (isArray) {
      const out = new Array<unknown>(size);
      for (let e = t.f; e !== undefined; e = e.n) {
        const index = e.key.value as number;
        out[index - 1] = readValue(e.value, state, path === '' ? `[${index}]` : `${path}[${index}]`, depth + 1);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    const lenient = state.mode === 'lenient';
    for (let e = t.f; e !== undefined; e = e.n) {
      const k = e.key;
      let key: string;
      if (k.type === TAG.NUMINT) {
        key = String(k.value);
      } else {
        key = readKey(k, state, path);
        // Two Lua keys become one JS key only when an integer meets its decimal text (`[1]` and `["1"]`;
        // `[1.0]` is the integer key 1 in Lua already), and `__proto__` must not be assigned. A key that
        // starts with a letter (most of them) is neither, unless lenient, where keys that are not strings
        // are shown as text too (`[true]`, `[1.5]`) and invalid UTF-8 as U+FFFD: then every key is checked.
        const c = key.charCodeAt(0);
        if (!lenient && (c >= 97 || (c >= 65 && c <= 90))) {
          out[key] = readValue(e.value, state, joinPath(path, key), depth + 1);
          continue;
        }
      }
      if (Object.prototype.hasOwnProperty.call(out, key)) key = collision(out, t, k, key, state, path);
      setField(out, key, readValue(e.value, state, joinPath(path, key), depth + 1));
    }
    return out;
  } finally {
    state.path.pop();
  }
}

/** `out[key] = value` where `__proto__` is an own field like any other (assigning it would set the prototype). */
export function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** How a key is written in Lua source: `[1]`, `["1"]`, `[true]`. */
function luaKeyText(k: TValue, key: string): string {
  if (isStringTag(k.type)) return `[${JSON.stringify(key)}]`;
  return `[${key}]`;
}

/**
 * Two keys of one table that would be the same JS field (`{[1] = "a", ["1"] = "b"}`, issue #10): refused in
 * strict mode, naming both keys; in lenient mode (results, dump) the later one is shown as it is written in
 * Lua (`["1"]`), so that nothing is silently lost from what a script returns.
 */
function collision(out: object, t: Table, k: TValue, key: string, state: ReadState, path: string): string {
  if (state.mode === 'lenient') {
    const shown = luaKeyText(k, key);
    let name = shown;
    for (let n = 2; Object.prototype.hasOwnProperty.call(out, name); n++) name = `${shown} #${n}`;
    return name;
  }
  let other = '';
  // The other key is an earlier entry (each key is read once, in table order).
  for (let e = t.f; e !== undefined && e.key !== k; e = e.n) {
    if ((e.key.type === TAG.NUMINT ? String(e.key.value) : readKey(e.key, state, path)) === key) {
      other = luaKeyText(e.key, key);
      break;
    }
  }
  const [first, second] = k.type === TAG.NUMINT ? [luaKeyText(k, key), other] : [other, luaKeyText(k, key)];
  throw new ConversionError(
    `has both the key ${first} and the key ${second}, which would be the same field ("${key}": integer keys ` +
      'become text); keep only one of them',
    path,
  );
}

function readKey(k: TValue, state: ReadState, path: string): string {
  if (isStringTag(k.type)) return decodeLuaString((k.value as TString).realstring, state.mode, path);
  if (k.type === TAG.NUMINT) return String(k.value);
  if (state.mode === 'lenient') {
    if (k.type === TAG.NUMFLT || k.type === TAG.BOOLEAN) return String(k.value);
    return `<${describeForeign(k)} key>`;
  }
  const what = k.type === TAG.NUMFLT ? `the number ${k.value}` : k.type === TAG.BOOLEAN ? 'a boolean' : 'a table';
  throw new ConversionError(`has a key that is ${what}; only string and integer keys can be passed`, path);
}

/**
 * Read the Lua value at a stack index as a JS value. Throws ConversionError in strict mode. `budget` bounds
 * the JS value's size (default: the run's memory limit).
 */
export function luaToJs(L: LuaState, idx: number, mode: ConversionMode = 'strict', path = '', budget?: number): unknown {
  budget ??= hostHooksOf(L)?.maxStringBytes ?? DEFAULT_READ_BUDGET;
  return readValue(valueAt(L, idx), { mode, path: [], budget }, path, 0);
}

// ---------------------------------------------------------------------------------------------------------
// JS → Lua

/**
 * Object keys repeat across every response (`id`, `created_at`, ...): keep their Lua strings, with the
 * table hash precomputed, and share them across states (TStrings are immutable and state-free).
 */
const keyCache = new Map<string, TValue>();
const KEY_CACHE_LIMIT = 4096;

/** A Lua string for a field name, with its table hash computed, shared by every state. */
export function internKey(L: LuaState, key: string): TString {
  return keyValue(L, key).value as TString;
}

/**
 * The same as a table key: one TValue shared by the entries of every table in every state. fengari never
 * changes an entry's key in place (the patch replaces a deleted entry's key instead of marking it dead in
 * place: patches/fengari+0.1.5.patch, ltable.js), so a key TValue can be shared; values cannot (a script's
 * assignment changes the entry's value TValue in place).
 */
export function keyValue(L: LuaState, key: string): TValue {
  let tv = keyCache.get(key);
  if (tv === undefined) {
    const ts = newTString(L, encodeString(key));
    hashTString(ts);
    tv = newTValue(TAG.LNGSTR, ts);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(key, tv);
  }
  return tv;
}

const NIL: TValue = newTValue(TAG.NIL, null);

/** Integer keys 1..INT_KEYS.length of list tables, shared like field names (keyValue). */
const INT_KEYS: readonly TValue[] = Array.from({ length: 1024 }, (_, i) => newTValue(TAG.NUMINT, i + 1));

function intKey(i: number): TValue {
  return i <= INT_KEYS.length ? INT_KEYS[i - 1] : newTValue(TAG.NUMINT, i);
}

/**
 * One conversion from JS. It creates everything at once, inside one VM step, and all of it is live: count it
 * and let the run's memory limit refuse a value too big to hold (e.g. json.decode of a huge array), instead
 * of only noticing after the whole value exists.
 */
interface Conversion {
  readonly L: LuaState;
  /** Objects on the current path, for cycle detection. */
  readonly seen: object[];
  /**
   * Short Lua strings made so far. Values repeat within a response (phone numbers, types, statuses,
   * timestamps): they share one immutable Lua string instead of each getting its own byte array.
   */
  readonly strings: Map<string, TString>;
  bytes: number;
  nextCheck: number;
  /** Where strings of SLAB_MIN..SLAB_MAX characters get their bytes (slabString); null before the first one. */
  slab: Uint8Array | undefined | null;
  slabUsed: number;
}
const CHECK_EVERY_BYTES = 256 * 1024;

/**
 * Strings that would each get an off-heap buffer of their own (message bodies, long references) share one
 * per conversion instead: one allocation for a page's 30 bodies instead of 30. A string kept by the script
 * keeps its whole slab alive, and the memory accounting counts exactly that — the slab, once, for all the
 * strings of it that are reachable (src/lua/memory.ts) — so a script keeping one body of each page is charged
 * for what it really holds. The first such string of a conversion gets its own buffer (a result with one body,
 * a sent batch, pays no slab); so do strings over SLAB_MAX characters (up to 3 bytes each in UTF-8).
 */
export const SLAB_BYTES = 4096;
const SLAB_MIN = IN_HEAP_MAX_BYTES + 1;
const SLAB_MAX = SLAB_BYTES / 4;

function slabString(c: Conversion, s: string): Uint8Array {
  let slab = c.slab;
  if (slab === null) {
    c.slab = undefined; // the next one starts a slab
    spend(c, s.length);
    return encodeString(s);
  }
  if (slab !== undefined) {
    const r = encoder.encodeInto(s, slab.subarray(c.slabUsed));
    if (r.read === s.length) return slab.subarray(c.slabUsed, (c.slabUsed += r.written));
  }
  // No slab yet, or not enough room left in it: a new one (a string of SLAB_MAX characters always fits).
  spend(c, SLAB_BYTES);
  slab = c.slab = new Uint8Array(SLAB_BYTES);
  const written = encoder.encodeInto(s, slab).written;
  c.slabUsed = written;
  return slab.subarray(0, written);
}

function spend(c: Conversion, bytes: number): void {
  c.bytes += bytes;
  if (c.bytes < c.nextCheck) return;
  c.nextCheck = c.bytes + CHECK_EVERY_BYTES;
  hostHooksOf(c.L)?.checkConversion(c.L, c.bytes);
}

/**
 * Longer strings (ids, bodies, references, timestamps) rarely repeat, and hashing them for the lookup and
 * growing the map cost more than they save. 16 characters keeps every phone number (15 digits and a `+`),
 * type and status shared and leaves out ISO timestamps (24), unique to the millisecond: a 30-batch page took
 * ~5 µs less than at 24 (issue #14; docs/performance.md, "After the SMS-job merge: send_sms and
 * list_batches").
 */
const SHARED_STRING_MAX = 16;

function makeString(c: Conversion, value: string): TValue {
  const n = value.length;
  if (n > SHARED_STRING_MAX) {
    if (n >= SLAB_MIN && n <= SLAB_MAX) {
      spend(c, SIZE.string);
      return newTValue(TAG.LNGSTR, newTString(c.L, slabString(c, value)));
    }
    spend(c, n + SIZE.string);
    return newTValue(TAG.LNGSTR, newTString(c.L, encodeString(value)));
  }
  let ts = c.strings.get(value);
  if (ts === undefined) {
    spend(c, value.length + SIZE.string);
    ts = newTString(c.L, encodeString(value));
    c.strings.set(value, ts);
  }
  return newTValue(TAG.LNGSTR, ts);
}

function makeValue(c: Conversion, value: unknown, depth: number): TValue {
  switch (typeof value) {
    case 'string':
      return makeString(c, value);
    case 'number':
      // Lua integers are 32-bit in fengari: only those become integers.
      return (value | 0) === value && !Object.is(value, -0)
        ? newTValue(TAG.NUMINT, value)
        : newTValue(TAG.NUMFLT, value);
    case 'boolean':
      return newTValue(TAG.BOOLEAN, value);
    case 'undefined':
      return NIL;
    case 'bigint':
      return makeString(c, value.toString());
    case 'object': {
      if (value === null) return NIL;
      if (value instanceof Date) return makeString(c, value.toISOString());
      return newTValue(TAG.TABLE, makeTable(c, value, depth));
    }
    default:
      throw new ConversionError(`cannot convert a ${typeof value} to Lua`, '');
  }
}

function makeTable(c: Conversion, value: object, depth: number): Table {
  if (depth >= MAX_DEPTH) throw new ConversionError(`value nests deeper than ${MAX_DEPTH} levels`, '');
  if (c.seen.includes(value)) throw new ConversionError('value contains a cycle', '');
  c.seen.push(value);
  // A new table with distinct keys: entries are appended directly (internals.ts, appendNew), which is most
  // of the cost of converting a list page saved; the memory they take is accounted once per table below.
  const L = c.L;
  const t = newTable(L);
  let entries = 0;
  if (Array.isArray(value)) {
    const n = value.length;
    spend(c, SIZE.table + n * SIZE.entry);
    for (let i = 0; i < n; i++) {
      const tv = makeValue(c, value[i], depth + 1);
      if (tv === NIL) continue;
      appendNew(t, i + 1, intKey(i + 1), tv);
      entries++;
    }
  } else {
    // Own enumerable string keys, in the same order as for-in with a hasOwnProperty check.
    const keys = Object.keys(value);
    spend(c, SIZE.table + keys.length * SIZE.entry);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const tv = makeValue(c, (value as Record<string, unknown>)[key], depth + 1);
      if (tv === NIL) continue;
      const k = keyValue(L, key);
      appendNew(t, stringHash(k.value as TString), k, tv);
      // Distinct JS keys are distinct Lua keys, except keys with unpaired surrogates (from JSON escapes such
      // as "\ud800"), which both become U+FFFD in UTF-8: appendNew would then leave the table inconsistent.
      if (t.strong.size !== ++entries) throw new ConversionError(`has two keys that are the same text in UTF-8 (${JSON.stringify(key)}: unpaired surrogates become U+FFFD)`, '');
    }
  }
  if (entries > 0) hostHooksOf(L)?.account(entries * SIZE.entry);
  c.seen.pop();
  return t;
}

/** Push a JS value onto L's stack as one Lua value. */
export function pushJs(L: LuaState, value: unknown): void {
  const tv = makeValue({ L, seen: [], strings: new Map(), bytes: 0, nextCheck: CHECK_EVERY_BYTES, slab: null, slabUsed: 0 }, value, 0);
  if (!lua.lua_checkstack(L, 1)) throw new ConversionError('Lua stack overflow', '');
  pushTValue(L, tv);
}
