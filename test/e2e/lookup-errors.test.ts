/**
 * Lookup errors from outside (issue #16, item 4): unknown names raise unknown_function when called, so pcall
 * catches them; a mistyped account is named, with the configured accounts; likely guesses are suggested.
 */
import { runCli } from '../cli/run-cli';
import { runLua, twoAccounts, withEmulator } from './harness';

describe('unknown names through kosmo-sinch lua', () => {
  it.concurrent('pcall catches calling an unknown function, whose error suggests send_sms and lists the functions, and the call is recorded', async () => {
    const { envelope, cli } = await runLua(
      `local ok, err = pcall(app.integrations.sinch.send_message, { to = "+12025550134", body = "hi" })
       return { ok = ok, code = err.code, suggestions = err.suggestions, message = err.message }`,
    );
    expect(cli.code).toBe(0);
    expect(envelope.result).toMatchObject({ ok: false, code: 'unknown_function', suggestions: ['send_sms'] });
    expect(envelope.result.message).toMatch(
      /^Unknown function: app\.integrations\.sinch\.send_message\. Did you mean: send_sms\. Functions: list_messages, send_sms, list_phone_numbers, get_phone_number, list_groups, get_group, list_batches, list_group_members, get_batch, cancel_batch, get_delivery_report, get_recipient_delivery_report, list_delivery_reports, preview_sms\. Accounts: default /,
    );
    // Recorded like any refused call, so a program reading integration_calls sees what the script tried.
    expect(envelope.integration_calls).toEqual([
      expect.objectContaining({
        path: 'app.integrations.sinch.send_message',
        function: 'send_message',
        account: null,
        status: 'error',
        attempts: 0,
        error: expect.objectContaining({ code: 'unknown_function' }),
      }),
    ]);
  });

  it.concurrent('a mistyped account ends the run with one error naming it, listing the accounts and suggesting work, before any request', () =>
    withEmulator(async (emulator) => {
      const { envelope, cli } = await runLua('app.integrations.sinch.wrok.send_sms({ to = "+12025550134", body = "x" })', {
        config: twoAccounts(emulator.url),
      });
      expect(cli.code).toBe(1);
      expect(envelope.error).toMatchObject({ code: 'unknown_function', name: 'wrok', suggestions: ['work'], accounts: ['default', 'work'], line: 1 });
      expect(envelope.error?.message).toBe(
        'Unknown account: app.integrations.sinch.wrok (in app.integrations.sinch.wrok.send_sms). Did you mean: work. ' +
          'Functions: list_messages, send_sms, list_phone_numbers, get_phone_number, list_groups, get_group, list_batches, ' +
          'list_group_members, get_batch, cancel_batch, get_delivery_report, get_recipient_delivery_report, list_delivery_reports, ' +
          'preview_sms. ' +
          'Accounts: default, work (call app.integrations.sinch.<account>.<function>).',
      );
      expect(emulator.requests).toEqual([]);
    }));

  it.concurrent('suggests the function agents mean by their likely guesses', async () => {
    const { envelope } = await runLua(
      `local meant = {}
       for _, guess in ipairs({ "send_message", "sms", "text", "send_text", "message", "send", "inbox", "list_inbound",
                               "get_messages", "read_messages", "numbers", "groups" }) do
         local ok, err = pcall(app.integrations.sinch[guess], {})
         meant[guess] = err.suggestions[1]
       end
       return meant`,
    );
    expect(envelope.result).toEqual({
      send_message: 'send_sms',
      sms: 'send_sms',
      text: 'send_sms',
      send_text: 'send_sms',
      message: 'send_sms',
      send: 'send_sms',
      inbox: 'list_messages',
      list_inbound: 'list_messages',
      get_messages: 'list_messages',
      read_messages: 'list_messages',
      numbers: 'list_phone_numbers',
      groups: 'list_groups',
    });
  });
});

describe('unknown names through kosmo-sinch docs', () => {
  it.concurrent('suggests send_sms for integrations.sinch.send_message', async () => {
    const cli = await runCli(['docs', 'integrations.sinch.send_message']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toMatch(/^Function 'send_message' not found in app\.integrations\.sinch\. Did you mean: send_sms\?/);
  });
});
