import { sendsMade } from './fake-integration';
import { makeHost, run, value } from './helpers';

describe('calling host functions from Lua', () => {
  it('returns an async handler result as nested Lua tables', async () => {
    const result = await value(`
      local r = app.integrations.fake.echo({ value = { list = {1, 2, 3}, nested = { deep = { x = "y" } } } })
      return { r.account, r.value.list[3], #r.value.list, r.value.nested.deep.x }
    `);
    expect(result).toEqual(['main', 3, 3, 'y']);
  });

  it('reaches the same function through its published name, its alias and default', async () => {
    const result = await value(`
      local a = app.integrations.fake.fake_echo({ value = 1 }).account
      local b = app.integrations.fake.echo({ value = 1 }).account
      local c = app.integrations.fake.default.echo({ value = 1 }).account
      return { a, b, c }
    `);
    expect(result).toEqual(['main', 'main', 'main']);
  });

  it("runs a named account with that account's configuration", async () => {
    expect(await value('return app.integrations.fake.work.echo({ value = 1 }).account')).toBe('work-label');
  });

  it('maps positional arguments onto parameters in declaration order', async () => {
    expect(await value('return app.integrations.fake.echo("hello", 0).value')).toBe('hello');
  });

  it('raises handler errors as tables with code, message, details and a __tostring', async () => {
    const result = await value(`
      local ok, err = pcall(app.integrations.fake.fail, { code = "not_found" })
      return { ok, err.code, err.message, err.status, err.retryable, tostring(err), getmetatable(err) }
    `);
    expect(result).toEqual([false, 'not_found', 'failed with not_found', 404, false, 'failed with not_found', 'kosmo.error']);
  });

  it('does not let a script replace the metatable of an error', async () => {
    const result = await run(`
      local ok, err = pcall(app.integrations.fake.fail, { code = "not_found" })
      setmetatable(err, {})
    `);
    expect(result.error?.message).toMatch(/cannot change a protected metatable/);
  });

  it('ends the run with the error code and line when a host error is not caught', async () => {
    const result = await run('local x = 1\nlocal y = app.integrations.fake.fail({ code = "rate_limited" })');
    expect(result.success).toBe(false);
    expect(result.error).toMatchObject({ code: 'rate_limited', message: 'failed with rate_limited', line: 2 });
    expect(result.error?.traceback).toMatch(/script:2: in main chunk/);
  });

  it('hides a JavaScript exception from a handler behind an internal_error without its text', async () => {
    const result = await run('return app.integrations.fake.fail({ code = "not_found", crash = true })');
    expect(result.error?.code).toBe('internal_error');
    expect(JSON.stringify(result)).not.toMatch(/secret internal detail|at .*\.ts:\d+/);
  });

  it('records every call in integration_calls with path, function, account, operation, status and duration', async () => {
    const result = await run(`
      app.integrations.fake.work.echo({ value = 1 })
      pcall(app.integrations.fake.fail, { code = "not_found" })
      pcall(app.integrations.fake.echo, { nope = 1 })
    `);
    expect(result.integration_calls).toHaveLength(3);
    expect(result.integration_calls[0]).toMatchObject({
      path: 'app.integrations.fake.work.echo',
      function: 'fake_echo',
      account: 'work',
      operation: 'read',
      status: 'ok',
    });
    expect(result.integration_calls[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect(result.integration_calls[1]).toMatchObject({ status: 'error', error: { code: 'not_found' } });
    expect(result.integration_calls[2]).toMatchObject({ status: 'error', error: { code: 'invalid_argument' } });
  });
});

describe('argument validation', () => {
  it('refuses an unknown parameter with a did-you-mean', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, bdy = "x" })', { force: true });
    expect(result.error).toMatchObject({ code: 'invalid_argument', field: 'bdy', function: 'fake_send_message' });
    expect(result.error?.message).toMatch(/unknown parameter 'bdy'. Did you mean: body/);
  });

  it('names the function, the field, what was wrong and what was expected', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = ("x"):rep(30) })', { force: true });
    expect(result.error?.message).toBe(
      "fake_send_message: invalid argument 'body' is too large (got 30); expected at most 20 characters",
    );
  });

  it('reports a missing required parameter', async () => {
    const result = await run('app.integrations.fake.send_message({ body = "x" })', { force: true });
    expect(result.error?.message).toMatch(/'to' is required; expected a list/);
  });

  it('reports list items with 1-based Lua positions', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a", 5}, body = "x" })', { force: true });
    expect(result.error).toMatchObject({ code: 'invalid_argument', field: 'to[2]' });
  });

  it('treats {} as an empty list where the parameter is a list', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {}, body = "x" })', { force: true });
    expect(result.error?.message).toMatch(/'to' is too small \(got 0\); expected at least 1 item/);
  });

  it('refuses a whole number parameter given a fraction', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = "x", page = 1.5 })', { force: true });
    expect(result.error?.message).toMatch(/'page' got 1.5; expected a whole number/);
  });

  it('refuses invalid UTF-8 in an argument and names the field', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = "ok\\255" })', { force: true });
    expect(result.error).toMatchObject({ code: 'invalid_argument', field: 'body' });
    expect(result.error?.message).toMatch(/invalid UTF-8 \(byte 3 is 0xff\)/);
  });

  it('refuses a table that contains itself', async () => {
    const result = await run('local t = {} t.self = t return app.integrations.fake.echo({ value = t })');
    expect(result.error?.code).toBe('invalid_argument');
    expect(result.error?.message).toMatch(/'value.self'.*cycle/);
  });

  it('refuses nesting deeper than 64 levels', async () => {
    const result = await run('local t = {} local c = t for i = 1, 70 do c.x = {} c = c.x end return app.integrations.fake.echo({ value = t })');
    expect(result.error?.message).toMatch(/deeper than 64 levels/);
  });

  it('refuses functions as argument values', async () => {
    const result = await run('return app.integrations.fake.echo({ value = print })');
    expect(result.error?.message).toMatch(/'value'.*is a function/);
  });

  it('refuses more positional arguments than parameters', async () => {
    const result = await run('return app.integrations.fake.echo(1, 2, 3)');
    expect(result.error?.message).toMatch(/got 3 positional arguments but it takes at most 2/);
  });
});

