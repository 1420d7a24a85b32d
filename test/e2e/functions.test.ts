/**
 * Every published function, through the real binary: once through the embedded default (no account
 * configured) and once through a config file pointing at an emulator this test started, checking what
 * the script got against the emulator's state.
 */
import {
  EMBEDDED_NOTICE,
  USER_CONFIG_NOTICE,
  emulatorAccount,
  publishedFunctions,
  runLua,
  type EmulatorState,
  type Envelope,
  withEmulator,
} from './harness';

const REFERENCE = 'e2e-every-function';

/**
 * One script calling every function through `namespace` (e.g. `app.integrations.sinch`), by alias or
 * by published name. `get_group` is called positionally. The scheduled send that `cancel_batch` cancels comes
 * last, after `list_messages` has read the plan.
 */
function everyFunctionScript(namespace: string, names: 'alias' | 'published'): string {
  const fn = (alias: string) => `${namespace}.${names === 'published' ? `sinch_${alias}` : alias}`;
  return `
    local sent = ${fn('send_sms')}({
      to = {"+12025550134", "+12025550135"},
      body = "Every function, end to end",
      client_reference = "${REFERENCE}",
    })
    local batches = ${fn('list_batches')}({ client_reference = "${REFERENCE}" })
    local messages = ${fn('list_messages')}({ page_size = 100 })
    local groups = ${fn('list_groups')}({ page_size = 100 })
    local group = ${fn('get_group')}(groups.groups[1].id)
    local numbers = ${fn('list_phone_numbers')}({ page_size = 100 })
    local number = ${fn('get_phone_number')}({ phone_number = numbers.phone_numbers[2].phoneNumber })
    local members = ${fn('list_group_members')}({ group_id = group.id, include_child_groups = true })
    local batch = ${fn('get_batch')}({ batch_id = sent.id })
    local report = ${fn('get_delivery_report')}({ batch_id = sent.id })
    local recipient = ${fn('get_recipient_delivery_report')}({ batch_id = sent.id, recipient = "+12025550135" })
    local reports = ${fn('list_delivery_reports')}({ client_reference = "${REFERENCE}", start_date = "-1h" })
    local preview = ${fn('preview_sms')}({ body = "Every function – end to end", to = { group.id, "+12025550134" }, dry_run = true })
    local scheduled = ${fn('send_sms')}({ to = { group.id }, body = "Later, \${who}", parameters = { who = { default = "all" } },
      send_at = "tomorrow 08:00", client_reference = "${REFERENCE}-scheduled" })
    local cancelled = ${fn('cancel_batch')}({ batch_id = scheduled.id })
    return { sent = sent, batches = batches, messages = messages, groups = groups, group = group,
             numbers = numbers, number = number, members = members, batch = batch, report = report,
             recipient = recipient, reports = reports, preview = preview, scheduled = scheduled, cancelled = cancelled }`;
}

const sortedIds = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();
const groupSummary = (g: { id: string; name?: string; size: number }) => ({ id: g.id, name: g.name, size: g.size });
const numberSummary = (n: Record<string, unknown>) => ({
  phoneNumber: n.phoneNumber,
  displayName: n.displayName,
  type: n.type,
  regionCode: n.regionCode,
  capability: n.capability,
  money: n.money,
});

/**
 * What the script returned agrees with the emulator's state: `state` holds the demo data (for the embedded
 * default: a twin emulator with the same seed, whose ids are the same) and `sentStored` says whether the
 * sent batch is in `state` itself.
 */
function expectResultsMatchState(envelope: Envelope, state: EmulatorState, sentStored: boolean): void {
  expect(envelope.error).toBeNull();
  const r = envelope.result;
  const sms = state.sms['emulator-plan'];
  const numbers = state.projects.find((p) => p.project_id === 'emulator-project')!.active_numbers;

  // send_sms: the batch as Sinch returns it (numbers without '+', the plan's default sender).
  expect(r.sent).toMatchObject({
    to: ['12025550134', '12025550135'],
    from: '12025550142',
    body: 'Every function, end to end',
    client_reference: REFERENCE,
    type: 'mt_text',
  });
  if (sentStored) {
    expect(sms.batches.filter((b) => b.client_reference === REFERENCE)).toEqual([
      expect.objectContaining({ id: r.sent.id, to: ['12025550134', '12025550135'], body: 'Every function, end to end' }),
    ]);
  }
  // list_batches by client_reference finds that batch only.
  expect(r.batches.count).toBe(1);
  expect(r.batches.batches.map((b: { id: string }) => b.id)).toEqual([r.sent.id]);
  // list_messages: every batch and inbound message of the plan (all within 14 days), merged.
  // list_messages ran before the scheduled send.
  const before = sms.batches.filter((b) => b.id !== r.scheduled.id);
  const expectedMessageIds = [...sortedIds(before), ...sortedIds(sms.inbounds), ...(sentStored ? [] : [r.sent.id])].sort();
  expect(sortedIds(r.messages.messages)).toEqual(expectedMessageIds);
  expect(r.messages.count).toBe(expectedMessageIds.length);
  // list_groups and get_group.
  expect(r.groups.groups.map(groupSummary).sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id))).toEqual(
    sms.groups.map(groupSummary).sort((a, b) => a.id.localeCompare(b.id)),
  );
  const stateGroup = sms.groups.find((g) => g.id === r.groups.groups[0].id)!;
  expect(groupSummary(r.group)).toEqual(groupSummary(stateGroup));
  // list_phone_numbers and get_phone_number.
  expect(r.numbers.count).toBe(numbers.length);
  expect(r.numbers.phone_numbers.map(numberSummary)).toEqual(numbers.map(numberSummary));
  expect(numberSummary(r.number)).toEqual(numberSummary(numbers[1]));
  // list_group_members: the group's members and its child groups', as the emulator holds them.
  const reach = new Set<string>();
  const visit = (id: string) => {
    const g = sms.groups.find((x) => x.id === id)!;
    g.members.forEach((m) => reach.add(m));
    ((g.child_groups as string[] | undefined) ?? []).forEach(visit);
  };
  visit(r.group.id);
  expect(r.members).toMatchObject({ group_id: r.group.id, count: reach.size });
  expect([...r.members.members].sort()).toEqual([...reach].sort());
  // get_batch, the delivery reports: the batch just sent, two recipients, nothing failed.
  expect(r.batch).toMatchObject({ id: r.sent.id, canceled: false });
  expect(r.report).toMatchObject({ batch_id: r.sent.id, failed: 0, cancelled: 0 });
  expect(r.report.delivered + r.report.pending).toBe(2);
  expect(r.recipient).toMatchObject({ batch_id: r.sent.id, recipient: '12025550135' });
  expect(['delivered', 'pending']).toContain(r.recipient.outcome);
  expect(r.reports.count).toBe(2);
  // preview_sms agrees with the dry run; the en dash makes it UCS-2.
  expect(r.preview).toMatchObject({ recipients: reach.size + 1, encoding: 'UCS-2', sinch_dry_run: { agrees: true } });
  // The scheduled send to the group, cancelled.
  expect(r.scheduled).toMatchObject({ to: [r.group.id], canceled: false, parameters: { who: { default: 'all' } } });
  expect(r.cancelled).toMatchObject({ id: r.scheduled.id, canceled: true });
  if (sentStored) {
    const stored = sms.batches.find((b) => b.id === r.scheduled.id)!;
    expect(stored.recipients.map((x) => x.status)).toEqual(Array(reach.size).fill('Cancelled'));
  }
}

