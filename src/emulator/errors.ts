/**
 * Failures in Sinch's own wire shapes (docs/sinch-wire.md, "Errors"). A handler throws an `EmulatorError`; the
 * server writes its status, headers and body as they are.
 *
 * - SMS (xms) 400/403: `{"code", "text"}` with Sinch's codes.
 * - Numbers, OAuth-protected gateway routes and unknown paths: `{"error": {"code", "message", "status",
 *   "details"}}` (Google-style status names).
 * - Approximation: Sinch does not document the bodies of xms 401/404; the emulator answers them in the xms
 *   `{"code", "text"}` shape with the codes `unauthorized` and `not_found`. Clients must parse both shapes.
 */
import type { SmsErrorBody, GatewayErrorBody } from '../wire/sms';

export type SmsErrorCode =
  | 'syntax_invalid_json'
  | 'syntax_invalid_parameter_format'
  | 'syntax_constraint_violation'
  | 'unknown_group'
  | 'unknown_campaign'
  | 'missing_callback_url'
  | 'illegal_number_type'
  | 'conflict_group_name'
  | 'batch_already_dispatched'
  | 'blocked_account'
  | 'unauthorized'
  | 'not_found'
  | 'emulator_storage_full';

export type Headers = Record<string, string>;

export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers?: Headers,
  ) {
    super(`HTTP ${status}`);
  }
}

export function smsError(status: number, code: SmsErrorCode, text: string, headers?: Headers): EmulatorError {
  const body: SmsErrorBody = { code, text };
  return new EmulatorError(status, body, headers);
}

/** Google-style status names used by Sinch's API gateway. */
const GATEWAY_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ALREADY_EXISTS',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function gatewayStatusName(status: number): string {
  return GATEWAY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

export function gatewayBody(status: number, message: string, details: unknown[] = []): GatewayErrorBody {
  return { error: { code: status, message, status: gatewayStatusName(status), details } };
}

export function gatewayError(status: number, message: string, details?: unknown[], headers?: Headers): EmulatorError {
  return new EmulatorError(status, gatewayBody(status, message, details), headers);
}

// --- the failures every API part needs -------------------------------------------------------------------

export const invalidJson = (detail: string): EmulatorError =>
  smsError(400, 'syntax_invalid_json', `The request body is not valid JSON: ${detail}`);

export const badFormat = (text: string): EmulatorError => smsError(400, 'syntax_invalid_parameter_format', text);

export const constraint = (text: string): EmulatorError => smsError(400, 'syntax_constraint_violation', text);

export const smsNotFound = (what: string, id: string): EmulatorError =>
  smsError(404, 'not_found', `${what} with id '${id}' was not found`);

/**
 * The emulator's storage limit is reached (state/storage.ts; issue #10). Not a Sinch code: 409 so that a
 * client reads it as a refusal (nothing stored, repeating gets the same answer) rather than a transient
 * 429/5xx it would retry or look up; the text says what is full and how to reset. `origin` is the
 * emulator's base URL as the client reached it (from `Host`).
 */
export function storageFull(what: string, limit: number, flag: string, origin: string): EmulatorError {
  return smsError(
    409,
    'emulator_storage_full',
    `The Sinch emulator's storage is full: it holds ${limit} ${what}, its limit; nothing was stored. ` +
      `Reset it with POST ${origin}/_emulator/reset (or restart it), or raise the limit (kosmo-sinch emulator ${flag}).`,
  );
}

export const unknownPath = (path: string): EmulatorError => gatewayError(404, `No route for ${path}`);

export function methodNotAllowed(method: string, allowed: readonly string[]): EmulatorError {
  return gatewayError(405, `Method ${method} is not allowed here`, [], { allow: allowed.join(', ') });
}
