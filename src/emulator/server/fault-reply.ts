/**
 * What an injected `status` fault answers: the fault's own `body` if it has one, else a Sinch-shaped body
 * for that status: on SMS routes 400/401/403/404 in the xms `{"code","text"}` shape, anything else in the
 * gateway shape. `retry_after` becomes a `Retry-After` header (seconds).
 */
import type { Fault } from '../control/faults';
import { gatewayBody, type Headers, type SmsErrorCode } from '../errors';
import { json, jsonText, type Reply } from './reply';

const SMS_CODES: Record<number, SmsErrorCode> = {
  400: 'syntax_constraint_violation',
  401: 'unauthorized',
  403: 'blocked_account',
  404: 'not_found',
};

function message(status: number): string {
  if (status === 429) return 'Too many outstanding requests (fault injected by the Sinch emulator)';
  if (status >= 500) return 'Service temporarily unavailable (fault injected by the Sinch emulator)';
  return `Fault injected by the Sinch emulator (HTTP ${status})`;
}

export function faultReply(fault: Fault & { status: number }, path: string): Reply {
  const headers: Headers = { ...fault.headers };
  if (fault.retry_after !== undefined) headers['retry-after'] = String(fault.retry_after);
  // A fault's own string body is sent as it is (a test may want malformed JSON); anything else as JSON.
  if (typeof fault.body === 'string') return jsonText(fault.body, fault.status, headers);
  if (fault.body !== undefined) return json(fault.body, fault.status, headers);
  const code = path.startsWith('/xms/') ? SMS_CODES[fault.status] : undefined;
  const body = code ? { code, text: message(fault.status) } : gatewayBody(fault.status, message(fault.status));
  return json(body, fault.status, headers);
}
