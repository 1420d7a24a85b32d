/**
 * The client's default HTTP layer: HTTP/1.1 written straight to keep-alive `node:net` / `node:tls` sockets,
 * one request at a time per connection, read back by ResponseReader (response-reader.ts).
 *
 * Why not `node:http`: its client machinery (ClientRequest, the agent's bookkeeping, the incoming-message
 * stream, the header validation) was most of the CPU of every call, more than our whole Lua bridge: with
 * 200 loops in flight a bare socket client ran up to twice as many `get_group`s a second as `node:http`, and
 * a single call took 130 instead of 202 µs (issue #14; docs/performance.md, "A transport of our own").
 * `node:http` stays available as `nodeHttp` (transport.ts) for embedders who want it, and for nock.
 *
 * The guarantees are transport.ts's, kept here: a TransportError says whether the request may have reached
 * the server — false only when it was never written to a connected socket; an idle connection the server
 * closed just as it was reused repeats a GET once on a new one and never a POST; the whole exchange has one
 * timeout; a run's abort signal ends its requests; bodies past the limit are refused. TLS verifies the
 * server's certificate as Node's https does (the same defaults), with sessions resumed per origin.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client';
import { MalformedResponseError, ResponseReader, ResponseTooLargeError, type ReadResponse } from './response-reader';
import { abortWatch, MAX_RESPONSE_BYTES, staleRepeat, TransportError } from './transport-error';

/** Idle connections are closed after this long, or a second before the server's `Keep-Alive: timeout`. */
const IDLE_TIMEOUT_MS = 15_000;
/** How often idle connections past their limit are closed, while there are any (acquire checks too). */
const SWEEP_EVERY_MS = 5_000;

let netModule: typeof net | undefined;
let tlsModule: typeof tls | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const netLib = (): typeof net => (netModule ??= require('node:net') as typeof net);
/** `node:tls` on the first https request: the local emulator never needs it (issue #14, start-up). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tlsLib = (): typeof tls => (tlsModule ??= require('node:tls') as typeof tls);

/** Where connections go: one per scheme, host and port, with its idle connections. */
interface Origin {
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  /** The `Host` header: the URL's host, with its port when the URL gave one. */
  readonly hostHeader: string;
  /** TLS server name (none for an IP address). */
  readonly servername: string | undefined;
  /** Idle connections, most recently used last (taken from the end: the warmest socket). */
  readonly idle: Connection[];
  session: Buffer | undefined;
}

interface Pending {
  readonly request: HttpRequest;
  /** This is itself the repeat of a stale read: it is not repeated again. */
  readonly repeat: boolean;
  readonly startedAt: number;
  readonly resolve: (response: HttpResponse | Promise<HttpResponse>) => void;
  readonly reject: (error: unknown) => void;
  readonly reader: ResponseReader;
  connection: Connection | undefined;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  done: boolean;
}

const origins = new Map<string, Origin>();
/** The next sweep of idle connections, while some are idle (unref'd: it keeps no process alive). */
let sweepTimer: NodeJS.Timeout | undefined;

class Connection {
  /** TCP (and TLS) established: anything written from now on may reach the server. */
  connected = false;
  /** It has carried a complete exchange before (a stale keep-alive connection can only be a reused one). */
  reused = false;
  closed = false;
  idleSince = 0;
  idleLimitMs = IDLE_TIMEOUT_MS;
  pending: Pending | undefined;
  private error: NodeJS.ErrnoException | undefined;
  readonly socket: net.Socket;

