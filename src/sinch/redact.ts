/**
 * The one place where secrets are removed from anything that leaves the Sinch client: error messages,
 * error details and stack traces (the issue, "Secrets are redacted in one place"; house style: like
 * anthropic-sdk-typescript's internal/utils/log.ts, no other code has to remember).
 *
 * Two nets, both always applied:
 * - the exact secret strings an account holds (api_token, key_secret, the Basic credential built from
 *   them, OAuth2 access tokens as they are fetched), registered on a per-client `Redactor`;
 * - patterns that catch credentials whoever they belong to: `Bearer …`, `Basic …`, and JSON/form fields
 *   named like secrets.
 *
 * Raw library errors (axios errors carry the request headers, including Authorization) never reach this
 * point: the client builds its own errors from parsed fields only (src/sinch/http/api-errors.ts). This is the
 * second line of defence, not the first.
 */
import { IntegrationError, type ErrorDetail, type ErrorDetails } from '../errors';

export const REDACTED = '[redacted]';

/** Shorter strings are not treated as secrets: redacting "eu" or "1" would mangle every message. */
const MIN_SECRET_LENGTH = 6;
/** Access tokens rotate hourly; keep the recent ones (an old one may still sit in a late message). */
const MAX_REMEMBERED_SECRETS = 32;

const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
const SECRET_FIELD =
  /(["']?(?:api_token|key_secret|access_token|client_secret|password|authorization)["']?\s*[:=]\s*["']?)(?!(?:Bearer|Basic)\s)([^"'&,\s}]+)/gi;
/** `key_secret: the access key ...`: an unquoted name, a colon, a space and a lowercase word is prose, not a value. */
const PROSE_NAME = /^[a-z_]+\s*:\s+$/i;
const PROSE_WORD = /^[a-z]+$/;

export class Redactor {
  private readonly secrets: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Remember a secret; undefined and short values are ignored. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    // Access tokens are appended as they rotate; the account's own secrets are added first and stay.
    if (this.secrets.length > MAX_REMEMBERED_SECRETS) this.secrets.splice(3, 1);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    if (out.includes('earer') || out.includes('asic')) out = out.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
    return out.replace(SECRET_FIELD, (field: string, name: string, value: string) =>
      PROSE_NAME.test(name) && PROSE_WORD.test(value) ? field : `${name}${REDACTED}`,
    );
  }

  details(details: ErrorDetails): ErrorDetails {
    const out: Record<string, ErrorDetail> = {};
    for (const [key, value] of Object.entries(details)) out[key] = this.value(value);
    return out;
  }

  /**
   * Make an error safe to leave the client. An `IntegrationError` is scrubbed in place (its class, code and
   * fields stay); anything else is a defect here and becomes an `internal_error` carrying only a redacted
   * message — never the original object, whose properties may hold request headers.
   */
  error(error: unknown): IntegrationError {
    if (error instanceof IntegrationError) {
      const scrubbed = error as { message: string; stack?: string; details: ErrorDetails };
      scrubbed.message = this.text(error.message);
      scrubbed.details = this.details(error.details);
      if (error.stack) scrubbed.stack = this.text(error.stack);
      return error;
    }
    const message = error instanceof Error ? error.message : String(error);
    return new IntegrationError('internal_error', `Sinch client failed unexpectedly: ${this.text(message)}`);
  }

  private value(value: ErrorDetail): ErrorDetail {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item: string) => this.text(item));
    return value;
  }
}
