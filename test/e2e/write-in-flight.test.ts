/**
 * A send in flight when the sandbox is terminated is still recorded (issue #10 item 4), through the real
 * `kosmo-sinch` binary: the emulator holds the answer to `POST /batches` back for HELD_MS, the script's deadline is
 * DEADLINE_MS, so the CLI's watchdog terminates the worker (deadline + 2 s grace) with the send in flight; the CLI
 * then looks the batch up by its client_reference and reports `sent` true (with the batch id), false, or
 * "unknown". The deadline only has to let the send leave (~60 ms into a run here, at a load average of 10):
 * 3 s leaves a loaded machine all the time it needs, and the answer is held back long after the watchdog.
 */
import { runLua, startTestEmulator, type TestEmulator } from './harness';

const PLAN = 'emulator-plan';
const BATCHES = '/xms/v1/*/batches';
const SEND = 'app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "in flight" })';
const DEADLINE_MS = 3000;
const HELD_MS = 30_000;

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ demoData: false });
});
afterAll(() => emulator.close());
afterEach(async () => void (await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })));

async function sendInFlight() {
  const { envelope, cli } = await runLua(SEND, {
    config: { accounts: { default: { service_plan_id: PLAN, api_token: 'emulator-token', sms_base_url: emulator.url, permissions: { write: 'allow' } } } },
    flags: ['--timeout-ms', String(DEADLINE_MS)],
  });
  expect(cli.code).toBe(1);
  expect(envelope.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) });
  expect(envelope.integration_calls).toHaveLength(1);
  return envelope.integration_calls[0];
}

describe('a send in flight when the sandbox is terminated', () => {
  it('is reported as sent, with the batch id, when the batch was stored', async () => {
    await emulator.fault({ route: BATCHES, method: 'POST', delay_ms: HELD_MS });
    const call = await sendInFlight();
    const stored = (await emulator.state()).sms[PLAN].batches.filter((b) => b.client_reference === call.reference);
    expect(stored).toHaveLength(1);
    expect(call).toMatchObject({
      function: 'sinch_send_sms',
      account: 'default',
      operation: 'write',
      status: 'error',
      sent: true,
      created_id: stored[0].id,
      reference: expect.stringMatching(/^kosmo-/),
      error: { code: 'timeout', message: expect.stringMatching(/found it was done \(id \w+\)/) },
    });
  }, 60_000);

  it('is reported as not sent when the request was never processed', async () => {
    await emulator.fault({ route: BATCHES, method: 'POST', delay_ms: HELD_MS, drop: 'before' });
    const call = await sendInFlight();
    expect(call).toMatchObject({ status: 'error', sent: false, error: { message: expect.stringMatching(/found it was not done/) } });
    expect(call).not.toHaveProperty('created_id');
    expect((await emulator.state()).sms[PLAN].batches.filter((b) => b.client_reference === call.reference)).toEqual([]);
  }, 60_000);

  it('is reported with sent "unknown" when the lookup fails, naming the reference to check', async () => {
    await emulator.fault({ route: BATCHES, method: 'POST', delay_ms: HELD_MS });
    await emulator.fault({ route: BATCHES, method: 'GET', status: 500, times: 5 });
    const call = await sendInFlight();
    expect(call).toMatchObject({
      status: 'error',
      sent: 'unknown',
      error: { message: expect.stringContaining(`Look it up by reference "${call.reference}" before trying again`) },
    });
  }, 60_000);
});

describe('a sandbox terminated after other work', () => {
  it('keeps what the script printed and the calls it made before, beside the send in flight', async () => {
    await emulator.fault({ route: BATCHES, method: 'POST', delay_ms: HELD_MS });
    const { envelope, cli } = await runLua(`local g = app.integrations.sinch.list_groups({})\nprint("groups: " .. g.count)\n${SEND}`, {
      config: { accounts: { default: { service_plan_id: PLAN, api_token: 'emulator-token', sms_base_url: emulator.url, permissions: { write: 'allow' } } } },
      flags: ['--timeout-ms', String(DEADLINE_MS)],
    });
    expect(cli.code).toBe(1);
    expect(envelope.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) });
    expect(envelope.output).toBe('groups: 0\n');
    expect(envelope.integration_calls).toEqual([
      expect.objectContaining({ function: 'sinch_list_groups', operation: 'read', status: 'ok' }),
      expect.objectContaining({ function: 'sinch_send_sms', operation: 'write', status: 'error', sent: true }),
    ]);
  }, 60_000);
});
