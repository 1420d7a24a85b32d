/**
 * The run's outcome is always right (issue #10 item 5): past the deadline is a timeout on every path — the
 * instruction hook (test/lua/limits.test.ts), completion, a host call's return, and the pool's watchdog
 * (test/sandbox/pool.test.ts) — and time a person spends deciding at an approval does not count (issue #16
 * item 2).
 */
import { sendsMade } from './fake-integration';
import { run } from './helpers';

/**
 * One VM instruction that takes far longer than 1 ms on any machine (upper() of 20 MB: a JavaScript loop of
 * 20 million steps) inside a script of a handful of instructions, so the instruction hook (every 1000
 * instructions) never runs: only the check at completion can see the deadline passed.
 */
const LONG_INSTRUCTION = 'local s = ("x"):rep(2e7):upper()';
const PAST_DEADLINE = { limits: { timeoutMs: 1, memoryLimitBytes: 256 * 1024 * 1024 } };

describe('the outcome of a run that ends past its deadline', () => {
  it('is a timeout when the script finishes after its deadline inside one long instruction', async () => {
    const result = await run(`${LONG_INSTRUCTION} return #s`, PAST_DEADLINE);
    expect(result).toMatchObject({ success: false, result: null, error: { code: 'timeout' } });
  });

  it('is a timeout when the script fails after its deadline, rather than its own error', async () => {
    const result = await run(`${LONG_INSTRUCTION} error("late")`, PAST_DEADLINE);
    expect(result.error?.code).toBe('timeout');
  });

  it('is a timeout raised at the calling line when a host call returns after the deadline', async () => {
    // fake.block busy-waits 1.5 s in its handler: nothing can interrupt it, and it returns past a 1 s deadline
    // (long enough for the call to start before it on a loaded machine).
    const result = await run('local r = app.integrations.fake.block({ ms = 1500 })\nreturn r', { limits: { timeoutMs: 1000 } });
    expect(result.error).toMatchObject({ code: 'timeout', line: 1 });
    expect(result.integration_calls).toMatchObject([{ function: 'fake_block', status: 'ok' }]);
  });
});

// Deadlines of a second, so that the call is asked about well before them even on a loaded machine.
describe('the deadline while a person is asked', () => {
  it('does not run: a write approved after the deadline would have passed is still made', async () => {
    const before = sendsMade.count;
    const result = await run('return app.integrations.fake.send_message({ to = {"a"}, body = "hi" }).sent', {
      limits: { timeoutMs: 1000 },
      approve: () => new Promise((resolve) => setTimeout(() => resolve(true), 1500)),
    });
    expect(result).toMatchObject({ success: true, result: true });
    expect(sendsMade.count).toBe(before + 1);
  });

  it('resumes after the answer', async () => {
    const result = await run('app.integrations.fake.send_message({ to = {"a"}, body = "hi" }) while true do end', {
      limits: { timeoutMs: 1000 },
      approve: () => new Promise((resolve) => setTimeout(() => resolve(true), 500)),
    });
    expect(result.error?.code).toBe('timeout');
    expect(result.execution_time_ms).toBeGreaterThanOrEqual(1500);
  });
});
