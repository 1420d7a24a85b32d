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
 * One script calling all seven functions through `namespace` (e.g. `app.integrations.sinch`), by alias or
 * by published name. `get_group` is called positionally.
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
    return { sent = sent, batches = batches, messages = messages, groups = groups, group = group,
             numbers = numbers, number = number }`;
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
  const expectedMessageIds = [...sortedIds(sms.batches), ...sortedIds(sms.inbounds), ...(sentStored ? [] : [r.sent.id])].sort();
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
}

function expectEveryFunctionCalledOk(envelope: Envelope, pathPrefix: string): void {
  const calls = envelope.integration_calls;
  expect(new Set(calls.map((c) => c.function))).toEqual(new Set(publishedFunctions().map((f) => f.name)));
  for (const call of calls) {
    expect(call).toMatchObject({ status: 'ok', account: 'default', operation: call.function === 'sinch_send_sms' ? 'write' : 'read' });
    expect(call.path.startsWith(pathPrefix)).toBe(true);
  }
}

// Every test starts what it needs and nothing is shared, so the subprocesses can run side by side.
describe('the seven functions through the embedded default', () => {
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

describe('the seven functions through a config file', () => {
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
