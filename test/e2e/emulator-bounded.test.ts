/**
 * The embedded emulator is bounded (issue #10, item 6): a script flooding `send_sms` to 1000 recipients
 * used to grow the CLI past 1.4 GB and crash it with a V8 heap OOM (exit 134, all output lost). Now the
 * emulator refuses the write past its storage limit (docs/emulator.md, "Limits") and the run ends with a
 * clear, non-retryable error.
 *
 * Memory is bounded two ways, neither by timing: the CLI runs with its JavaScript heap capped at 160 MB
 * (`--max-old-space-size`), so storage growing without bound ends in an OOM abort (exit 134, as in the
 * issue) instead of the clear error; and the process's peak resident memory (VmHWM, a high-water mark, so
 * a late sample still holds the peak) is read from /proc while it runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { BIN, cleanEnv, sandboxDir } from '../cli/run-cli';
import type { Envelope } from './harness';

const FLOOD = `
local to = {}
for i = 1, 1000 do to[i] = string.format("+1202555%04d", i) end
local n = 0
while true do
  app.integrations.sinch.send_sms({ from = "+12025550142", to = to, body = "Flood message number " .. n })
  n = n + 1
end
`;

/** Peak resident memory of a live process in kB, or undefined once it is gone. */
function peakKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

describe('the embedded emulator under a flooding script', () => {
  it('ends the run with a clear storage-full error, and the CLI stays within a few hundred MB', async () => {
    const cwd = sandboxDir();
    const env = cleanEnv(cwd, { NODE_OPTIONS: '--max-old-space-size=160' });
    const child = spawn(process.execPath, [BIN, 'lua', '--emulator', '--json', '--timeout-ms', '600000', '-e', FLOOD], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakKb(child.pid!) ?? 0)), 50);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(sampler);
    rmSync(cwd, { recursive: true, force: true });

    expect({ code, stderrTail: stderr.slice(-500) }).toEqual({ code: 1, stderrTail: expect.any(String) });
    const envelope = JSON.parse(stdout) as Envelope;
    expect(envelope.error).toMatchObject({
      code: 'upstream_error',
      status: 409,
      sinch_code: 'emulator_storage_full',
      retryable: false,
      sent: false,
    });
    expect(envelope.error!.message).toMatch(/storage is full: it holds 1000000 recipients/);
    expect(envelope.error!.message).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/_emulator\/reset/);
    // Every send went through until the limit (a million recipients, the demo data's few included).
    const calls = envelope.integration_calls;
    expect(calls.slice(0, -1).every((c) => c.status === 'ok')).toBe(true);
    expect(calls.length).toBeGreaterThan(990);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(400 * 1024);
  }, 300_000);
});
