/**
 * The answer to the approval prompt, from raw key input (issue #10, item 1): only `y` or `yes` and Enter
 * allows; Enter alone, anything else, Ctrl-D or the end of input denies; Ctrl-C interrupts (the caller ends
 * the run); `v` on an empty line shows everything the first view left out. Escape sequences — arrow keys,
 * and any answer a terminal sends to a query — are skipped whole, so they can neither type nor answer.
 *
 * Pure: fed the characters read from the terminal, it says what to echo and when the answer is given.
 */

export type ApprovalAnswer = 'allow' | 'deny' | 'interrupt';

export type KeyEvent =
  | { readonly kind: 'echo'; readonly text: string }
  | { readonly kind: 'show-all' }
  | { readonly kind: 'done'; readonly answer: ApprovalAnswer };

/** The longest answer kept: `yes` with room for typos, not a place to paste into. */
const MAX_LINE = 16;

type EscapeState = 'none' | 'esc' | 'csi' | 'ss3' | 'string';

export class AnswerKeys {
  private line = '';
  private escape: EscapeState = 'none';
  private finished = false;

  /** `canShowAll` says whether `v` has anything more to show. */
  constructor(private readonly canShowAll: () => boolean) {}

  /** What was typed so far (on the current line). */
  get typed(): string {
    return this.line;
  }

  /** Feeds characters read in raw mode (bytes decoded as latin1: one character per byte). */
  feed(chunk: string): KeyEvent[] {
    const events: KeyEvent[] = [];
    for (const char of chunk) {
      if (this.finished) break;
      const event = this.key(char);
      if (event) events.push(event);
    }
    return events;
  }

  /** The input ended (the terminal went away): a denial. */
  end(): KeyEvent[] {
    if (this.finished) return [];
    this.finished = true;
    return [{ kind: 'done', answer: 'deny' }];
  }

  private done(answer: ApprovalAnswer): KeyEvent {
    this.finished = true;
    return { kind: 'done', answer };
  }

  private key(char: string): KeyEvent | undefined {
    const code = char.charCodeAt(0);
    if (this.escape !== 'none') {
      // Enter, Ctrl-C and Ctrl-D end whatever was being skipped: Esc then Enter is still Enter.
      if (code === 0x0d || code === 0x0a || code === 0x03 || code === 0x04) this.escape = 'none';
      else return this.skipEscape(char, code);
    }
    switch (code) {
      case 0x03: // Ctrl-C (raw mode: no SIGINT)
        return this.done('interrupt');
      case 0x04: // Ctrl-D
        return this.done('deny');
      case 0x0d:
      case 0x0a:
        return this.done(/^\s*y(es)?\s*$/i.test(this.line) ? 'allow' : 'deny');
      case 0x7f:
      case 0x08: {
        if (this.line === '') return undefined;
        this.line = this.line.slice(0, -1);
        return { kind: 'echo', text: '\b \b' };
      }
      case 0x15: {
        // Ctrl-U: erase the line
        const erase = '\b \b'.repeat(this.line.length);
        this.line = '';
        return erase ? { kind: 'echo', text: erase } : undefined;
      }
      case 0x1b:
        this.escape = 'esc';
        return undefined;
    }
    if (code < 0x20 || code > 0x7e) return undefined; // other controls, bytes of non-ASCII characters
    if (this.line === '' && (char === 'v' || char === 'V') && this.canShowAll()) return { kind: 'show-all' };
    if (this.line.length >= MAX_LINE) return undefined;
    this.line += char;
    return { kind: 'echo', text: char };
  }

  /** ESC [ ... final (CSI), ESC O x (SS3), ESC ] / P / _ / ^ ... BEL or ESC \ (strings), ESC x (Alt-x). */
  private skipEscape(char: string, code: number): undefined {
    switch (this.escape) {
      case 'esc':
        this.escape = char === '[' ? 'csi' : char === 'O' ? 'ss3' : ']P_^X'.includes(char) ? 'string' : 'none';
        break;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) this.escape = 'none';
        else if (code < 0x20 || code > 0x7e) this.escape = 'none'; // malformed: stop skipping
        break;
      case 'ss3':
        this.escape = 'none';
        break;
      case 'string':
        if (code === 0x07) this.escape = 'none';
        else if (code === 0x1b) this.escape = 'esc'; // ESC \ ends it; the backslash is then skipped as Alt-\
        break;
    }
    return undefined;
  }
}
