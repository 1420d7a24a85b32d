/**
 * What a send costs in messages: its recipients × the parts of the body each receives, counted per distinct
 * rendered body (a personalised body can differ in length, even in encoding, from one recipient to the
 * next). Shared by send_sms's plan (its facts and approval fields) and preview_sms (issue #9).
 */
import { renderFor, type Parameters } from './parameters';
import { countSegments, type Encoding, type SegmentCount } from './segments';

export interface BodyCost {
  /** The text these recipients receive. */
  readonly body: string;
  readonly segments: SegmentCount;
  /** `+digits`, in send order. */
  readonly recipients: string[];
}

export interface SendCost {
  /** One entry per distinct rendered body, in order of first recipient. */
  readonly bodies: BodyCost[];
  /** Recipients × parts, summed over the bodies. */
  readonly messages: number;
  readonly minParts: number;
  readonly maxParts: number;
  /** UCS-2 when any body is. */
  readonly encoding: Encoding;
}

/** Without recipients (a preview of a body alone), the body counted once, as for one recipient. */
export function costOf(body: string, parameters: Parameters | undefined, recipients: readonly string[]): SendCost {
  // Nothing to fill in (renderFor returns the body as is): one body for everyone, counted once — every
  // plain send's plan comes here (issue #14).
  if (parameters === undefined || !body.includes('${')) {
    const segments = countSegments(body);
    const bodies = [{ body, segments, recipients: recipients.slice() }];
    return { bodies, messages: segments.parts * Math.max(1, recipients.length), minParts: segments.parts, maxParts: segments.parts, encoding: segments.encoding };
  }
  const byBody = new Map<string, BodyCost>();
  const rendered = recipients.length === 0 ? [{ text: body, recipient: undefined }] : recipients.map((r) => ({ text: renderFor(body, parameters, r), recipient: r }));
  for (const { text, recipient } of rendered) {
    let entry = byBody.get(text);
    if (entry === undefined) {
      entry = { body: text, segments: countSegments(text), recipients: [] };
      byBody.set(text, entry);
    }
    if (recipient !== undefined) entry.recipients.push(recipient);
  }
  const bodies = [...byBody.values()];
  let messages = 0;
  let minParts = Infinity;
  let maxParts = 0;
  for (const entry of bodies) {
    messages += entry.segments.parts * Math.max(1, entry.recipients.length);
    minParts = Math.min(minParts, entry.segments.parts);
    maxParts = Math.max(maxParts, entry.segments.parts);
  }
  if (recipients.length === 0) messages = bodies[0].segments.parts;
  const encoding = bodies.some((b) => b.segments.encoding === 'UCS-2') ? 'UCS-2' : 'GSM-7';
  return { bodies, messages, minParts, maxParts, encoding };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 parts each` or `1–2 parts each`. */
export function partsEach(cost: SendCost): string {
  return cost.minParts === cost.maxParts ? `${plural(cost.maxParts, 'part')} each` : `${cost.minParts}–${cost.maxParts} parts each`;
}

/** `2 parts × 3 recipients = 6 messages`, or for personalised bodies of different lengths `6 messages: 3 recipients, 1–2 parts each (2 distinct bodies)`. */
export function costLine(cost: SendCost, recipients: number): string {
  if (cost.minParts === cost.maxParts) {
    return `${plural(cost.maxParts, 'part')} × ${plural(recipients, 'recipient')} = ${plural(cost.messages, 'message')}`;
  }
  return `${plural(cost.messages, 'message')}: ${plural(recipients, 'recipient')}, ${partsEach(cost)} (${cost.bodies.length} distinct bodies)`;
}

/** `GSM-7`, or `UCS-2 because of "–" (U+2013), "’" (U+2019)`: which characters to replace to pay less. */
export function encodingLine(cost: SendCost): string {
  if (cost.encoding === 'GSM-7') return 'GSM-7';
  const seen = new Map<string, string>();
  for (const entry of cost.bodies) for (const c of entry.segments.ucs2_characters) if (!seen.has(c.character)) seen.set(c.character, c.code_point);
  const shown = [...seen].slice(0, 8).map(([character, code]) => `"${character}" (${code})`);
  const more = seen.size > 8 ? `, and ${seen.size - 8} more` : '';
  return `UCS-2 because of ${shown.join(', ')}${more}`;
}
