/**
 * The call pipeline on its own (src/integration/pipeline.ts), with no Lua: a fake integration with a read and
 * a write (./fake-shop.ts), checks written here, and the record each call leaves (docs/pipeline.md).
 */
import { IntegrationError } from '../../src/errors';
import type { CallCheck, Settle } from '../../src/integration/checks';
import type { WriteEvent } from '../../src/integration/events';
import { permissionChecks, type PermissionOptions } from '../../src/integration/permission-check';
import { invoke, prepare } from '../../src/integration/pipeline';
import type { CallRecord } from '../../src/integration/record';
import { RunContext } from '../../src/integration/run-context';
import { ShopServices, shopBinding, target } from './fake-shop';

const order = { to: ['+1', '+2'], note: 'two lamps' };

/** The permission policy and the approval, as a host orders them (with any guardrails between). */
function permission(options: PermissionOptions, ...guardrails: CallCheck[]): CallCheck[] {
  const { policy, approval } = permissionChecks(options);
  return [policy, ...guardrails, approval];
}

function refusing(name: string, after?: Promise<void>): CallCheck {
  return {
    name,
    check: async () => {
      await after;
      throw new IntegrationError('limit_exceeded', `${name}: over budget`, { limit: 'budget' });
    },
  };
}

/** A check that lets calls through and keeps the records its settle hook was told. */
function recording(name = 'ledger'): CallCheck & { settled: CallRecord[] } {
  const settled: CallRecord[] = [];
  return {
    name,
    settled,
    check: (): Settle => (record) => void settled.push(record),
  };
}

