/**
 * Sinch failing, seen from outside: faults injected with `POST /_emulator/faults`, the real binary as the
 * client, and the emulator's request log and state as the witness. Retries and exactly-once sends
 * (lua-docs/sinch.md, "Errors" and "Good to know").
 *
 * The client waits in real time (backoff, Retry-After, the pause between lookups), so every test has an
 * emulator of its own and the tests run side by side.
 */
import { batchesWithReference, emulatorAccount, requestsTo, runLua, withEmulator, type TestEmulator } from './harness';

const PLAN = 'emulator-plan';
const BATCHES = `/xms/v1/${PLAN}/batches`;
const GROUPS = `/xms/v1/${PLAN}/groups`;
const NUMBERS = '/v1/projects/emulator-project/activeNumbers';

const configFor = (emulator: TestEmulator) => ({ accounts: { default: emulatorAccount(emulator.url) } });

/** A Lua expression that calls `call` under pcall and returns the result, or the error's fields. */
const caught = (call: string) => `
  local ok, res = pcall(function() return ${call} end)
  if ok then return { ok = true, value = res } end
  return { ok = false, code = res.code, status = res.status, retryable = res.retryable, retry_after = res.retry_after,
           sent = res.sent, client_reference = res.client_reference, message = res.message }`;

/** The requests between the first and the last POST of a batch: the lookups (`GET /batches?client_reference=`). */
function lookupsBetweenPosts(emulator: TestEmulator): string[] {
  const isPost = (line: string) => line.startsWith(`POST ${BATCHES} `);
  const first = emulator.requests.findIndex(isPost);
  const last = emulator.requests.length - 1 - [...emulator.requests].reverse().findIndex(isPost);
  return emulator.requests.slice(first + 1, last);
}

/** A request line of `GET /batches` filtered by this client_reference. */
const lookupOf = (reference: string) => new RegExp(`^GET ${BATCHES}\\?\\S*client_reference=${reference}[&\\s]`);

const outcomes = (lines: string[]) => lines.map((line) => line.replace(/^\S+ \S+ -> /, '').replace(/ \(\d+\.\d+ ms\)$/, ''));

describe('reads when Sinch fails', () => {
  it.concurrent('a read answered 503 once is retried and succeeds, and the run logs one ok call', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: '/xms/v1/*/groups', method: 'GET', status: 503 });
      const { envelope } = await runLua('return app.integrations.sinch.list_groups({}).count', { config: configFor(emulator) });
      expect(envelope).toMatchObject({ success: true, result: 3 });
      expect(envelope.integration_calls).toEqual([expect.objectContaining({ function: 'sinch_list_groups', status: 'ok' })]);
      expect(outcomes(requestsTo(emulator, 'GET', GROUPS))).toEqual(['503 (fault)', '200']);
    }));

  it.concurrent('a read answered 429 with Retry-After waits that long, then succeeds', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: '/v1/projects/*/activeNumbers', method: 'GET', status: 429, retry_after: 1 });
      const { envelope } = await runLua('return app.integrations.sinch.list_phone_numbers({}).count', { config: configFor(emulator) });
      expect(envelope).toMatchObject({ success: true, result: 4 });
      expect(outcomes(requestsTo(emulator, 'GET', NUMBERS))).toEqual(['429 (fault)', '200']);
      expect(envelope.integration_calls[0].duration_ms).toBeGreaterThanOrEqual(990); // timers may round by a millisecond
    }));

  it.concurrent('a 429 asking for more than a minute is not waited out: rate_limited, retryable, with retry_after', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: GROUPS, status: 429, retry_after: 120 });
      const { envelope } = await runLua(caught('app.integrations.sinch.list_groups({})'), { config: configFor(emulator) });
      expect(envelope.result).toMatchObject({ ok: false, code: 'rate_limited', status: 429, retryable: true, retry_after: 120 });
      expect(requestsTo(emulator, 'GET', GROUPS)).toHaveLength(1);
    }));

  it.concurrent('a read answered 503 past the retry budget fails with upstream_error and retryable = true after three tries', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: GROUPS, status: 503, times: 5 });
      const { envelope } = await runLua(caught('app.integrations.sinch.list_groups({})'), { config: configFor(emulator) });
      expect(envelope.result).toMatchObject({ ok: false, code: 'upstream_error', status: 503, retryable: true });
      expect(requestsTo(emulator, 'GET', GROUPS)).toHaveLength(3);
      expect(await emulator.pendingFaults()).toEqual([expect.objectContaining({ remaining: 2 })]);
    }));
});