  constructor(readonly origin: Origin) {
    const { host, port } = origin;
    const socket = origin.secure
      ? tlsLib().connect({ host, port, servername: origin.servername, session: origin.session, ALPNProtocols: ['http/1.1'] })
      : netLib().connect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    socket.on(origin.secure ? 'secureConnect' : 'connect', () => {
      this.connected = true;
    });
    if (origin.secure) socket.on('session', (session: Buffer) => void (origin.session = session));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => void (this.error ??= error));
    socket.on('close', () => this.onClose());
    this.socket = socket;
  }

  private onData(chunk: Buffer): void {
    const pending = this.pending;
    if (pending === undefined) {
      // Bytes on an idle connection belong to no request: the connection cannot be trusted again.
      this.destroy();
      return;
    }
    let response: ReadResponse | undefined;
    try {
      response = pending.reader.push(chunk);
    } catch (error) {
      failWith(pending, readerFailure(error));
      return;
    }
    if (response !== undefined) complete(pending, response);
  }

  private onClose(): void {
    this.closed = true;
    removeIdle(this);
    const pending = this.pending;
    this.pending = undefined;
    if (pending === undefined || pending.done) return;
    const reader = pending.reader;
    const ended = this.error === undefined ? reader.end() : undefined;
    if (ended !== undefined) return complete(pending, ended, false);
    const { request } = pending;
    if (!this.connected) {
      const code = this.error?.code;
      return failWith(pending, new TransportError('connect', code, false, `could not connect (${code ?? this.error?.message ?? 'closed'})`));
    }
    // An idle connection the server closed as it was reused: the request was not read (no answer began).
    // Repeat a read once, at once, on a new connection — never a write (transport.ts, the same rule). The
    // origin's connections idle since before this one was are closed too: they are stale all the more.
    if (!pending.repeat && this.reused && !reader.received && request.method === 'GET' && request.repeatOnStaleSocket !== false) {
      finish(pending);
      for (const other of [...this.origin.idle]) if (other.idleSince <= this.idleSince) other.destroy();
      pending.resolve(exchange(staleRepeat(request, pending.startedAt), true));
      return;
    }
    const code = this.error?.code ?? 'ECONNRESET';
    const what = reader.received ? 'response cut off' : 'connection lost before a complete answer';
    failWith(pending, new TransportError('connection_lost', code, true, `${what} (${this.error?.code ?? this.error?.message ?? 'closed by the server'})`));
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    removeIdle(this);
    this.socket.destroy();
  }
}

function readerFailure(error: unknown): TransportError {
  if (error instanceof ResponseTooLargeError) return new TransportError('too_large', undefined, true, error.message);
  const message = error instanceof MalformedResponseError ? error.message : String(error);
  return new TransportError('connection_lost', 'HPE_INVALID', true, `malformed response: ${message}`);
}

function removeIdle(connection: Connection): void {
  const idle = connection.origin.idle;
  const at = idle.lastIndexOf(connection);
  if (at !== -1) idle.splice(at, 1);
}

/** A run's requests per abort signal (one listener per signal: transport-error.ts). */
const requestsInFlight = abortWatch<Pending>((p) =>
  failWith(p, new TransportError('aborted', undefined, p.connection?.connected ?? false, 'request aborted')),
);

function finish(pending: Pending): void {
  pending.done = true;
  if (pending.timer !== undefined) clearTimeout(pending.timer);
  if (pending.signal !== undefined) requestsInFlight.unwatch(pending.signal, pending);
  const connection = pending.connection;
  if (connection !== undefined && connection.pending === pending) connection.pending = undefined;
}

/** End a request without an answer; its connection is closed (a request may still be on it). */
function failWith(pending: Pending, error: TransportError): void {
  if (pending.done) return;
  const connection = pending.connection;
  finish(pending);
  connection?.destroy();
  pending.reject(error);
}

function complete(pending: Pending, response: ReadResponse, keep = true): void {
  if (pending.done) return;
  const connection = pending.connection;
  finish(pending);
  // The connection goes back before the caller hears the answer, so its next request can take it.
  if (connection !== undefined) {
    // Not reused while part of the request is still unsent (a server that answered before reading it all).
    if (keep && response.reusable && connection.socket.writableLength === 0) release(connection, response.keepAliveMs);
    else connection.destroy();
  }
  pending.resolve({ data: response.data, status: response.status, statusText: response.statusText, headers: response.headers });
}

function release(connection: Connection, keepAliveMs: number | undefined): void {
  const now = Date.now();
  connection.reused = true;
  connection.idleSince = now;
  if (keepAliveMs !== undefined) connection.idleLimitMs = Math.min(IDLE_TIMEOUT_MS, Math.max(0, keepAliveMs - 1000));
  connection.socket.unref(); // an idle connection does not keep the process alive (Node's agent does the same)
  connection.origin.idle.push(connection);
  sweepTimer ??= setTimeout(sweep, SWEEP_EVERY_MS).unref();
}

/** Close idle connections past their limit, in every origin; again later while some stay idle. */
function sweep(): void {
  sweepTimer = undefined;
  const now = Date.now();
  let left = 0;
  for (const origin of origins.values()) {
    for (let i = origin.idle.length - 1; i >= 0; i--) {
      const connection = origin.idle[i];
      if (now - connection.idleSince >= connection.idleLimitMs) connection.destroy();
    }
    left += origin.idle.length;
  }
  if (left > 0) sweepTimer = setTimeout(sweep, SWEEP_EVERY_MS).unref();
}

