/**
 * The host module (src/host/): calling functions directly, without Lua — the MCP server's way in — with the
 * same pipeline, checks and records as scripts; guardrail checks added by the builder; reconciliation.
 */
import { IntegrationError } from '../../src/errors';
import type { CallCheck } from '../../src/integration/checks';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { sinchHostFor } from '../../src/host/sinch-host';
import { accountDirectory } from '../../src/sinch/config/account-directory';
import { makeHost } from '../lua/helpers';
import { emulatorAccount } from '../reliability/support';

describe('direct calls', () => {
  const host = makeHost({ default: { label: 'main', permissions: { write: 'ask' } }, work: { label: 'w', permissions: { write: 'allow' } } });

  it('call a function by integration, name or alias, and account, with JSON arguments', async () => {
    const result = await host.call({ integration: 'fake', function: 'echo', account: 'work', arguments: { value: { a: [1, 2] } } });
    expect(result).toMatchObject({ ok: true, value: { value: { a: [1, 2] }, account: 'w' } });
    expect(result.record).toMatchObject({ path: 'fake.work.echo', function: 'fake_echo', account: 'work', status: 'ok' });
  });

  it('take positional arguments in declaration order', async () => {
    const result = await host.call({ integration: 'fake', function: 'fake_echo', arguments: ['hi'] });
    expect(result).toMatchObject({ ok: true, value: { value: 'hi', account: 'main' } });
  });

  it('answer an unknown name with unknown_function and suggestions, recorded like any refused call', async () => {
    const run = host.openRun();
    const result = await run.call({ integration: 'fake', function: 'ehco' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_function', message: 'Unknown function: fake.ehco. Did you mean: echo' } });
    expect(run.calls).toEqual([expect.objectContaining({ path: 'fake.ehco', status: 'error' })]);
    await run.close();
  });

  it('share a run: after a "no", the run refuses further writes without asking', async () => {
    const approve = jest.fn(async () => false);
    const run = host.openRun({ approve });
    const first = await run.call({ integration: 'fake', function: 'send_message', arguments: { to: ['+1'], body: 'a' } });
    const second = await run.call({ integration: 'fake', function: 'send_message', arguments: { to: ['+2'], body: 'b' } });
    await run.close();
    expect([first.ok, second.ok]).toEqual([false, false]);
    expect(second).toMatchObject({ error: { code: 'approval_denied' } });
    expect(approve).toHaveBeenCalledTimes(1);
    expect(run.calls.map((c) => c.refused_by)).toEqual(['approval', 'permission']);
  });

  it('end with cancelled when the run is cancelled while a person is asked', async () => {
    const cancel = new AbortController();
    const pending = host.call(
      { integration: 'fake', function: 'send_message', arguments: { to: ['+1'], body: 'a' } },
      { signal: cancel.signal, approve: () => new Promise(() => cancel.abort()) },
    );
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' }, record: { sent: false } });
  });
});

describe('checks added by the host builder', () => {
  it('run after the permission check, for scripts and direct calls alike', async () => {
    const seen: string[] = [];
    const budget: CallCheck = {
      name: 'daily_budget',
      check: (call) => {
        seen.push(call.fn.name);
        if (call.operation === 'write') throw new IntegrationError('limit_exceeded', 'the daily budget is spent', { limit: 'budget' });
      },
    };
    const host = makeHost({ default: { label: 'main', permissions: { read: 'allow', write: 'deny' } }, work: { label: 'w', permissions: { write: 'allow' } } }, () => [budget]);
    const denied = await host.call({ integration: 'fake', function: 'send_message', arguments: { to: ['+1'], body: 'a' } });
    expect(denied).toMatchObject({ error: { code: 'permission_denied' }, record: { refused_by: 'permission' } });
    expect(seen).toEqual([]); // the permission check came first
    const result = await host.run('local ok, e = pcall(app.integrations.fake.work.send_message, { to = {"+1"}, body = "a" }) return e.code');
    expect(result.result).toBe('limit_exceeded');
    expect(result.integration_calls[0]).toMatchObject({ refused_by: 'daily_budget', sent: false });
    expect(seen).toEqual(['fake_send_message']);
  });
});

describe('the Sinch host', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('calls Sinch functions directly and reconciles a write after the fact', async () => {
    const host = sinchHostFor(accountDirectory([emulatorAccount(emulator.url)]));
    const events: unknown[] = [];
    const sent = await host.call(
      { integration: 'sinch', function: 'send_sms', arguments: { from: '+12025550142', to: '+46701234567', body: 'direct', client_reference: 'direct-1' } },
      { onWrite: (event) => events.push(event) },
    );
    expect(sent).toMatchObject({ ok: true, record: { reference: 'direct-1', sent: true } });
    const attempt = events[0] as Parameters<typeof host.reconcile>[0];
    expect(attempt).toMatchObject({ phase: 'attempt', function: 'sinch_send_sms', plan: { reference: 'direct-1' } });
    expect(await host.reconcile(attempt)).toEqual({ sent: true, id: (sent as { value: { id: string } }).value.id });

    const never = { ...attempt, plan: { ...attempt.plan, reference: 'never-sent', request: { ...(attempt.plan.request as object), batch: { to: ['+46701234567'], body: 'x', client_reference: 'never-sent' } } } };
    const other = sinchHostFor(accountDirectory([emulatorAccount(emulator.url)]), { sendLookupSettleMs: 0 });
    expect(await other.reconcile(never)).toEqual({ sent: false });
    expect(await other.reconcile({ ...attempt, function: 'sinch_list_groups' })).toMatchObject({ sent: 'unknown' });
  });
});