describe('the call pipeline', () => {
  it('runs a read and records path, resolved account, operation, status, duration and attempts', async () => {
    const binding = shopBinding();
    const run = new RunContext();
    const result = await invoke(target(binding, 'get_item'), [{ id: 'lamp' }], run);
    expect(result).toMatchObject({ ok: true, value: { id: 'lamp', account: 'default' } });
    expect(run.calls).toEqual([
      { path: 'shop.get_item', function: 'shop_get_item', account: 'default', operation: 'read', status: 'ok', duration_ms: expect.any(Number), attempts: 1 },
    ]);
    expect(result.record).toBe(run.calls[0]);
  });

  it('starts a read whose checks are all synchronous before start() returns: no promise hop before the handler', () => {
    const binding = shopBinding();
    const services = binding.services as ShopServices;
    const call = prepare(target(binding, 'get_item'), [{ id: 'x' }], new RunContext({ checks: permission({}, recording()) }));
    call.start(() => undefined);
    expect(services.log).toEqual(['get x']);
  });

  it('records a call refused by validation under the resolved account name, with no attempts', async () => {
    const run = new RunContext();
    const result = await invoke(target(shopBinding(), 'place_order'), [{ to: [], note: 'x', extra: 1 }], run);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(run.calls[0]).toMatchObject({ account: 'default', operation: 'write', status: 'error', attempts: 0, sent: false });
    expect(run.calls[0]).not.toHaveProperty('reference');
  });

  it('records an unknown account under the name the caller used', async () => {
    const run = new RunContext();
    const result = await invoke(target(shopBinding(), 'get_item', 'nosuch'), [{ id: 'x' }], run);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_function' } });
    expect(run.calls[0]).toMatchObject({ account: 'nosuch', status: 'error' });
  });

  it('plans a write, executes exactly the plan, and records its reference, sent and created id', async () => {
    const binding = shopBinding();
    const run = new RunContext();
    const result = await invoke(target(binding, 'place_order'), [{ ...order, ref: 'r-1' }], run);
    expect(result).toMatchObject({ ok: true, value: { id: 'order-r-1' } });
    expect((binding.services as ShopServices).log).toEqual(['plan', 'execute r-1']);
    expect(run.calls[0]).toMatchObject({ operation: 'write', status: 'ok', attempts: 1, reference: 'r-1', sent: true, created_id: 'order-r-1' });
  });

  it('refuses a call when an asynchronous check refuses: nothing runs, the record names the check, earlier settles hear sent: false', async () => {
    const binding = shopBinding();
    const ledger = recording();
    const run = new RunContext({ checks: [ledger, refusing('daily_budget', Promise.resolve())] });
    const result = await invoke(target(binding, 'place_order'), [order], run);
    expect(result).toMatchObject({ ok: false, error: { code: 'limit_exceeded', message: 'daily_budget: over budget', details: { limit: 'budget' } } });
    expect((binding.services as ShopServices).log).toEqual(['plan']);
    expect(run.calls[0]).toMatchObject({ status: 'error', sent: false, refused_by: 'daily_budget', reference: expect.any(String), attempts: 0 });
    expect(ledger.settled).toEqual([run.calls[0]]);
  });

  it('refuses a call with internal_error, naming the check but not its JavaScript error, when a check throws unexpectedly', async () => {
    const binding = shopBinding();
    const broken: CallCheck = {
      name: 'store',
      check: () => {
        throw new TypeError('secret detail: cannot read properties of undefined');
      },
    };
    const run = new RunContext({ checks: [broken] });
    const result = await invoke(target(binding, 'get_item'), [{ id: 'x' }], run);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(run.calls)).not.toMatch(/secret detail|TypeError/);
    expect(run.calls[0]).toMatchObject({ refused_by: 'store', error: { message: expect.stringMatching(/"store" check failed because of a defect/) } });
    expect((binding.services as ShopServices).log).toEqual([]);
  });

  it('tells settle hooks the final outcome: sent on success, "unknown" when a write failed ambiguously', async () => {
    const binding = shopBinding();
    const services = binding.services as ShopServices;
    const ledger = recording();
    const run = new RunContext({ checks: [ledger] });
    await invoke(target(binding, 'place_order'), [{ ...order, ref: 'a' }], run);
    services.executeFails = new IntegrationError('upstream_error', 'the answer was lost', { sent: 'unknown' });
    await invoke(target(binding, 'place_order'), [{ ...order, ref: 'b' }], run);
    services.executeFails = new IntegrationError('invalid_argument', 'refused by the service', { sent: false });
    await invoke(target(binding, 'place_order'), [{ ...order, ref: 'c' }], run);
    services.executeFails = new Error('a defect after sending');
    await invoke(target(binding, 'place_order'), [{ ...order, ref: 'd' }], run);
    expect(ledger.settled.map((r) => [r.reference, r.status, r.sent])).toEqual([
      ['a', 'ok', true],
      ['b', 'error', 'unknown'],
      ['c', 'error', false],
      ['d', 'error', 'unknown'],
    ]);
    expect(ledger.settled[3].error).toEqual({ code: 'internal_error', message: 'shop_place_order failed because of a defect in the integration.' });
  });

  it('waits for asynchronous settle hooks before the run reports (drain)', async () => {
    let released = false;
    const guard: CallCheck = {
      name: 'budget',
      check: () => async () => {
        await new Promise((resolve) => setImmediate(resolve));
        released = true;
      },
    };
    const run = new RunContext({ checks: [guard] });
    await invoke(target(shopBinding(), 'get_item'), [{ id: 'x' }], run);
    expect(released).toBe(false);
    await run.drain();
    expect(released).toBe(true);
  });

  it('refuses a call whose check is still pending when the run is cancelled, and never runs it', async () => {
    const binding = shopBinding();
    const cancel = new AbortController();
    const never: CallCheck = { name: 'store', check: () => new Promise<void>(() => undefined) };
    const run = new RunContext({ checks: [never], signal: cancel.signal });
    const pending = invoke(target(binding, 'place_order'), [order], run);
    setImmediate(() => cancel.abort());
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringMatching(/still waiting for its store check when the run was cancelled; nothing was done/) } });
    expect(run.calls[0]).toMatchObject({ status: 'error', sent: false });
    expect(run.calls[0]).not.toHaveProperty('refused_by');
    expect((binding.services as ShopServices).log).toEqual(['plan']);
  });

  it('never starts a call once the run has ended, and records it with the run\'s error', async () => {
    const binding = shopBinding();
    const run = new RunContext();
    run.end(new IntegrationError('timeout', 'out of time'));
    const result = await invoke(target(binding, 'get_item'), [{ id: 'x' }], run);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(run.calls[0]).toMatchObject({ status: 'error', error: { code: 'timeout' } });
    expect((binding.services as ShopServices).log).toEqual([]);
  });

  it('records a write whose plan fails as not sent, without a reference', async () => {
    const binding = shopBinding();
    (binding.services as ShopServices).planFails = new IntegrationError('invalid_argument', 'note: too rude', { field: 'note' });
    const run = new RunContext();
    const result = await invoke(target(binding, 'place_order'), [order], run);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(run.calls[0]).toMatchObject({ sent: false });
    expect(run.calls[0]).not.toHaveProperty('reference');
  });
});

