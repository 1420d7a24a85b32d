/** `kosmo-sinch emulator`'s options, driven through the built binary. */
import { startEmulatorProcess } from './emulator-process';
import { runCli } from './run-cli';

const send = (url: string, to: string) =>
  fetch(`${url}/xms/v1/emulator-plan/batches`, {
    method: 'POST',
    headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
    body: JSON.stringify({ to: [to], body: 'hi' }),
  });

describe('kosmo-sinch emulator', () => {
  it('keeps its one ready line on stdout and names the inbox on stderr', async () => {
    const emulator = await startEmulatorProcess();
    try {
      expect(emulator.readyLine).toMatch(/^Sinch emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      while (!emulator.stderr().includes('\n')) await new Promise((r) => setTimeout(r, 10));
      expect(emulator.stderr()).toBe(`Sinch emulator inbox: ${emulator.url}/_emulator/inbox/\n`);
      expect((await fetch(`${emulator.url}/_emulator/inbox/`)).status).toBe(200);
    } finally {
      await emulator.stop();
    }
    expect(emulator.stdout()).toBe(emulator.readyLine);
  });
});

describe('kosmo-sinch emulator storage limits', () => {
  it('applies --max-batches: the send past it is refused with 409 emulator_storage_full', async () => {
    // The demo data holds 6 batches.
    const emulator = await startEmulatorProcess(['--max-batches', '7']);
    try {
      expect((await send(emulator.url, '+12025550111')).status).toBe(201);
      const refused = await send(emulator.url, '+12025550112');
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'emulator_storage_full', text: expect.stringContaining('--max-batches') });
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it('applies --max-recipients and --max-body-bytes sizes, and refuses a limit below 1 as a usage error', async () => {
    const emulator = await startEmulatorProcess(['--max-recipients', '100', '--max-body-bytes', '2K', '--max-inbounds', '5']);
    try {
      const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { storage: { limits: unknown } };
      expect(state.storage.limits).toEqual({ max_batches: 10000, max_recipients: 100, max_inbounds: 5, max_body_bytes: 2048 });
    } finally {
      await emulator.stop();
    }
    const bad = await runCli(['emulator', '--max-batches', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-batches must be a whole number');
  });
});
