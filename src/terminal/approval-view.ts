/**
 * Drawing an ApprovalRequest (src/integration/approval.ts) as the prompt's lines (issue #10, item 1).
 *
 * What makes it unforgeable:
 * - every character of every value is visible (`makeVisible`, field mode), so nothing moves the cursor,
 *   erases, hides or reorders text;
 * - only the prompt's own lines start at column 0 (the rules, the title, the question); every row that
 *   carries a value starts with an indent and a marker — `label:`, a list number, the body's gutter `│`,
 *   `┆` where a long line continues — and rows are cut here, never wrapped by the terminal (rows.ts);
 * - nothing is left out without saying how much and how to see it (`v`);
 * - the question restates what is being allowed, so a fake header above it cannot change what "y" means.
 */
import type { ApprovalField, ApprovalRequest } from '../integration/approval';
import { displayWidth, wrapRows, type Row } from './rows';
import { makeVisible } from './visible';

export interface ApprovalViewOptions {
  /** Width of the terminal in columns. */
  readonly columns: number;
  /** Every item and line, nothing left out (after the person pressed `v`). @default false */
  readonly full?: boolean;
}

export interface ApprovalView {
  /** The prompt's lines, each at most `columns - 1` wide, without line breaks. */
  readonly lines: readonly string[];
  /** True when something was left out: `v` shows everything. */
  readonly truncated: boolean;
  /** The last line, without a line break, the answer is typed after: `Allow? <title> ... [y/N] `. */
  readonly question: string;
}

/** How much the first view shows of each kind of field. */
export const VIEW_LIMITS = {
  /** List items shown before `… N more`. */
  listItems: 10,
  /** Rows of a text field (its lines, and the rows long lines wrap into). */
  textRows: 12,
  /** Rows of a single value. */
  valueRows: 4,
} as const;

/** A limit is not applied when it would hide no more than this many items or rows: "1 more" helps nobody. */
const SLACK = 2;
const MIN_WIDTH = 12;
/** The rules above and below the prompt; box-drawing characters are two columns wide on some CJK terminals. */
const RULE_WIDTH = 60;
const SHOW_ALL = 'press v to show all';

const field = (text: string) => makeVisible(text, 'field');
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

class Lines {
  readonly lines: string[] = [];
  truncated = false;

  constructor(
    readonly columns: number,
    readonly full: boolean,
  ) {}

  /** Width left for content after `prefix`. */
  room(prefix: string): number {
    return Math.max(MIN_WIDTH, this.columns - 1 - displayWidth(prefix));
  }

  /** Rows under a first-row prefix and a continuation prefix; at most `limit` rows unless full. */
  rows(first: string, next: string, rows: readonly Row[], limit: number): void {
    const shown = this.full || rows.length <= limit + SLACK ? rows.length : limit;
    rows.slice(0, shown).forEach((row, i) => this.lines.push(`${i === 0 ? first : next}${row.text}`));
    if (shown < rows.length) {
      const hidden = rows.slice(shown).reduce((sum, row) => sum + row.source, 0);
      this.omitted(`${count(hidden, 'more character')} not shown`);
    }
  }

  omitted(what: string): void {
    this.truncated = true;
    this.lines.push(`    … ${what} — ${SHOW_ALL}`);
  }
}

function value(out: Lines, label: string, text: string): void {
  const first = `  ${label}: `;
  out.rows(first, '    ┆ ', wrapRows(field(text), out.room(first)), VIEW_LIMITS.valueRows);
}

function list(out: Lines, label: string, items: readonly string[]): void {
  out.lines.push(`  ${label} (${items.length}):`);
  const shown = out.full || items.length <= VIEW_LIMITS.listItems + SLACK ? items.length : VIEW_LIMITS.listItems;
  const numberWidth = String(items.length).length;
  items.slice(0, shown).forEach((item, i) => {
    const first = `    ${String(i + 1).padStart(numberWidth)}. `;
    out.rows(first, `    ${' '.repeat(numberWidth)}┆ `, wrapRows(field(item), out.room(first)), VIEW_LIMITS.valueRows);
  });
  if (shown < items.length) out.omitted(`${count(items.length - shown, 'more item')} not shown (${items.length} in all)`);
}

function text(out: Lines, label: string, body: string): void {
  const sourceLines = body.split('\n');
  const characters = [...body].length;
  out.lines.push(`  ${label}: ${characters === 0 ? 'empty' : `${count(characters, 'character')}, ${count(sourceLines.length, 'line')}`}`);
  if (characters === 0) return;
  const gutter = '    │ ';
  const room = out.room(gutter);
  // Each line of the text behind the gutter; `┆` where a line is too long for the terminal and continues.
  const rows: Array<Row & { first: boolean; line: number }> = [];
  sourceLines.forEach((line, index) => {
    // A line break is part of the text too: count it with the line it ends.
    const ending = index < sourceLines.length - 1 ? 1 : 0;
    const wrapped = wrapRows(field(line), room);
    wrapped.forEach((row, i) =>
      rows.push({ ...row, source: row.source + (i === wrapped.length - 1 ? ending : 0), first: i === 0, line: index }),
    );
  });
  const limit = VIEW_LIMITS.textRows;
  const shown = out.full || rows.length <= limit + SLACK ? rows.length : limit;
  for (const row of rows.slice(0, shown)) out.lines.push(`${row.first ? gutter : '    ┆ '}${row.text}`);
  if (shown < rows.length) {
    const hidden = rows.slice(shown);
    const hiddenCharacters = hidden.reduce((sum, row) => sum + row.source, 0);
    const moreLines = sourceLines.length - 1 - rows[shown - 1].line;
    const lines = moreLines > 0 ? `, ${count(moreLines, 'more line')}` : '';
    out.omitted(`${count(hiddenCharacters, 'more character')}${lines} not shown`);
  }
}

function render(out: Lines, f: ApprovalField): void {
  const label = field(f.label);
  if (f.kind === 'value') value(out, label, f.value);
  else if (f.kind === 'list') list(out, label, f.items);
  else text(out, label, f.text);
}

export function renderApproval(request: ApprovalRequest, options: ApprovalViewOptions): ApprovalView {
  const columns = Math.max(MIN_WIDTH + 8, options.columns);
  const out = new Lines(columns, options.full === true);
  const ruleWidth = Math.min(columns - 1, RULE_WIDTH);
  const rule = '─'.repeat(ruleWidth);
  const title = field(request.title);
  const account = field(request.account);

  out.lines.push(`─── kosmo-sinch: approval needed ${rule}`.slice(0, ruleWidth));
  // The title in the integration's words, at column 0 like only the prompt's own lines.
  wrapRows(title, columns - 3).forEach((row, i) => out.lines.push(i === 0 ? row.text : `  ${row.text}`));
  value(out, 'account', `${request.account} (${request.integration}, ${request.function}, ${request.operation})`);
  for (const f of request.fields) render(out, f);
  out.lines.push(rule);

  const keys = out.truncated ? '[y/N, v = show all]' : '[y/N]';
  return {
    lines: out.lines,
    truncated: out.truncated,
    question: `Allow? ${title} — account '${account}' ${keys} `,
  };
}
