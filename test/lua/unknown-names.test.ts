import { sendsMade } from './fake-integration';
import { makeHost, run, value } from './helpers';

// issue #16, item 4: an unknown name under app.integrations is a table that raises unknown_function when it
// is called (src/lua/namespace.ts), so pcall catches it; the message lists what exists and suggests.
// The fake integration has echo, fail, send_message and block; the shared host has accounts default and work.

const FUNCTIONS = 'Functions: echo, fail, send_message, block';
const ACCOUNTS = 'Accounts: default, work (call app.integrations.fake.<account>.<function>)';

describe('calling an unknown function', () => {
  it('raises unknown_function that pcall catches, suggesting the closest name and listing functions and accounts', async () => {
    const script = `local ok, err = pcall(app.integrations.fake.ehco, { value = 1 })
      return { ok = ok, code = err.code, message = err.message, suggestions = err.suggestions, accounts = err.accounts, path = err.path }`;
    expect(await value(script)).toEqual({
      ok: false,
      code: 'unknown_function',
      message: `Unknown function: app.integrations.fake.ehco. Did you mean: echo. ${FUNCTIONS}. ${ACCOUNTS}.`,
      suggestions: ['echo'],
      accounts: ['default', 'work'],
      path: 'app.integrations.fake.ehco',
    });
  });

  it('ends an uncaught call with unknown_function at the line of the call', async () => {
    const result = await run('local x = 1\napp.integrations.fake.ehco({})');
    expect(result.error).toMatchObject({ code: 'unknown_function', line: 2, path: 'app.integrations.fake.ehco', functions: ['echo', 'fail', 'send_message', 'block'] });
  });

  it('suggests a name close in spelling', async () => {
    const result = await run('app.integrations.fake.send_mesage({})');
    expect(result.error?.message).toMatch(/^Unknown function: app\.integrations\.fake\.send_mesage\. Did you mean: send_message\./);
  });

  it('in an account, lists the functions', async () => {
    const result = await run('app.integrations.fake.work.ehco({})');
    expect(result.error?.message).toBe(`Unknown function: app.integrations.fake.work.ehco. Did you mean: echo. ${FUNCTIONS}.`);
  });

  it('says when no account is configured', async () => {
    const result = await makeHost({}).run('app.integrations.fake.ehco({})');
    expect(result.error?.message).toBe(`Unknown function: app.integrations.fake.ehco. Did you mean: echo. ${FUNCTIONS}. Accounts: none configured.`);
  });

  it('runs no handler, and records the call as refused with no account', async () => {
    const before = sendsMade.count;
    const result = await run('pcall(app.integrations.fake.send_mesage, { to = { "a" }, body = "x" }) return 1');
    expect(result.integration_calls).toEqual([
      expect.objectContaining({ path: 'app.integrations.fake.send_mesage', function: 'send_mesage', account: null, status: 'error', attempts: 0 }),
    ]);
    expect(sendsMade.count).toBe(before);
  });

  it('records a mistyped account with the whole path the script wrote', async () => {
    const result = await run('pcall(app.integrations.fake.wrok.echo, { value = 1 }) return 1');
    expect(result.integration_calls).toEqual([
      expect.objectContaining({ path: 'app.integrations.fake.wrok.echo', function: 'echo', account: null, error: expect.objectContaining({ code: 'unknown_function' }) }),
    ]);
  });
});

describe('a mistyped account', () => {
  it('raises one error naming it, listing the accounts and suggesting the closest', async () => {
    const result = await run('app.integrations.fake.wrok.echo({ value = 1 })');
    expect(result.error).toMatchObject({ code: 'unknown_function', name: 'wrok', path: 'app.integrations.fake.wrok.echo', suggestions: ['work'] });
    expect(result.error?.message).toBe(
      `Unknown account: app.integrations.fake.wrok (in app.integrations.fake.wrok.echo). Did you mean: work. ${FUNCTIONS}. ${ACCOUNTS}.`,
    );
  });

  it('is caught by pcall when the function is passed by value', async () => {
    expect(await value('local ok, err = pcall(app.integrations.fake.wrok.echo, {}) return { ok, err.code, err.name }')).toEqual([false, 'unknown_function', 'wrok']);
  });

  it('suggests default for a misspelt default', async () => {
    const result = await run('app.integrations.fake.defualt.echo({})');
    expect(result.error?.suggestions).toEqual(['default']);
  });
});

