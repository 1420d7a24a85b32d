/**
 * Message parameterization (docs/sinch-wire.md, batch request table; Sinch's "Message parameterization"
 * page): `${key}` in the body is replaced by `parameters[key][msisdn]`, else `parameters[key].default`.
 * Keys are case-sensitive and matched exactly. Sinch: "if a target MSISDN is missing in the parameters
 * object, and no default value has been defined for that parameter, the message will fail for that MSISDN
 * but not for other recipients" — the batch is accepted (201) and that recipient is Aborted with delivery
 * code 405 "Unmatched Parameter" (state/delivery.ts).
 *
 * Approximation (undocumented by Sinch): a `${name}` whose `name` is not a key of `parameters` at all is
 * left as literal text, as is every `${...}` of a batch without parameters.
 */
import { countSegments, type SegmentCount } from '../segments';

export type Parameters = Record<string, Record<string, string>>;

export interface RenderedBody extends SegmentCount {
  body: string;
  unmatched: boolean;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

export function renderBody(body: string, parameters: Parameters | undefined, recipient: string): RenderedBody {
  let unmatched = false;
  let text = body;
  if (parameters && body.includes('${')) {
    text = body.replace(PLACEHOLDER, (whole, key: string) => {
      if (!Object.hasOwn(parameters, key)) return whole;
      const values = parameters[key];
      const value = Object.hasOwn(values, recipient) ? values[recipient] : Object.hasOwn(values, 'default') ? values.default : undefined;
      if (value === undefined) {
        unmatched = true;
        return whole;
      }
      return value;
    });
  }
  return { body: text, unmatched, ...countSegments(text) };
}
