/**
 * `sleep(seconds)` (issue #9, "Time and waiting, for agents"): a wait on a timer that yields to the driver,
 * counts against the run's deadline, is cut short by it and by a cancellation, and leaves the event loop free.
 * No assertion depends on how fast the machine is: bounds are an order of magnitude away from the waits.
 */
import { run, value } from './helpers';

describe('sleep(seconds)', () => {
  it('waits and lets the script carry on, also inside pcall', async () => {
    await expect(value('sleep(0.01) local ok = pcall(sleep, 0) sleep(0) return ok')).resolves.toBe(true);
  });

  it('leaves the event loop free: another script runs to its end while one sleeps, and a cancellation ends the sleep at once', async () => {
    const controller = new AbortController();
    const sleeper = run('sleep(600) return "woke"', { signal: controller.signal, limits: { timeoutMs: 600_000 } });
    let other;
    try {
      other = await run('local n = 0 for i = 1, 1e4 do n = n + i end return n');
    } finally {
      controller.abort();
    }
    expect(other.result).toBe(50005000);
    const result = await sleeper;
    expect(result.error).toMatchObject({ code: 'cancelled', line: 1 });
    // Inside the test's own timeout (30 s), far below the 600 s asked for: the abort woke the sleep.
    expect(result.execution_time_ms).toBeLessThan(20_000);
  });

  it('ends the run with timeout at the deadline, not after the sleep, even under pcall', async () => {
    for (const code of ['sleep(120)', 'local ok, err = pcall(sleep, 120) return "caught " .. tostring(err)']) {
      const result = await run(code, { limits: { timeoutMs: 200 } });
      expect(result).toMatchObject({ success: false, error: { code: 'timeout', line: 1 } });
      expect(result.execution_time_ms).toBeLessThan(20_000); // far below the 120 s asked for
    }
  });

  it('refuses what is not a number of seconds, 0 or more, naming the argument', async () => {
    for (const [code, got] of [
      ['sleep()', 'got nothing'],
      ['sleep("2")', 'got a string'],
      ['sleep(-1)', 'got -1'],
      ['sleep(0/0)', 'got NaN'],
      ['sleep(math.huge)', 'got Infinity'],
    ]) {
      const result = await run(`local ok, err = pcall(sleep, ${code.slice(6, -1) || 'nil'}) return {err.code, err.field, err.message}`);
      expect({ code, result: result.result }).toEqual({ code, result: ['invalid_argument', 'seconds', expect.stringContaining(got)] });
    }
  });

  it('cannot wait inside a coroutine of the script, and says where to call it', async () => {
    const result = await run('local co = coroutine.create(function() sleep(1) end) local ok, err = coroutine.resume(co) return {ok, err.code, err.message}');
    expect(result.result).toEqual([false, 'runtime_error', expect.stringMatching(/^sleep: cannot wait here: call it from the script body/)]);
  });
});
