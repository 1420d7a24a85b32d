/**
 * Guardrails through the real `kosmo-sinch` binary (issue #12), for each store: what a script sees when a
 * guardrail refuses (lua-docs/errors.md, "Guardrails"), `kosmo-sinch audit`, and a send in flight when the
 * sandbox is terminated — reconciled in the main thread, settled in the ledger and the budget.
 */
import { runCli, sandboxDir, writeUserConfig } from '../cli/run-cli';
import { emulatorAccount, runLua, startTestEmulator, type TestEmulator } from './harness';

const emulatorAccountFor = (url: string) => emulatorAccount(url, 1, { permissions: { read: 'allow', write: 'allow' } });
import { useGuardedSetup, type StoreKind } from './guardrails-support';

const PLAN = 'emulator-plan';
const send = (to: string, body = 'Your order has shipped.') => `app.integrations.sinch.send_sms({ from = "+12025550142", to = "${to}", body = "${body}" })`;

describe.each(['sqlite', 'redis'] as StoreKind[])('guardrails over %s, through the CLI', (kind) => {
  const setup = useGuardedSetup(kind);
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ demoData: false });
  });
  afterAll(() => emulator.close());
  afterEach(async () => void (await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })));

  it('refuses a send past the daily budget with a guardrail_refused table a script can act on', async () => {
    const config = setup.config(emulator.url, { budget: { per_day: 1 } }, setup.store());
    const { envelope } = await runLua(
      `${send('+46701234567')}
       local ok, err = pcall(function() return ${send('+46701234568')} end)
       return { ok = ok, code = err.code, guardrail = err.guardrail, limit = err.limit, requested = err.requested,
                remaining = err.remaining, sent = err.sent, resets_at = err.resets_at, message = tostring(err) }`,
      { config },
    );
    expect(envelope.result).toMatchObject({
      ok: false,
      code: 'guardrail_refused',
      guardrail: 'budget.per_day',
      limit: 1,
      requested: 1,
      remaining: 0,
      sent: false,
      resets_at: expect.stringMatching(/T00:00:00\.000Z$/),
      message: expect.stringMatching(/refused by the guardrail budget\.per_day of account 'default'.*Nothing was sent/),
    });
    expect(envelope.integration_calls.map((c) => [c.status, c.sent, c.refused_by ?? null])).toEqual([
      ['ok', true, null],
      ['error', false, 'guardrails'],
    ]);
  });

  it('shows every write in `kosmo-sinch audit`, filtered, as text and as JSON', async () => {
    const store = setup.store();
    const config = setup.config(emulator.url, { max_recipients: 1, ledger_body: 'text' }, store);
    const { envelope } = await runLua(
      `${send('+46701234567', 'first')}
       pcall(function() return app.integrations.sinch.send_sms({ to = { "+46701234567", "+46701234568" }, body = "two" }) end)`,
      { config },
    );
    expect(envelope.success).toBe(true);
    const home = sandboxDir();
    writeUserConfig(home, config);
    const json = await runCli(['audit', '--json'], { cwd: home });
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as { store: string; entries: Array<Record<string, unknown>> };
    expect(listed.store).toMatch(kind === 'sqlite' ? /^sqlite:\// : /^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(listed.entries.map((e) => [e.outcome, e.guardrail, e.body, e.recipients])).toEqual([
      ['refused', 'max_recipients', 'two', ['+46701234567', '+46701234568']],
      ['sent', null, 'first', ['+46701234567']],
    ]);
    const batch = (await emulator.state()).sms[PLAN].batches.find((b) => b.body === 'first')!;
    expect(listed.entries[1]).toMatchObject({ created_id: batch.id, reference: batch.client_reference, account: 'default', function: 'sinch_send_sms' });
    const refused = await runCli(['audit', '--outcome', 'refused', '--since', '1h'], { cwd: home });
    expect(refused.stdout).toMatch(/^1 write from .*, newest first:\n\S+Z {2}default {2}sinch_send_sms {2}refused by guardrails \(max_recipients\)\n {4}to \+46701234567 \+46701234568 \(2 recipients, 2 messages\)/);
    const none = await runCli(['audit', '--json', '--until', '2000-01-01'], { cwd: home });
    expect(JSON.parse(none.stdout).entries).toEqual([]);
  });

  it('settles a send in flight when the sandbox is terminated: the ledger has the reconciled outcome, and a send not done gives its budget back', async () => {
    const store = setup.store();
    const config = setup.config(emulator.url, { budget: { per_day: 1 } }, store);
    // A deadline the send surely starts before, even on a loaded machine (the guardrail reserves first), and a
    // hold far past it: the same margins as test/e2e/write-in-flight.test.ts.
    await emulator.fault({ route: '/xms/v1/*/batches', method: 'POST', delay_ms: 30_000, drop: 'before' });
    const { envelope } = await runLua(send('+46701234567', 'in flight'), { config, flags: ['--timeout-ms', '3000'] });
    expect(envelope.integration_calls[0]).toMatchObject({ sent: false, status: 'error' });
    const ledger = await setup.open(store).query({ limit: 10 });
    expect(ledger).toEqual([expect.objectContaining({ outcome: 'not_sent', reconciled: true, error_code: 'timeout', reference: envelope.integration_calls[0].reference })]);
    expect(await setup.open(store).usage('default')).toEqual({ hour: 0, day: 0 });
    const again = await runLua(send('+46701234567', 'in flight'), { config });
    expect(again.envelope.integration_calls[0]).toMatchObject({ status: 'ok', sent: true });
  }, 60_000);

  // Issues #9 and #12 together: the send plan expands a group into its members, so guardrails see the people
  // who would receive it (lua-docs/errors.md, "Guardrails"), and the messages they cost.
  describe('a send to a group', () => {
    let demo: TestEmulator;
    let group: { id: string; members: string[] };
    beforeAll(async () => {
      demo = await startTestEmulator({ demoData: true });
      const { envelope } = await runLua(
        `local g = app.integrations.sinch.list_groups({}).groups[1]
         local m = app.integrations.sinch.list_group_members({ group_id = g.id, include_child_groups = true })
         return { id = g.id, members = m.members }`,
        { config: { accounts: { default: emulatorAccountFor(demo.url) } } },
      );
      group = envelope.result as { id: string; members: string[] };
      expect(group.members.length).toBeGreaterThan(1);
    });
    afterAll(() => demo.close());

    /** One send to the group, under pcall: what the script sees. */
    const script = () =>
      `local ok, err = pcall(app.integrations.sinch.send_sms, { to = { "${group.id}" }, body = "Rota changed" })
       if ok then return { ok = true } end
       return { ok = false, code = err.code, guardrail = err.guardrail, requested = err.requested, message = tostring(err) }`;

    it('checks the deny list against the group\'s members, not its id', async () => {
      const denied = `+${group.members[group.members.length - 1]}`;
      const config = setup.config(demo.url, { recipients: { deny: [denied] } }, setup.store());
      const { envelope } = await runLua(script(), { config });
      expect(envelope.result).toMatchObject({ ok: false, code: 'guardrail_refused', guardrail: 'recipients.deny' });
      expect((envelope.result as { message: string }).message).toContain(denied);
    });

    it('counts every member against the budget: members × parts messages', async () => {
      const config = setup.config(demo.url, { budget: { per_run: group.members.length - 1 } }, setup.store());
      const { envelope } = await runLua(script(), { config });
      expect(envelope.result).toMatchObject({ ok: false, code: 'guardrail_refused', guardrail: 'budget.per_run', requested: group.members.length });
      const enough = setup.config(demo.url, { budget: { per_run: group.members.length } }, setup.store());
      expect((await runLua(script(), { config: enough })).envelope.result).toEqual({ ok: true });
    });

    it('refuses the same body to the same members again within the duplicate window, unless the script passes allow_duplicate', async () => {
      const config = setup.config(demo.url, { duplicate_window: '10m' }, setup.store());
      const { envelope } = await runLua(
        `local function send(extra)
           local args = { to = { "${group.id}" }, body = "Shift swap at 6" }
           for k, v in pairs(extra or {}) do args[k] = v end
           local ok, err = pcall(app.integrations.sinch.send_sms, args)
           return ok and "sent" or (err.code .. ":" .. tostring(err.guardrail))
         end
         return { send(), send(), send({ allow_duplicate = true }) }`,
        { config },
      );
      expect(envelope.result).toEqual(['sent', 'guardrail_refused:duplicate_window', 'sent']);
    });
  });
});
