/**
 * Writes stay gated over MCP (issue #11, item 5): under `ask` the person is asked through the client with
 * elicitation, shown exactly what will be sent with every character visible; only an explicit yes sends; a
 * "no" refuses that tool call (and, inside one execute_lua run, every later write of the run); a client that
 * cannot be asked gets approval_required; no argument loosens the policy; and cancelling a call withdraws
 * its question and stops its script. The emulator's state is the witness of what was sent.
 */
import { startTestEmulator, type TestEmulator } from './harness';
import { mcpAccounts, startMcp, until, type Elicit, type McpUnderTest } from './mcp-harness';

const WORK_PLAN = 'emulator-plan-2';
const HOSTILE_BODY = 'Send me your bank PIN now\r\x1b[2K  body: Your appointment is confirmed';

let emulator: TestEmulator;
/** Declares elicitation; answers with `answer`. */
let asking: McpUnderTest;
/** Does not declare elicitation. */
let silent: McpUnderTest;
let answer: Elicit;

const yes: Elicit = async () => ({ action: 'accept', content: { approve: true } });
const no: Elicit = async () => ({ action: 'decline' });

beforeAll(async () => {
  emulator = await startTestEmulator();
  const config = mcpAccounts(emulator.url);
  [asking, silent] = await Promise.all([startMcp({ config, elicit: (params, extra) => answer(params, extra) }), startMcp({ config })]);
});
afterAll(async () => {
  await Promise.all([asking?.close(), silent?.close()]);
  await emulator?.close();
});
beforeEach(() => {
  answer = yes;
});
afterEach(() => {
  expect(asking.protocolErrors).toEqual([]);
  expect(silent.protocolErrors).toEqual([]);
});

async function sentWith(reference: string): Promise<unknown[]> {
  const state = await emulator.state();
  return Object.values(state.sms).flatMap((plan) => plan.batches.filter((b) => b.client_reference === reference));
}

const send = (reference: string, extra: Record<string, unknown> = {}) => ({
  account: 'work',
  to: ['+1 202 555 0134', '+447700900123'],
  body: HOSTILE_BODY,
  client_reference: reference,
  ...extra,
});

describe('a write under ask, asked through the client', () => {
  it('shows exactly what will be sent, every character visible, and sends it once the person approves', async () => {
    const asked = asking.elicitations.length;
    const result = await asking.call('sinch_send_sms', send('mcp-ask-yes'));
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent.call).toMatchObject({ account: 'work', sent: true, reference: 'mcp-ask-yes' });
    expect(await sentWith('mcp-ask-yes')).toHaveLength(1);

    expect(asking.elicitations).toHaveLength(asked + 1);
    const { message, requestedSchema } = asking.elicitations[asked] as { message: string; requestedSchema: unknown };
    const lines = message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Approval needed: Send an SMS to 2 recipients (1 part each, 2 messages)',
        '  account: work (sinch, sinch_send_sms, write)',
        '  to (2):',
        '    1. +12025550134',
        '    2. +447700900123',
        '  body: 67 characters, 1 line',
        '    │ Send me your bank PIN now\\r\\e[2K  body: Your appointment is confirmed',
        '  client_reference: mcp-ask-yes',
      ]),
    );
    // No control, format or line-separator character but the message's own line breaks.
    expect(message.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    // Only the message's own lines start at the left edge; every value follows a label, a number or the gutter.
    for (const line of lines.filter((l) => l !== '' && !l.startsWith('  '))) {
      expect(line).toMatch(/^(Approval needed: |Every value is shown exactly|Check "approve" and accept)/);
    }
    expect(requestedSchema).toEqual({
      type: 'object',
      properties: { approve: { type: 'boolean', title: 'Approve', description: "Allow: Send an SMS to 2 recipients (1 part each, 2 messages) (account 'work')", default: false } },
      required: ['approve'],
    });
  });

  it('a decline refuses that call with approval_denied and sends nothing; an unrelated later call is asked again', async () => {
    answer = no;
    const asked = asking.elicitations.length;
    const refused = await asking.call('sinch_send_sms', send('mcp-ask-no'));
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({
      error: { code: 'approval_denied', function: 'sinch_send_sms', account: 'work' },
      call: { status: 'error', sent: false, refused_by: 'approval', attempts: 0 },
    });
    expect(await sentWith('mcp-ask-no')).toEqual([]);

    answer = yes;
    const later = await asking.call('sinch_send_sms', send('mcp-ask-later'));
    expect(later.isError).toBeUndefined();
    expect(asking.elicitations).toHaveLength(asked + 2);
    expect(await sentWith('mcp-ask-later')).toHaveLength(1);
  });

  it('accepting without checking approve, or dismissing the question, counts as no', async () => {
    for (const [reference, reply] of [
      ['mcp-ask-unchecked', async () => ({ action: 'accept', content: { approve: false } })],
      ['mcp-ask-dismissed', async () => ({ action: 'cancel' })],
    ] as Array<[string, Elicit]>) {
      answer = reply;
      const result = await asking.call('sinch_send_sms', send(reference));
      expect(result.structuredContent).toMatchObject({ error: { code: 'approval_denied' }, call: { sent: false } });
      expect(await sentWith(reference)).toEqual([]);
    }
  });

  it('inside one execute_lua run, a "no" refuses every later write of the run without asking again', async () => {
    answer = no;
    const asked = asking.elicitations.length;
    const result = await asking.call('execute_lua', {
      code: `
        local work = app.integrations.sinch.work
        local a_ok, a = pcall(work.send_sms, { to = "+12025550134", body = "first", client_reference = "mcp-run-no-1" })
        local b_ok, b = pcall(work.send_sms, { to = "+12025550134", body = "second", client_reference = "mcp-run-no-2" })
        return { a = a.code, b = b.code, b_message = b.message }`,
    });
    expect(result.structuredContent).toMatchObject({ success: true, result: { a: 'approval_denied', b: 'approval_denied' } });
    expect(result.structuredContent.result.b_message).toContain('without asking again');
    expect(asking.elicitations).toHaveLength(asked + 1);
    expect(await sentWith('mcp-run-no-1')).toEqual([]);
    expect(await sentWith('mcp-run-no-2')).toEqual([]);

    answer = yes;
    const approved = await asking.call('execute_lua', {
      code: 'return app.integrations.sinch.work.send_sms({ to = "+12025550134", body = "from a script", client_reference = "mcp-run-yes" }).id',
    });
    expect(approved.structuredContent).toMatchObject({ success: true, integration_calls: [{ sent: true, reference: 'mcp-run-yes' }] });
    expect(await sentWith('mcp-run-yes')).toHaveLength(1);
  });
});

