/**
 * TerminalWriter (src/terminal/writer.ts): untrusted text is made visible on a terminal only; pipes, exact
 * streams and `raw` stay byte-exact; the cursor's line position is tracked across both standard streams.
 */
import { TerminalWriter, type OutputStream } from '../../src/terminal';

class FakeStream implements OutputStream {
  written = '';
  constructor(readonly isTTY: boolean, readonly columns = 80) {}
  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    this.written += chunk;
    callback?.();
    return true;
  }
}

const HOSTILE = 'title\x1b]0;pwned\x07 clear\x1b[2J clip\x1b]52;c;aGk=\x07 rtl\u202E\n';

describe('TerminalWriter', () => {
  it('makes untrusted text visible on a terminal, keeping newlines', async () => {
    const out = new FakeStream(true);
    const err = new FakeStream(true);
    const writer = new TerminalWriter(out, err);
    await writer.out(HOSTILE);
    await writer.err('error: \x1b[31mred\x1b[0m\n');
    expect(out.written).toBe('title\\e]0;pwned\\a clear\\e[2J clip\\e]52;c;aGk=\\a rtl\\u{202E}\n');
    expect(err.written).toBe('error: \\e[31mred\\e[0m\n');
  });

  it('writes byte-exact to a pipe', async () => {
    const out = new FakeStream(false);
    const err = new FakeStream(false);
    const writer = new TerminalWriter(out, err);
    await writer.out(HOSTILE);
    await writer.err(HOSTILE);
    expect(out.written).toBe(HOSTILE);
    expect(err.written).toBe(HOSTILE);
  });

  it('keeps an exact stream exact on a terminal (--json) while the other is still made visible', async () => {
    const out = new FakeStream(true);
    const err = new FakeStream(true);
    const writer = new TerminalWriter(out, err, { exact: { stdout: true } });
    await writer.out(HOSTILE);
    await writer.err(HOSTILE);
    expect(out.written).toBe(HOSTILE);
    expect(err.written).not.toContain('\x1b');
  });

  it('writes everything as it is with raw (--raw-output)', async () => {
    const out = new FakeStream(true);
    const err = new FakeStream(true);
    const writer = new TerminalWriter(out, err);
    writer.configure({ raw: true });
    await writer.out(HOSTILE);
    await writer.err(HOSTILE);
    expect(out.written + err.written).toBe(HOSTILE + HOSTILE);
    expect(writer.escapes('stdout')).toBe(false);
  });

  it('tracks whether the terminal cursor is at the start of a line across stdout and stderr', async () => {
    const out = new FakeStream(true);
    const err = new FakeStream(true);
    const writer = new TerminalWriter(out, err);
    expect(writer.atLineStart).toBe(true);
    await writer.out('no newline yet');
    expect(writer.atLineStart).toBe(false);
    await writer.freshLine();
    expect(err.written).toBe('\n');
    expect(writer.atLineStart).toBe(true);
    await writer.freshLine();
    expect(err.written).toBe('\n');
  });

  it('does not count what goes to a pipe as moving the terminal cursor', async () => {
    const out = new FakeStream(false);
    const err = new FakeStream(true);
    const writer = new TerminalWriter(out, err);
    await writer.out('piped, no newline');
    expect(writer.atLineStart).toBe(true);
  });

  it('writes trusted prompt text as it is, also on a terminal', async () => {
    const err = new FakeStream(true);
    const writer = new TerminalWriter(new FakeStream(true), err);
    await writer.trusted('stderr', 'typed\b \b');
    expect(err.written).toBe('typed\b \b');
  });
});
