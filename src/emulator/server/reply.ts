/**
 * What a route handler returns, and how it goes on the wire (issue #15, "The emulator's replies carry their
 * own content type"). A reply carries its body as the exact text or bytes to send and its own media type:
 * the writer adds nothing but `content-length`, so the same server answers JSON (Sinch's routes), HTML,
 * JavaScript and CSS (the inbox) and server-sent events (a `stream` reply). JSON is the default through
 * `json()` / `jsonText()`, which every Sinch route uses.
 *
 * Hot path: the Sinch routes pre-serialize what they can (`jsonText`), and `writeReply` does one header
 * object and one `end` per reply, as before the content type moved here.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Headers } from '../errors';

export interface Reply {
  status: number;
  /** The body exactly as sent. Absent: no body (and no content type). */
  body?: string | Buffer;
  /** The body's media type, e.g. `application/json` or `text/html; charset=utf-8`. */
  contentType?: string;
  headers?: Headers;
  /**
   * A reply that stays open (server-sent events): the head (status, headers, content type) is written
   * without a `content-length`, then `stream` owns the response and ends it when it wants to.
   */
  stream?: (res: ServerResponse) => void;
}

export const JSON_TYPE = 'application/json';

/** A JSON reply: `value` serialized with `JSON.stringify`. */
export function json(value: unknown, status = 200, headers?: Headers): Reply {
  return { status, body: JSON.stringify(value), contentType: JSON_TYPE, headers };
}

/** A JSON reply from text that is already JSON (stored batches and list pages are serialized once). */
export function jsonText(text: string, status = 200, headers?: Headers): Reply {
  return { status, body: text, contentType: JSON_TYPE, headers };
}

/** Writes `reply` unless the response is already gone (a dropped connection) or answered. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const headers: OutgoingHttpHeaders = reply.headers === undefined ? {} : { ...reply.headers };
  if (reply.stream !== undefined) {
    if (reply.contentType !== undefined) headers['content-type'] = reply.contentType;
    res.writeHead(reply.status, headers);
    reply.stream(res);
    return;
  }
  const body = reply.body ?? '';
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  headers['content-length'] = length;
  if (length > 0 && reply.contentType !== undefined) headers['content-type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(body);
}
