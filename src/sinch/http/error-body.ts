/**
 * Reading a Sinch error body (docs/sinch-wire.md, "Errors"): the SMS shape `{"code", "text"}` (400/403), the
 * gateway/Numbers shape `{"error": {"code", "message", "status", "details"}}`, the OAuth2 shape
 * `{"error": "invalid_client", "error_description"}` (RFC 6749), and bodies that are empty or not JSON
 * (401/404 bodies are undocumented).
 */

export interface ErrorBody {
  /** Sinch's symbolic code: `syntax_constraint_violation`, `NOT_FOUND`, `invalid_client`, ... */
  readonly sinchCode?: string;
  /** Sinch's human text, trimmed. */
  readonly text?: string;
}

/** Long or HTML bodies are cut to this many characters in messages. */
const MAX_TEXT = 300;

function clean(text: string): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 3)}...` : flat;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `parsed` is the JSON body when it parsed, else undefined; `raw` the text as received. */
export function readErrorBody(parsed: unknown, raw: string): ErrorBody {
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const body = parsed as Record<string, unknown>;
    const error = body.error;
    if (error !== null && typeof error === 'object') {
      const gateway = error as Record<string, unknown>;
      const text = str(gateway.message);
      return { sinchCode: str(gateway.status), text: text && clean(text) };
    }
    const text = str(body.text) ?? str(body.error_description) ?? str(body.message);
    return { sinchCode: str(body.code) ?? str(error), text: text && clean(text) };
  }
  const text = raw.trim();
  return text === '' ? {} : { text: clean(text) };
}
