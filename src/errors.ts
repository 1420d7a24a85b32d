/**
 * The one error type that crosses the host boundary.
 *
 * Everything an integration handler, the validation layer or the Lua host raises for a script to see is an
 * `IntegrationError`: a literal `code` from the contract (docs/contract.md), a human message, and a
 * flat bag of plain details (`status`, `sinch_code`, `retryable`, `field`, `hint`, ...). The Lua host turns it
 * into a table `{code=..., message=..., ...details}`; `--json` prints the same fields.
 *
 * Nothing in here may carry a secret: build messages from validated input and parsed response fields only,
 * never from request headers or raw library errors (see src/sinch/redact.ts).
 */

/** Codes a script can test with `err.code`. The first twelve are the contract's; the rest are host-level. */
export const ERROR_CODES = [
  'invalid_argument',
  'unknown_function',
  'not_configured',
  'permission_denied',
  'approval_required',
  'auth_failed',
  'not_found',
  'rate_limited',
  'upstream_error',
  'network_error',
  'timeout',
  'limit_exceeded',
  // Host-level codes raised by the call pipeline (docs/pipeline.md): a person answered "no" at an approval
  // prompt (distinct from `permission_denied`: a `deny` policy or a 403), and a run cancelled from outside
  // (Ctrl-C at the prompt, an MCP cancellation) rather than by its own deadline.
  'approval_denied',
  'cancelled',
  // A guardrail of the account (budget, recipients, duplicates, rate, or its store unreachable) refused a
  // write before anything was sent (src/guardrails/; issue #12). Distinct from `limit_exceeded` (the script's
  // own limits) and `permission_denied` (a policy): an operator's limit that holds whatever the script does.
  'guardrail_refused',
  // Host-level codes (not raised by integrations): a Lua compile error, a Lua runtime error raised by the
  // script itself (`error("x")`, indexing nil, ...), and a defect in this program.
  'syntax_error',
  'runtime_error',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A detail value: plain data only, so that it converts losslessly to Lua and JSON. */
export type ErrorDetail = string | number | boolean | null | readonly string[];

export type ErrorDetails = Readonly<Record<string, ErrorDetail>>;

export class IntegrationError extends Error {
  override readonly name: string = 'IntegrationError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** The shape scripts and `--json` see: `{code, message, ...details}`. */
  toJSON(): Record<string, ErrorDetail> {
    return { ...this.details, code: this.code, message: this.message };
  }
}

export function isIntegrationError(value: unknown): value is IntegrationError {
  return value instanceof IntegrationError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
