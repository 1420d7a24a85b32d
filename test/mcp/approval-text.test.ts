/**
 * What the person is shown through the client (src/mcp/approval.ts): the plan's ApprovalRequest as plain text,
 * every value made visible, only the message's own lines at the left edge, the whole request and nothing
 * left out — property-tested over hostile strings — and a form that allows only an explicit yes.
 */
import fc from 'fast-check';
import { approvalForm, approvalText } from '../../src/mcp/approval';
import { approvalRequest } from '../integration/approval-request';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** The terminal tests' request, with a two-line body. */
const request = (over: Parameters<typeof approvalRequest>[0] = {}) =>
  approvalRequest({
    fields: [
      { kind: 'value', label: 'from', value: '+12025550142' },
      { kind: 'list', label: 'to', items: ['+447700900123', '+12025550111'] },
      { kind: 'text', label: 'body', text: 'Hello there\nsee you' },
    ],
    ...over,
  });

const FIXED = [/^Approval needed: /, /^Every value is shown exactly as it will be sent: /, /^Check "approve" and accept to allow exactly this; /];

describe('approvalText', () => {
  it('shows the title, the account, values after their label, list items numbered and text lines behind a gutter', () => {
    expect(approvalText(request()).split('\n')).toEqual([
      'Approval needed: Send an SMS to 2 recipients (1 part each, 2 messages)',
      '  account: default (sinch, sinch_send_sms, write)',
      '  from: +12025550142',
      '  to (2):',
      '    1. +447700900123',
      '    2. +12025550111',
      '  body: 19 characters, 2 lines',
      '    │ Hello there',
      '    │ see you',
      '',
      expect.stringMatching(FIXED[1]),
      expect.stringMatching(FIXED[2]),
    ]);
  });

  it('shows every item and every line: nothing is left out', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `+4670123${String(i).padStart(4, '0')}`);
    const body = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const lines = approvalText(request({ fields: [{ kind: 'list', label: 'to', items }, { kind: 'text', label: 'body', text: body }] })).split('\n');
    expect(lines).toContain('    1000. +46701230999');
    expect(lines).toContain('    │ line 39');
    expect(approvalText(request({ fields: [{ kind: 'text', label: 'body', text: '' }] }))).toContain('  body: empty');
  });

  it('makes a body that rewrites itself visible, and aligns list numbers', () => {
    const text = approvalText(
      request({
        title: 'Refund \u202e00.001$',
        fields: [
          { kind: 'list', label: 'to', items: Array.from({ length: 10 }, (_, i) => `+1202555010${i}`) },
          { kind: 'text', label: 'body', text: 'PIN now\r\x1b[2K  body: fine\u2028\u200b' },
        ],
      }),
    );
    expect(text).toContain('Approval needed: Refund \\u{202E}00.001$');
    expect(text).toContain('     1. +12025550100');
    expect(text).toContain('    10. +12025550109');
    expect(text).toContain('    │ PIN now\\r\\e[2K  body: fine\\u{2028}\\u{200B}');
  });

  it('for any values, holds no control or invisible character and only its own lines start at the left edge', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.array(fc.constantFrom('\r', '\n', '\x1b[2K', '\u202e', '\u2028', '\u200b', '\ufeff', '\t', 'Approval needed: ', 'x'), { maxLength: 10 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.array(hostile, { maxLength: 5 }), hostile, (title, account, value, items, body) => {
        const text = approvalText(
          request({
            title,
            account,
            fields: [
              { kind: 'value', label: value, value },
              { kind: 'list', label: 'to', items },
              { kind: 'text', label: 'body', text: body },
            ],
          }),
        );
        expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
        const lines = text.split('\n');
        const own = lines.filter((line) => line !== '' && !line.startsWith('  '));
        expect(own).toHaveLength(3);
        own.forEach((line, i) => expect(line).toMatch(FIXED[i]));
        // The layout is the request's, whatever the values hold.
        expect(lines).toHaveLength(2 + 1 + (1 + items.length) + 1 + (body === '' ? 0 : body.split('\n').length) + 3);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('approvalForm', () => {
  it('asks for one boolean, false unless the person checks it, restating what is allowed', () => {
    expect(approvalForm(request({ account: 'work\u202e' }))).toEqual({
      type: 'object',
      properties: {
        approve: { type: 'boolean', title: 'Approve', description: "Allow: Send an SMS to 2 recipients (1 part each, 2 messages) (account 'work\\u{202E}')", default: false },
      },
      required: ['approve'],
    });
  });
});
