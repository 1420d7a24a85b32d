import { join } from 'node:path';
import type { WriteAttempt, WriteEvent } from '../../src/integration/events';
import { SandboxPool } from '../../src/sandbox/pool';

const host = { module: join(__dirname, 'fake-host.ts'), exportName: 'createFakeHost', options: {} };

/**
 * The watchdog's grace in the pools whose tests need it to act (short: those tests wait for it), and in the
 * pool whose tests must never see it act: there a loaded machine may take its time to notice a deadline from
 * inside the worker (a 300 ms grace raced that), and the CLI's own grace is 2 s.
 */
const SHORT_GRACE_MS = 300;
const LONG_GRACE_MS = 10_000;
/** How long fake.block spins: the watchdog, not the end of the block, must end these runs. */
const BLOCK_MS = 60_000;

/**
 * Starts a pool's workers and runs every fake function once in each, so that what a first run loads (under
 * ts-node: compiled on first use, hundreds of ms on a loaded machine) is loaded before a test's deadline
 * starts: a deadline of a second is then a thousand times what reaching the first call takes.
 */
async function ready(pool: SandboxPool, workers = 1): Promise<void> {
  await pool.warm(workers);
  const script = 'app.integrations.fake.echo({ value = 1 }) app.integrations.fake.block({ ms = 0 }) app.integrations.fake.send_message({ to = {"a"}, body = "warm" })';
  const runs = await Promise.all(Array.from({ length: workers }, () => pool.run(script, { force: true })));
  for (const run of runs) expect(run.error).toBeNull();
}

describe('the sandbox pool', () => {
  let pool: SandboxPool;
  let watchdog: SandboxPool;
  beforeAll(async () => {
    pool = new SandboxPool({ host, size: 2, graceMs: LONG_GRACE_MS });
    watchdog = new SandboxPool({ host, graceMs: SHORT_GRACE_MS });
    await Promise.all([ready(pool, 2), ready(watchdog)]);
  }, 60_000);
  afterAll(() => Promise.all([pool.close(), watchdog.close()]));

  it('runs a script in a worker and returns the same result shape as the in-process host', async () => {
    const result = await pool.run('print("hi") return app.integrations.fake.echo({ value = 7 })');
    expect(result).toMatchObject({ success: true, output: 'hi\n', result: { value: 7, account: 'in-worker' } });
    expect(result.integration_calls).toHaveLength(1);
  });

  it('relays approvals to the main thread', async () => {
    const asked: string[] = [];
    const result = await pool.run('return app.integrations.fake.send_message({ to = {"+1"}, body = "x" }).sent', {
      approve: async (request) => {
        asked.push(request.function);
        return true;
      },
    });
    expect(result.result).toBe(true);
    expect(asked).toEqual(['fake_send_message']);
  });

  it("tells the main thread's write listener every write's attempt and outcome, whole, in order", async () => {
    const events: WriteEvent[] = [];
    const result = await pool.run(
      `local a = app.integrations.fake.send_message({ to = {"+1"}, body = "one" }).sent
       local b = app.integrations.fake.send_message({ to = {"+1", "+2"}, body = "two" }).sent
       print("after")
       return { a, b }`,
      { force: true, onWrite: (event) => events.push(event) },
    );
    expect(result.result).toEqual([true, true]);
    expect(events.map((e) => [e.phase, e.call_id])).toEqual([
      ['attempt', 1],
      ['outcome', 1],
      ['attempt', 2],
      ['outcome', 2],
    ]);
    // The approval view crosses too when someone here listens (without a listener, only what reconciling needs).
    expect(events[2]).toMatchObject({ plan: { title: 'Send a message to 2 recipients', fields: expect.arrayContaining([expect.anything()]) } });
    expect(events[3]).toMatchObject({ phase: 'outcome', record: result.integration_calls[1] });
  });

  it('ends a runaway loop in a worker at its deadline from inside, without the watchdog, and keeps serving', async () => {
    const stuck = await pool.run('while true do end', { limits: { timeoutMs: 200 } });
    expect(stuck.error).toMatchObject({ code: 'timeout', line: 1, message: expect.stringMatching(/ran out of time/) });
    expect(stuck.error?.message).not.toMatch(/sandbox was terminated/);
    const after = await pool.run('return 1');
    expect(after.result).toBe(1);
  });

  it('terminates a worker stuck where no hook can reach it, and keeps serving', async () => {
    const started = performance.now();
    // The deadline leaves the call all the time it needs to start (a driver never starts a call past it).
    const stuck = await watchdog.run(`app.integrations.fake.block({ ms = ${BLOCK_MS} })`, { limits: { timeoutMs: 1000 } });
    expect(stuck.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) });
    // Terminated (the message), not waited for: the block would still be spinning. (Bounded inside the test's
    // own 30 s timeout, a third of the block.)
    expect(performance.now() - started).toBeLessThan(BLOCK_MS / 3);
    expect((await watchdog.run('return 3')).result).toBe(3);
  }, 30_000);

  it('ends a script that exhausts the worker heap with limit_exceeded and keeps serving', async () => {
    const small = new SandboxPool({ host, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    try {
      // Memory accounting would normally stop this first; a huge limit lets it reach the heap cap (about a
      // second here). The deadline is only a safety net, far from that on any machine.
      const result = await small.run('local t = {} for i = 1, 1e8 do t[i] = {i} end', {
        limits: { memoryLimitBytes: 4 * 1024 ** 3, timeoutMs: 90_000 },
      });
      expect(result.error?.code).toBe('limit_exceeded');
      expect((await small.run('return 2')).result).toBe(2);
    } finally {
      await small.close();
    }
  }, 120_000);

  it('reports a host that cannot be built on every run instead of hanging', async () => {
    const broken = new SandboxPool({ host: { ...host, options: { fail: true } } });
    try {
      const result = await broken.run('return 1');
      expect(result.error?.code).toBe('internal_error');
    } finally {
      await broken.close();
    }
  }, 60_000);
});

