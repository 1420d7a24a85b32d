import { run, value } from './helpers';

// issue #10, item 7: os.time and os.date raised JavaScript exceptions ("internal error in a built-in
// function") for dates a JavaScript Date cannot hold or times beyond fengari's 32-bit integers
// (patches/fengari+0.1.5.patch, loslib.js). Times are compared through os.date in UTC ("!") or through
// round trips, so that the tests hold in any time zone.

/** `pcall(f, ...)` in Lua: [ok, message or result]. */
const pcallOf = (call: string) => value(`local ok, r = pcall(${call}) return { ok, r }`) as Promise<[boolean, unknown]>;

describe('os.time argument errors', () => {
  it('raises a Lua argument error that pcall catches for a year no date can hold', async () => {
    expect(await pcallOf('os.time, { year = 1e9, month = 1, day = 1 }')).toEqual([
      false,
      "bad argument #1 to 'os.time' (date out of range: dates from year -271821 to 275760 can be represented)",
    ]);
  });

  it('ends an uncaught call as a runtime_error with the line, not an internal error', async () => {
    const result = await run('local x = 1\nreturn os.time({ year = 1e9, month = 1, day = 1 })');
    expect(result.error).toMatchObject({ code: 'runtime_error', line: 2 });
    expect(result.error?.message).toBe(
      "script:2: bad argument #1 to 'time' (date out of range: dates from year -271821 to 275760 can be represented)",
    );
  });

  it.each([
    ['{ year = 1e10, month = 1, day = 1 }', "field 'year' is out-of-bound"],
    ['{ year = 0/0, month = 1, day = 1 }', "field 'year' is not an integer"],
    ['{ year = 1/0, month = 1, day = 1 }', "field 'year' is not an integer"],
    ['{ year = -1/0, month = 1, day = 1 }', "field 'year' is not an integer"],
    ['{ year = "next", month = 1, day = 1 }', "field 'year' is not an integer"],
    ['{ year = 2030, month = 1.5, day = 1 }', "field 'month' is not an integer"],
    ['{ year = 2030, day = 1 }', "field 'month' missing in date table"],
    ['{ year = 2030, month = 1 }', "field 'day' missing in date table"],
    ['{ year = 2030, month = 1e9, day = 1 }', 'date out of range: dates from year -271821 to 275760 can be represented'],
    ['{ year = 2030, month = 1, day = 1, sec = 2^31 }', "field 'sec' is out-of-bound"],
    ['5', 'table expected, got number'],
  ])('refuses os.time(%s) with "bad argument #1 to \'os.time\' (%s)"', async (table, reason) => {
    expect(await pcallOf(`os.time, ${table}`)).toEqual([false, `bad argument #1 to 'os.time' (${reason})`]);
  });
});

describe('os.date and os.difftime argument errors', () => {
  it.each([
    ['os.date, "%Y", 1e300', "bad argument #2 to 'os.date' (time out-of-bounds)"],
    ['os.date, "*t", -1e15', "bad argument #2 to 'os.date' (time out-of-bounds)"],
    ['os.date, "%Y", 0/0', "bad argument #2 to 'os.date' (number has no integer representation)"],
    ['os.date, "%Y", 1/0', "bad argument #2 to 'os.date' (number has no integer representation)"],
    ['os.date, "%Y", 2.5', "bad argument #2 to 'os.date' (number has no integer representation)"],
    ['os.difftime, 1e300, 0', "bad argument #1 to 'os.difftime' (time out-of-bounds)"],
    ['os.difftime, 0, 0/0', "bad argument #2 to 'os.difftime' (number has no integer representation)"],
  ])('refuses %s with a Lua argument error', async (call, message) => {
    expect(await pcallOf(call)).toEqual([false, message]);
  });

  it('names the function an argument error comes from when it is called by value', async () => {
    expect(await pcallOf('string.char, 256')).toEqual([false, "bad argument #1 to 'string.char' (value out of range)"]);
  });
});

describe('times and dates os.time and os.date can represent', () => {
  it('gives a time past 2038 as a float with its exact value, which os.date and os.difftime accept', async () => {
    const script = `local t = os.time({ year = 2040, month = 6, day = 1, hour = 0 })
      local d = os.date("*t", t)
      return { math.type(t), d.year, d.month, d.day, os.difftime(t, os.time({ year = 2040, month = 5, day = 31, hour = 0 })),
        os.date("!%Y-%m-%dT%H:%M:%SZ", 4102444800.0) }`;
    expect(await value(script)).toEqual(['float', 2040, 6, 1, 86400, '2100-01-01T00:00:00Z']);
  });

  it('keeps times that fit 32 bits integers', async () => {
    expect(await value('return math.type(os.time({ year = 2030, month = 1, day = 1 }))')).toBe('integer');
  });

  it('reads years 0 to 99 as those years, not 1900 to 1999', async () => {
    const script = `local d = os.date("*t", os.time({ year = 50, month = 3, day = 1 }))
      return { d.year, d.month, d.day, d.yday }`;
    expect(await value(script)).toEqual([50, 3, 1, 60]);
  });

  it('counts %j from 001 and gives *t.yday the same day of the year', async () => {
    const script = `return { os.date("!%j", 0), os.date("!%j", 365 * 86400 - 1), os.date("!*t", 40 * 86400).yday,
      os.date("!%j", 40 * 86400), os.date("!%U %W", 0) }`;
    expect(await value(script)).toEqual(['001', '365', 41, '041', '00 00']);
  });

  it('normalises the fields of the table it was given, as Lua does', async () => {
    const script = `local t = { year = 2030, month = 13, day = 1, hour = 12 }
      os.time(t)
      return { t.year, t.month, t.day }`;
    expect(await value(script)).toEqual([2031, 1, 1]);
  });
});

describe('JavaScript exceptions inside standard library functions', () => {
  it('none escapes as an internal error for odd arguments to any library function', async () => {
    // Every function of string, table, math, utf8 and os with one and two arguments drawn from awkward values.
    // (string.rep and table.move are left out: their large counts are limits, tested in limits.test.ts.)
    const script = `local values = { 1e10, 2^31, 0/0, 1/0, 1.5, -1, 256, "x", "%d", "<i16", "[", true, { 1, 2 } }
      local bad = {}
      for lname, lib in pairs({ string = string, table = table, math = math, utf8 = utf8, os = os }) do
        for fname, f in pairs(lib) do
          if fname ~= "rep" and fname ~= "move" and fname ~= "sort" then
            for _, a in ipairs(values) do
              for _, b in ipairs(values) do
                local ok, err = pcall(f, a, b)
                if not ok and tostring(err):find("internal error", 1, true) then
                  bad[#bad + 1] = lname .. "." .. fname .. "(" .. tostring(a) .. ", " .. tostring(b) .. "): " .. tostring(err)
                end
              end
            end
          end
        end
      end
      return table.concat(bad, "\\n")`;
    expect(await value(script)).toBe('');
  });
});
