/**
 * makeVisible (src/terminal/visible.ts): what reaches a terminal has no character the terminal would act on
 * or draw as nothing — property-tested over arbitrary strings, lone surrogates and escape sequences included.
 */
import fc from 'fast-check';
import { escapeCodePoint, makeVisible } from '../../src/terminal/visible';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Pieces that terminals act on or draw as nothing, to make the generated strings hostile. */
const HOSTILE_PIECES = [
  '\x1b[2K', '\x1b[1A', '\x1b[8m', '\x1b]0;title\x07', '\x1b]52;c;aGk=\x1b\\', '\x1b[c', '\x1b[6n', '\x9b2J', '\r', '\b',
  '\x7f', '\u202e', '\u2066', '\u200f', '\u061c', '\u200b', '\u200d', '\ufeff', '\u2028', '\u3164', '\ufe0f', '\u{e0041}',
  '\u{e0100}', '\ud800', '\udfff', '\u00a0', '\u0301', '👨', '❤', '漢', '\\', '\n', '\t',
];

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units)),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 4 })), { maxLength: 16 }).map((parts) => parts.join('')),
);

/** Anything a terminal acts on or may draw as nothing. */
const ACTS_OR_HIDES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** Undo `field` mode, to prove it loses nothing and is unambiguous. */
function unescapeField(text: string): string {
  return text.replace(/\\(?:x([0-9A-F]{2})|u\{([0-9A-F]+)\}|([abtnvfre\\]))/g, (_m, x?: string, u?: string, named?: string) => {
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (u) return String.fromCodePoint(parseInt(u, 16));
    return { a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', '\\': '\\' }[named!]!;
  });
}

describe('makeVisible in field mode (the approval prompt)', () => {
  it('leaves no control, format, invisible, private-use, unassigned or non-ASCII space character in any string', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const shown = makeVisible(text, 'field');
        expect(shown).not.toMatch(ACTS_OR_HIDES);
        expect(shown).not.toMatch(/[\p{Co}\p{Cn}\u2800]/u);
        expect(shown.replace(/ /g, '')).not.toMatch(/\p{Zs}/u);
      }),
      { numRuns: RUNS },
    );
  });

  it('can be read back to exactly the original string: nothing is lost and no escape is ambiguous', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        expect(unescapeField(makeVisible(text, 'field'))).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('shows the carriage return and the erase-line sequence of the issue-10 spoof as text', () => {
    expect(makeVisible('Send me your bank PIN now\r\x1b[2K  body: Your appointment is confirmed', 'field')).toBe(
      'Send me your bank PIN now\\r\\e[2K  body: Your appointment is confirmed',
    );
  });

  it('escapes newlines, tabs, bidi controls, zero-width characters, fillers and lone surrogates', () => {
    expect(makeVisible('a\nb\tc', 'field')).toBe('a\\nb\\tc');
    expect(makeVisible('\u202Eevil\u202C \u2066x\u2069 \u200E\u200F\u061C', 'field')).toBe(
      '\\u{202E}evil\\u{202C} \\u{2066}x\\u{2069} \\u{200E}\\u{200F}\\u{61C}',
    );
    expect(makeVisible('pay\u200Bpal\u200D\uFEFF\u2060', 'field')).toBe('pay\\u{200B}pal\\u{200D}\\u{FEFF}\\u{2060}');
    expect(makeVisible('\u115F\u1160\u3164\uFFA0\u2800', 'field')).toBe('\\u{115F}\\u{1160}\\u{3164}\\u{FFA0}\\u{2800}');
    expect(makeVisible('\uD83Dx\uDE00', 'field')).toBe('\\u{D83D}x\\u{DE00}');
    expect(makeVisible('\u00A0\u2003\u3000', 'field')).toBe('\\u{A0}\\u{2003}\\u{3000}');
  });

  it('escapes C0 controls, DEL and C1 controls (U+009B is an 8-bit CSI)', () => {
    expect(makeVisible('\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b', 'field')).toBe('\\x00\\a\\b\\v\\f\\e\\x7F\\u{85}\\u{9B}');
  });

  it('shows a literal backslash as \\\\ so that typed text cannot pass for an escape', () => {
    expect(makeVisible('C:\\e', 'field')).toBe('C:\\\\e');
  });

  it('keeps accents on their letters but escapes combining marks without a base or stacked beyond four', () => {
    expect(makeVisible('café naïve Việt', 'field')).toBe('café naïve Việt');
    expect(makeVisible('e\u0301', 'field')).toBe('e\u0301');
    expect(makeVisible('\u0301x', 'field')).toBe('\\u{301}x');
    expect(makeVisible('z\u0301\u0302\u0303\u0304\u0305', 'field')).toBe('z\\u{301}\\u{302}\\u{303}\\u{304}\\u{305}');
  });

  it('escapes the joiners and selectors of emoji sequences too: the prompt shows every code point', () => {
    expect(makeVisible('❤\uFE0F', 'field')).toBe('❤\\u{FE0F}');
    expect(makeVisible('👨\u200D👩', 'field')).toBe('👨\\u{200D}👩');
  });

  it('returns ordinary text unchanged', () => {
    expect(makeVisible('Your order #123 has shipped: 3 items, 12,50 € — thanks! 😀 日本語', 'field')).toBe(
      'Your order #123 has shipped: 3 items, 12,50 € — thanks! 😀 日本語',
    );
  });
});