describe('run options through the pool', () => {
  let pool: SandboxPool;
  beforeAll(async () => {
    pool = new SandboxPool({ host, graceMs: SHORT_GRACE_MS });
    await ready(pool);
  }, 60_000);
  afterAll(() => pool.close());

  it('streams what the script prints to onOutput as it is printed, before the run ends', async () => {
    const seen: Array<[string, boolean]> = [];
    let ended = false;
    const pending = pool.run('print("first") app.integrations.fake.echo({ value = 1, delay_ms = 200 }) print("second")', {
      onOutput: (chunk) => seen.push([chunk, ended]),
    });
    const result = await pending;
    ended = true;
    expect(seen).toEqual([
      ['first\n', false],
      ['second\n', false],
    ]);
    expect(result.output).toBe('first\nsecond\n');
  });

  it('asks for approval only after everything printed so far has been handed over', async () => {
    let printed = '';
    let printedWhenAsked: string | undefined;
    const result = await pool.run('print("the listing") return app.integrations.fake.send_message({ to = {"a"}, body = "hi" }).sent', {
      onOutput: (chunk) => (printed += chunk),
      approve: async () => {
        printedWhenAsked = printed;
        return true;
      },
    });
    expect(result.result).toBe(true);
    expect(printedWhenAsked).toBe('the listing\n');
  });

  it('does not let the watchdog run while a person decides', async () => {
    const started = performance.now();
    const result = await pool.run('return app.integrations.fake.send_message({ to = {"a"}, body = "hi" }).sent', {
      limits: { timeoutMs: 1000 },
      // Answered once the deadline and the grace have passed since the run began, however long it took to ask.
      approve: () => new Promise((resolve) => setTimeout(() => resolve(true), started + 1000 + SHORT_GRACE_MS + 500 - performance.now())),
    });
    expect(result).toMatchObject({ success: true, result: true });
  });

  it('cancels a running script through its worker (the abort message), and the worker keeps serving', async () => {
    const cancel = new AbortController();
    const pending = pool.run('print("started") while true do end', { signal: cancel.signal, onOutput: () => cancel.abort() });
    const result = await pending;
    expect(result.error?.code).toBe('cancelled');
    expect(result.error?.message).not.toMatch(/sandbox was terminated/);
    expect((await pool.run('return 4')).result).toBe(4);
  });

  it('terminates a worker that does not stop when its run is cancelled', async () => {
    const cancel = new AbortController();
    // The write's attempt is told right before its execute busy-waits: the abort arrives while the worker is stuck.
    const result = await pool.run('app.integrations.fake.send_message({ to = {"a"}, body = "hi", hang_ms = 60000 })', {
      force: true,
      signal: cancel.signal,
      onWrite: (event) => event.phase === 'attempt' && cancel.abort(),
    });
    expect(result.error).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/sandbox was terminated/) });
    expect((await pool.run('return 5')).result).toBe(5);
  }, 30_000);

  it('never runs a script whose signal was aborted before it started', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const result = await pool.run('return 1', { signal: cancel.signal });
    expect(result.error?.code).toBe('cancelled');
  });
});

