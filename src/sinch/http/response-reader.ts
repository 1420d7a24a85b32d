/**
 * Reads one HTTP/1.1 response from a connection's bytes, for the socket transport (socket-transport.ts):
 * the status line and headers, then a body delimited by `content-length`, by chunked transfer coding, or
 * by the end of the connection (RFC 9112, section 6.3, "Message Body Length"). Knows bytes and HTTP
 * framing only: nothing of Sinch, JSON or sockets.
 *
 * The common answer — head and whole body in one chunk, with a `content-length` — is read with one
 * `indexOf`, one latin1 slice of the head and one UTF-8 slice of the body (issue #14: Node's http client
 * cost more CPU per call than everything our Lua bridge does; docs/performance.md, "A transport of our own").
 */

/** Largest status line plus headers accepted (Node's own default is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

/** A response that is not HTTP/1.x as RFC 9112 frames it. The connection cannot be used again. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** The body would be larger than the caller accepts. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

export interface ReadResponse {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; repeated headers joined with `, ` (no prototype: a header named `__proto__` is a key). */
  readonly headers: Record<string, string>;
  /** The body as UTF-8 text. */
  readonly data: string;
  /** The server lets the connection carry another request. */
  readonly reusable: boolean;
  /** The server's `Keep-Alive: timeout=N`, in ms, when it sent one. */
  readonly keepAliveMs: number | undefined;
}

const enum State {
  Head,
  LengthBody,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: ([^\r\n]*))?$/;
const CHUNK_SIZE = /^([0-9a-fA-F]{1,8})[ \t]*(?:;.*)?$/;

/**
 * One response, fed the connection's chunks in order. `push` returns the response once it is complete (not
 * reusable if bytes arrived past its end), or undefined for more; it throws MalformedResponseError or
 * ResponseTooLargeError. `end()` is for the connection closing: it completes a body delimited by the close.
 */
export class ResponseReader {
  /** Some byte of the response has arrived (a stale keep-alive connection closes before any). */
  received = false;

