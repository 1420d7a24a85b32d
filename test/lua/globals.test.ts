import { run, value } from './helpers';

describe('print, dump and json', () => {
  it('captures print output with tabs between values', async () => {
    const result = await run('print("a", 1, nil, true) print()');
    expect(result.output).toBe('a\t1\tnil\ttrue\n\n');
  });

  it('dump prints a readable rendering and returns its argument', async () => {
    const result = await run('local t = dump({ a = 1, b = { "x" } }) return t.a');
    expect(result.output).toBe('{\n  "a": 1,\n  "b": [\n    "x"\n  ]\n}\n');
    expect(result.result).toBe(1);
  });

  it('json.encode and json.decode round-trip nested values', async () => {
    expect(await value('local s = json.encode({ a = { 1, 2 }, b = "é" }) local t = json.decode(s) return { s, t.a[2], t.b }')).toEqual([
      '{"a":[1,2],"b":"é"}',
      2,
      'é',
    ]);
  });

  it('json.decode gives large integers as floats and keeps their value', async () => {
    expect(await value('local t = json.decode("{\\"n\\": 46701234567}") return { math.type(t.n), string.format("%.0f", t.n) }')).toEqual([
      'float',
      '46701234567',
    ]);
  });

  it('json.decode raises invalid_argument on malformed JSON', async () => {
    const result = await value('local ok, err = pcall(json.decode, "{bad") return { ok, err.code }');
    expect(result).toEqual([false, 'invalid_argument']);
  });

  it('json.encode refuses functions and NaN', async () => {
    expect(await value('return { pcall(json.encode, { f = print }) }')).toEqual([false, expect.objectContaining({ code: 'invalid_argument' })]);
    expect((await value('local ok, e = pcall(json.encode, 0/0) return e.message')) as string).toMatch(/cannot be written as JSON/);
  });
});

describe('runtime docs inside Lua', () => {
  it('lua_read_doc returns the namespace reference', async () => {
    expect(await value('return lua_read_doc("integrations.fake")')).toBe('# Fake\n\nReference text.');
  });

  it('strips a leading app. and serves functions by alias or published name', async () => {
    const [a, b] = (await value('return { lua_read_doc("app.integrations.fake.echo"), docs.read("integrations.fake.fake_echo") }')) as string[];
    expect(a).toBe(b);
    expect(a).toMatch(/### fake_echo/);
  });

  it('serves an account page as the namespace reference', async () => {
    expect(await value('return lua_read_doc("integrations.fake.work")')).toMatch(/Account 'work'[\s\S]*Reference text/);
  });

  it('serves guide pages', async () => {
    expect(await value('return lua_read_doc("overview")')).toMatch(/guide text/);
  });

  it('answers an unknown function with the available ones', async () => {
    expect(await value('return lua_read_doc("integrations.fake.ecoh")')).toBe(
      "Function 'ecoh' not found in app.integrations.fake. Did you mean: echo? Available: echo, fail, send_message, block. Accounts: default, work.",
    );
  });

  it('answers an unknown page with the list of pages', async () => {
    expect(await value('return docs.read("nonsense")')).toMatch(/Page 'nonsense' not found\.[\s\S]*- integrations\.fake\.fake_echo/);
  });

  it('lua_list_docs lists namespaces, and the functions of one', async () => {
    expect(await value('return lua_list_docs()')).toMatch(/- integrations\.fake — A fake integration/);
    expect(await value('return docs.list("fake")')).toMatch(/- fake_send_message \(send_message\) \[write\] — Pretends to send a message\./);
  });

  it('lua_search_docs finds functions by keyword and honours the limit', async () => {
    expect(await value('return lua_search_docs("send message")')).toMatch(/^Found 1 result\(s\) for 'send message':\n- app\.integrations\.fake\.send_message/);
    expect(await value('return lua_search_docs("fake", 2)')).toMatch(/^Found 2 result\(s\)/);
    expect(await value('return docs.search("zebra")')).toBe("No results found for 'zebra'.");
  });
});
