/**
 * Personalised sends (issue #9, "Personalised sends"; docs/sinch-wire.md, batch request table): `${key}` in
 * the body is replaced per recipient by `parameters[key]["<number>"]`, else `parameters[key].default`.
 *
 * Sinch accepts a batch in which some recipient has neither a value nor a default and then fails that
 * recipient's message ("Unmatched Parameter"); we refuse such a send before any request instead, naming the
 * key and the recipient. A `${key}` that is not a key of `parameters` at all (a typo, or parameters left out)
 * is refused the same way: Sinch would send the placeholder as literal text.
 *
 * Keys: letters, digits, `.`, `-`, `_`, at most 16 characters; values at most 160 characters (Sinch's batch
 * reference). Recipient keys are sent as digits without `+`, the form of Sinch's own example and of its
 * responses (which form Sinch matches is **unconfirmed**; the emulator accepts both).
 */
import { z } from 'zod';
import { IntegrationError } from '../../errors';
import { digitsOf, normalizeE164 } from '../params/phone';

export type Parameters = Record<string, Record<string, string>>;

export const PARAMETER_KEY = /^[A-Za-z0-9._-]{1,16}$/;
export const MAX_PARAMETER_VALUE = 160;
const PLACEHOLDER = /\$\{([^}]*)\}/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `parameters` parameter of send_sms and preview_sms, built by their lazy `params`
 * (src/integration/types.ts, `Declared`).
 */
export function parametersParam() {
  return z
    .record(z.string(), z.unknown())
    .superRefine((value, ctx) => {
      for (const [key, values] of Object.entries(value)) {
        if (!PARAMETER_KEY.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `is not a parameter key; expected 1 to 16 letters, digits, ".", "-" or "_" (used as \${key} in the body)`,
          });
          continue;
        }
        if (!isRecord(values)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is not a table of values; expected e.g. { ["+12025550134"] = "Ann", default = "there" }',
          });
          continue;
        }
        for (const [who, text] of Object.entries(values)) {
          if (who !== 'default' && normalizeE164(who) === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [key, who],
              message: 'is neither a phone number nor "default"; expected a recipient\'s number (e.g. "+12025550134") or default',
            });
          } else if (typeof text !== 'string') {
            ctx.addIssue({ code: 'custom', path: [key, who], message: 'is not a string; expected the text to put in (quote numbers)' });
          } else if (text.length > MAX_PARAMETER_VALUE) {
            ctx.addIssue({
              code: 'custom',
              path: [key, who],
              message: `is ${text.length} characters long; expected at most ${MAX_PARAMETER_VALUE}`,
            });
          }
        }
      }
    })
    .transform((value) => value as Parameters)
    .optional()
    .describe(
      'Personalisation: ${key} in the body is replaced per recipient, e.g. { name = { ["+12025550134"] = "Ann", default = "there" } }. ' +
        'Every ${key} in the body needs a value for every recipient or a default (checked before sending).',
    )
    // The JSON Schema (manifest, MCP tools) shows the nested shape; validation above words the errors.
    .meta({
      propertyNames: { type: 'string', pattern: PARAMETER_KEY.source },
      additionalProperties: { type: 'object', additionalProperties: { type: 'string', maxLength: MAX_PARAMETER_VALUE } },
    });
}

/** The distinct `${key}` placeholders of `body`, in order of appearance. */
export function placeholders(body: string): string[] {
  const keys: string[] = [];
  if (!body.includes('${')) return keys;
  for (const match of body.matchAll(PLACEHOLDER)) if (!keys.includes(match[1])) keys.push(match[1]);
  return keys;
}

/** `parameters` as sent: recipient keys as digits without `+` (validated first), `default` as it is. */
export function wireParameters(parameters: Parameters): Parameters {
  const out: Parameters = Object.create(null);
  for (const [key, values] of Object.entries(parameters)) {
    const normalized: Record<string, string> = Object.create(null);
    for (const [who, text] of Object.entries(values)) {
      normalized[who === 'default' ? who : digitsOf(normalizeE164(who) as string)] = text;
    }
    out[key] = normalized;
  }
  return out;
}

/** The value of `key` for `recipient` (`+digits`) in wire parameters, or undefined. */
function valueFor(parameters: Parameters, key: string, recipient: string): string | undefined {
  const values = parameters[key];
  const own = values[digitsOf(recipient)];
  return own !== undefined ? own : values.default;
}

/** The body `recipient` (`+digits`) receives: each `${key}` of `parameters` replaced (after `checkParameters`). */
export function renderFor(body: string, parameters: Parameters | undefined, recipient: string): string {
  if (parameters === undefined || !body.includes('${')) return body;
  return body.replace(PLACEHOLDER, (whole, key: string) =>
    Object.hasOwn(parameters, key) ? (valueFor(parameters, key, recipient) ?? whole) : whole,
  );
}

/** A recipient and, for a member of a group, how it got into the send (for error messages). */
export interface ParameterRecipient {
  readonly number: string;
  readonly via?: string;
}

/**
 * Refuse a body whose `${key}` would be left unfilled for some recipient: an `invalid_argument` naming the
 * key and the recipient (issue #9). `parameters` in wire form.
 */
export function checkParameters(functionName: string, body: string, parameters: Parameters | undefined, recipients: readonly ParameterRecipient[]): void {
  for (const key of placeholders(body)) {
    if (parameters === undefined || !Object.hasOwn(parameters, key)) {
      const known = parameters ? Object.keys(parameters) : [];
      const which = known.length > 0 ? `parameters has ${known.map((k) => `"${k}"`).join(', ')}` : 'no parameters were given';
      throw new IntegrationError(
        'invalid_argument',
        `${functionName}: invalid argument 'body': it uses \${${key}} but ${which}; expected parameters = { ["${key}"] = { default = "...", ["+12025550134"] = "..." } } (placeholders are case-sensitive)`,
        { function: functionName, field: 'body', expected: `a value for \${${key}} in parameters` },
      );
    }
    if (Object.hasOwn(parameters[key], 'default')) continue;
    const missing = recipients.find((r) => valueFor(parameters, key, r.number) === undefined);
    if (missing !== undefined) {
      const via = missing.via ? ` (${missing.via})` : '';
      throw new IntegrationError(
        'invalid_argument',
        `${functionName}: invalid argument 'parameters.${key}': it has no value for recipient ${missing.number}${via} and no default; ` +
          `expected parameters.${key}["${missing.number}"] or parameters.${key}.default (Sinch would not deliver that message)`,
        { function: functionName, field: `parameters.${key}`, recipient: missing.number, expected: `a value for ${missing.number} or a default` },
      );
    }
  }
}
