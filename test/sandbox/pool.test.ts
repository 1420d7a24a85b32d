import { join } from 'node:path';
import { SandboxPool } from '../../src/sandbox/pool';

const host = { module: join(__dirname, 'fake-host.ts'), exportName: 'createFakeHost', options: {} };

describe('the sandbox pool', () => {
  let pool: SandboxPool;
  beforeAll(async () => {
    pool = new SandboxPool({ host, size: 2, graceMs: 300 });
    await pool.warm(2);
  }, 60_000);
  afterAll(() => pool.close());

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

  it('ends a runaway loop in a worker at its deadline from inside, without the watchdog, and keeps serving', async () => {
    const stuck = await pool.run('while true do end', { limits: { timeoutMs: 200 } });
    expect(stuck.error).toMatchObject({ code: 'timeout', line: 1, message: expect.stringMatching(/ran out of time/) });
    expect(stuck.error?.message).not.toMatch(/sandbox was terminated/);
    const after = await pool.run('return 1');
    expect(after.result).toBe(1);
  });

  it('terminates a worker stuck where no hook can reach it, and keeps serving', async () => {
    const started = performance.now();
    const stuck = await pool.run('app.integrations.fake.block({ ms = 60000 })', { limits: { timeoutMs: 200 } });
    expect(stuck.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) });
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await pool.run('return 3')).result).toBe(3);
  }, 30_000);

  it('ends a script that exhausts the worker heap with limit_exceeded and keeps serving', async () => {
    const small = new SandboxPool({ host, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    try {
      // Memory accounting would normally stop this first; a huge limit lets it reach the heap cap.
      const result = await small.run('local t = {} for i = 1, 1e8 do t[i] = {i} end', {
        limits: { memoryLimitBytes: 4 * 1024 ** 3, timeoutMs: 20_000 },
      });
      expect(result.error?.code).toBe('limit_exceeded');
      expect((await small.run('return 2')).result).toBe(2);
    } finally {
      await small.close();
    }
  }, 60_000);

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
