import { z } from 'zod';
import { DocsCatalogue } from '../../src/docs/catalogue';
import { defineFunction } from '../../src/integration/types';
import { decodeLuaString } from '../../src/lua/convert';
import { createHost } from '../../src/host/host';
import { directory, fakeIntegration, sendsMade } from './fake-integration';
import { run, value } from './helpers';

/** A host whose one function answers with JSON parsed as a Sinch response would be, own `__proto__` included. */
const parsed = defineFunction({
  name: 'fake_parsed',
  aliases: ['parsed'],
  description: 'Returns parsed JSON with keys named like Object.prototype members.',
  operation: 'read',
  params: z.object({}),
  handler: async () => JSON.parse('{"__proto__":{"polluted":true},"constructor":"c","id":"01W"}'),
});
const parsedIntegration = { ...fakeIntegration, functions: [parsed] };
const parsedHost = createHost({
  bindings: [{ integration: parsedIntegration, accounts: directory({ default: { label: 'main' } }), services: undefined }],
  docs: new DocsCatalogue([{ integration: parsedIntegration, accounts: ['default'] }], []),
});

// issue #10, item 7: keys that are names on JavaScript's Object.prototype, and keys that would become the
// same JavaScript field (src/lua/convert.ts).

describe('keys that are names on JavaScript objects', () => {
  it('json.encode writes __proto__, constructor, toString and hasOwnProperty as ordinary fields', async () => {
    const text = await value('return json.encode({ ["__proto__"] = "x", constructor = 1, toString = 2, hasOwnProperty = 3 })');
    const decoded = JSON.parse(text as string) as Record<string, unknown>;
    expect(Object.keys(decoded).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toBe('x');
    expect([decoded.constructor, decoded.toString, decoded.hasOwnProperty]).toEqual([1, 2, 3]);
  });

  it('json.encode writes a table under __proto__ as a field, not as a prototype', async () => {
    expect(await value('return json.encode({ ["__proto__"] = { a = 1 } })')).toBe('{"__proto__":{"a":1}}');
  });

  it('json.decode gives __proto__ and constructor as ordinary keys, and json.encode writes them back', async () => {
    const script = `local t = json.decode('{"__proto__":{"a":1},"constructor":"c"}')
      local keys = {}
      for k in pairs(t) do keys[#keys + 1] = k end
      table.sort(keys)
      return { keys = table.concat(keys, ","), a = t["__proto__"].a, again = json.encode(t) }`;
    const result = (await value(script)) as Record<string, unknown>;
    expect(result.keys).toBe('__proto__,constructor');
    expect(result.a).toBe(1);
    expect(Object.keys(JSON.parse(result.again as string)).sort()).toEqual(['__proto__', 'constructor']);
  });

  it('a __proto__ field passed to a host function comes back as an ordinary key', async () => {
    const script = `local r = app.integrations.fake.echo({ value = { ["__proto__"] = { x = 1 }, toString = "t" } }).value
      return { r["__proto__"].x, r.toString }`;
    expect(await value(script)).toEqual([1, 't']);
  });

  it('an unknown __proto__ parameter is refused like any unknown parameter, and nothing is sent', async () => {
    const before = sendsMade.count;
    const result = await run(
      'return app.integrations.fake.work.send_message({ to = { "a" }, body = "hi", ["__proto__"] = { page = 1 } })',
    );
    expect(result.error).toMatchObject({ code: 'invalid_argument', field: '__proto__' });
    expect(result.error?.message).toMatch(/unknown parameter '__proto__'/);
    expect(sendsMade.count).toBe(before);
  });

  it('constructor and hasOwnProperty are unknown parameters too', async () => {
    for (const key of ['constructor', 'hasOwnProperty', 'toString']) {
      const result = await run(`return app.integrations.fake.echo({ value = 1, ${key} = 2 })`);
      expect(result.error).toMatchObject({ code: 'invalid_argument', field: key });
    }
  });

  it('a host result with own __proto__ and constructor keys (parsed JSON) reaches Lua with both', async () => {
    const script = `local t = app.integrations.fake.parsed()
      local n = {}
      for k in pairs(t) do n[#n + 1] = k end
      table.sort(n)
      return { keys = table.concat(n, ","), polluted = t["__proto__"].polluted, back = t }`;
    const result = (await value(script, {}, parsedHost)) as { keys: string; polluted: boolean; back: object };
    expect(result.keys).toBe('__proto__,constructor,id');
    expect(result.polluted).toBe(true);
    // And back to JavaScript (the script's result): an own field, not a prototype.
    expect(Object.getPrototypeOf(result.back)).toBe(Object.prototype);
    expect(Object.keys(result.back).sort()).toEqual(['__proto__', 'constructor', 'id']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an error table's __proto__ field is an ordinary detail of the run's error", async () => {
    const result = await run('error({ code = "not_found", message = "m", ["__proto__"] = "x" })');
    expect(Object.getOwnPropertyDescriptor(result.error, '__proto__')?.value).toBe('x');
    expect(result.error?.code).toBe('not_found');
  });
});

describe('keys that would become the same field', () => {
  it('a host call refuses [1] and ["1"] in one table, naming the function, the field and both keys', async () => {
    const result = await run('return app.integrations.fake.echo({ value = { [1] = "a", ["1"] = "b" } })');
    expect(result.error).toMatchObject({ code: 'invalid_argument', function: 'fake_echo', field: 'value' });
    expect(result.error?.message).toBe(
      'fake_echo: invalid argument \'value\': it has both the key [1] and the key ["1"], which would be the same ' +
        'field ("1": integer keys become text); keep only one of them.',
    );
  });

  it('names the path of a nested table and is caught by pcall', async () => {
    const script = `local ok, err = pcall(app.integrations.fake.echo, { value = { list = { { ["2"] = "b", [2] = "a" } } } })
      return { ok, err.code, err.field, err.message }`;
    const [ok, code, field, message] = (await value(script)) as [boolean, string, string, string];
    expect([ok, code, field]).toEqual([false, 'invalid_argument', 'value.list[1]']);
    expect(message).toContain('the key [2] and the key ["2"]');
  });

  it('counts a float key equal to an integer as that integer, as Lua does', async () => {
    // Lua normalises 1.0 to the integer key 1: {[1.0] = "a", [1] = "b"} is one key, and 1.0 meets "1".
    expect(await value('local t = { [1.0] = "a", [1] = "b" } local n = 0 for _ in pairs(t) do n = n + 1 end return { n, math.type(next(t)) }')).toEqual([1, 'integer']);
    const result = await run('return app.integrations.fake.echo({ value = { [1.0] = "a", ["1"] = "b" } })');
    expect(result.error?.message).toContain('the key [1] and the key ["1"]');
  });

  it('json.encode refuses the same collision with invalid_argument', async () => {
    const result = (await value('local ok, e = pcall(json.encode, { a = { ["-3"] = 1, [-3] = 2 } }) return { ok, e.code, e.field, e.message }')) as unknown[];
    expect(result.slice(0, 3)).toEqual([false, 'invalid_argument', 'a']);
    expect(result[3]).toBe(
      'json.encode: the value at \'a\' has both the key [-3] and the key ["-3"], which would be the same field ("-3": integer ' +
        'keys become text); keep only one of them.',
    );
  });

  it('keeps integer keys that do not collide, as their text', async () => {
    expect(await value('return json.encode({ [1] = "a", [3] = "c", ["01"] = "z" })')).toBe('{"1":"a","3":"c","01":"z"}');
  });

  it("keeps both keys in a script's result, the later one written as in Lua", async () => {
    expect(await value('return { [1] = "a", ["1"] = "b", [true] = "c", ["true"] = "d" }')).toEqual({
      '1': 'a',
      '["1"]': 'b',
      true: 'c',
      '["true"]': 'd',
    });
  });

  it('json.decode refuses two keys that are the same text in UTF-8 (unpaired surrogates)', async () => {
    const result = (await value(`local ok, e = pcall(json.decode, '{"\\\\ud800": 1, "\\\\udc00": 2}') return { ok, e.code, e.message }`)) as unknown[];
    expect(result.slice(0, 2)).toEqual([false, 'invalid_argument']);
    expect(result[2]).toMatch(/^json\.decode: the document has two keys that are the same text in UTF-8/);
  });
});

describe('strings crossing the bridge', () => {
  it('keeps a leading byte-order mark', async () => {
    expect(await value('return #json.encode("\\239\\187\\191a")')).toBe(6); // "﻿a" with its quotes
    expect(decodeLuaString(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 'strict')).toBe('\u{feff}a');
  });

  it('reports the invalid byte at its position, and still accepts valid text afterwards', () => {
    expect(() => decodeLuaString(new Uint8Array([0xc3, 0xa9, 0xff]), 'strict')).toThrow('byte 3 is 0xff');
    expect(() => decodeLuaString(new Uint8Array([0x61, 0xc3]), 'strict')).toThrow('truncated sequence at the end');
    const valid = new Uint8Array([0xc3, 0xa9, ...new Array(70).fill(0x61)]);
    expect(decodeLuaString(valid, 'strict')).toBe(`é${'a'.repeat(70)}`);
  });
});