function expectEveryFunctionCalledOk(envelope: Envelope, pathPrefix: string): void {
  const calls = envelope.integration_calls;
  expect(new Set(calls.map((c) => c.function))).toEqual(new Set(publishedFunctions().map((f) => f.name)));
  for (const call of calls) {
    const write = call.function === 'sinch_send_sms' || call.function === 'sinch_cancel_batch';
    expect(call).toMatchObject({ status: 'ok', account: 'default', operation: write ? 'write' : 'read' });
    expect(call.path.startsWith(pathPrefix)).toBe(true);
  }
}

// Every test starts what it needs and nothing is shared, so the subprocesses can run side by side.
describe('every function through the embedded default', () => {
  it.concurrent('each function returns what the seeded emulator holds, and every call is logged as ok under default', () =>
    // A twin with the same seed and demo data as the emulator the CLI embeds has the same ids.
    withEmulator(async (twin) => {
      const { envelope, cli } = await runLua(everyFunctionScript('app.integrations.sinch', 'alias'));
      expect(cli.code).toBe(0);
      expect(cli.stderr).toMatch(EMBEDDED_NOTICE);
      expect(envelope.meta).toEqual({ emulator: true, sandbox: 'worker' });
      expectResultsMatchState(envelope, await twin.state(), false);
      expectEveryFunctionCalledOk(envelope, 'app.integrations.sinch.');
    }));

  it.concurrent('--emulator uses the embedded emulator even when an account is configured, and allows writes there', async () => {
    const config = { accounts: { default: { ...emulatorAccount('http://127.0.0.1:9'), permissions: { write: 'deny' } } } };
    const { envelope, cli } = await runLua(
      'local b = app.integrations.sinch.send_sms({ to = "+12025550134", body = "hi" }) ' +
        'return { id = b.id, groups = app.integrations.sinch.list_groups({}).count }',
      { config, flags: ['--emulator'] },
    );
    expect(cli.stderr).toMatch(EMBEDDED_NOTICE);
    expect(envelope).toMatchObject({ success: true, meta: { emulator: true }, result: { groups: 3 } });
    expect(envelope.result.id).toMatch(/^01[0-9A-Z]{24}$/);
  });
});

describe('every function through a config file', () => {
  it.concurrent('each function, by published name under .default, agrees with the emulator state, and nothing mentions an emulator', () =>
    withEmulator(async (emulator) => {
      const config = { accounts: { default: emulatorAccount(emulator.url) } };
      const { envelope, cli } = await runLua(everyFunctionScript('app.integrations.sinch.default', 'published'), { config });
      expect(cli.code).toBe(0);
      expect(cli.stderr).toMatch(USER_CONFIG_NOTICE);
      expect(envelope.meta).toEqual({ emulator: false, sandbox: 'worker' });
      expectResultsMatchState(envelope, await emulator.state(), true);
      expectEveryFunctionCalledOk(envelope, 'app.integrations.sinch.default.sinch_');
    }));

  it.concurrent('a scheduled send stays queued until the emulator clock passes send_at, then is delivered', () =>
    withEmulator(async (emulator) => {
      const config = { accounts: { default: emulatorAccount(emulator.url) } };
      const sendAt = new Date(Date.now() + 3_600_000).toISOString();
      const { envelope } = await runLua(
        `return app.integrations.sinch.send_sms({ to = "+12025550177", body = "later", send_at = "${sendAt}" })`,
        { config },
      );
      expect(envelope.error).toBeNull();
      const statusOf = async () =>
        (await emulator.state()).sms['emulator-plan'].batches.find((b) => b.id === envelope.result.id)!.recipients[0].status;
      expect(await statusOf()).toBe('Queued');
      await emulator.advanceSeconds(3600 + 5);
      expect(await statusOf()).toBe('Delivered');
    }));
});
