/**
 * SMS segment counting (docs/sinch-wire.md, "Throughput facts"): a body made only of GSM-7 characters fits 160
 * septets in one part and 153 per part when split; GSM extension characters (`€ [ ] { } \ ^ ~ |` and form
 * feed) take two septets. One character outside GSM-7 makes the whole body UCS-2: 70 UTF-16 units in one
 * part, 67 per part when split.
 *
 * Approximation: real encoders never split an escape sequence or a surrogate pair across two parts, which
 * can add a part near the boundaries; this counts plain totals. No national language shift tables.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

/** Septets per UTF-16 code unit: 1 basic, 2 extension, 0 not in GSM-7. */
const SEPTETS = new Map<number, number>();
for (const ch of GSM_BASIC) SEPTETS.set(ch.charCodeAt(0), 1);
for (const ch of GSM_EXTENSION) SEPTETS.set(ch.charCodeAt(0), 2);

export const GSM_SINGLE = 160;
export const GSM_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export type Encoding = 'GSM' | 'UNICODE';

export interface SegmentCount {
  encoding: Encoding;
  /** Septets (GSM) or UTF-16 code units (UNICODE). */
  units: number;
  parts: number;
}

function parts(units: number, single: number, part: number): number {
  return units <= single ? 1 : Math.ceil(units / part);
}

export function countSegments(body: string): SegmentCount {
  let septets = 0;
  for (let i = 0; i < body.length; i++) {
    const s = SEPTETS.get(body.charCodeAt(i));
    if (s === undefined) {
      return { encoding: 'UNICODE', units: body.length, parts: parts(body.length, UCS2_SINGLE, UCS2_PART) };
    }
    septets += s;
  }
  return { encoding: 'GSM', units: septets, parts: parts(septets, GSM_SINGLE, GSM_PART) };
}
