/**
 * Message parameterization (docs/sinch-wire.md, batch request table): `${key}` in the body is replaced by
 * `parameters[key][msisdn]`, else `parameters[key].default`. A key with neither leaves the placeholder and
 * marks the message unmatched; Sinch then aborts it with delivery code 405 "Unmatched Parameter".
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
      const values = parameters[key.trim()];
      const value = values?.[recipient] ?? values?.default;
      if (value === undefined) {
        unmatched = true;
        return whole;
      }
      return value;
    });
  }
  return { body: text, unmatched, ...countSegments(text) };
}
