/**
 * Making text visible before it reaches a terminal (issue #10, items 1 and 2): every character a terminal
 * would act on (controls, escape sequences), or would draw as nothing or differently from what it is (bidi
 * controls, zero-width and other format characters, fillers, lone surrogates), is replaced by a readable
 * escape such as `\r`, `\e`, `\x00`, `\u{202E}`.
 *
 * Which characters (Unicode 15+ properties, as Node's ICU knows them):
 * - `Cc`: C0 controls, DEL and the C1 controls (U+0080–U+009F; U+009B is an 8-bit CSI);
 * - `Cf`: format characters — bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the
 *   marks U+200E/200F/061C, zero-width space/joiners (U+200B–200D), word joiner and invisible operators
 *   (U+2060–2064), U+FEFF, soft hyphen, tag characters (U+E0001, U+E0020–E007F: "ASCII smuggling"), ...;
 * - `Zl`, `Zp`: U+2028, U+2029 (line breaks that are not `\n`);
 * - `Cs`: lone surrogates (a JavaScript string can hold them; they are not text);
 * - `Default_Ignorable_Code_Point`: what fonts draw as nothing — everything above plus the Hangul fillers
 *   (U+115F, U+1160, U+3164, U+FFA0), variation selectors (U+FE00–FE0F, U+E0100–E01EF), combining grapheme
 *   joiner U+034F, Khmer inherent vowels, Mongolian selectors, U+E0000–E0FFF;
 * - noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF).
 *
 * Two modes:
 * - `output` (what a script prints, results, errors): `\n` and `\t` are kept; of the rest only emoji
 *   sequences keep their joiners — a ZWJ between two pictographs, a variation selector right after an emoji
 *   (U+FE0E/FE0F) or an ideograph (U+E0100–E01EF) — because those draw as one picture and hide nothing.
 * - `field` (a value in the approval prompt): nothing is kept raw but ordinary text: additionally `\n`, `\t`,
 *   emoji joiners and selectors, private-use (`Co`) and unassigned (`Cn`) code points, every space but
 *   U+0020 (U+00A0, U+2000–200A, U+3000, ...), U+2800 (the blank braille pattern), combining marks that
 *   have no base or come in runs longer than 4 ("zalgo" text that spills onto the lines around it), and
 *   the backslash itself (`\\`, so that a literal `\e` in a message cannot pass for an escape).
 *
 * Approximation (flagged): ZWNJ (U+200C) is escaped in both modes although Persian uses it inside words;
 * a person sees `\u{200C}` there. Emoji tag sequences (the flags of England, Scotland, Wales) are escaped
 * too: their tags are the same characters that smuggle hidden ASCII.
 */

export type VisibleMode = 'output' | 'field';

/** Characters made visible in both modes (see the header). */
const HIDDEN = String.raw`\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}`;
/** Characters `field` mode makes visible as well; `\p{M}` is decided by its context. */
const FIELD_EXTRA = String.raw`\p{Co}\p{Cn}\p{Zs}\u2800\\\p{M}`;

/**
 * Each pattern is built when first used: V8 builds a `\p{...}` class when the RegExp is created (~3 ms for
 * these together), and a CLI writing to a pipe or a file never uses them (issue #14, cold start).
 */
function lazy(make: () => RegExp): () => RegExp {
  let built: RegExp | undefined;
  return () => (built ??= make());
}

const OUTPUT_TEST = lazy(() => new RegExp(`[${HIDDEN}]`, 'u'));
const OUTPUT_ALL = lazy(() => new RegExp(`[${HIDDEN}]`, 'gu'));
const FIELD_TEST = lazy(() => new RegExp(`[${HIDDEN}${FIELD_EXTRA}]`, 'u'));
const FIELD_ALL = lazy(() => new RegExp(`[${HIDDEN}${FIELD_EXTRA}]`, 'gu'));
const HIDDEN_ONE = lazy(() => new RegExp(`[${HIDDEN}]`, 'u'));

const PICTOGRAPH = lazy(() => /\p{Extended_Pictographic}/u);
const EMOJI = lazy(() => /\p{Emoji}/u);
const IDEOGRAPH = lazy(() => /\p{Ideographic}/u);
const MARK = lazy(() => /\p{M}/u);
/** What a combining mark may sit on: letters, digits, punctuation, symbols. */
const MARK_BASE = lazy(() => /[\p{L}\p{N}\p{P}\p{S}]/u);
/** The longest run of combining marks kept on one base in `field` mode (Vietnamese stacks 2, Tibetan 3–4). */
const MAX_MARKS = 4;