describe('other unknown names', () => {
  it('an unknown integration suggests the closest and lists the integrations', async () => {
    const result = await run('return app.integrations.fak.echo({})');
    expect(result.error?.message).toBe('Unknown integration: app.integrations.fak (in app.integrations.fak.echo). Did you mean: fake. Integrations: fake.');
  });

  it('an unknown name under app suggests integrations', async () => {
    const result = await run('return app.integration.fake.echo({})');
    expect(result.error?.message).toBe('Unknown name: app.integration (in app.integration.fake.echo). Did you mean: integrations. app has: integrations.');
  });

  it('a long chain of unknown names is shown by its first segments', async () => {
    const result = await run('app.integrations.fake.a.b.c.d.e.f.g()');
    expect(result.error?.path).toBe('app.integrations.fake.a.b.c.d.e...');
  });

  it('a huge unknown name is shown cut, without suggestions', async () => {
    const result = await run('app.integrations.fake[("x"):rep(100000)]()');
    expect(result.error?.code).toBe('unknown_function');
    expect(result.error?.message.length).toBeLessThan(400);
    expect(result.error?.suggestions).toBeUndefined();
  });
});

describe('what an unknown name is before it is called', () => {
  it('is a table, so `if` takes it as true; rawget and type() tell what exists', async () => {
    const script = `local s = app.integrations.fake
      return { type(s.send_sms), type(s.echo), s.send_sms ~= nil, (s.send_sms and "truthy") or "falsy",
        rawget(s, "send_sms") == nil, rawget(s, "wrok") == nil, type(rawget(s, "work")), type(rawget(s, "echo")) }`;
    expect(await value(script)).toEqual(['table', 'function', true, 'truthy', true, true, 'table', 'function']);
  });

  it('shows the error message through tostring and print', async () => {
    const result = await run('print(app.integrations.fake.ehco) return tostring(app.integrations.fake.ehco)');
    const message = `Unknown function: app.integrations.fake.ehco. Did you mean: echo. ${FUNCTIONS}. ${ACCOUNTS}.`;
    expect(result.result).toBe(message);
    expect(result.output).toBe(`${message}\n`);
  });

  it('raises the same error when listed with pairs or assigned into', async () => {
    const script = `local a = { pcall(pairs, app.integrations.fake.ehco) }
      local b = { pcall(function() app.integrations.fake.ehco.x = 1 end) }
      return { a[1], a[2].code, b[1], b[2].code }`;
    expect(await value(script)).toEqual([false, 'unknown_function', false, 'unknown_function']);
  });

  it('keeps its metatable locked', async () => {
    const script = `local u = app.integrations.fake.ehco
      return { getmetatable(u), pcall(setmetatable, u, {}) }`;
    expect(await value(script)).toEqual(['locked', false, expect.stringContaining('protected metatable')]);
  });

  it('leaves the namespaces without integer keys, so ipairs over them ends at once', async () => {
    expect(await value('local n = 0 for _ in ipairs(app.integrations.fake) do n = n + 1 end return { n, app.integrations.fake[1] == nil }')).toEqual([0, true]);
  });

  it('does not appear in pairs over the namespace', async () => {
    const script = `local _ = app.integrations.fake.ehco
      for k in pairs(app.integrations.fake) do if k == "ehco" then return "listed" end end
      return "absent"`;
    expect(await value(script)).toBe('absent');
  });
});

describe('an unknown name used as a value', () => {
  it('is shown as its error message in a result, not as an empty table', async () => {
    expect(await value('return { f = app.integrations.fake.ehco }')).toEqual({
      f: `<Unknown function: app.integrations.fake.ehco. Did you mean: echo. ${FUNCTIONS}. ${ACCOUNTS}>`,
    });
  });

  it('is refused as an argument with invalid_argument naming the field and the unknown name, and runs no handler', async () => {
    const before = sendsMade.count;
    const script = `local ok, err = pcall(app.integrations.fake.send_message, { to = app.integrations.fake.wrok, body = "x" })
      return { ok = ok, code = err.code, field = err.field, message = err.message }`;
    const result = (await value(script)) as { ok: boolean; code: string; field: string; message: string };
    expect(result).toMatchObject({ ok: false, code: 'invalid_argument', field: 'to' });
    expect(result.message).toContain('is not a value: Unknown function: app.integrations.fake.wrok. Did you mean: work.');
    expect(result.message).not.toMatch(/\.\./);
    expect(sendsMade.count).toBe(before);
  });

  it('cannot be encoded by json.encode', async () => {
    expect(await value('local ok, err = pcall(json.encode, { a = app.integrations.fake.nope }) return { ok, tostring(err) }')).toEqual([
      false,
      expect.stringContaining('is not a value: Unknown function: app.integrations.fake.nope'),
    ]);
  });
});