describe('makeVisible in output mode (what a script prints)', () => {
  it('leaves no control character but newline and tab, and no format or invisible character outside emoji sequences', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const shown = makeVisible(text, 'output');
        const chars = [...shown];
        chars.forEach((char, i) => {
          if (char === '\n' || char === '\t' || !ACTS_OR_HIDES.test(char)) return;
          // What may remain: a ZWJ between two pictographs (through a skin tone or VS16), or one selector
          // right after an emoji or an ideograph.
          if (char === '\u200D') {
            const before = chars.slice(0, i).reverse().find((c) => !/[\u{1F3FB}-\u{1F3FF}\uFE0F]/u.test(c));
            expect(PICTOGRAPH.test(before ?? '') && PICTOGRAPH.test(chars[i + 1] ?? '')).toBe(true);
          } else if (char === '\uFE0E' || char === '\uFE0F') {
            expect(/\p{Emoji}/u.test(chars[i - 1] ?? '')).toBe(true);
            expect(chars[i + 1] === undefined || !/[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u.test(chars[i + 1])).toBe(true);
          } else {
            expect(/[\u{E0100}-\u{E01EF}]/u.test(char) && /\p{Ideographic}/u.test(chars[i - 1] ?? '')).toBe(true);
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps newlines and tabs and shows every other control as an escape', () => {
    expect(makeVisible('a\tb\nc\r\n\x1b[2J\x1b]0;pwned\x07\x1b]52;c;aGk=\x07', 'output')).toBe(
      'a\tb\nc\\r\n\\e[2J\\e]0;pwned\\a\\e]52;c;aGk=\\a',
    );
  });

  it('keeps emoji sequences whole but escapes runs of variation selectors that hide data', () => {
    expect(makeVisible('👨\u200D👩\u200D👧 ❤\uFE0F 👍🏽\u200D❤ 1\uFE0F\u20E3', 'output')).toBe('👨\u200D👩\u200D👧 ❤\uFE0F 👍🏽\u200D❤ 1\uFE0F\u20E3');
    expect(makeVisible('😀\uFE01\uFE02\u{E0110}', 'output')).toBe('😀\\u{FE01}\\u{FE02}\\u{E0110}');
    expect(makeVisible('x\u200Dy a\uFE0F', 'output')).toBe('x\\u{200D}y a\\u{FE0F}');
  });

  it('leaves backslashes, non-breaking spaces and accents as they are', () => {
    const text = 'C:\\temp\u00A0café e\u0301';
    expect(makeVisible(text, 'output')).toBe(text);
  });

  it('returns the same string object when there is nothing to escape', () => {
    const text = 'plain output\n'.repeat(1000);
    expect(makeVisible(text, 'output')).toBe(text);
  });
});

describe('escapeCodePoint', () => {
  it('spells C0 controls as \\xHH or their letter and everything from U+0080 as \\u{HEX}', () => {
    expect([0x00, 0x1b, 0x0d, 0x7f, 0x80, 0x202e, 0xe0041].map(escapeCodePoint)).toEqual([
      '\\x00', '\\e', '\\r', '\\x7F', '\\u{80}', '\\u{202E}', '\\u{E0041}',
    ]);
  });
});
