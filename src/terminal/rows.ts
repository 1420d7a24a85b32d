/**
 * Cutting made-visible text into terminal rows ourselves, so that the terminal never wraps a line: a row
 * the terminal wrapped would start at column 0 with untrusted text, where only the prompt's own lines may
 * start (issue #10, item 1).
 *
 * Widths are counted conservatively: one column for printable ASCII, two for anything else (East Asian
 * wide characters and emoji take two; most others take one), none for a combining mark. Overestimating
 * only makes rows shorter than they could be; underestimating would let the terminal wrap.
 */

/** One unit that is never split: an escape such as `\u{202E}`, or a character with its combining marks. */
const TOKEN = /\\(?:x[0-9A-F]{2}|u\{[0-9A-F]+\}|[^])|[^\\][\p{M}]*/gu;
const ESCAPE = /^\\/;

export interface Token {
  readonly text: string;
  /** Columns it takes (conservative). */
  readonly width: number;
  /** Code points of the original text it stands for (an escape stands for one). */
  readonly source: number;
}

/** `field`-mode text (src/terminal/visible.ts) as tokens. */
export function tokens(visible: string): Token[] {
  const out: Token[] = [];
  for (const [text] of visible.matchAll(TOKEN)) {
    if (ESCAPE.test(text)) out.push({ text, width: text.length, source: 1 });
    else {
      const base = text.codePointAt(0)!;
      const chars = [...text];
      out.push({ text, width: base >= 0x20 && base < 0x7f ? 1 : 2, source: chars.length });
    }
  }
  return out;
}

/** Display width of made-visible text, conservatively. */
export function displayWidth(visible: string): number {
  return tokens(visible).reduce((sum, t) => sum + t.width, 0);
}

export interface Row {
  readonly text: string;
  /** Code points of the original text the row shows. */
  readonly source: number;
}

/** Made-visible text (one line, no line breaks) cut into rows of at most `width` columns; at least one row. */
export function wrapRows(visible: string, width: number): Row[] {
  const rows: Row[] = [];
  let text = '';
  let used = 0;
  let source = 0;
  for (const token of tokens(visible)) {
    if (used + token.width > width && used > 0) {
      rows.push({ text, source });
      text = '';
      used = 0;
      source = 0;
    }
    text += token.text;
    used += token.width;
    source += token.source;
  }
  rows.push({ text, source });
  return rows;
}
