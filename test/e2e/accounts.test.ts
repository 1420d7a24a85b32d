/**
 * Accounts and permissions from outside: two accounts on the emulator's two service plans, and the
 * permission policy of a config file (docs/contract.md, "Accounts configuration").
 */
import { batchesWithReference, emulatorAccount, requestsTo, runLua, twoAccounts, withEmulator } from './harness';

describe('two accounts on two service plans', () => {
  it.concurrent('a send through .work lands in the second plan only, reads come from each account, and the call log names the account', () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua(
        `local s = app.integrations.sinch
         local sent = s.work.send_sms({ to = "+12025550134", body = "from work", client_reference = "e2e-work" })
         return {
           sent = sent,
           work_groups = s.work.list_groups({}).count,
           default_groups = s.default.list_groups({}).count,
           plain_groups = s.list_groups({}).count,
           work_sees = s.work.list_batches({ client_reference = "e2e-work" }).count,
           default_sees = s.list_batches({ client_reference = "e2e-work" }).count,
         }`,
        { config: twoAccounts(emulator.url) },
      );
      expect(envelope.error).toBeNull();
      const r = envelope.result;
      expect(r).toMatchObject({ work_groups: 0, default_groups: 3, plain_groups: 3, work_sees: 1, default_sees: 0 });
      expect(r.sent.from).toBe('12025550188'); // the second plan's default sender

      const state = await emulator.state();
      expect(batchesWithReference(state, 'emulator-plan-2', 'e2e-work').map((b) => b.id)).toEqual([r.sent.id]);
      expect(batchesWithReference(state, 'emulator-plan', 'e2e-work')).toEqual([]);

      expect(envelope.integration_calls.map((c) => [c.path, c.account])).toEqual([
        ['app.integrations.sinch.work.send_sms', 'work'],
        ['app.integrations.sinch.work.list_groups', 'work'],
        ['app.integrations.sinch.default.list_groups', 'default'],
        ['app.integrations.sinch.list_groups', 'default'],
        ['app.integrations.sinch.work.list_batches', 'work'],
        ['app.integrations.sinch.list_batches', 'default'],
      ]);
    }));

  it.concurrent('an unknown account name raises unknown_function suggesting the configured one, before any request', () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua(
        `local ok, err = pcall(function() return app.integrations.sinch.wrok.send_sms({ to = "+12025550134", body = "x" }) end)
         return { ok = ok, code = err.code, message = err.message }`,
        { config: twoAccounts(emulator.url) },
      );
      expect(envelope.result).toMatchObject({ ok: false, code: 'unknown_function' });
      expect(envelope.result.message).toMatch(/app\.integrations\.sinch\.wrok.*Did you mean: work/);
      expect(emulator.requests).toEqual([]);
    }));
});

describe('an account with project keys only', () => {
  it.concurrent('sends over OAuth2 into the SMS state of the plan its project is linked to, with one access token', () =>
    withEmulator(async (emulator) => {
      const { service_plan_id, api_token, ...projectOnly } = emulatorAccount(emulator.url, 2);
      expect([service_plan_id, api_token]).toEqual(['emulator-plan-2', 'emulator-token-2']);
      const { envelope } = await runLua(
        `local s = app.integrations.sinch
         local sent = s.send_sms({ to = "+12025550134", body = "over OAuth2", client_reference = "e2e-oauth" })
         return { id = sent.id, seen = s.list_batches({ client_reference = "e2e-oauth" }).count }`,
        { config: { accounts: { default: projectOnly } } },
      );
      expect(envelope.error).toBeNull();
      expect(envelope.result.seen).toBe(1);
      expect(batchesWithReference(await emulator.state(), 'emulator-plan-2', 'e2e-oauth').map((b) => b.id)).toEqual([envelope.result.id]);
      expect(requestsTo(emulator, 'POST', '/oauth2/token')).toHaveLength(1);
      expect(requestsTo(emulator, 'POST', '/xms/v1/emulator-project-2/batches')).toHaveLength(1);
    }));
});

describe('the permission policy of a config file', () => {
  // `default` asks before writes; `locked` denies everything.
  const config = (url: string) => ({
    accounts: {
      default: emulatorAccount(url, 1, { permissions: { read: 'allow', write: 'ask' } }),
      locked: emulatorAccount(url, 1, { permissions: { read: 'deny', write: 'deny' } }),
    },
  });
  const script = `
    local s = app.integrations.sinch
    local function try(f, args)
      local ok, err = pcall(f, args)
      if ok then return "ok" end
      return err.code .. ": " .. err.message
    end
    return {
      ask_write = try(s.send_sms, { to = "+12025550134", body = "policy", client_reference = "e2e-ask" }),
      ask_read = try(s.list_groups, {}),
      deny_write = try(s.locked.send_sms, { to = "+12025550134", body = "policy", client_reference = "e2e-deny" }),
      deny_read = try(s.locked.list_groups, {}),
    }`;

  it.concurrent('without a terminal, "ask" raises approval_required for writes and "deny" permission_denied for reads and writes; nothing is sent', () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua(script, { config: config(emulator.url) });
      expect(envelope.result).toEqual({
        ask_write: expect.stringMatching(/^approval_required: .*--force/),
        ask_read: 'ok',
        deny_write: expect.stringMatching(/^permission_denied: /),
        deny_read: expect.stringMatching(/^permission_denied: /),
      });
      expect(requestsTo(emulator, 'POST', '/xms/v1/emulator-plan/batches')).toEqual([]);
    }));

  // docs/contract.md: "--force bypasses the permission policy only" — `deny` is part of that policy, and
  // src/integration/permission-check.ts lets --force past it too.
  it.concurrent('--force bypasses "ask" and "deny" alike, and each send is stored once', () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua(script, { config: config(emulator.url), flags: ['--force'] });
      expect(envelope.result).toEqual({ ask_write: 'ok', ask_read: 'ok', deny_write: 'ok', deny_read: 'ok' });
      const state = await emulator.state();
      expect(batchesWithReference(state, 'emulator-plan', 'e2e-ask')).toHaveLength(1);
      expect(batchesWithReference(state, 'emulator-plan', 'e2e-deny')).toHaveLength(1);
    }));
});
