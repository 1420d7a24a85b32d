import { value } from './helpers';

// Results are built straight into fengari's tables (src/lua/convert.ts, internals.ts appendNew): these check
// that such tables behave exactly like tables a script builds itself.
const echo = (literal: string) => `local r = app.integrations.fake.echo({ value = ${literal} }).value`;

describe('tables converted from host results', () => {
  it('list every field and item with pairs and ipairs, in order for lists', async () => {
    const script = `${echo('{ a = 1, b = "two", c = { 10, 20, 30 }, d = true }')}
      local keys = {}
      for k in pairs(r) do keys[#keys + 1] = k end
      table.sort(keys)
      local items = {}
      for i, v in ipairs(r.c) do items[i] = v end
      return { keys = table.concat(keys, ","), items = items, n = #r.c }`;
    expect(await value(script)).toEqual({ keys: 'a,b,c,d', items: [10, 20, 30], n: 3 });
  });

  it('can have fields removed and added, and iterate correctly afterwards', async () => {
    const script = `${echo('{ a = 1, b = 2, c = 3, d = 4 }')}
      r.b = nil
      r.e = 5
      r.a = nil
      r.a = 6
      local seen, count = {}, 0
      for k, v in pairs(r) do seen[k] = v; count = count + 1 end
      return { seen = seen, count = count, b = r.b }`;
    expect(await value(script)).toEqual({ seen: { a: 6, c: 3, d: 4, e: 5 }, count: 4 });
  });

  it('remove list items with table.remove and grow with table.insert', async () => {
    const script = `${echo('{ "x", "y", "z" }')}
      table.remove(r, 1)
      table.insert(r, "w")
      table.insert(r, 1, "v")
      return { r = r, n = #r }`;
    expect(await value(script)).toEqual({ r: ['v', 'y', 'z', 'w'], n: 4 });
  });

  it('keep removing entries while iterating with next, as Lua allows', async () => {
    const script = `${echo('{ a = 1, b = 2, c = 3 }')}
      for k in pairs(r) do r[k] = nil end
      return next(r) == nil`;
    expect(await value(script)).toBe(true);
  });

  it('give keys that compare equal to the same keys written in the script', async () => {
    const script = `${echo('{ ["id"] = "B1", ["created_at"] = "2024-06-01T12:00:00Z", [""] = "empty" }')}
      local copy = {}
      for k, v in pairs(r) do copy[k] = v end
      return { id = copy.id, at = r["created" .. "_at"], empty = r[""], rawlen = rawlen(r) }`;
    expect(await value(script)).toEqual({ id: 'B1', at: '2024-06-01T12:00:00Z', empty: 'empty', rawlen: 0 });
  });

  it('keep list holes (nil items) out of the table, as Lua does', async () => {
    // json.decode builds its result the same way as host results.
    const script = `local r = json.decode('[1, null, 3]')
      local count = 0
      for _ in pairs(r) do count = count + 1 end
      return { count = count, first = r[1], third = r[3] }`;
    expect(await value(script)).toEqual({ count: 2, first: 1, third: 3 });
  });

  it('convert non-ASCII strings and keys as UTF-8', async () => {
    const script = `local r = app.integrations.fake.echo({ value = { ["grüße"] = "👋 héllo" } }).value
      return { len = #r["grüße"], text = r["grüße"] }`;
    expect(await value(script)).toEqual({ len: 11, text: '👋 héllo' });
  });

  it('work as metatables, with metamethods found at once', async () => {
    const script = `local mt = json.decode('{"__index": {"x": 1}}')
      local t = setmetatable({}, mt)
      local m2 = app.integrations.fake.echo({ value = { __index = { y = 2 } } }).value
      local u = setmetatable({}, m2)
      return { x = t.x, y = u.y }`;
    expect(await value(script)).toEqual({ x: 1, y: 2 });
  });
});