describe('unknown names', () => {
  // Unknown names: test/lua/unknown-names.test.ts.
  it('lets pairs list every callable name', async () => {
    const names = (await value('local n = {} for k in pairs(app.integrations.fake) do n[#n+1] = k end table.sort(n) return n')) as string[];
    expect(names).toEqual(expect.arrayContaining(['echo', 'fake_echo', 'send_message', 'default', 'work']));
  });

  it('raises not_configured when the integration has no account', async () => {
    const host = makeHost({});
    const result = await host.run('return app.integrations.fake.echo({ value = 1 })');
    expect(result.error?.code).toBe('not_configured');
  });
});

describe('permissions', () => {
  it('raises approval_required for a write under "ask" when nobody can be asked', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = "hi" })');
    expect(result.error?.code).toBe('approval_required');
    expect(result.integration_calls[0]).toMatchObject({ status: 'error', error: { code: 'approval_required' } });
  });

  it('lets --force bypass the permission policy', async () => {
    expect(await value('return app.integrations.fake.send_message({ to = {"a"}, body = "hi" }).sent', { force: true })).toBe(true);
  });

  it('asks the approver with the planned request (a title and its fields), and runs when approved', async () => {
    const asked: unknown[] = [];
    const result = await value('return app.integrations.fake.send_message({ to = {"+1", "+2"}, body = "hi" }).sent', {
      approve: async (request) => {
        asked.push(request);
        return true;
      },
    });
    expect(result).toBe(true);
    expect(asked).toEqual([
      {
        integration: 'fake',
        function: 'fake_send_message',
        account: 'default',
        operation: 'write',
        title: 'Send a message to 2 recipients',
        fields: [
          { kind: 'list', label: 'to', items: ['+1', '+2'] },
          { kind: 'text', label: 'body', text: 'hi' },
        ],
      },
    ]);
  });

  it('does nothing when the approval comes after the run was cancelled, and says so in the call log', async () => {
    const before = sendsMade.count;
    const cancel = new AbortController();
    // The person answers only when the test says so: after the run has ended (no timer races the result).
    let answer: (yes: boolean) => void = () => undefined;
    const answered = new Promise<boolean>((resolve) => (answer = resolve));
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = "hi" })', {
      signal: cancel.signal,
      approve: () => {
        setTimeout(() => cancel.abort(), 50); // cancelled while the person is still deciding
        return answered;
      },
    });
    // The run ended without waiting for the person: the answer is still pending.
    expect(result.error?.code).toBe('cancelled');
    expect(result.integration_calls[0]).toMatchObject({
      status: 'error',
      sent: false,
      error: { code: 'cancelled', message: expect.stringMatching(/still waiting for its approval check when the run was cancelled; nothing was done/) },
    });
    answer(true); // the person says yes, too late
    await answered;
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(sendsMade.count).toBe(before);
    expect(result.integration_calls).toHaveLength(1);
  });

  it('raises approval_denied when the approver says no', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = "hi" })', { approve: async () => false });
    expect(result.error?.code).toBe('approval_denied');
  });

  it('after a "no", refuses the script\'s further writes without asking again', async () => {
    const approve = jest.fn(async () => false);
    const result = await run(
      `local ok1, e1 = pcall(app.integrations.fake.send_message, { to = {"a"}, body = "one" })
       local ok2, e2 = pcall(app.integrations.fake.send_message, { to = {"b"}, body = "two" })
       return { e1.code, e2.code, e2.message }`,
      { approve },
    );
    expect(result.result).toEqual(['approval_denied', 'approval_denied', expect.stringMatching(/refused fake_send_message on account 'default' earlier in this run/)]);
    expect(approve).toHaveBeenCalledTimes(1);
  });

  it('raises permission_denied for a denied operation, even with an approver', async () => {
    const host = makeHost({ default: { label: 'x', permissions: { read: 'deny' } } });
    const result = await host.run('app.integrations.fake.echo({ value = 1 })', { approve: async () => true });
    expect(result.error?.code).toBe('permission_denied');
    expect(result.error?.message).toMatch(/permissions.read = "deny"/);
  });

  it('records a write with its reference, whether it was sent and the id it created', async () => {
    const result = await run('return app.integrations.fake.work.send_message({ to = {"a"}, body = "hi" }).sent');
    expect(result.integration_calls).toEqual([
      expect.objectContaining({ function: 'fake_send_message', account: 'work', operation: 'write', status: 'ok', attempts: 1, sent: true, reference: expect.stringMatching(/^fake-/), created_id: expect.stringMatching(/^id-fake-/) }),
    ]);
  });

  it('records a call refused before any request under the resolved account name', async () => {
    const result = await run('pcall(app.integrations.fake.send_message, { to = {}, body = "x" }) pcall(app.integrations.fake.echo, { nope = 1 })');
    expect(result.integration_calls.map((c) => [c.account, c.error?.code, c.attempts, c.sent])).toEqual([
      ['default', 'invalid_argument', 0, false],
      ['default', 'invalid_argument', 0, undefined],
    ]);
  });

  it('uses the account policy: writes allowed on work need no approval', async () => {
    expect(await value('return app.integrations.fake.work.send_message({ to = {"a"}, body = "hi" }).account')).toBe('work');
  });
});
