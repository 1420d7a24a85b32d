import { run, value } from './helpers';

const quick = { limits: { timeoutMs: 200 } };

describe('limits', () => {
  it('ends an infinite loop with timeout', async () => {
    const result = await run('while true do end', quick);
    expect(result.error).toMatchObject({ code: 'timeout', line: 1 });
  });

  it('ends an infinite loop inside pcall with timeout: pcall cannot swallow it', async () => {
    const result = await run('local ok = pcall(function() while true do end end) print("survived") while true do end', quick);
    expect(result.error?.code).toBe('timeout');
    expect(result.output).toBe('');
  });

  it('ends a loop in an xpcall message handler', async () => {
    const result = await run('xpcall(function() while true do end end, function() while true do end end)', quick);
    expect(result.error?.code).toBe('timeout');
  });

  it('ends a loop that keeps catching errors in an xpcall handler chain', async () => {
    const result = await run('while true do xpcall(function() while true do end end, function(e) return e end) end', quick);
    expect(result.error?.code).toBe('timeout');
  });

  it('ends a loop inside a coroutine, and coroutine.resume cannot swallow it', async () => {
    const result = await run('local co = coroutine.create(function() while true do end end) print(coroutine.resume(co)) while true do end', quick);
    expect(result.error?.code).toBe('timeout');
    expect(result.output).toBe('');
  });

  it('ends a loop inside a load reader', async () => {
    const result = await run('while true do load(function() while true do end end) end', quick);
    expect(result.error?.code).toBe('timeout');
  });

  it('ends a loop in a __tostring metamethod called by print', async () => {
    const result = await run('print(setmetatable({}, { __tostring = function() while true do end end }))', quick);
    expect(result.error?.code).toBe('timeout');
  });

  it('enforces the instruction budget', async () => {
    const result = await run('local i = 0 while true do i = i + 1 end', { limits: { maxInstructions: 100_000 } });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', limit: 'instructions' });
  });

  it('keeps output up to the cap and then ends the run with limit_exceeded', async () => {
    const result = await run('for i = 1, 1000 do print(("x"):rep(99)) end', { limits: { maxOutputBytes: 1000 } });
    expect(result.error).toMatchObject({ code: 'limit_exceeded', limit: 'output' });
    expect(Buffer.byteLength(result.output)).toBe(1000);
  });

  it('ends a host call that outlives the deadline with timeout, and records it', async () => {
    const result = await run('app.integrations.fake.echo({ value = 1, delay_ms = 10000 })', quick);
    expect(result.error?.code).toBe('timeout');
    // Aborted at the deadline (the call's record says so), not waited for: it would have ended ok after 10 s.
    expect(result.integration_calls).toMatchObject([{ function: 'fake_echo', status: 'error', error: { code: 'timeout' } }]);
    expect(result.execution_time_ms).toBeLessThan(10_000);
  });

  it('ends a run when its signal aborts, with cancelled (not a timeout: the run did not run out of time)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await run('while true do end', { signal: controller.signal });
    expect(result.error?.code).toBe('cancelled');
  });

  it('does not let a busy script starve another script in the same process', async () => {
    // The busy script runs until it is stopped: had it kept the thread, the other could never finish while
    // it runs, however fast the machine. (How much it waits is a matter for npm run bench, not a test.)
    const stop = new AbortController();
    let busyEnded = false;
    const busy = run('while true do end', { signal: stop.signal, limits: { timeoutMs: 120_000 } }).finally(() => (busyEnded = true));
    const light = await value(`
      for i = 1, 10 do app.integrations.fake.echo({ value = i, delay_ms = 10 }) end
      return "done"
    `);
    expect([light, busyEnded]).toEqual(['done', false]);
    stop.abort();
    expect((await busy).error?.code).toBe('cancelled');
  });
});

describe('what cannot yield', () => {
  const cases: Array<[string, string]> = [
    ['a table.sort comparator', 'table.sort({3, 2, 1}, function(a, b) app.integrations.fake.echo({}) return a < b end)'],
    ['a string.gsub callback', 'string.gsub("abc", "%w", function(c) app.integrations.fake.echo({}) end)'],
    ['a __tostring metamethod', 'tostring(setmetatable({}, { __tostring = function() app.integrations.fake.echo({}) return "" end }))'],
  ];
  it.each(cases)('refuses a host call from %s with a clean Lua error', async (_name, code) => {
    const result = await run(code);
    expect(result.error?.code).toBe('runtime_error');
    expect(result.error?.message).toMatch(/cannot be called from here/);
  });

  it('refuses a host call from inside a user coroutine', async () => {
    const result = await value(`
      local co = coroutine.create(function() return app.integrations.fake.echo({}) end)
      local ok, err = coroutine.resume(co)
      return { ok, err.code, err.message }
    `);
    expect(result).toEqual([false, 'runtime_error', expect.stringMatching(/from inside a coroutine/)]);
  });

  it('allows host calls from __index metamethods and generic for iterators, which can yield', async () => {
    const result = await value(`
      local lazy = setmetatable({}, { __index = function(_, k) return app.integrations.fake.echo({ value = k }).value end })
      local n = 0
      for v in function(_, last) if (last or 0) < 3 then return app.integrations.fake.echo({ value = (last or 0) + 1 }).value end end do n = n + v end
      return { lazy.hello, n }
    `);
    expect(result).toEqual(['hello', 6]);
  });

  it('ends the run when the script calls coroutine.yield at the top level', async () => {
    const result = await run('coroutine.yield(1)');
    expect(result.error?.message).toMatch(/coroutine.yield\(\) was called outside any coroutine/);
  });

  it('keeps user coroutines working for plain Lua', async () => {
    expect(await value('local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) return { co(), co(), co() }')).toEqual([1, 2, 3]);
  });
});
