/**
 * What a message body costs in SMS parts, computed locally (issue #9, "Preview before paying";
 * docs/sinch-wire.md, "Segments"): GSM-7 when every character is in the GSM 03.38 default alphabet or its
 * extension table (extension characters take two septets), 160 septets in one part and 153 per part when
 * split; otherwise UCS-2, counted in UTF-16 code units (an emoji outside the BMP is two), 70 in one part and
 * 67 per part. Also which characters forced UCS-2, and a GSM-7 alternative for the usual culprits.
 *
 * Written apart from the emulator's counter (src/emulator/segments.ts) on purpose: the client and the
 * emulator share only src/wire/, and test/sinch/preview-agreement.test.ts runs a corpus through both.
 * Approximation (flagged, as in the emulator and docs/sinch-wire.md): plain totals — real encoders never
 * split an escape sequence or a surrogate pair across two parts, which can add a part at a boundary; no
 * national language shift tables.
 */

/** GSM 03.38 default alphabet, in table order (0x1B, the escape, is not a character). */
const GSM_DEFAULT =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs the escape plus itself. */
const GSM_EXTENDED = '\f^{}\\[~]|€';

const DEFAULT_SET = new Set([...GSM_DEFAULT].filter((c) => c !== '\u001b'));
const EXTENDED_SET = new Set(GSM_EXTENDED);

export const GSM7_SINGLE_PART = 160;
export const GSM7_PER_PART = 153;
export const UCS2_SINGLE_PART = 70;
export const UCS2_PER_PART = 67;

export type Encoding = 'GSM-7' | 'UCS-2';

/** Sinch's names (dry run, delivery reports): `GSM` and `UNICODE`. */
export function sinchEncodingName(encoding: Encoding): 'GSM' | 'UNICODE' {
  return encoding === 'GSM-7' ? 'GSM' : 'UNICODE';
}

/** GSM-7 stand-ins for characters agents (and word processors) write all the time. */
const ALTERNATIVES: Readonly<Record<string, string>> = {
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2012': '-',
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u2018': "'", // curly single quotes
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"', // curly double quotes
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2026': '...', // ellipsis
  '\u00A0': ' ', // no-break space
  '\u2009': ' ',
  '\u202F': ' ',
  '\u2007': ' ',
  '\u2022': '*', // bullet
  '\u00B7': '.',
  '\u00E7': 'c', // ç: GSM 03.38 has only the capital Ç
  '\u00E1': 'a',
  '\u00ED': 'i',
  '\u00F3': 'o',
  '\u00FA': 'u',
  '\u00EA': 'e',
  '\u00E2': 'a',
  '\u00F4': 'o',
  '\u00EB': 'e',
  '\u00EF': 'i',
  '\u200B': '', // zero-width space
  '\uFEFF': '',
};

export interface ForcingCharacter {
  /** The character as written (a whole code point: an emoji is one). */
  readonly character: string;
  /** `U+2013`. */
  readonly code_point: string;
  /** How often it occurs in the body. */
  readonly count: number;
  /** A GSM-7 stand-in, when there is a usual one. */
  readonly gsm_alternative?: string;
}

export interface SegmentCount {
  readonly encoding: Encoding;
  /** Characters (Unicode code points). */
  readonly characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2): what the parts are counted in. */
  readonly units: number;
  readonly parts: number;
  /** Units one part holds for this message: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  readonly units_per_part: number;
  /** Units still free in the last part before another part is needed. */
  readonly units_left: number;
  /** The characters that made the body UCS-2, in order of first appearance (empty for GSM-7). */
  readonly ucs2_characters: ForcingCharacter[];
  /** GSM-7 extension characters (`€ [ ] { } \ ^ ~ |`, form feed), each counting two. */
  readonly extension_characters: string[];
}

function partsOf(units: number, single: number, perPart: number): number {
  return units <= single ? 1 : Math.ceil(units / perPart);
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether every character of `text` is in GSM-7 (the default alphabet or its extension). */
export function isGsm7(text: string): boolean {
  for (const c of text) if (!DEFAULT_SET.has(c) && !EXTENDED_SET.has(c)) return false;
  return true;
}

/**
 * Septets of the characters below 128, from the sets above: 1 (default alphabet), 2 (extension), 0 (neither:
 * the backtick, control characters). Every send counts its body (send_sms's plan), and most bodies are ASCII:
 * a table lookup per UTF-16 unit instead of a string iterator and two Set lookups per character (issue #14).
 */
const ASCII_SEPTETS = Uint8Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code);
  return DEFAULT_SET.has(c) ? 1 : EXTENDED_SET.has(c) ? 2 : 0;
});

function gsm7Count(characters: number, septets: number, extension: string[]): SegmentCount {
  const parts = partsOf(septets, GSM7_SINGLE_PART, GSM7_PER_PART);
  const perPart = parts === 1 ? GSM7_SINGLE_PART : GSM7_PER_PART;
  return { encoding: 'GSM-7', characters, units: septets, parts, units_per_part: perPart, units_left: parts * perPart - septets, ucs2_characters: [], extension_characters: extension };
}

export function countSegments(body: string): SegmentCount {
  // A body of GSM-7 ASCII only (one UTF-16 unit per character): counted from the table.
  let septets = 0;
  let extension: string[] = [];
  let i = 0;
  for (; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const units = code < 128 ? ASCII_SEPTETS[code] : 0;
    if (units === 0) break;
    septets += units;
    if (units === 2 && !extension.includes(body[i])) extension.push(body[i]);
  }
  if (i === body.length) return gsm7Count(body.length, septets, extension);
  // Anything else: character by character (code points), from the start.
  septets = 0;
  extension = [];
  let characters = 0;
  const forcing = new Map<string, number>();
  for (const c of body) {
    characters++;
    if (DEFAULT_SET.has(c)) septets += 1;
    else if (EXTENDED_SET.has(c)) {
      septets += 2;
      if (!extension.includes(c)) extension.push(c);
    } else forcing.set(c, (forcing.get(c) ?? 0) + 1);
  }
  if (forcing.size === 0) return gsm7Count(characters, septets, extension);
  const units = body.length; // UTF-16 code units
  const parts = partsOf(units, UCS2_SINGLE_PART, UCS2_PER_PART);
  const perPart = parts === 1 ? UCS2_SINGLE_PART : UCS2_PER_PART;
  const ucs2 = [...forcing].map(([character, count]) => {
    const alternative = ALTERNATIVES[character];
    return { character, code_point: codePoint(character), count, ...(alternative !== undefined ? { gsm_alternative: alternative } : {}) };
  });
  return { encoding: 'UCS-2', characters, units, parts, units_per_part: perPart, units_left: parts * perPart - units, ucs2_characters: ucs2, extension_characters: extension };
}

/**
 * `body` with every UCS-2-forcing character replaced by its GSM-7 alternative, when each has one (else
 * undefined): what the agent could send instead to pay GSM-7 prices.
 */
export function gsmAlternative(body: string, count: SegmentCount): string | undefined {
  if (count.encoding === 'GSM-7' || count.ucs2_characters.some((c) => c.gsm_alternative === undefined)) return undefined;
  let out = '';
  for (const c of body) out += ALTERNATIVES[c] ?? c;
  return isGsm7(out) ? out : undefined;
}
