/**
 * Output that does not go to a terminal stays byte-exact (issue #10, item 2): a pipe gets what the script
 * printed, escape sequences and bidi controls included, and `--json` is the envelope exactly as serialised.
 * The terminal side is test/cli/terminal-output.tty.test.ts.
 */
import { runCli } from './run-cli';

const PRINT = 'print("a\\27[2J\\27]0;t\\7\\226\\128\\174b\\r") return "r\\27[31m"';

describe('piped output', () => {
  it('is written exactly as the script printed and returned it', async () => {
    const { code, stdout } = await runCli(['lua', '--emulator', '-e', PRINT]);
    expect(code).toBe(0);
    expect(stdout).toBe('a\x1b[2J\x1b]0;t\x07\u202Eb\r\nr\x1b[31m\n');
  });

  it('is the exact JSON envelope with --json', async () => {
    const { code, stdout } = await runCli(['lua', '--emulator', '--json', '-e', PRINT]);
    expect(code).toBe(0);
    const envelope = JSON.parse(stdout) as { output: string; result: string };
    expect(envelope.output).toBe('a\x1b[2J\x1b]0;t\x07\u202Eb\r\n');
    expect(envelope.result).toBe('r\x1b[31m');
    expect(stdout).toContain('\u202E'); // JSON.stringify leaves it raw, and so does the writer
  });
});