const NAMED: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
  0x5c: '\\\\',
};

/** The escape that stands for one code point: `\r`, `\e`, `\x7F` below U+0080, `\u{202E}` above. */
export function escapeCodePoint(codePoint: number): string {
  const named = NAMED[codePoint];
  if (named !== undefined) return named;
  const hex = codePoint.toString(16).toUpperCase();
  return codePoint < 0x80 ? `\\x${hex.padStart(2, '0')}` : `\\u{${hex}}`;
}

/** The code point that ends just before `index` (a surrogate pair counts as one). */
function codePointBefore(text: string, index: number): number | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2);
  }
  return low;
}

function is(re: () => RegExp, codePoint: number | undefined): boolean {
  return codePoint !== undefined && re().test(String.fromCodePoint(codePoint));
}

const isVariationSelector = (cp: number | undefined) =>
  cp !== undefined && ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef));
/** Skin tones (U+1F3FB–1F3FF) may sit between a pictograph and the ZWJ that follows it. */
const isEmojiModifier = (cp: number | undefined) => cp !== undefined && cp >= 0x1f3fb && cp <= 0x1f3ff;

/** `output` mode keeps the joiners of emoji and ideographic variation sequences (see the header). */
function keptInOutput(text: string, char: string, offset: number): boolean {
  const cp = char.codePointAt(0)!;
  if (cp === 0x0a || cp === 0x09) return true;
  const before = codePointBefore(text, offset);
  const after = text.codePointAt(offset + char.length);
  if (cp === 0x200d) {
    let base = before;
    let at = offset;
    // 👍🏽‍ or ❤️‍: look through one modifier or presentation selector to the pictograph.
    if (isEmojiModifier(base) || base === 0xfe0f) {
      at -= base! > 0xffff ? 2 : 1;
      base = codePointBefore(text, at);
    }
    return is(PICTOGRAPH, base) && is(PICTOGRAPH, after);
  }
  if (isVariationSelector(after)) return false; // a run of selectors hides data ("emoji smuggling")
  if (cp === 0xfe0e || cp === 0xfe0f) return is(EMOJI, before) && !isVariationSelector(before);
  if (cp >= 0xe0100 && cp <= 0xe01ef) return is(IDEOGRAPH, before);
  return false;
}

/** `field` mode keeps U+0020 and combining marks on a base, in runs of at most MAX_MARKS. */
function keptInField(text: string, char: string, offset: number): boolean {
  if (char === ' ') return true;
  // Variation selectors, U+034F and the like are marks too, but hidden ones.
  if (!MARK().test(char) || HIDDEN_ONE().test(char)) return false;
  // Walk back over the marks before this one to the base they sit on.
  let at = offset;
  let run = 1;
  let base = codePointBefore(text, at);
  while (base !== undefined && is(MARK, base)) {
    if (is(HIDDEN_ONE, base)) return false; // it is escaped: nothing left to sit on
    run++;
    at -= base > 0xffff ? 2 : 1;
    base = codePointBefore(text, at);
  }
  if (!is(MARK_BASE, base) || base === 0x5c) return false; // a backslash is shown as `\\`
  // ... and forward over the ones after it: the whole run is kept or escaped together.
  for (let next = offset + char.length; run <= MAX_MARKS; ) {
    const cp = text.codePointAt(next);
    if (!is(MARK, cp)) break;
    run++;
    next += cp! > 0xffff ? 2 : 1;
  }
  return run <= MAX_MARKS;
}

/**
 * `text` with every character a terminal would act on, or draw as nothing, replaced by a visible escape.
 * Text with nothing to escape is returned as it is (the common case costs one regular-expression test).
 */
export function makeVisible(text: string, mode: VisibleMode): string {
  if (mode === 'output') {
    if (!OUTPUT_TEST().test(text)) return text;
    return text.replace(OUTPUT_ALL(), (char: string, offset: number) =>
      keptInOutput(text, char, offset) ? char : escapeCodePoint(char.codePointAt(0)!),
    );
  }
  if (!FIELD_TEST().test(text)) return text;
  return text.replace(FIELD_ALL(), (char: string, offset: number) =>
    keptInField(text, char, offset) ? char : escapeCodePoint(char.codePointAt(0)!),
  );
}
