/**
 * The Sinch client's errors: one class per status family under one base (house style, after
 * anthropic-sdk-typescript's core/error.ts), each with a literal `name`, and one factory that picks the class.
 * Every class is an `IntegrationError`, so the host hands it to Lua as `{code, message, status, sinch_code,
 * retryable, request_id?, hint?, ...}`.
 *
 * Status → contract code (also documented in lua-docs/sinch.md, "Errors"):
 *   400 → invalid_argument · 401 → auth_failed · 403 → invalid_argument for Sinch's business rules
 *   (unknown_group, illegal_number_type, ...), permission_denied otherwise (blocked_account, gateway
 *   PERMISSION_DENIED) · 404 → not_found · 429 → rate_limited · 5xx → upstream_error · other statuses →
 *   upstream_error · no answer → network_error or timeout.
 */
import { IntegrationError, type ErrorCode, type ErrorDetail, type ErrorDetails } from '../../errors';
import { SMS_403_CODES } from '../../wire/sms';
import type { ErrorBody } from './error-body';

export type SinchApi = 'sms' | 'numbers' | 'auth';

export interface SinchErrorInfo {
  readonly status?: number;
  readonly sinchCode?: string;
  readonly requestId?: string;
  /** Whether repeating the same call may succeed (what the client's retry rule would retry). */
  readonly retryable: boolean;
  /** From `Retry-After`, when Sinch sent one. */
  readonly retryAfterMs?: number;
  readonly hint?: string;
  /** Send outcome and the like: `sent`, `client_reference`. */
  readonly extra?: ErrorDetails;
  /** For failures without an answer: false only when no connection was made (the request never left). */
  readonly mayHaveReachedServer?: boolean;
}

function detailsOf(info: SinchErrorInfo): ErrorDetails {
  const details: Record<string, ErrorDetail> = { retryable: info.retryable };
  if (info.status !== undefined) details.status = info.status;
  if (info.sinchCode !== undefined) details.sinch_code = info.sinchCode;
  if (info.requestId !== undefined) details.request_id = info.requestId;
  if (info.retryAfterMs !== undefined) details.retry_after = Math.ceil(info.retryAfterMs / 1000);
  if (info.hint !== undefined) details.hint = info.hint;
  return info.extra ? { ...details, ...info.extra } : details;
}

export class SinchError extends IntegrationError {
  override readonly name: string = 'SinchError';

  constructor(
    code: ErrorCode,
    message: string,
    readonly info: SinchErrorInfo,
  ) {
    super(code, message, detailsOf(info));
  }

  get status(): number | undefined {
    return this.info.status;
  }

  get retryable(): boolean {
    return this.info.retryable;
  }

  /** The same kind of error with another message and more details (e.g. a send's outcome). */
  with(message: string, extra: ErrorDetails, retryable: boolean = this.info.retryable): this {
    const Kind = this.constructor as new (code: ErrorCode, message: string, info: SinchErrorInfo) => this;
    return new Kind(this.code, message, { ...this.info, retryable, extra: { ...this.info.extra, ...extra } });
  }
}

/** 400: Sinch refused the request's content. */
export class BadRequestError extends SinchError {
  override readonly name: string = 'BadRequestError';
}
/** 401: bad or expired credentials, or the wrong region for a service plan. */
export class AuthenticationError extends SinchError {
  override readonly name: string = 'AuthenticationError';
}
/** 403: a Sinch business rule (`unknown_group`, ...) or credentials without access. */
export class ForbiddenError extends SinchError {
  override readonly name: string = 'ForbiddenError';
}
/** 404: unknown id, or a path that does not exist for these credentials. */
export class NotFoundError extends SinchError {
  override readonly name: string = 'NotFoundError';
}
/** 429: too many outstanding requests for the service plan. */
export class RateLimitError extends SinchError {
  override readonly name: string = 'RateLimitError';
}
/** 5xx. */
export class ServerError extends SinchError {
  override readonly name: string = 'ServerError';
}
/** Any other non-2xx status (3xx, 409, 413, ...). */
export class UnexpectedStatusError extends SinchError {
  override readonly name: string = 'UnexpectedStatusError';
}
/** A 2xx answer that is not the JSON expected. */
export class InvalidResponseError extends SinchError {
  override readonly name: string = 'InvalidResponseError';
}
/** No answer: connection refused, reset, DNS failure, response cut off. */
export class ConnectionError extends SinchError {
  override readonly name: string = 'ConnectionError';
}
/** No answer within the account's `timeout_ms`. */
export class TimeoutError extends ConnectionError {
  override readonly name: string = 'TimeoutError';
}

