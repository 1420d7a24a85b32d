/**
 * Parameter schemas shared by the functions. Each refinement's message is worded "what was wrong;
 * expected what", as src/integration/validate.ts prints custom issues after the field name. Functions that
 * build a schema, called from the declarations' lazy `params` (src/integration/types.ts, `Declared`): none is
 * built when a module loads (issue #14, cold start).
 */
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, DELIVERY_STATUSES, MAX_PAGE_SIZE } from '../../wire/sms';
import { isTimeText } from './iso-time';
import { isSender, normalizeE164 } from './phone';

export const E164_EXAMPLE = '+12025550134';

export function page() {
  return z.number().int().min(0).default(0).describe('Page number, 0-based.');
}

export function pageSize() {
  return z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page, 1 to ${MAX_PAGE_SIZE}.`);
}

/** What every time parameter's description ends with (lua-docs/sinch.md, "Good to know"). */
export const TIME_FORMS = 'ISO 8601 ("2024-06-01T12:00:00Z"; no offset = UTC) or relative: "now", "-24h", "+15m", "tomorrow 08:00" (UTC).';

/**
 * An optional time: ISO 8601, or relative (src/sinch/params/relative-time.ts), resolved when the call runs.
 * The description goes on the outermost schema, where readers look for it.
 */
export function optionalTime(description: string) {
  return z
    .string()
    .refine(isTimeText, {
      message:
        'is not a time; expected an ISO 8601 time such as "2024-06-01T12:00:00Z" (without an offset: UTC) or a ' +
        'relative one: "now", "-24h", "+15m", "-7d", "24 hours ago", "in 2 hours", "tomorrow 08:00" (UTC)',
    })
    .optional()
    .describe(`${description} ${TIME_FORMS}`);
}

export function e164() {
  return z.string().refine((value) => normalizeE164(value) !== undefined, {
    message: `is not a phone number in E.164 form; expected e.g. "${E164_EXAMPLE}"`,
  });
}

export function sender() {
  return z.string().refine(isSender, {
    message:
      'is not a valid sender; expected a phone number (e.g. "+12025550134"), a short code (e.g. "12345") or ' +
      'an alphanumeric id of 1 to 11 characters with at least one letter (e.g. "MyShop")',
  });
}

/** An optional number/sender filter: one string or a list of them. */
export function optionalNumberFilter(description: string) {
  const item = z.string().min(1).max(32);
  return z
    .union([item, z.array(item).max(100)], { error: 'expected a phone number string or a list of them' })
    .optional()
    .describe(description);
}

/**
 * A filter as a list (a single string becomes a one-element list), numbers normalized to `+digits` so that
 * `"+1 202 555 0134"` and `"12025550134"` ask the server the same thing; senders and short codes stay as given.
 */
export function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return (typeof value === 'string' ? [value] : value).map((item) => normalizeE164(item) ?? item.trim());
}

/** An SMS API id (batch, group): Sinch's 26-character ULID-like ids, and nothing that could leave the path. */
export function idParam(what: string, example: string, description: string) {
  return z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, { message: `is not a ${what} id; expected an id like "${example}"` })
    .describe(description);
}

/** Delivery statuses as filters: Sinch's names, any case (`delivered` → `Delivered`). */
const STATUS_NAMES = new Map(DELIVERY_STATUSES.map((s) => [s.toLowerCase(), s]));

function statusItem() {
  return z
    .string()
    .refine((value) => STATUS_NAMES.has(value.trim().toLowerCase()), {
      message: `is not a delivery status; expected one of ${DELIVERY_STATUSES.join(', ')}`,
    })
    .transform((value) => STATUS_NAMES.get(value.trim().toLowerCase()) as string);
}

export function optionalStatusFilter(description: string) {
  const item = statusItem();
  return z
    .union([item, z.array(item).min(1).max(DELIVERY_STATUSES.length)], {
      error: `expected a delivery status (${DELIVERY_STATUSES.join(', ')}) or a list of them`,
    })
    .optional()
    .describe(description);
}

export function optionalCodeFilter(description: string) {
  const item = z.number().int().min(0).max(9999);
  return z
    .union([item, z.array(item).min(1).max(50)], { error: 'expected a delivery code (a number such as 0 or 401) or a list of them' })
    .optional()
    .describe(description);
}

/** A one-or-many filter as a list of strings for the query (`undefined` stays undefined). */
export function filterList(value: string | number | readonly (string | number)[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}