describe('writes of a worker that had to be terminated (issue #10 item 4)', () => {
  const reconcile = jest.fn(async (attempt: WriteAttempt) => ({ sent: true as const, id: `found-${attempt.plan.reference}` }));
  let pool: SandboxPool;
  beforeAll(async () => {
    pool = new SandboxPool({ host, graceMs: SHORT_GRACE_MS, reconcile });
    await ready(pool);
  }, 60_000);
  afterAll(() => pool.close());

  it('are reconciled in the main thread when in flight, and reported with sent and the id found', async () => {
    const events: WriteEvent[] = [];
    const result = await pool.run('app.integrations.fake.send_message({ to = {"a"}, body = "hi", hang_ms = 60000 })', {
      force: true,
      limits: { timeoutMs: 1000 },
      onWrite: (event) => events.push(event),
    });
    expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) });
    expect(reconcile).toHaveBeenCalledWith(expect.objectContaining({ phase: 'attempt', function: 'fake_send_message', account: 'default' }));
    const reference = reconcile.mock.calls[0][0].plan.reference;
    expect(result.integration_calls).toEqual([
      expect.objectContaining({
        function: 'fake_send_message',
        account: 'default',
        operation: 'write',
        status: 'error',
        reference,
        sent: true,
        created_id: `found-${reference}`,
        error: { code: 'timeout', message: expect.stringMatching(/terminated while fake_send_message was in flight; .* found it was done/) },
      }),
    ]);
    // The attempt came from the worker; the outcome, after reconciliation, from the pool.
    expect(events.map((e) => [e.phase, e.call_id])).toEqual([
      ['attempt', 1],
      ['outcome', 1],
    ]);
    expect(events[1]).toMatchObject({ phase: 'outcome', record: result.integration_calls[0] });
  }, 30_000);

  it('keep the records of the writes that settled before', async () => {
    const result = await pool.run(`app.integrations.fake.send_message({ to = {"a"}, body = "one" }) app.integrations.fake.block({ ms = ${BLOCK_MS} })`, {
      force: true,
      limits: { timeoutMs: 1000 },
    });
    expect(result.error?.code).toBe('timeout');
    expect(result.integration_calls).toEqual([expect.objectContaining({ function: 'fake_send_message', status: 'ok', sent: true })]);
  }, 30_000);

  it('are reported with sent "unknown" when nothing can look them up', async () => {
    const blind = new SandboxPool({ host, graceMs: SHORT_GRACE_MS });
    try {
      await ready(blind);
      const result = await blind.run('app.integrations.fake.send_message({ to = {"a"}, body = "hi", hang_ms = 60000 })', { force: true, limits: { timeoutMs: 1000 } });
      expect(result.integration_calls).toEqual([
        expect.objectContaining({ status: 'error', sent: 'unknown', error: expect.objectContaining({ message: expect.stringMatching(/whether it was done is unknown/) }) }),
      ]);
    } finally {
      await blind.close();
    }
  }, 60_000);
});

describe('what a worker that had to be terminated had done (its journal)', () => {
  let pool: SandboxPool;
  beforeAll(async () => {
    pool = new SandboxPool({ host, graceMs: SHORT_GRACE_MS, reconcile: async () => ({ sent: 'unknown', reason: 'not looked up here' }) });
    await ready(pool);
  }, 60_000);
  afterAll(() => pool.close());

  it('reports the output and every call made before the worker was stuck, in order: reads, writes and refusals', async () => {
    const script = `print("one")
      app.integrations.fake.echo({ value = 1 })
      print("two")
      app.integrations.fake.send_message({ to = {"a"}, body = "sent before" })
      pcall(app.integrations.fake.ehco, {})
      print("three")
      app.integrations.fake.block({ ms = ${BLOCK_MS} })`;
    const result = await pool.run(script, { force: true, limits: { timeoutMs: 1000 } });
    expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) });
    expect(result.output).toBe('one\ntwo\nthree\n');
    expect(result.integration_calls).toEqual([
      expect.objectContaining({ function: 'fake_echo', operation: 'read', status: 'ok' }),
      expect.objectContaining({ function: 'fake_send_message', operation: 'write', status: 'ok', sent: true }),
      expect.objectContaining({ function: 'ehco', status: 'error', error: expect.objectContaining({ code: 'unknown_function' }) }),
    ]);
  }, 30_000);

  it('says so when the journal filled up before the worker was stuck, keeping what it holds', async () => {
    const small = new SandboxPool({ host, graceMs: SHORT_GRACE_MS, journalMaxBytes: 4096 });
    try {
      await ready(small);
      // 100 lines of 99 characters: the first ~40 fit in 4 KiB, the rest do not.
      const result = await small.run(`for i = 1, 100 do print(("x"):rep(98)) end app.integrations.fake.block({ ms = ${BLOCK_MS} })`, {
        limits: { timeoutMs: 1000 },
      });
      expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated.*journal of output and calls filled up/s) });
      const lines = result.output.split('\n').filter((line) => line !== '');
      expect(lines.length).toBeGreaterThan(30);
      expect(lines.length).toBeLessThan(100);
      expect(lines.every((line) => line === 'x'.repeat(98))).toBe(true);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('hands onOutput what it had not been given yet, so that streamed output is whole', async () => {
    const chunks: string[] = [];
    // No turn of the worker's event loop between the print and the stuck call: the relay never sent it.
    const result = await pool.run(`print("last words") app.integrations.fake.block({ ms = ${BLOCK_MS} })`, {
      limits: { timeoutMs: 1000 },
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(result.error?.code).toBe('timeout');
    expect(chunks.join('')).toBe('last words\n');
    expect(result.output).toBe('last words\n');
  }, 30_000);
});
