/**
 * The y/N prompt for a permission policy of `ask`, on a real pseudo-terminal (util-linux `script`), against
 * an emulator started here.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startEmulator } from '../../src/emulator';
import { BIN, cleanEnv, sandboxDir, writeConfig } from './run-cli';

const haveScript = existsSync('/usr/bin/script');
const maybe = haveScript ? describe : describe.skip;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

maybe('the approval prompt on a terminal', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  async function runWithAnswer(
    answer: string,
    options: { code?: string; flags?: string[]; answerAfterMs?: number } = {},
  ): Promise<{ transcript: string; code: number | null }> {
    const dir = sandboxDir();
    writeConfig(dir, {
      accounts: {
        default: {
          service_plan_id: 'emulator-plan',
          api_token: 'emulator-token',
          sms_base_url: emulator.url,
          permissions: { write: 'ask' },
        },
      },
    });
    const code =
      options.code ??
      'local b = app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "Hello from a tty" }) print("SENT " .. b.id)';
    const flags = (options.flags ?? []).map(shellQuote).join(' ');
    const command = `${shellQuote(process.execPath)} ${shellQuote(BIN)} lua ${flags} -e ${shellQuote(code)}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: cleanEnv(dir) });
    let transcript = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      transcript += d;
      if (!answered && transcript.includes('Allow? [y/N]')) {
        answered = true;
        setTimeout(() => child.stdin.write(answer === '\x03' ? answer : `${answer}\r`), options.answerAfterMs ?? 0);
      }
    });
    const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { transcript, code: exit };
  }

  it('shows the account, sender, recipients and text, and sends when the person answers y', async () => {
    const { transcript, code } = await runWithAnswer('y');
    expect(transcript).toMatch(/sinch_send_sms wants to run \(write\) on sinch account 'default'/);
    expect(transcript).toMatch(/from: \+12025550142/);
    expect(transcript).toMatch(/to: \+46701234567/);
    expect(transcript).toMatch(/body: Hello from a tty/);
    expect(transcript).toMatch(/SENT \w+/);
    expect(code).toBe(0);
  }, 30_000);

  it('does not send when the person answers anything else, and fails with approval_denied', async () => {
    const before = JSON.stringify(await (await fetch(`${emulator.url}/_emulator/state`)).json());
    const { transcript, code } = await runWithAnswer('n');
    expect(transcript).toMatch(/error \[approval_denied\]/);
    expect(transcript).not.toMatch(/SENT/);
    expect(code).toBe(1);
    const after = JSON.stringify(await (await fetch(`${emulator.url}/_emulator/state`)).json());
    expect(after.split('Hello from a tty').length).toBe(before.split('Hello from a tty').length);
  }, 30_000);

  it('shows the prompt after everything the script printed before it (issue #16 item 2)', async () => {
    const code =
      'print("LISTING: three recipients") local b = app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "after the listing" }) print("SENT " .. b.id)';
    const { transcript, code: exit } = await runWithAnswer('y', { code });
    expect(exit).toBe(0);
    expect(transcript.indexOf('LISTING: three recipients')).toBeGreaterThanOrEqual(0);
    expect(transcript.indexOf('LISTING: three recipients')).toBeLessThan(transcript.indexOf('Allow? [y/N]'));
    expect(transcript.indexOf('Allow? [y/N]')).toBeLessThan(transcript.indexOf('SENT '));
  }, 30_000);

  it('does not count the time the person takes against --timeout-ms', async () => {
    // Deadline 1 s (and the watchdog 2 s after it); the person answers after 3.5 s.
    const { transcript, code } = await runWithAnswer('y', { flags: ['--timeout-ms', '1000'], answerAfterMs: 3500 });
    expect(transcript).toMatch(/SENT \w+/);
    expect(code).toBe(0);
  }, 30_000);

  it('cancels the run on Ctrl-C at the prompt, sending nothing', async () => {
    const { transcript, code } = await runWithAnswer('\x03', { code: 'app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "never sent" })' });
    expect(transcript).toMatch(/error \[cancelled\]: Cancelled at the approval prompt \(Ctrl-C\)/);
    expect(code).toBe(1);
    const after = JSON.stringify(await (await fetch(`${emulator.url}/_emulator/state`)).json());
    expect(after).not.toMatch(/never sent/);
  }, 30_000);
});
