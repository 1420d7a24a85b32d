/**
 * Light checks of response shapes. No deep parse and no copy (docs/performance.md: Sinch's SDK is slow
 * because it deep-copies and date-parses every string): the JSON is handed on as Sinch sent it, unknown
 * fields included, once the one field the code relies on has the right type.
 */
import { InvalidResponseError, type SinchApi } from '../http/api-errors';

const LABEL: Record<SinchApi, string> = { sms: 'SMS API', numbers: 'Numbers API', auth: 'auth server' };

function invalid(api: SinchApi, what: string): InvalidResponseError {
  return new InvalidResponseError('upstream_error', `Sinch ${LABEL[api]} answered with an unexpected shape: ${what}`, {
    retryable: false,
  });
}

/** `body[field]` must be an array (missing counts as empty: Sinch omits empty fields). */
export function withList<T>(api: SinchApi, body: unknown, field: string): T {
  const value = (body as Record<string, unknown>)[field];
  if (value === undefined) (body as Record<string, unknown>)[field] = [];
  else if (!Array.isArray(value)) throw invalid(api, `"${field}" is not a list`);
  return body as T;
}

/** `body[field]` must be a non-empty string (an id, a phone number). */
export function withString<T>(api: SinchApi, body: unknown, field: string): T {
  const value = (body as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value === '') throw invalid(api, `"${field}" is missing`);
  return body as T;
}

/** `body[field]` must be a number (a count). */
export function withNumber<T>(api: SinchApi, body: unknown, field: string): T {
  if (typeof (body as Record<string, unknown>)[field] !== 'number') throw invalid(api, `"${field}" is missing`);
  return body as T;
}

/** The body must be a list of strings (`GET /groups/{id}/members`). */
export function withStrings(api: SinchApi, body: unknown): string[] {
  if (!Array.isArray(body) || body.some((item) => typeof item !== 'string')) throw invalid(api, 'not a list of numbers');
  return body as string[];
}
