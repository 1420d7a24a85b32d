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

  async function runWithAnswer(answer: string): Promise<{ transcript: string; code: number | null }> {
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
    const code = 'local b = app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "Hello from a tty" }) print("SENT " .. b.id)';
    const command = `${shellQuote(process.execPath)} ${shellQuote(BIN)} lua -e ${shellQuote(code)}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: cleanEnv(dir) });
    let transcript = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      transcript += d;
      if (!answered && transcript.includes('Allow? [y/N]')) {
        answered = true;
        child.stdin.write(`${answer}\r`);
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
});
