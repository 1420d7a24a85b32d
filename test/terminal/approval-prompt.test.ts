/**
 * The approval prompt's key handling (src/terminal/answer-keys.ts) and its I/O sequence
 * (src/terminal/approval-prompt.ts) with in-memory streams. The same prompt on a real terminal is tested
 * in test/cli/approval-prompt.tty.test.ts.
 */
import { EventEmitter } from 'node:events';
import type { ApprovalRequest } from '../../src/integration/approval';
import { AnswerKeys, askApproval, TerminalWriter, type ApprovalAnswer, type KeyEvent, type OutputStream } from '../../src/terminal';

function answerOf(events: KeyEvent[]): ApprovalAnswer | undefined {
  const done = events.find((e) => e.kind === 'done');
  return done?.kind === 'done' ? done.answer : undefined;
}

describe('AnswerKeys', () => {
  const keys = (input: string, canShowAll = false) => new AnswerKeys(() => canShowAll).feed(input);

  it.each([
    ['y\r', 'allow'],
    ['Y\r', 'allow'],
    ['yes\r', 'allow'],
    ['YES\n', 'allow'],
    ['\r', 'deny'],
    ['n\r', 'deny'],
    ['yess\r', 'deny'],
    ['ok\r', 'deny'],
    ['\x04', 'deny'],
    ['\x03', 'interrupt'],
    ['y\x03', 'interrupt'],
  ] as const)('reads %j as %s', (input, answer) => {
    expect(answerOf(keys(input))).toBe(answer);
  });

  it('allows only after Enter: y alone is not an answer yet', () => {
    expect(answerOf(keys('y'))).toBeUndefined();
  });

  it('echoes what is typed and lets backspace and Ctrl-U correct it', () => {
    const reader = new AnswerKeys(() => false);
    expect(reader.feed('nx\x7f')).toEqual([
      { kind: 'echo', text: 'n' },
      { kind: 'echo', text: 'x' },
      { kind: 'echo', text: '\b \b' },
    ]);
    reader.feed('\x15y');
    expect(reader.typed).toBe('y');
    expect(answerOf(reader.feed('\r'))).toBe('allow');
  });

  it('skips escape sequences whole: arrow keys and a terminal’s answers to queries neither type nor answer', () => {
    const reader = new AnswerKeys(() => false);
    // Cursor position report, device attributes, an OSC colour answer, arrow keys, Alt-y.
    expect(reader.feed('\x1b[12;5R\x1b[?1;2c\x1b]11;rgb:0000/0000/0000\x07\x1b[A\x1bOB\x1by')).toEqual([]);
    expect(reader.typed).toBe('');
    expect(answerOf(reader.feed('\r'))).toBe('deny');
  });

  it('still takes Enter right after Esc', () => {
    expect(answerOf(keys('\x1b\r'))).toBe('deny');
  });

  it('ignores other controls and bytes of non-ASCII characters', () => {
    const reader = new AnswerKeys(() => false);
    reader.feed('\x00\x07\t\xc3\xbf');
    expect(reader.typed).toBe('');
  });

  it('shows everything on v at the start of the line, when there is more to show', () => {
    expect(keys('v', true)).toEqual([{ kind: 'show-all' }]);
    expect(keys('v', false)).toEqual([{ kind: 'echo', text: 'v' }]);
  });

  it('ignores anything after the answer', () => {
    const reader = new AnswerKeys(() => false);
    expect(reader.feed('n\ry\r').filter((e) => e.kind === 'done')).toHaveLength(1);
    expect(reader.end()).toEqual([]);
  });

  it('denies when the input ends', () => {
    expect(answerOf(new AnswerKeys(() => false).end())).toBe('deny');
  });
});

class FakeTty implements OutputStream {
  readonly isTTY = true;
  readonly columns = 80;
  written = '';
  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    this.written += chunk;
    callback?.();
    return true;
  }
}

class FakeKeys extends EventEmitter {
  raw = false;
  flowing = false;
  setRawMode(raw: boolean): void {
    this.raw = raw;
  }
  resume(): void {
    this.flowing = true;
  }
  pause(): void {
    this.flowing = false;
  }
  read(): null {
    return null;
  }
}

const REQUEST: ApprovalRequest = {
  integration: 'sinch',
  function: 'sinch_send_sms',
  account: 'default',
  operation: 'write',
  title: 'Send an SMS to 1 recipient',
  fields: [
    { kind: 'list', label: 'to', items: Array.from({ length: 30 }, (_, i) => `+467012300${String(i).padStart(2, '0')}`) },
    { kind: 'text', label: 'body', text: 'Hi' },
  ],
};

/** Waits until the prompt listens for keys. */
async function listening(keys: FakeKeys): Promise<void> {
  while (keys.listenerCount('data') === 0) await new Promise((resolve) => setImmediate(resolve));
}

describe('askApproval', () => {
  function setUp() {
    const out = new FakeTty();
    const err = new FakeTty();
    const writer = new TerminalWriter(out, err);
    const input = new FakeKeys();
    const order: string[] = [];
    const discardPending = () => order.push(`discard (raw ${input.raw}, prompt shown ${err.written.includes('Allow?')}, listening ${input.listenerCount('data') > 0})`);
    return { out, err, writer, input, order, io: { input, writer, discardPending } };
  }

  it('starts on a fresh line after output that did not end one', async () => {
    const { out, err, writer, input, io } = setUp();
    await writer.out('Listing the inbox...');
    const answer = askApproval(REQUEST, io);
    await listening(input);
    expect(out.written).toBe('Listing the inbox...');
    expect(err.written.startsWith('\n─── kosmo-sinch: approval needed')).toBe(true);
    input.emit('data', Buffer.from('n\r'));
    await expect(answer).resolves.toBe('deny');
  });

  it('discards pending input in raw mode after the prompt is shown and before it listens', async () => {
    const { input, order, io } = setUp();
    const answer = askApproval(REQUEST, io);
    await listening(input);
    expect(order).toEqual(['discard (raw true, prompt shown true, listening false)']);
    input.emit('data', Buffer.from('y\r'));
    await expect(answer).resolves.toBe('allow');
  });

  it('redraws everything on v, then closes its lines and restores the terminal after the answer', async () => {
    const { err, writer, input, io } = setUp();
    const answer = askApproval(REQUEST, io);
    await listening(input);
    expect(err.written).toContain('… 20 more items not shown (30 in all) — press v to show all');
    expect(err.written).not.toContain('+46701230029');
    input.emit('data', Buffer.from('v'));
    input.emit('data', Buffer.from('y\r'));
    await expect(answer).resolves.toBe('allow');
    expect(err.written).toContain('    30. +46701230029');
    expect(err.written.endsWith("Allow? Send an SMS to 1 recipient — account 'default' [y/N] y\n  → allowed.\n")).toBe(true);
    expect(writer.atLineStart).toBe(true);
    expect(input.raw).toBe(false);
    expect(input.flowing).toBe(false);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('resolves interrupt on Ctrl-C and says so on its own line', async () => {
    const { err, input, io } = setUp();
    const answer = askApproval(REQUEST, io);
    await listening(input);
    input.emit('data', Buffer.from('\x03'));
    await expect(answer).resolves.toBe('interrupt');
    expect(err.written.endsWith('^C\n  → interrupted.\n')).toBe(true);
  });
});
