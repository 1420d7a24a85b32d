/**
 * The memory limit counts what a script really holds: the reachability walk (src/lua/memory.ts) against the
 * V8 heap a state takes, for each kind of data a script can pile up; and where the limit stops a script.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { lauxlib, lua, to_luastring } from 'fengari';
import { RunContext } from '../../src/integration/run-context';
import { SLAB_BYTES, pushJs } from '../../src/lua/convert';
import { SIZE, measureReachable } from '../../src/lua/memory';
import { DEFAULT_LIMITS, RunState } from '../../src/lua/run-state';
import { createSandbox } from '../../src/lua/sandbox';
import { makeHost, run } from '../lua/helpers';
import { REPORTING, table, writeFigures } from './support';

v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc') as () => void;
/** Several passes: garbage of an earlier measurement may take more than one to go. */
const gc = () => {
  for (let i = 0; i < 4; i++) fullGc();
};

const N = 50_000;
const SHAPES: ReadonlyArray<readonly [string, string]> = [
  ['an array of integers', `for i = 1, ${N} do t[i] = i end`],
  ['short strings', `for i = 1, ${N} do t[i] = "k" .. i end`],
  ['string keys', `for i = 1, ${N} do t["k" .. i] = i end`],
  ['empty tables', `for i = 1, ${N} do t[i] = {} end`],
  ['small records', `for i = 1, ${N / 5} do t[i] = { id = i, name = "n" .. i, ok = true } end`],
  ['closures', `for i = 1, ${N} do t[i] = function() return i end end`],
  ['coroutines', `for i = 1, ${N / 10} do t[i] = coroutine.create(print) end`],
  ['deep recursion', `local function f(n) if n == 0 then mark() return 0 end return 1 + f(n - 1) end f(${N / 5}) do return end`],
];

/**
 * Waits until collecting garbage no longer changes the heap (V8 sweeps concurrently, after a collection
 * returns): a condition, not a fixed pause, so a loaded machine's slower sweeping is waited for too.
 */
async function heapSettled(): Promise<void> {
  let last = Number.NaN;
  for (let i = 0; i < 200; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = process.memoryUsage().heapUsed;
    if (Math.abs(now - last) < 64 * 1024) return;
    last = now;
  }
}

/** V8 heap and estimated bytes added by `body`, measured inside the running script (`mark()`). */
async function measure(body: string): Promise<{ heap: number; estimate: number }> {
  const host = makeHost();
  const state = new RunState({ ...DEFAULT_LIMITS, memoryLimitBytes: 2 ** 30 }, new RunContext(), host.docs);
  const L = createSandbox(state, host.lua.layout);
  let base = 0;
  let base0 = 0;
  let heap = 0;
  let estimate = 0;
  lua.lua_pushcfunction(L, (L2) => {
    gc();
    heap = process.memoryUsage().heapUsed - base;
    estimate = measureReachable(L2) - base0;
    return 0;
  });
  lua.lua_setglobal(L, 'mark');
  // Earlier measurements' garbage must be gone first: V8 sweeps concurrently, after the collection returns.
  await heapSettled();
  gc();
  base = process.memoryUsage().heapUsed;
  base0 = measureReachable(L);
  if (lauxlib.luaL_loadbufferx(L, to_luastring(`local t = {} ${body} mark() return t`), null, '=shape', 't') !== lua.LUA_OK) throw new Error('syntax');
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) throw new Error(String(lua.lua_tojsstring(L, -1)));
  return { heap, estimate };
}

const figures: Array<[string, string, string, string]> = [];

afterAll(async () => {
  if (REPORTING && figures.length === SHAPES.length) {
    await writeFigures(
      'memory',
      `V8 heap held vs the limit's estimate, ${N} items of each kind (\`test/reliability/memory-accounting.test.ts\`):\n\n` +
        table(['data', 'V8 heap (MB)', 'estimate (MB)', 'heap / estimate'], figures),
    );
  }
});

describe('the memory estimate', () => {
  it.each(SHAPES)('is within a factor of two of the V8 heap for %s', async (name, body) => {
    const { heap, estimate } = await measure(body);
    figures.push([name, (heap / 1e6).toFixed(1), (estimate / 1e6).toFixed(1), (heap / estimate).toFixed(2)]);
    expect(heap / estimate).toBeGreaterThan(0.5);
    expect(heap / estimate).toBeLessThan(2);
  });
});