  /** Bytes that arrived after the response ended (a server that sent more than one answer). */
  private excess = 0;
  private state = State.Head;
  private pending: Buffer | undefined;
  private status = 0;
  private statusText = '';
  private headers: Record<string, string> = Object.create(null) as Record<string, string>;
  private reusable = true;
  private keepAliveMs: number | undefined;
  private remaining = 0;
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    /** Largest body accepted, in bytes. (The client sends no HEAD request: every answer may have a body.) */
    private readonly limit: number,
  ) {}

  push(chunk: Buffer): ReadResponse | undefined {
    this.received = true;
    if (this.state === State.Done) {
      this.excess += chunk.length;
      return undefined;
    }
    // The common case: a whole response in one chunk.
    if (this.state === State.Head && this.pending === undefined) {
      const end = chunk.indexOf(HEAD_END);
      if (end !== -1) {
        this.readHead(chunk.toString('latin1', 0, end));
        const start = end + 4;
        if ((this.state as State) === State.LengthBody && chunk.length - start >= this.remaining) {
          const stop = start + this.remaining;
          this.excess = chunk.length - stop;
          this.state = State.Done;
          return this.response(chunk.toString('utf8', start, stop));
        }
        return this.consume(start < chunk.length ? chunk.subarray(start) : undefined);
      }
    }
    return this.consume(this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]));
  }

  /** The connection ended. The response, if the end is what delimits its body; otherwise undefined. */
  end(): ReadResponse | undefined {
    if (this.state !== State.UntilClose) return undefined;
    this.state = State.Done;
    this.reusable = false;
    return this.response(this.bodyText());
  }

  /** Read what `bytes` holds in the current state; keep an incomplete remainder in `pending`. */
  private consume(bytes: Buffer | undefined): ReadResponse | undefined {
    this.pending = undefined;
    let buf = bytes;
    while (buf !== undefined && buf.length > 0) {
      switch (this.state) {
        case State.Head: {
          const end = buf.indexOf(HEAD_END);
          if (end === -1) {
            if (buf.length > MAX_HEAD_BYTES) throw new MalformedResponseError(`response head over ${MAX_HEAD_BYTES} bytes`);
            this.pending = buf;
            return undefined;
          }
          this.readHead(buf.toString('latin1', 0, end));
          buf = buf.subarray(end + 4);
          break;
        }
        case State.LengthBody:
          buf = this.takeBody(buf, State.Done);
          break;
        case State.ChunkSize: {
          const eol = buf.indexOf('\r\n', 0, 'latin1');
          if (eol === -1) return this.keep(buf, 'chunk size line');
          const match = CHUNK_SIZE.exec(buf.toString('latin1', 0, eol));
          if (match === null) throw new MalformedResponseError('malformed chunk size');
          this.remaining = parseInt(match[1], 16);
          buf = buf.subarray(eol + 2);
          this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
          if (this.remaining > 0 && this.size + this.remaining > this.limit) this.tooLarge();
          break;
        }
        case State.ChunkData:
          buf = this.takeBody(buf, State.ChunkDataEnd);
          break;
        case State.ChunkDataEnd: {
          if (buf.length < 2) return this.keep(buf, 'chunk end');
          if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw new MalformedResponseError('chunk data not followed by CRLF');
          buf = buf.subarray(2);
          this.state = State.ChunkSize;
          break;
        }
        case State.Trailers: {
          // Trailer fields are read past, up to the empty line that ends the message.
          const eol = buf.indexOf('\r\n', 0, 'latin1');
          if (eol === -1) return this.keep(buf, 'trailer line');
          buf = buf.subarray(eol + 2);
          if (eol === 0) this.state = State.Done;
          break;
        }
        case State.UntilClose:
          this.append(buf);
          buf = undefined;
          break;
        case State.Done:
          break;
      }
      if (this.state === State.Done) break;
    }
    if (this.state !== State.Done) return undefined;
    if (buf !== undefined) this.excess += buf.length;
    return this.response(this.bodyText());
  }

  /** Take up to `remaining` body bytes from `buf`; then go to `next`. What is left of `buf`. */
  private takeBody(buf: Buffer, next: State): Buffer {
    const take = Math.min(this.remaining, buf.length);
    this.append(buf.subarray(0, take));
    this.remaining -= take;
    if (this.remaining === 0) this.state = next;
    return buf.subarray(take);
  }

  private keep(buf: Buffer, what: string): undefined {
    if (buf.length > MAX_HEAD_BYTES) throw new MalformedResponseError(`${what} over ${MAX_HEAD_BYTES} bytes`);
    this.pending = buf;
    return undefined;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.limit) this.tooLarge();
    this.chunks.push(bytes);
  }

  private tooLarge(): never {
    throw new ResponseTooLargeError(`response larger than ${this.limit} bytes`);
  }

  private bodyText(): string {
    const chunks = this.chunks;
    if (chunks.length === 0) return '';
    if (chunks.length === 1) return chunks[0].toString('utf8');
    return Buffer.concat(chunks, this.size).toString('utf8');
  }

  private response(data: string): ReadResponse {
    return {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      data,
      reusable: this.reusable && this.excess === 0,
      keepAliveMs: this.keepAliveMs,
    };
  }

  /** The status line and header fields (without the blank line); sets how the body is delimited. */
  private readHead(head: string): void {
    if (head.length > MAX_HEAD_BYTES) throw new MalformedResponseError(`response head over ${MAX_HEAD_BYTES} bytes`);
    let lineEnd = head.indexOf('\r\n');
    const statusLine = lineEnd === -1 ? head : head.slice(0, lineEnd);
    const status = STATUS_LINE.exec(statusLine);
    if (status === null) throw new MalformedResponseError('not an HTTP/1.x status line');
    const code = Number(status[2]);
    const headers: Record<string, string> = Object.create(null) as Record<string, string>;
    let contentLength: number | undefined;
    let transferEncoding: string | undefined;
    let connection = '';
    while (lineEnd !== -1) {
      const start = lineEnd + 2;
      lineEnd = head.indexOf('\r\n', start);
      const line = lineEnd === -1 ? head.slice(start) : head.slice(start, lineEnd);
      const colon = line.indexOf(':');
      // Obsolete line folding (a line starting with white space) is refused, as RFC 9112 section 5.2 allows.
      if (colon <= 0 || line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09) {
        throw new MalformedResponseError('malformed header line');
      }
      const name = line.slice(0, colon).trimEnd().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
      if (name === 'content-length') {
        if (!/^\d{1,15}$/.test(value) || (contentLength !== undefined && contentLength !== Number(value))) {
          throw new MalformedResponseError('invalid content-length');
        }
        contentLength = Number(value);
      } else if (name === 'transfer-encoding') transferEncoding = headers[name].toLowerCase();
      else if (name === 'connection') connection = headers[name].toLowerCase();
      else if (name === 'keep-alive') {
        const timeout = /(?:^|[,;\s])timeout=(\d+)/i.exec(value);
        if (timeout !== null) this.keepAliveMs = Number(timeout[1]) * 1000;
      }
    }
    if (code < 200) {
      if (code === 101) throw new MalformedResponseError('unexpected protocol switch (101)');
      // An interim answer (100 Continue, 103 Early Hints): the final one follows on the same connection.
      this.keepAliveMs = undefined;
      return;
    }
    this.status = code;
    this.statusText = status[3] ?? '';
    this.headers = headers;
    this.reusable = !/\bclose\b/.test(connection) && (status[1] === '1' || /\bkeep-alive\b/.test(connection));
    if (code === 204 || code === 304) {
      this.state = State.Done;
    } else if (transferEncoding !== undefined) {
      // Chunked when it is the final coding; any other coding is read to the connection's end (RFC 9112, 6.3).
      if (/(?:^|,)\s*chunked\s*$/.test(transferEncoding)) this.state = State.ChunkSize;
      else this.state = State.UntilClose;
      // A message with both is a smuggling risk: read it as chunked, but never reuse the connection.
      if (contentLength !== undefined) this.reusable = false;
    } else if (contentLength !== undefined) {
      if (contentLength > this.limit) this.tooLarge();
      this.remaining = contentLength;
      this.state = contentLength === 0 ? State.Done : State.LengthBody;
    } else {
      this.state = State.UntilClose;
    }
    if (this.state === State.UntilClose) this.reusable = false;
  }
}