const API_LABEL: Record<SinchApi, string> = { sms: 'SMS API', numbers: 'Numbers API', auth: 'auth server' };

/** Statuses the read retry rule treats as transient (src/sinch/http/retry.ts). */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** What the factory needs to know about where a response came from, for hints. */
export interface ResponseContext {
  readonly api: SinchApi;
  readonly status: number;
  readonly statusText: string;
  readonly body: ErrorBody;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  /** Hint for 401, which depends on the auth mode and region (src/sinch/client/hints.ts). */
  readonly authHint?: string;
  /** Hint for 404 from the call site ("no group with this id", ...). */
  readonly notFoundHint?: string;
}

/** 403 codes that are about the request's content, which an agent can fix (docs/sinch-wire.md, "Errors"). */
const FIXABLE_403 = new Set<string>(SMS_403_CODES.filter((code) => code !== 'blocked_account'));

/** What to do about a business-rule 403 (issue #9: errors that tell an agent what to do). */
const FIXABLE_403_HINTS: Readonly<Record<string, string>> = {
  unknown_group: "A group id in 'to' is not a group of this service plan: list_groups shows the ids (nothing was sent).",
  batch_already_dispatched:
    'The batch has already been dispatched (sent): it can no longer be cancelled. get_delivery_report shows what became of it.',
  illegal_number_type: "A number in 'to' cannot receive SMS from this sender or service plan (e.g. a landline): remove it.",
  missing_callback_url: 'delivery_report asks for callbacks but the service plan has no callback URL: use delivery_report = "none" and read get_delivery_report instead.',
};

export function apiErrorFromResponse(ctx: ResponseContext): SinchError {
  const { status, body } = ctx;
  const what = body.text || ctx.statusText || 'no details';
  const message = `Sinch ${API_LABEL[ctx.api]} answered ${status}${body.sinchCode ? ` ${body.sinchCode}` : ''}: ${what}`;
  const info = {
    status,
    sinchCode: body.sinchCode,
    requestId: ctx.requestId,
    retryable: isTransientStatus(status),
    retryAfterMs: ctx.retryAfterMs,
  };
  if (status === 400) return new BadRequestError('invalid_argument', message, info);
  if (status === 401) return new AuthenticationError('auth_failed', message, { ...info, hint: ctx.authHint });
  if (status === 403) {
    if (body.sinchCode && FIXABLE_403.has(body.sinchCode)) {
      return new ForbiddenError('invalid_argument', message, { ...info, hint: FIXABLE_403_HINTS[body.sinchCode] });
    }
    const hint =
      body.sinchCode === 'blocked_account'
        ? 'Sinch has blocked this account: contact Sinch support; retrying will not help.'
        : 'Sinch refused this for these credentials (this is not the local permission policy): check that the key or service plan has access.';
    return new ForbiddenError('permission_denied', message, { ...info, hint });
  }
  if (status === 404) return new NotFoundError('not_found', message, { ...info, hint: ctx.notFoundHint });
  if (status === 429) {
    const hint = 'Sinch limits requests and messages per second per service plan: wait (retry_after seconds when given) and retry.';
    return new RateLimitError('rate_limited', message, { ...info, hint });
  }
  if (status >= 500) return new ServerError('upstream_error', message, info);
  return new UnexpectedStatusError('upstream_error', message, info);
}

/** The run that made the call ended (deadline or kill): `ctx.signal` aborted a read. */
export class AbortedError extends SinchError {
  override readonly name: string = 'AbortedError';
}