describe('the memory limit', () => {
  const LIMIT = 4 * 1024 * 1024;
  /** What a script may allocate between two checks: 1000 VM instructions (the hook interval) of table constructors. */
  const BETWEEN_CHECKS = 1000 * (SIZE.table + SIZE.entry);

  it.each([
    ['tables', 'local t = {} for i = 1, 1e7 do t[i] = {} end'],
    ['strings', 'local t = {} for i = 1, 1e7 do t[i] = "x" .. i end'],
    ['closures', 'local t = {} for i = 1, 1e7 do t[i] = function() return i end end'],
  ])('stops a script piling up %s within limit/16 of the limit (plus one hook interval)', async (_name, script) => {
    const result = await run(script, { limits: { memoryLimitBytes: LIMIT, timeoutMs: 20_000 } });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', limit: 'memory' });
    const live = Number(/about (\d+) bytes of live data/.exec(result.error!.message)?.[1]);
    expect(live).toBeGreaterThan(LIMIT);
    expect(live).toBeLessThan(LIMIT + LIMIT / 16 + BETWEEN_CHECKS);
  });

  it('stops a single string over the limit before it is allocated', async () => {
    const result = await run('local s = ("x"):rep(1024 * 1024) return s .. s .. s .. s .. s', { limits: { memoryLimitBytes: LIMIT } });
    expect(result.error?.message).toMatch(/a string of 5242880 bytes/);
  });
});

describe('strings of a converted result that share a slab (src/lua/convert.ts, slabString)', () => {
  function stateWithGlobals(): ReturnType<typeof createSandbox> {
    const host = makeHost();
    return createSandbox(new RunState(DEFAULT_LIMITS, new RunContext(), host.docs), host.lua.layout);
  }
  const body = (i: number) => `message ${i}: `.padEnd(100, 'x');

  it('counts the whole slab once when the script keeps one of its strings', () => {
    const L = stateWithGlobals();
    const before = measureReachable(L);
    pushJs(L, { batches: Array.from({ length: 30 }, (_, i) => ({ body: body(i) })) });
    lua.lua_setglobal(L, 'page');
    const withPage = measureReachable(L) - before;
    // Keep one body, drop the page: what stays reachable holds the whole slab.
    if (lauxlib.luaL_loadbufferx(L, to_luastring('kept = page.batches[7].body page = nil'), null, '=keep', 't') !== lua.LUA_OK) throw new Error('chunk');
    lua.lua_call(L, 0, 0);
    const kept = measureReachable(L) - before;
    expect(kept).toBeGreaterThanOrEqual(SLAB_BYTES);
    expect(kept).toBeLessThan(SLAB_BYTES + 2 * SIZE.string + 200);
    expect(withPage).toBeGreaterThan(30 * SIZE.string + SLAB_BYTES);
    lua.lua_getglobal(L, 'kept');
    expect(lua.lua_tojsstring(L, -1)).toBe(body(6)); // Lua lists are 1-based
  });

  it('counts each slab that a kept string comes from', () => {
    const L = stateWithGlobals();
    const before = measureReachable(L);
    for (let page = 0; page < 5; page++) {
      // The first long string of a conversion gets a buffer of its own; the second starts a slab.
      pushJs(L, { first: body(page), body: body(page + 10) });
      lua.lua_getfield(L, -1, 'body');
      lua.lua_setglobal(L, `kept${page}`);
      lua.lua_pop(L, 1);
    }
    expect(measureReachable(L) - before).toBeGreaterThanOrEqual(5 * SLAB_BYTES);
  });

  it('gives the only long string of a result a buffer of its own (nothing more is held)', () => {
    const L = stateWithGlobals();
    const before = measureReachable(L);
    pushJs(L, { id: 'b-1', body: body(1) });
    lua.lua_getfield(L, -1, 'body');
    lua.lua_setglobal(L, 'kept');
    lua.lua_pop(L, 1);
    expect(measureReachable(L) - before).toBeLessThan(SLAB_BYTES / 4); // the string and a global's entry, no slab
  });
});
