/**
 * Phone numbers and senders (docs/sinch-wire.md, "Conventions"): accepted with or without `+`, spaces, dashes,
 * dots and brackets ignored; SMS responses carry digits only.
 */

const NUMBER_LIKE = /^[+\d\s\-().]+$/;
const SEPARATORS = /[\s\-().]/g;
/** E.164: a country code never starts with 0, at most 15 digits. Shorter than 7 is not a subscriber number. */
const MSISDN = /^[1-9]\d{6,14}$/;

/** Digits only, or `undefined` when `raw` is not an international number. */
export function normalizeMsisdn(raw: string): string | undefined {
  if (!NUMBER_LIKE.test(raw)) return undefined;
  const s = raw.replace(SEPARATORS, '');
  const digits = s.startsWith('+') ? s.slice(1) : s;
  return MSISDN.test(digits) ? digits : undefined;
}

/** Whether `raw` is written like a number (as opposed to an alphanumeric sender or an id). */
export function isNumberLike(raw: string): boolean {
  return NUMBER_LIKE.test(raw) && /\d/.test(raw);
}

/**
 * For comparing a query filter with stored numbers: strip `+` and separators. An unencoded `+` in a query
 * string has already turned into a space, which this strips too.
 */
export function comparableNumber(raw: string): string {
  return isNumberLike(raw) ? raw.replace(SEPARATORS, '').replace(/^\+/, '') : raw.trim();
}

export type Sender = { ok: true; value: string } | { ok: false; reason: string };

/**
 * A `from`: a number or short code (digits, returned without `+`) or an alphanumeric id of at most 11
 * characters with at least one letter (docs/sinch-wire.md, batch request table).
 */
export function parseSender(raw: string): Sender {
  if (isNumberLike(raw)) {
    const digits = raw.replace(SEPARATORS, '').replace(/^\+/, '');
    if (!/^\d{1,15}$/.test(digits)) return { ok: false, reason: 'a numeric sender has at most 15 digits' };
    return { ok: true, value: digits };
  }
  const text = raw.trim();
  if (text.length === 0) return { ok: false, reason: 'the sender must not be empty' };
  if (text.length > 11) return { ok: false, reason: 'an alphanumeric sender has at most 11 characters' };
  if (!/[A-Za-z]/.test(text)) return { ok: false, reason: 'an alphanumeric sender needs at least one letter' };
  return { ok: true, value: text };
}
