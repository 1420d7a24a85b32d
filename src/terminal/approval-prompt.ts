/**
 * The approval prompt on a terminal (issue #10, item 1; issue #16, item 2): draws the request (approval-view.ts)
 * on a fresh line after whatever was printed, discards what was typed or injected before it appeared, reads
 * the answer in raw mode (answer-keys.ts), and closes its lines so later output starts on a line of its own.
 *
 * Ctrl-C resolves `'interrupt'`: ending the run is the caller's decision (it owns the run).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { ApprovalRequest } from '../integration/approval';
import { AnswerKeys, type ApprovalAnswer } from './answer-keys';
import { renderApproval } from './approval-view';
import type { TerminalWriter } from './writer';

/** What the prompt needs of standard input (process.stdin on a terminal). */
export interface KeyInput {
  readonly fd?: number;
  setRawMode(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
  read(): unknown;
}

export interface ApprovalPromptIO {
  /** Standard input, a terminal. */
  readonly input: KeyInput;
  /** Draws the prompt on standard error and knows whether the cursor is at the start of a line. */
  readonly writer: TerminalWriter;
  /** Empties the terminal's input queue. @default discardPendingInput(input) */
  readonly discardPending?: () => void;
  /** The run ended while the person was deciding: stop asking, and answer `'ended'`. */
  readonly signal?: AbortSignal;
}

/**
 * Discards input that is waiting to be read: what Node has buffered, and what the kernel holds in the
 * terminal's input queue — read through a second, non-blocking descriptor of the same terminal until it is
 * empty (Node has no tcflush). The descriptor is opened as /proc/self/fd/N (Linux), or /dev/tty when that
 * is the same device. Call it in raw mode: in canonical mode a half-typed line is not yet readable.
 *
 * Approximation (flagged): where neither path opens the same terminal (not Linux, and standard input is not
 * the controlling terminal), only Node's buffer is emptied.
 */
export function discardPendingInput(input: Pick<KeyInput, 'fd' | 'read'>): void {
  while (input.read() !== null) {
    // what Node had already read: typed before the prompt
  }
  const fd = input.fd ?? 0;
  let device: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return; // not a terminal: nothing typed ahead to discard
    device = stat.rdev;
  } catch {
    return;
  }
  for (const path of [`/proc/self/fd/${fd}`, '/dev/tty']) {
    let other: number;
    try {
      other = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch {
      continue;
    }
    try {
      if (fstatSync(other).rdev !== device) continue;
      const buffer = Buffer.alloc(4096);
      for (;;) {
        try {
          if (readSync(other, buffer, 0, buffer.length, null) <= 0) break;
        } catch {
          break; // EAGAIN: the queue is empty
        }
      }
      return;
    } finally {
      closeSync(other);
    }
  }
}

/** Asks a person at the terminal to allow `request`; resolves with their answer. */
export async function askApproval(request: ApprovalRequest, io: ApprovalPromptIO): Promise<ApprovalAnswer | 'ended'> {
  const { input, writer, signal } = io;
  if (signal?.aborted) return 'ended';
  const columns = writer.columns('stderr') ?? 80;
  let view = renderApproval(request, { columns });

  await writer.freshLine('stderr');
  await writer.trusted('stderr', `${view.lines.join('\n')}\n${view.question}`);

  input.setRawMode(true);
  (io.discardPending ?? (() => discardPendingInput(input)))();

  const keys = new AnswerKeys(() => view.truncated);
  const answer = await new Promise<ApprovalAnswer | 'ended'>((resolve) => {
    let writing = Promise.resolve();
    const onAbort = () => finish('ended');
    const finish = (result: ApprovalAnswer | 'ended') => {
      signal?.removeEventListener('abort', onAbort);
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode(false);
      input.pause();
      // After the echo and redraws already queued, so that the prompt's lines close in order.
      void writing.then(() => resolve(result));
    };
    const handle = (events: ReturnType<AnswerKeys['feed']>) => {
      for (const event of events) {
        if (event.kind === 'echo') writing = writing.then(() => writer.trusted('stderr', event.text));
        else if (event.kind === 'show-all') {
          view = renderApproval(request, { columns, full: true });
          const all = view;
          writing = writing.then(() => writer.trusted('stderr', `\n${all.lines.join('\n')}\n${all.question}`));
        } else finish(event.answer);
      }
    };
    const onData = (chunk: Buffer | string) => handle(keys.feed(typeof chunk === 'string' ? chunk : chunk.toString('latin1')));
    const onEnd = () => handle(keys.end());
    input.on('data', onData);
    input.on('end', onEnd);
    signal?.addEventListener('abort', onAbort, { once: true });
    input.resume();
  });

  const closing =
    answer === 'allow' ? 'allowed.' : answer === 'deny' ? 'not allowed.' : answer === 'ended' ? 'not asked any more: the run ended.' : 'interrupted.';
  await writer.trusted('stderr', `${answer === 'interrupt' ? '^C' : ''}\n  → ${closing}\n`);
  return answer;
}
