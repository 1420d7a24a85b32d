import { blocksStarted } from './fake-integration';
import { run } from './helpers';

// The driver starts a host call only after the script has yielded (src/lua/bridge.ts, runtime.ts).
describe('host calls started by the driver', () => {
  it('never starts a call the run has already ended before, and logs it as failed', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const started = blocksStarted.count;
    const result = await run('return app.integrations.fake.block({ ms = 500 })', { signal: aborted.signal });
    expect(result.error?.code).toBe('cancelled');
    expect(blocksStarted.count).toBe(started); // its handler never ran
    expect(result.integration_calls).toMatchObject([{ function: 'fake_block', status: 'error', error: { code: 'cancelled' } }]);
  });

  it('gives each call its own result when calls follow one another', async () => {
    const script = `local out = {}
      for i = 1, 20 do out[i] = app.integrations.fake.echo({ value = i }).value end
      return out`;
    const result = await run(script);
    expect(result.result).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(result.integration_calls).toHaveLength(20);
  });
});

// A host call made straight from the VM loop yields by returning through fengari's frames; one made from
// anywhere else unwinds by an exception (patches/fengari+0.1.5.patch, "fast yield"; docs/fengari.md). Both
// must resume the script exactly where it was.
describe('host calls from every kind of call site', () => {
  const echo = 'app.integrations.fake.echo';

  it('returns the result to a plain call, a tail call and a call in an expression', async () => {
    const script = `local function tail(v) return ${echo}({ value = v }) end
      local a = ${echo}({ value = 1 }).value
      local b = tail(2).value
      local c = ${echo}({ value = 3 }).value + ${echo}({ value = 4 }).value
      return { a, b, c }`;
    expect((await run(script)).result).toEqual([1, 2, 7]);
  });

  it('returns the result inside pcall, xpcall, a for-in iterator, an __index function and a loaded chunk', async () => {
    const script = `local out = {}
      local ok, r = pcall(${echo}, { value = "pcall" }); out[#out + 1] = r.value
      ok, r = xpcall(function() return ${echo}({ value = "xpcall" }) end, function(m) return m end); out[#out + 1] = r.value
      local function iter(_, i) if i < 2 then return i + 1, ${echo}({ value = "for" .. (i + 1) }).value end end
      for _, v in iter, nil, 0 do out[#out + 1] = v end
      local lazy = setmetatable({}, { __index = function(_, k) return ${echo}({ value = k }).value end })
      out[#out + 1] = lazy.index
      out[#out + 1] = load("return ${echo}({ value = 'load' }).value")()
      return out`;
    expect((await run(script)).result).toEqual(['pcall', 'xpcall', 'for1', 'for2', 'index', 'load']);
  });

  it('goes on yielding after an error was caught, and after a fairness pause of the instruction hook', async () => {
    const script = `local ok = pcall(error, "boom")
      local a = ${echo}({ value = "after error" }).value
      local t0, x = os.clock(), 0
      while os.clock() - t0 < 0.05 do x = x + 1 end -- longer than one fairness slice
      local b = ${echo}({ value = "after pause" }).value
      return { ok, a, b }`;
    expect((await run(script)).result).toEqual([false, 'after error', 'after pause']);
  });

  it('raises a failed call at its line wherever it was made from', async () => {
    const script = `local ok, e = pcall(function() return app.integrations.fake.fail({ code = "not_found" }) end)
      local direct = app.integrations.fake.fail({ code = "not_found" })`;
    const result = await run(script);
    expect(result.error?.line).toBe(2);
    expect(result.integration_calls).toHaveLength(2);
  });

  it('still refuses coroutine.yield at the top level of the script', async () => {
    const result = await run('coroutine.yield(1)');
    expect(result.error?.code).toBe('runtime_error');
    expect(result.error?.message).toMatch(/coroutine\.yield\(\) was called outside any coroutine/);
  });

  it('lets a user coroutine yield to its resume, before and after host calls', async () => {
    const script = `local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
      local first = co(1)
      local v = ${echo}({ value = 5 }).value
      return { first, co(v) }`;
    expect((await run(script)).result).toEqual([2, 10]);
  });
});
