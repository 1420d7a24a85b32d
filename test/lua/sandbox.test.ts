import { run, value } from './helpers';

describe('the sandbox', () => {
  const absent = [
    'io', 'package', 'require', 'debug', 'dofile', 'loadfile', 'collectgarbage', 'module', 'js', 'fengari',
    'os.exit', 'os.getenv', 'os.execute', 'os.remove', 'os.rename', 'os.tmpname', 'os.setlocale', 'string.dump',
  ];
  it.each(absent)('has no %s', async (name) => {
    expect(await value(`return ${name} == nil`)).toBe(true);
  });

  it('keeps base, table, string, math, utf8 and coroutine', async () => {
    const result = await value(`
      return { type(print), type(table.concat), type(string.format), type(math.floor), type(utf8.char),
               type(coroutine.create), type(pcall), type(load), type(select), type(setmetatable) }
    `);
    expect(result).toEqual(Array(10).fill('function'));
  });

  it('offers os.time, os.clock, os.date and os.difftime only', async () => {
    const names = await value('local n = {} for k in pairs(os) do n[#n+1] = k end table.sort(n) return n');
    expect(names).toEqual(['clock', 'date', 'difftime', 'time']);
  });

  it('refuses binary chunks in load, whatever mode the script asks for', async () => {
    const result = await value('local f, err = load("\\27Lua\\83\\0", "x", "b") return { f == nil, err }');
    expect(result).toEqual([true, "attempt to load a binary chunk (mode is 't')"]);
  });

  it('still compiles text chunks with load, with an environment', async () => {
    expect(await value('local f = load("return x * 2", "chunk", "t", { x = 21 }) return f()')).toBe(42);
  });

  it('turns a JavaScript exception inside a built-in into a Lua error without a JavaScript stack', async () => {
    const result = await run('return os.time({ year = 1e12, month = 1, day = 1 })');
    expect(result.success).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/\.js:\d+|node_modules/);
  });

  it('locks the metatables of host tables', async () => {
    const result = await value(`
      return { getmetatable(app), getmetatable(app.integrations.fake), pcall(setmetatable, app, {}) }
    `);
    expect(result).toEqual(['locked', 'locked', false, 'cannot change a protected metatable']);
  });

  it('refuses writes into host tables', async () => {
    const result = await run('app.integrations.fake.echo2 = print');
    expect(result.error?.message).toMatch(/app.integrations.fake is read-only/);
  });

  it('gives every run a fresh state: string-metatable tampering does not survive into the next run', async () => {
    await value('getmetatable("").__index = { upper = function() return "pwned" end } x_global = 1 return ("a"):upper()');
    expect(await value('return { ("a"):upper(), x_global == nil }')).toEqual(['A', true]);
  });

  it('reports a syntax error with its line and the syntax_error code', async () => {
    const result = await run('local x = 1\nlocal y = = 2');
    expect(result.error).toMatchObject({ code: 'syntax_error', line: 2 });
    expect(result.error?.message).toMatch(/^script:2: unexpected symbol near '='/);
  });
});

describe('values crossing the bridge', () => {
  it('pushes integers that fit in 32 bits as Lua integers and larger numbers as floats', async () => {
    const result = await value(`
      local small = app.integrations.fake.echo({ value = 2147483647 }).value
      local big = app.integrations.fake.echo({ value = 2^31 }).value
      return { math.type(small), math.type(big), small, big == 2147483648 }
    `);
    expect(result).toEqual(['integer', 'float', 2147483647, true]);
  });

  it('keeps strings as strings both ways, including long digit strings', async () => {
    expect(await value('local r = app.integrations.fake.echo({ value = "46701234567" }).value return { r, type(r) }')).toEqual([
      '46701234567',
      'string',
    ]);
  });

  it('converts a table with keys exactly 1..n to an array and anything else to an object', async () => {
    const result = await value(`
      return {
        a = app.integrations.fake.echo({ value = { "x", "y" } }).value,
        b = app.integrations.fake.echo({ value = { [1] = "x", [3] = "z" } }).value,
        c = app.integrations.fake.echo({ value = { "x", k = "v" } }).value,
      }
    `);
    expect(result).toEqual({ a: ['x', 'y'], b: { '1': 'x', '3': 'z' }, c: { '1': 'x', k: 'v' } });
  });

  it('converts {} to an empty object', async () => {
    expect(await value('return app.integrations.fake.echo({ value = {} }).value')).toEqual({});
  });

  it('keeps UTF-8 text intact in both directions', async () => {
    expect(await value('return app.integrations.fake.echo({ value = "héllo ✓ 😀" }).value')).toBe('héllo ✓ 😀');
  });

  it('replaces invalid UTF-8 in a script result instead of failing', async () => {
    expect(await value('return "ok\\255"')).toBe('ok\uFFFD');
  });

  it('refuses keys that are neither strings nor integers', async () => {
    const result = await run('return app.integrations.fake.echo({ value = { [true] = 1 } })');
    expect(result.error?.message).toMatch(/key that is a boolean/);
  });
});
