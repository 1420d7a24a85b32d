/**
 * How much memory a Lua state holds: a walk over everything reachable from its roots (registry, basic-type
 * metatables, main thread), summing estimated sizes.
 *
 * fengari has no allocator hook (docs/fengari.md), and a V8 heap is shared by every state in the process,
 * so the per-run memory cap is enforced by accounting instead: the patched fengari reports allocations
 * (strings, table entries, stack growth) to the run (run-state.ts); when the allocations since the last
 * measurement could have crossed the limit, this walk measures what is really live. Garbage is not
 * reachable, so no GC is needed. Cost is proportional to the live set; measurements happen at most once per
 * `limit / 16` bytes allocated, so the amortised cost per allocated byte is constant.
 *
 * Sizes are estimates of V8's representation (flagged approximations), not exact byte counts.
 */
import { TAG, type StateInternals, type TString, type TValue, type Table } from './internals';

/**
 * Estimated bytes per object kind: what V8 (Node 20, x64) holds for each, measured by building 100k of them
 * in one state and comparing heapUsed after a full GC (test/reliability/memory-accounting.test.ts keeps the
 * estimate within a factor of two of that). fengari objects are far bigger than C Lua's: a table entry is a
 * Map slot, an entry object and two TValues; every string is a TString plus its own Uint8Array and
 * ArrayBuffer. So the same data costs more here than under KosmoKrator's C Lua.
 */
export const SIZE = {
  string: 250, // TString + Uint8Array + ArrayBuffer objects; plus the bytes themselves (off-heap)
  table: 290, // Table object + its Map (the dead-key Map is created only when a key is deleted: the patch)
  entry: 175, // Map slot + entry object + key/value TValues
  closure: 130, // LClosure
  upvalue: 40, // one captured variable (a TValue), per closure
  proto: 200,
  instruction: 16,
  stackSlot: 16, // per allocated slot of a thread's stack (array element; empty slots are holes)
  stackValue: 32, // per slot in use (the TValue object in it)
  callInfo: 200, // one call frame
  thread: 400,
} as const;

/**
 * Typed arrays up to this many bytes live in V8's heap (V8_TYPED_ARRAY_MAX_SIZE_IN_HEAP); a longer one gets
 * its own off-heap backing store, which costs ~0.4–2 µs to allocate here against ~50 ns for a short one.
 */
export const IN_HEAP_MAX_BYTES = 64;

interface ProtoInternals {
  k: TValue[];
  p: ProtoInternals[];
  code: unknown[];
}

interface LClosureInternals {
  p: ProtoInternals;
  upvals: Array<TValue | undefined>;
}

interface CClosureInternals {
  upvalue: TValue[];
}

interface UdataInternals {
  metatable: Table | null;
  uservalue: TValue;
}

interface ThreadInternals {
  base_ci: { next: unknown | null };
}

interface GlobalInternals {
  l_registry: TValue;
  mt: Array<Table | null | undefined>;
  mainthread: StateInternals;
}

/** Bytes reachable from the state's roots. */
export function measureReachable(L: unknown): number {
  const g = (L as StateInternals).l_G as unknown as GlobalInternals;
  const seen = new Set<object>();
  const work: TValue[] = [g.l_registry];
  let bytes = 0;

  const visitTable = (t: Table) => {
    if (seen.has(t)) return;
    seen.add(t);
    bytes += SIZE.table + t.strong.size * SIZE.entry;
    if (t.metatable) visitTable(t.metatable);
    for (let e = t.f; e !== undefined; e = e.n) {
      work.push(e.key);
      work.push(e.value);
    }
  };
  const visitProto = (p: ProtoInternals) => {
    if (seen.has(p)) return;
    seen.add(p);
    bytes += SIZE.proto + p.code.length * SIZE.instruction;
    for (const k of p.k) work.push(k);
    for (const child of p.p) visitProto(child);
  };
  const visitThread = (s: StateInternals) => {
    if (seen.has(s)) return;
    seen.add(s);
    bytes += SIZE.thread + s.stack.length * SIZE.stackSlot + s.top * SIZE.stackValue;
    // Call frames, including ones kept for reuse after returning (fengari frees them only on errors).
    for (let ci = (s as unknown as ThreadInternals).base_ci.next; ci; ci = (ci as { next: unknown | null }).next) bytes += SIZE.callInfo;
    for (let i = 0; i < s.top; i++) if (s.stack[i] !== undefined) work.push(s.stack[i]);
  };

  for (const mt of g.mt) if (mt) visitTable(mt);
  visitThread(g.mainthread);

  while (work.length > 0) {
    const tv = work.pop()!;
    const v = tv.value;
    switch (tv.type) {
      case TAG.SHRSTR:
      case TAG.LNGSTR:
        if (!seen.has(v)) {
          seen.add(v);
          const bytesOf = (v as TString).realstring;
          bytes += SIZE.string;
          // A string carved from a conversion's slab (convert.ts, slabString) holds the whole slab: count the slab,
          // once. (Only off-heap arrays are checked: reading `.buffer` of an in-heap one would move it off-heap.)
          if (bytesOf.length > IN_HEAP_MAX_BYTES && bytesOf.buffer.byteLength !== bytesOf.length) {
            const slab = bytesOf.buffer;
            if (!seen.has(slab)) {
              seen.add(slab);
              bytes += slab.byteLength;
            }
          } else {
            bytes += bytesOf.length;
          }
        }
        break;
      case TAG.TABLE:
        visitTable(v as Table);
        break;
      case TAG.LCL:
        if (!seen.has(v)) {
          seen.add(v);
          const cl = v as LClosureInternals;
          bytes += SIZE.closure + cl.upvals.length * SIZE.upvalue;
          for (const up of cl.upvals) if (up) work.push(up);
          if (cl.p) visitProto(cl.p);
        }
        break;
      case TAG.CCL:
        if (!seen.has(v)) {
          seen.add(v);
          const cl = v as CClosureInternals;
          bytes += SIZE.closure + cl.upvalue.length * SIZE.upvalue;
          for (const up of cl.upvalue) work.push(up);
        }
        break;
      case TAG.THREAD:
        visitThread(v as StateInternals);
        break;
      case TAG.USERDATA:
        if (!seen.has(v)) {
          seen.add(v);
          const u = v as UdataInternals;
          bytes += SIZE.closure;
          if (u.metatable) visitTable(u.metatable);
          work.push(u.uservalue);
        }
        break;
      default:
        break; // nil, booleans, numbers, light C functions, light userdata: no separate memory
    }
  }
  return bytes;
}
