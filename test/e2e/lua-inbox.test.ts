/**
 * `kosmo-sinch lua --inbox` (issue #13, "the embedded emulator, when asked"): the built-in emulator's inbox
 * URL is announced on stderr before the script runs, and after the script ends the emulator keeps serving —
 * with what the script sent — until SIGINT; the exit code stays the script's.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { BIN, cleanEnv, sandboxDir } from '../cli/run-cli';

describe('kosmo-sinch lua --inbox', () => {
  it('announces the inbox, keeps it open with the script’s batch after the run, and exits with the script’s code on SIGINT', async () => {
    const cwd = sandboxDir();
    const code = 'local b = app.integrations.sinch.send_sms({ from = "+12025550142", to = { "+12025550111" }, body = "Seen in the inbox" }) return b.id';
    const child = spawn(process.execPath, [BIN, 'lua', '--inbox', '-e', code], { cwd, env: cleanEnv(cwd), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const open = new Promise<string>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        const m = /the inbox stays open at (http:\/\/127\.0\.0\.1:\d+\/_emulator\/inbox\/) until Ctrl-C/.exec(stderr);
        if (m) resolve(m[1]);
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const inbox = await open;
      expect(stderr).toContain(`kosmo-sinch: the emulator's inbox: ${inbox}\n`);
      const page = await fetch(inbox);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const view = (await (await fetch(new URL('/_emulator/view', inbox))).json()) as { batches: { items: Array<{ id: string; body: string }> } };
      expect(view.batches.items[0].body).toBe('Seen in the inbox');
      expect(stdout).toBe(`${view.batches.items[0].id}\n`);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