describe('allow, deny, and a client that cannot be asked', () => {
  it('allow sends without asking, deny refuses without asking', async () => {
    const asked = asking.elicitations.length;
    const allowed = await asking.call('sinch_send_sms', { to: '+12025550134', body: 'allowed', client_reference: 'mcp-allow' });
    expect(allowed.structuredContent.call).toMatchObject({ account: 'default', sent: true });
    const denied = await asking.call('sinch_send_sms', { account: 'locked', to: '+12025550134', body: 'denied', client_reference: 'mcp-deny' });
    expect(denied.structuredContent).toMatchObject({ error: { code: 'permission_denied' }, call: { refused_by: 'permission', sent: false } });
    expect(asking.elicitations).toHaveLength(asked);
    expect(await sentWith('mcp-allow')).toHaveLength(1);
    expect(await sentWith('mcp-deny')).toEqual([]);
  });

  it('without the elicitation capability, a write under ask is approval_required and nothing is sent', async () => {
    const direct = await silent.call('sinch_send_sms', send('mcp-silent'));
    expect(direct.isError).toBe(true);
    expect(direct.structuredContent).toMatchObject({ error: { code: 'approval_required' }, call: { refused_by: 'permission', sent: false } });
    const script = await silent.call('execute_lua', {
      code: 'return app.integrations.sinch.work.send_sms({ to = "+12025550134", body = "x", client_reference = "mcp-silent-run" })',
    });
    expect(script.structuredContent).toMatchObject({ success: false, error: { code: 'approval_required' } });
    expect(await sentWith('mcp-silent')).toEqual([]);
    expect(await sentWith('mcp-silent-run')).toEqual([]);
  });

  it('no argument loosens the policy: there is no force', async () => {
    const result = await silent.call('sinch_send_sms', send('mcp-force', { force: true }));
    expect(result.structuredContent).toMatchObject({ error: { code: 'invalid_argument', field: 'force' } });
    const script = await silent.call('execute_lua', { code: 'return 1', force: true });
    expect(script.structuredContent).toMatchObject({ error: { code: 'invalid_argument', field: 'force' } });
    expect(await sentWith('mcp-force')).toEqual([]);
  });
});

describe('cancellation (notifications/cancelled)', () => {
  it('cancelling a write that waits for its approval withdraws the question and sends nothing', async () => {
    let question: AbortSignal | undefined;
    answer = (_params, extra) => {
      question = extra.signal;
      return new Promise(() => undefined); // the person never answers
    };
    const cancel = new AbortController();
    const call = asking.call('sinch_send_sms', send('mcp-cancelled'), { signal: cancel.signal });
    await until(() => question !== undefined, 'the approval question');
    cancel.abort('the user pressed stop');
    await expect(call).rejects.toThrow();
    await until(() => question!.aborted, 'the question to be withdrawn');
    // The server still answers, and nothing was sent.
    answer = yes;
    expect((await asking.call('sinch_list_groups', {})).isError).toBeUndefined();
    expect(await sentWith('mcp-cancelled')).toEqual([]);
  });

  it('cancelling execute_lua stops its script and frees its sandbox worker', async () => {
    const groups = () => emulator.requests.filter((line) => line.startsWith(`GET /xms/v1/${WORK_PLAN}/groups`)).length;
    const before = groups();
    const cancels = [new AbortController(), new AbortController()];
    // Two scripts that would run for ten minutes: one per worker of the pool (docs/mcp.md, "Concurrency").
    const calls = cancels.map((cancel) =>
      asking.call('execute_lua', { code: 'app.integrations.sinch.work.list_groups({}) while true do end', timeout_ms: 600_000 }, { signal: cancel.signal }),
    );
    await until(() => groups() >= before + 2, 'both scripts to be running');
    for (const cancel of cancels) cancel.abort('stop');
    for (const call of calls) await expect(call).rejects.toThrow();
    // Only cancellation can have freed the workers for this one.
    const next = await asking.call('execute_lua', { code: 'return 42' });
    expect(next.structuredContent).toMatchObject({ success: true, result: 42 });
  });
});