describe('exactly-once sends when Sinch fails', () => {
  it.concurrent('a send whose answer is lost after Sinch stored it returns the stored batch; exactly one batch exists', () =>
    withEmulator(async (emulator) => {
      // Twice: once with the caller's client_reference, once with a generated one.
      await emulator.fault({ route: '/xms/v1/*/batches', method: 'POST', drop: 'after', times: 2 });
      const { envelope } = await runLua(
        `local s = app.integrations.sinch
         local own = s.send_sms({ to = "+12025550134", body = "lost answer", client_reference = "e2e-drop-after" })
         local generated = s.send_sms({ to = "+12025550134", body = "lost answer, generated reference" })
         return { own = own, generated = generated }`,
        { config: configFor(emulator) },
      );
      expect(envelope.error).toBeNull();
      const { own, generated } = envelope.result;
      expect(generated.client_reference).toMatch(/^kosmo-/);
      const state = await emulator.state();
      expect(batchesWithReference(state, PLAN, 'e2e-drop-after').map((b) => b.id)).toEqual([own.id]);
      expect(batchesWithReference(state, PLAN, generated.client_reference).map((b) => b.id)).toEqual([generated.id]);
      expect(outcomes(requestsTo(emulator, 'POST', BATCHES))).toEqual([
        '201, dropped (fault: drop after)',
        '201, dropped (fault: drop after)',
      ]);
    }));

  it.concurrent('a send dropped before Sinch read it is looked up, not found, and sent once more: exactly one batch', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: BATCHES, method: 'POST', drop: 'before' });
      const { envelope } = await runLua(
        'return app.integrations.sinch.send_sms({ to = "+12025550134", body = "dropped before", client_reference = "e2e-drop-before" })',
        { config: configFor(emulator) },
      );
      expect(envelope.error).toBeNull();
      const stored = batchesWithReference(await emulator.state(), PLAN, 'e2e-drop-before');
      expect(stored.map((b) => b.id)).toEqual([envelope.result.id]);
      expect(outcomes(requestsTo(emulator, 'POST', BATCHES))).toEqual(['dropped (fault: drop before)', '201']);
      const lookups = lookupsBetweenPosts(emulator);
      expect(lookups).not.toHaveLength(0);
      for (const lookup of lookups) expect(lookup).toMatch(lookupOf('e2e-drop-before'));
    }));

  it.concurrent('a send answered 500 is looked up by client_reference before it is repeated: exactly one batch', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: BATCHES, method: 'POST', status: 500 });
      const { envelope } = await runLua(
        'return app.integrations.sinch.send_sms({ to = "+12025550134", body = "after a 500", client_reference = "e2e-500" })',
        { config: configFor(emulator) },
      );
      expect(envelope.error).toBeNull();
      expect(batchesWithReference(await emulator.state(), PLAN, 'e2e-500').map((b) => b.id)).toEqual([envelope.result.id]);
      const lookups = lookupsBetweenPosts(emulator);
      expect(lookups).not.toHaveLength(0);
      for (const lookup of lookups) expect(lookup).toMatch(lookupOf('e2e-500'));
      expect(outcomes(requestsTo(emulator, 'POST', BATCHES))).toEqual(['500 (fault)', '201']);
    }));

  it.concurrent('a send answered 503 past its one repeat fails with retryable = true and sent = false, and nothing is stored', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: BATCHES, method: 'POST', status: 503, times: 5 });
      const { envelope } = await runLua(
        caught('app.integrations.sinch.send_sms({ to = "+12025550134", body = "never", client_reference = "e2e-503" })'),
        { config: configFor(emulator) },
      );
      expect(envelope.result).toMatchObject({
        ok: false,
        code: 'upstream_error',
        status: 503,
        retryable: true,
        sent: false,
        client_reference: 'e2e-503',
      });
      expect(envelope.result.message).toMatch(/not sent/);
      expect(batchesWithReference(await emulator.state(), PLAN, 'e2e-503')).toEqual([]);
      expect(requestsTo(emulator, 'POST', BATCHES)).toHaveLength(2);
      expect(envelope.integration_calls).toEqual([expect.objectContaining({ function: 'sinch_send_sms', status: 'error' })]);
    }));
});
