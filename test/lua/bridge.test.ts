import { blocksStarted } from './fake-integration';
import { run } from './helpers';

// The driver starts a host call only after the script has yielded (src/lua/bridge.ts, runtime.ts).
describe('host calls started by the driver', () => {
  it('never starts a call the run has already ended before, and logs it as failed', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const started = blocksStarted.count;
    const result = await run('return app.integrations.fake.block({ ms = 500 })', { signal: aborted.signal });
    expect(result.error?.code).toBe('cancelled');
    expect(blocksStarted.count).toBe(started); // its handler never ran
    expect(result.integration_calls).toMatchObject([{ function: 'fake_block', status: 'error', error: { code: 'cancelled' } }]);
  });

  it('gives each call its own result when calls follow one another', async () => {
    const script = `local out = {}
      for i = 1, 20 do out[i] = app.integrations.fake.echo({ value = i }).value end
      return out`;
    const result = await run(script);
    expect(result.result).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(result.integration_calls).toHaveLength(20);
  });
});
