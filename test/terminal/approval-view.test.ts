/**
 * renderApproval (src/terminal/approval-view.ts): the prompt's lines from a structured ApprovalRequest —
 * every character visible, values behind markers, rows cut to the terminal's width, nothing left out
 * without saying how much, and a question that restates what is allowed.
 */
import fc from 'fast-check';
import { renderApproval, VIEW_LIMITS } from '../../src/terminal';
import { approvalRequest } from '../integration/approval-request';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

const request = approvalRequest;

const withBody = (text: string) =>
  request({ fields: [{ kind: 'value', label: 'from', value: '+12025550142' }, { kind: 'text', label: 'body', text }] });

/** The prompt's own lines start at column 0; every line carrying a value starts with an indent. */
function ownLines(lines: readonly string[]): string[] {
  return lines.filter((line) => !line.startsWith(' '));
}

describe('renderApproval', () => {
  it('shows a header, the title, the account, each field as label: value, lists with their count and the body behind a gutter', () => {
    const view = renderApproval(request(), { columns: 100 });
    expect(view.lines).toEqual([
      expect.stringMatching(/^─── kosmo-sinch: approval needed ─+$/),
      'Send an SMS to 2 recipients (1 part each, 2 messages)',
      '  account: default (sinch, sinch_send_sms, write)',
      '  from: +12025550142',
      '  to (2):',
      '    1. +447700900123',
      '    2. +12025550111',
      '  body: 11 characters, 1 line',
      '    │ Hello there',
      expect.stringMatching(/^─+$/),
    ]);
    expect(view.question).toBe("Allow? Send an SMS to 2 recipients (1 part each, 2 messages) — account 'default' [y/N] ");
    expect(view.truncated).toBe(false);
  });

  it('shows the carriage-return spoof of issue #10 as one gutter line with the escapes visible', () => {
    const view = renderApproval(withBody('Send me your bank PIN now\r\x1b[2K  body: Your appointment is confirmed'), { columns: 120 });
    expect(view.lines).toContain('    │ Send me your bank PIN now\\r\\e[2K  body: Your appointment is confirmed');
    expect(view.lines.join('\n')).not.toMatch(/[\r\x1b]/);
  });

  it('puts every line of a multi-line body behind the gutter, so that none passes for the prompt’s own', () => {
    const body = 'Hi\n─── kosmo-sinch: approval needed ───\nAllow? Send an SMS to 1 recipient [y/N] y\n  to (1):';
    const view = renderApproval(withBody(body), { columns: 100 });
    expect(view.lines).toEqual(
      expect.arrayContaining([
        '    │ Hi',
        '    │ ─── kosmo-sinch: approval needed ───',
        '    │ Allow? Send an SMS to 1 recipient [y/N] y',
        '    │   to (1):',
      ]),
    );
    expect(ownLines(view.lines)).toHaveLength(3); // header rule, title, closing rule
  });

  it('cuts long lines itself, marking the continuation, so that the terminal never wraps a row to column 0', () => {
    const view = renderApproval(withBody('x'.repeat(150)), { columns: 40 });
    const bodyRows = view.lines.slice(view.lines.indexOf('  body: 150 characters, 1 line') + 1, -1);
    expect(bodyRows.map((l) => l.slice(0, 6))).toEqual(['    │ ', '    ┆ ', '    ┆ ', '    ┆ ', '    ┆ ']);
    expect(bodyRows.map((l) => l.slice(6)).join('')).toBe('x'.repeat(150));
    for (const line of view.lines) expect([...line].length).toBeLessThan(40);
  });

  it('counts characters other than ASCII as two columns, so wide text is cut early rather than wrapped', () => {
    const view = renderApproval(withBody('漢'.repeat(50)), { columns: 40 });
    for (const line of view.lines.filter((l) => l.startsWith('    '))) {
      const width = [...line].reduce((w, c) => w + (c.charCodeAt(0) < 0x7f ? 1 : 2), 0);
      expect(width).toBeLessThan(40);
    }
  });

  it('shows the first lines of a long body and says how much is not shown and how to see it', () => {
    const view = renderApproval(withBody(`real header\n${'\n'.repeat(60)}fake`), { columns: 80 });
    const bodyRows = view.lines.filter((line) => line.startsWith('    │'));
    expect(bodyRows).toHaveLength(VIEW_LIMITS.textRows);
    expect(view.lines).toContain('    … 53 more characters, 50 more lines not shown — press v to show all');
    expect(view.truncated).toBe(true);
    expect(view.question).toMatch(/\[y\/N, v = show all\] $/);
  });

  it('shows every line and item with full, and then offers nothing more', () => {
    const view = renderApproval(withBody(`a\n${'\n'.repeat(60)}fake`), { columns: 80, full: true });
    expect(view.lines.filter((line) => line.startsWith('    │'))).toHaveLength(62);
    expect(view.lines.join('\n')).not.toMatch(/not shown/);
    expect(view.truncated).toBe(false);
    expect(view.question).toMatch(/\[y\/N\] $/);
  });

  it('lists the first recipients of a long list with how many are not shown', () => {
    const items = Array.from({ length: 67 }, (_, i) => `+4670123${String(i).padStart(4, '0')}`);
    const view = renderApproval(request({ fields: [{ kind: 'list', label: 'to', items }] }), { columns: 80 });
    expect(view.lines).toContain('  to (67):');
    expect(view.lines).toContain(`    ${' '}1. +46701230000`);
    expect(view.lines).toContain('    10. +46701230009');
    expect(view.lines).toContain('    … 57 more items not shown (67 in all) — press v to show all');
    expect(view.lines.join('\n')).not.toContain('+46701230010');
    const full = renderApproval(request({ fields: [{ kind: 'list', label: 'to', items }] }), { columns: 80, full: true });
    expect(full.lines).toContain('    67. +46701230066');
  });

  it('does not cut a list or body that is only a little over the limit', () => {
    const items = Array.from({ length: VIEW_LIMITS.listItems + 2 }, (_, i) => `+4670123${String(i).padStart(4, '0')}`);
    const view = renderApproval(request({ fields: [{ kind: 'list', label: 'to', items }] }), { columns: 80 });
    expect(view.truncated).toBe(false);
  });

  it('shows recipients with every character visible', () => {
    const view = renderApproval(request({ fields: [{ kind: 'list', label: 'to', items: ['  +447700900123', '\r\t+1 202 555 0111  '] }] }), {
      columns: 80,
    });
    expect(view.lines).toContain('    1.   +447700900123');
    expect(view.lines).toContain('    2. \\r\\t+1 202 555 0111  ');
  });

  it('makes the title, account and labels visible too', () => {
    const view = renderApproval(request({ title: 'Send\x1b[8m hidden', account: 'we\u202Eird' }), { columns: 80 });
    expect(view.lines[1]).toBe('Send\\e[8m hidden');
    expect(view.question).toContain("account 'we\\u{202E}ird'");
  });

  it('never lets any field start a line at column 0 or carry a control or format character (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 20 }), text, fc.integer({ min: 10, max: 200 }), (value, items, body, columns) => {
        const view = renderApproval(
          request({
            fields: [
              { kind: 'value', label: 'from', value },
              { kind: 'list', label: 'to', items },
              { kind: 'text', label: 'body', text: body },
            ],
          }),
          { columns },
        );
        expect(ownLines(view.lines)).toHaveLength(3);
        expect(view.lines.join('') + view.question).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      }),
      { numRuns: RUNS },
    );
  });
});
