/**
 * Phone numbers and senders in parameters (the issue, "Validation, before any request").
 *
 * Recipients must be E.164. Sinch itself accepts numbers with or without `+` and ignores spaces, dashes and
 * brackets (docs/sinch-wire.md, "Conventions"), and its responses drop the `+`: so `12025550134` (as a list result
 * shows it) and `+1 (202) 555-0134` are accepted too and normalized to `+12025550134`.
 *
 * Approximation (flagged): "possible" in libphonenumber-js's sense (right length for the country code), not
 * "valid" (assigned ranges), so that test and fictional numbers (+1 555 ..., +44 7700 900 ...) pass.
 */
import type { isPossiblePhoneNumber as IsPossible } from 'libphonenumber-js';

/** libphonenumber-js and its metadata, loaded on the first number checked: not every run checks one (issue #5). */
let isPossible: typeof IsPossible | undefined;
function isPossiblePhoneNumber(number: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  isPossible ??= (require('libphonenumber-js') as typeof import('libphonenumber-js')).isPossiblePhoneNumber;
  return isPossible(number);
}

const FORMATTING = /[\s\-().]/g;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Numbers already checked. libphonenumber-js takes ~7 µs a number, and a send checks each number up to three
 * times (recipient validation, sender validation, normalisation) while scripts send to the same numbers
 * again and again. Bounded: emptied when full.
 */
const checked = new Map<string, string | null>();
const CHECKED_LIMIT = 1024;

/** `+digits`, or undefined when `input` is not a possible international number. */
export function normalizeE164(input: string): string | undefined {
  let result = checked.get(input);
  if (result === undefined) {
    const compact = input.replace(FORMATTING, '');
    const plus = compact.startsWith('+') ? compact : `+${compact}`;
    result = E164.test(plus) && isPossiblePhoneNumber(plus) ? plus : null;
    if (checked.size >= CHECKED_LIMIT) checked.clear();
    checked.set(input, result);
  }
  return result ?? undefined;
}

/**
 * A sender (docs/sinch-wire.md, `from`): a number (with or without `+`), a short code (3–8 digits), or an
 * alphanumeric id of 1–11 characters with at least one letter.
 * Approximation (flagged): the alphanumeric character set (letters, digits, space, `- _ . &`) is the
 * common-denominator one operators accept; Sinch documents only the length and the letter.
 */
export function isSender(input: string): boolean {
  const compact = input.replace(FORMATTING, '');
  if (/^\+?\d+$/.test(compact)) {
    const digits = compact.replace('+', '');
    if (!compact.startsWith('+') && digits.length >= 3 && digits.length <= 8) return true; // short code
    return normalizeE164(compact) !== undefined;
  }
  return input.length >= 1 && input.length <= 11 && /[A-Za-z]/.test(input) && /^[A-Za-z0-9 \-_.&]+$/.test(input);
}

/** A number's digits only: the form Sinch's responses and reports use (no `+`, no spaces). */
export function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}

/** Digits and letters only, lower-case: how numbers and senders are compared (responses have no `+`; filters may). */
export function numberKey(value: string): string {
  return value.replace(/[^\dA-Za-z]/g, '').toLowerCase();
}
