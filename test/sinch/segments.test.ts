/** Local segment counting (issue #9, "Preview before paying"; docs/sinch-wire.md, "Segments"). */
import { countSegments, gsmAlternative, isGsm7 } from '../../src/sinch/sms/segments';

const parts = (body: string) => countSegments(body).parts;

describe('counting SMS parts locally', () => {
  it('fits 160 GSM-7 septets in one part and 153 per part beyond', () => {
    expect([160, 161, 306, 307, 459, 460].map((n) => parts('a'.repeat(n)))).toEqual([1, 2, 2, 3, 3, 4]);
    expect(countSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', units: 161, units_per_part: 153, units_left: 145 });
  });

  it('counts the extension characters € [ ] { } \\ ^ ~ | and form feed as two septets', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', characters: 80, units: 160, parts: 1 });
    expect(parts(`${'€'.repeat(80)}a`)).toBe(2);
    expect(countSegments('[]{}\\^~|\f€').units).toBe(20);
    expect(countSegments('a{b}').extension_characters).toEqual(['{', '}']);
  });

  it('counts every ASCII character as the character-by-character count does (the table ASCII bodies take)', () => {
    for (let code = 0; code < 128; code++) {
      const c = String.fromCharCode(code);
      // 'é' (GSM-7, not ASCII) first sends the body down the character-by-character path.
      const general = countSegments(`é${c}{`);
      const ascii = countSegments(`${c}{`);
      expect({ code, encoding: ascii.encoding, units: ascii.units, extension: ascii.extension_characters }).toEqual({
        code,
        encoding: general.encoding,
        units: general.units - 1, // 'é' is one septet in GSM-7, one UTF-16 unit in UCS-2
        extension: general.extension_characters,
      });
    }
    expect(countSegments('a`b')).toMatchObject({ encoding: 'UCS-2', ucs2_characters: [{ character: '`', count: 1 }] });
  });

  it('makes the whole body UCS-2 for one character outside GSM-7: 70 UTF-16 units in one part, 67 per part', () => {
    expect([70, 71, 134, 135].map((n) => parts('ж'.repeat(n)))).toEqual([1, 2, 2, 3]);
    expect(countSegments(`${'a'.repeat(69)}–`)).toMatchObject({ encoding: 'UCS-2', units: 70, parts: 1 });
    expect(countSegments(`${'a'.repeat(70)}–`)).toMatchObject({ encoding: 'UCS-2', units: 71, parts: 2, units_per_part: 67, units_left: 63 });
  });

  it('counts an emoji outside the BMP as two UTF-16 units but one character', () => {
    expect(countSegments(`${'a'.repeat(68)}😀`)).toMatchObject({ characters: 69, units: 70, parts: 1 });
    expect(countSegments(`${'a'.repeat(69)}😀`)).toMatchObject({ characters: 70, units: 71, parts: 2 });
  });

  it('names the characters that forced UCS-2, once each with their count, code point and a GSM-7 stand-in when there is one', () => {
    const count = countSegments('“Hello” – it’s 5 € 😀 ’');
    expect(count.ucs2_characters).toEqual([
      { character: '“', code_point: 'U+201C', count: 1, gsm_alternative: '"' },
      { character: '”', code_point: 'U+201D', count: 1, gsm_alternative: '"' },
      { character: '–', code_point: 'U+2013', count: 1, gsm_alternative: '-' },
      { character: '’', code_point: 'U+2019', count: 2, gsm_alternative: "'" },
      { character: '😀', code_point: 'U+1F600', count: 1 },
    ]);
  });

  it('knows the GSM 03.38 alphabet: accented capitals and lower-case letters it has, and what it lacks', () => {
    expect(isGsm7('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà')).toBe(true);
    for (const c of ['ç', '`', '\t', 'ê', '\u00A0', 'e\u0301', '中']) expect({ c, gsm: isGsm7(c) }).toEqual({ c, gsm: false });
  });

  it('offers a GSM-7 body when every culprit has a stand-in, and none otherwise', () => {
    const body = '“Meeting” at 10:00 – don’t be late…';
    const gsm = gsmAlternative(body, countSegments(body));
    expect(gsm).toBe('"Meeting" at 10:00 - don\'t be late...');
    expect(countSegments(gsm!).encoding).toBe('GSM-7');
    expect(gsmAlternative('Hi 😀', countSegments('Hi 😀'))).toBeUndefined();
    expect(gsmAlternative('Hi', countSegments('Hi'))).toBeUndefined();
  });
});