describe('write events', () => {
  it('tell an attempt before the write is executed and its outcome after, with the run id, the plan and the record', async () => {
    const binding = shopBinding();
    const services = binding.services as ShopServices;
    const events: Array<[string, WriteEvent]> = [];
    const run = new RunContext({ id: 'run-1', onWrite: (event) => events.push([services.log.join(','), event]) });
    await invoke(target(binding, 'place_order', 'other'), [{ ...order, ref: 'r' }], run);
    expect(events.map(([log, e]) => [log, e.phase])).toEqual([
      ['plan', 'attempt'],
      ['plan,execute r', 'outcome'],
    ]);
    const [, outcome] = events[1];
    expect(outcome).toMatchObject({
      run_id: 'run-1',
      call_id: 1,
      integration: 'shop',
      function: 'shop_place_order',
      path: 'shop.other.place_order',
      account: 'other',
      plan: { reference: 'r', facts: { recipients: ['+1', '+2'], messages: 2, body: 'two lamps' } },
      record: { sent: true, created_id: 'order-r' },
    });
    expect(new Date(outcome.at).toString()).not.toBe('Invalid Date');
  });

  it('tell only the outcome of a write a check refused, naming the check', async () => {
    const events: WriteEvent[] = [];
    const run = new RunContext({ checks: [refusing('allow_list')], onWrite: (event) => events.push(event) });
    await invoke(target(shopBinding(), 'place_order'), [order], run);
    expect(events).toEqual([expect.objectContaining({ phase: 'outcome', record: expect.objectContaining({ refused_by: 'allow_list', sent: false }) })]);
  });

  it('say nothing about reads', async () => {
    const events: WriteEvent[] = [];
    await invoke(target(shopBinding(), 'get_item'), [{ id: 'x' }], new RunContext({ onWrite: (event) => events.push(event) }));
    expect(events).toEqual([]);
  });
});

describe('the permission check', () => {
  const call = (binding = shopBinding({ write: 'ask' }), run: RunContext) => invoke(target(binding, 'place_order'), [order], run);

  it('lets a policy of allow through without asking', async () => {
    const approve = jest.fn(async () => true);
    const result = await call(shopBinding({ write: 'allow' }), new RunContext({ checks: permission({ approve }) }));
    expect(result.ok).toBe(true);
    expect(approve).not.toHaveBeenCalled();
  });

  it('refuses a policy of deny with permission_denied, whoever could approve', async () => {
    const denied = await call(shopBinding({ write: 'deny' }), new RunContext({ checks: permission({ approve: async () => true }) }));
    expect(denied).toMatchObject({ ok: false, error: { code: 'permission_denied', message: expect.stringMatching(/permissions.write = "deny"/) } });
    expect(denied.record).toMatchObject({ refused_by: 'permission', sent: false });
  });

  it('lets --force approve what ask would ask about', async () => {
    const approve = jest.fn(async () => false);
    const result = await call(undefined, new RunContext({ checks: permission({ force: true, approve }) }));
    expect(result.ok).toBe(true);
    expect(approve).not.toHaveBeenCalled();
  });

  it('raises approval_required under ask when nobody can be asked', async () => {
    const result = await call(undefined, new RunContext({ checks: permission({}) }));
    expect(result).toMatchObject({ ok: false, error: { code: 'approval_required' } });
  });

  it('asks nobody about a call a guardrail refuses: the person is asked last', async () => {
    const approve = jest.fn(async () => true);
    const result = await call(undefined, new RunContext({ checks: permission({ approve }, refusing('daily_budget')) }));
    expect(result).toMatchObject({ ok: false, record: { refused_by: 'daily_budget' } });
    expect(approve).not.toHaveBeenCalled();
  });

  it('asks with the planned request and runs when the person says yes, pausing the run\'s clock meanwhile', async () => {
    const clock = { pause: jest.fn(), resume: jest.fn() };
    const asked: unknown[] = [];
    const run = new RunContext({
      clock,
      checks: permission({
        approve: async (request) => {
          asked.push(request);
          expect(clock.pause).toHaveBeenCalledTimes(1);
          expect(clock.resume).not.toHaveBeenCalled();
          return true;
        },
      }),
    });
    const result = await call(undefined, run);
    expect(result.ok).toBe(true);
    expect(asked).toEqual([
      {
        integration: 'shop',
        function: 'shop_place_order',
        account: 'default',
        operation: 'write',
        title: 'Place an order for 2',
        fields: [{ kind: 'list', label: 'to', items: ['+1', '+2'] }],
      },
    ]);
    expect(clock.resume).toHaveBeenCalledTimes(1);
  });

  it('after a "no", refuses every further call that needs approval in the run without asking again, and says so', async () => {
    const binding = shopBinding({ write: 'ask' });
    const approve = jest.fn(async () => false);
    const run = new RunContext({ checks: permission({ approve }) });
    const first = await call(binding, run);
    const second = await call(binding, run);
    expect(first).toMatchObject({ ok: false, error: { code: 'approval_denied', message: expect.stringMatching(/answered no/) } });
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'approval_denied', message: expect.stringMatching(/refused shop_place_order on account 'default' earlier in this run/) },
    });
    expect(approve).toHaveBeenCalledTimes(1);
    expect((binding.services as ShopServices).log).toEqual(['plan', 'plan']);
    expect(run.calls.map((r) => [r.refused_by, r.sent])).toEqual([
      ['approval', false],
      ['permission', false],
    ]);
    // Another run asks again.
    await call(binding, new RunContext({ checks: permission({ approve }) }));
    expect(approve).toHaveBeenCalledTimes(2);
  });
});
