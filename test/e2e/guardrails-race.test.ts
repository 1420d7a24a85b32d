/**
 * Exactly right under concurrency and faults (issue #12, "Done when"), for each store: several `kosmo-sinch`
 * processes and several in-process hosts, each on its own store connection, race to send against one small
 * daily budget; the emulator's state is the witness of what was sent. Then lost answers, 5xx and 429 on the
 * send: the ledger, the budget and what the emulator stored agree, and every send happened at most once.
 */
import { sinchGuardrails, sinchHostFor } from '../../src/host/sinch-host';
import { loadSinchAccounts } from '../../src/sinch/config/load-accounts';
import { runLua, startTestEmulator, type TestEmulator } from './harness';
import { useGuardedSetup, utcDay, type StoreKind } from './guardrails-support';

const PLAN = 'emulator-plan';
const BUDGET = 5;

/** A script that tries `n` sends to distinct recipients and returns what each got. */
const racer = (tag: string, n: number) => `
  local results = {}
  for i = 1, ${n} do
    local ok, err = pcall(app.integrations.sinch.send_sms, { from = "+12025550142", to = "+4670123" .. string.format("%04d", i), body = "${tag} " .. i })
    results[i] = ok and "sent" or (err.code .. ":" .. tostring(err.guardrail))
  end
  return results`;

describe.each(['sqlite', 'redis'] as StoreKind[])('guardrails over %s under concurrency and faults', (kind) => {
  const setup = useGuardedSetup(kind);
  let emulator: TestEmulator;
  beforeEach(async () => {
    emulator = await startTestEmulator({ demoData: false });
  });
  afterEach(() => emulator.close());

  it('lets CLI processes and hosts racing for a small daily budget send exactly the budget, and refuses every other send with the guardrail error', async () => {
    const store = setup.store();
    const config = setup.config(emulator.url, { budget: { per_day: BUDGET } }, store);
    const file = setup.configFile(config);
    const dayBefore = utcDay();
    const processes = ['p1', 'p2', 'p3', 'p4'].map((tag) => runLua(racer(tag, 4), { config }));
    const hosts = ['h1', 'h2', 'h3'].map(async (tag) => {
      // Each host its own guardrails, so its own store connection.
      const accounts = loadSinchAccounts({ configPath: file }).accounts;
      const host = sinchHostFor(accounts, {}, undefined, sinchGuardrails(accounts, store));
      try {
        const calls = Array.from({ length: 4 }, (_, i) =>
          host.call({ integration: 'sinch', function: 'send_sms', arguments: { from: '+12025550142', to: `+4670999${String(i).padStart(4, '0')}`, body: `${tag} ${i}` } }),
        );
        return (await Promise.all(calls)).map((r) => (r.ok ? 'sent' : `${r.error.code}:${String(r.error.details.guardrail)}`));
      } finally {
        await host.close();
      }
    });
    const outcomes = [...(await Promise.all(processes)).flatMap((run) => run.envelope.result as string[]), ...(await Promise.all(hosts)).flat()];
    const stored = (await emulator.state()).sms[PLAN].batches;
    const sent = outcomes.filter((o) => o === 'sent');
    const refused = outcomes.filter((o) => o !== 'sent');
    expect(outcomes).toHaveLength(28);
    expect(new Set(refused)).toEqual(new Set(['guardrail_refused:budget.per_day']));
    if (utcDay() === dayBefore) {
      expect(sent).toHaveLength(BUDGET);
      expect(stored).toHaveLength(BUDGET);
      expect(await setup.open(store).usage('default')).toEqual({ hour: expect.any(Number), day: BUDGET });
    } else {
      // The race crossed midnight UTC: two daily windows, each within its budget.
      expect(stored.length).toBeLessThanOrEqual(2 * BUDGET);
    }
    expect(sent).toHaveLength(stored.length);
    const ledger = await setup.open(store).query({ limit: 100 });
    expect(ledger.filter((e) => e.outcome === 'sent').map((e) => e.created_id).sort()).toEqual(stored.map((b) => b.id).sort());
    expect(ledger.filter((e) => e.outcome === 'refused')).toHaveLength(refused.length);
  }, 60_000);

  it('keeps the ledger, the budget and the emulator in agreement through lost answers, 5xx and 429, each send at most once', async () => {
    const store = setup.store();
    const config = setup.config(emulator.url, { budget: { per_day: 100 } }, store);
    const sendTwo = (body: string) => runLua(`return app.integrations.sinch.send_sms({ from = "+12025550142", to = { "+46701234567", "+46701234568" }, body = "${body}" })`, { config });
    const POST = { route: '/xms/v1/*/batches', method: 'POST' };

    await emulator.fault({ ...POST, drop: 'after' }); // the answer is lost after Sinch stored it: found by lookup
    const lost = await sendTwo('lost answer');
    await emulator.fault({ ...POST, status: 500, times: 2 }); // not stored, twice (the lookups find nothing): not sent
    const failed = await sendTwo('server error');
    await emulator.fault({ ...POST, status: 429 }); // provably not sent: repeated once
    const limited = await sendTwo('rate limited');
    await emulator.fault({ ...POST, drop: 'after' }); // stored, and the lookups fail too: unknown
    await emulator.fault({ route: '/xms/v1/*/batches', method: 'GET', status: 500, times: 20 });
    const unknown = await sendTwo('unknown');
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });

    const calls = [lost, failed, limited, unknown].map((run) => run.envelope.integration_calls[0]);
    expect(calls.map((c) => c.sent)).toEqual([true, false, true, 'unknown']);
    const stored = (await emulator.state()).sms[PLAN].batches;
    // Exactly once: one batch per reference that was sent (or may have been), none for the one that was not.
    for (const call of calls) expect(stored.filter((b) => b.client_reference === call.reference)).toHaveLength(call.sent === false ? 0 : 1);
    const ledger = await setup.open(store).query({ limit: 100 });
    expect(ledger.map((e) => [e.reference, e.outcome])).toEqual(
      [...calls].reverse().map((c) => [c.reference, c.sent === true ? 'sent' : c.sent === false ? 'not_sent' : 'unknown']),
    );
    expect(ledger.filter((e) => e.outcome === 'sent').map((e) => e.created_id).sort()).toEqual(
      stored.filter((b) => calls.some((c) => c.sent === true && c.reference === b.client_reference)).map((b) => b.id).sort(),
    );
    // The budget counts what was sent and what may have been (kept for the unknown one): 3 sends × 2 messages.
    const day = (await setup.open(store).usage('default')).day;
    expect(day).toBe(6);
    expect(day).toBe(stored.reduce((n, b) => n + b.to.length, 0));
  }, 60_000);
});