function acquire(origin: Origin): Connection {
  const idle = origin.idle;
  while (idle.length > 0) {
    const connection = idle.pop() as Connection;
    if (!connection.closed && Date.now() - connection.idleSince < connection.idleLimitMs) {
      connection.socket.ref();
      return connection;
    }
    connection.destroy();
  }
  return new Connection(origin);
}

/** The origin of a URL (scheme, host, port), parsed once per distinct origin; and its path and query. */
function locate(url: string): { origin: Origin; path: string } {
  const authority = url.indexOf('//') + 2;
  // The authority ends at the first `/`, `?` or `#` (RFC 3986, 3.2); a URL may have a query and no path.
  let end = url.length;
  for (const mark of ['/', '?', '#']) {
    const at = url.indexOf(mark, authority);
    if (at !== -1 && at < end) end = at;
  }
  const originText = url.slice(0, end);
  let path = url.charCodeAt(end) === 0x2f ? url.slice(end) : `/${url.slice(end)}`;
  const hash = path.indexOf('#');
  if (hash !== -1) path = path.slice(0, hash);
  if (!/^\/[\x21-\x7e]*$/.test(path)) throw new TypeError(`request path contains characters that must be escaped: ${JSON.stringify(path.slice(0, 100))}`);
  let origin = origins.get(originText);
  if (origin === undefined) {
    const parsed = new URL(originText);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`unsupported protocol ${parsed.protocol}`);
    if (parsed.username !== '' || parsed.password !== '') throw new TypeError('credentials in a base URL are not supported');
    const secure = parsed.protocol === 'https:';
    const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
    origin = {
      secure,
      host,
      port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port),
      hostHeader: parsed.host,
      servername: secure && netLib().isIP(host) === 0 ? host : undefined,
      idle: [],
      session: undefined,
    };
    origins.set(originText, origin);
  }
  return { origin, path };
}

/** Header values that could end a line or are not latin1 would let a value forge another header. */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The request's head and body, written in one `write` (one syscall on an established connection). */
function serialize(request: HttpRequest, origin: Origin, path: string): string {
  let text = `${request.method} ${path} HTTP/1.1\r\nhost: ${origin.hostHeader}\r\n`;
  const headers = request.headers;
  for (const name in headers) {
    const value = headers[name];
    if (!HEADER_NAME.test(name) || INVALID_HEADER_VALUE.test(value)) throw new TypeError(`invalid character in header ${JSON.stringify(name)}`);
    text += `${name}: ${value}\r\n`;
  }
  const body = request.data;
  if (body === undefined) return text + '\r\n';
  return `${text}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** One request on a keep-alive connection; the body is read as UTF-8 text. Never rejects on a status. */
export function send(request: HttpRequest): Promise<HttpResponse> {
  return exchange(request, false);
}

/** `repeat`: the repeat of a stale read (Connection.onClose), on a new connection and never repeated again. */
function exchange(request: HttpRequest, repeat: boolean): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) return reject(new TransportError('aborted', undefined, false, 'request aborted'));
    const { origin, path } = locate(request.url); // a malformed URL or header throws here: nothing was sent
    const text = serialize(request, origin, path);
    const max = request.maxContentLength;
    const pending: Pending = {
      request,
      repeat,
      startedAt: performance.now(),
      resolve,
      reject,
      reader: new ResponseReader(max !== undefined && max > 0 ? max : MAX_RESPONSE_BYTES),
      connection: undefined,
      timer: undefined,
      signal: undefined,
      done: false,
    };
    if (signal) {
      requestsInFlight.watch(signal, pending);
      pending.signal = signal;
    }
    const timeout = request.timeout;
    if (timeout !== undefined && timeout > 0) {
      pending.timer = setTimeout(
        () => failWith(pending, new TransportError('timeout', 'ETIMEDOUT', pending.connection?.connected ?? false, `no answer within ${timeout} ms`)),
        timeout,
      );
    }
    const connection = repeat ? new Connection(origin) : acquire(origin);
    connection.pending = pending;
    pending.connection = connection;
    // Before the connection is established this is buffered and flushed on connect: if the connection
    // fails, nothing was sent (Connection.onClose reports 'connect').
    connection.socket.write(text, 'utf8');
  });
}

/** The default transport of SinchClient. */
export const socketHttp: HttpClient = { request: send };
