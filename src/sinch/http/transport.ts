/**
 * The `node:http` transport: requests on `node:http`/`node:https` with one keep-alive agent per process (the
 * issue: default axios costs 3.6–4.8× a raw keep-alive request, largely in follow-redirects and per-request
 * socket setup). Since issue #14 the client's default is socket-transport.ts (HTTP/1.1 on bare sockets,
 * faster); this one remains as `nodeHttp`, for embedders who want Node's http stack, and for nock.
 *
 * No redirects are followed (Sinch does not redirect API calls), the body is read as text and parsed once
 * by the client, and statuses never reject here: the client maps them itself. The same transport is
 * available as an axios adapter (`nodeHttpAdapter`).
 *
 * Failures are `TransportError`s that say whether the request may have reached Sinch — what decides
 * whether a failed send is ambiguous (src/sinch/client/send-once.ts).
 */
import type http from 'node:http';
import type https from 'node:https';
import { axiosAdapter } from './axios-adapter';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client';
import { abortWatch, MAX_RESPONSE_BYTES, staleRepeat, TransportError } from './transport-error';

export { TransportError } from './transport-error';

/**
 * Idle keep-alive sockets are closed after this long (lowered further when a server's `Keep-Alive: timeout`
 * says so), so that a socket the server has already dropped is rarely reused.
 */
const FREE_SOCKET_TIMEOUT_MS = 15_000;

/** Errors that happen before a connection exists: the request cannot have reached the server. */
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const AGENT_OPTIONS = { keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' as const };
let httpAgent: http.Agent | undefined;
let httpsAgent: https.Agent | undefined;
let httpModule: typeof http | undefined;
let httpsModule: typeof https | undefined;

/**
 * `node:http` and `node:https` on first use: a sandbox worker loads this module at start-up, and a script that
 * makes no call (or none over TLS: the local emulator) never needs them (issue #14; `https` loads TLS and
 * crypto: 4.5 ms in a worker, `http` 1.7 ms).
 */
function httpLib(): typeof http {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (httpModule ??= require('node:http') as typeof http);
}

function httpsLib(): typeof https {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (httpsModule ??= require('node:https') as typeof https);
}

let agents: { http: http.Agent; https: https.Agent } | undefined;

/** The process-wide keep-alive agents (the transport itself creates each on first use). */
export function keepAliveAgents(): { http: http.Agent; https: https.Agent } {
  return (agents ??= { http: httpKeepAlive(), https: httpsKeepAlive() });
}

function httpKeepAlive(): http.Agent {
  return (httpAgent ??= new (httpLib().Agent)(AGENT_OPTIONS));
}

function httpsKeepAlive(): https.Agent {
  return (httpsAgent ??= new (httpsLib().Agent)(AGENT_OPTIONS));
}

interface PendingRequest {
  resolve(response: HttpResponse): void;
  reject(error: TransportError): void;
  /** Largest body accepted. */
  readonly limit: number;
  req: http.ClientRequest | undefined;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  done: boolean;
}

const requestsInFlight = abortWatch<PendingRequest>((p) => fail(p, new TransportError('aborted', undefined, true, 'request aborted')));

function finish(pending: PendingRequest): void {
  pending.done = true;
  if (pending.timer !== undefined) clearTimeout(pending.timer);
  if (pending.signal !== undefined) requestsInFlight.unwatch(pending.signal, pending);
}

function fail(pending: PendingRequest, error: TransportError): void {
  if (pending.done) return;
  finish(pending);
  pending.req?.destroy();
  pending.reject(error);
}

function classify(error: NodeJS.ErrnoException): TransportError {
  const code = error.code;
  if (code !== undefined && CONNECT_PHASE_CODES.has(code)) {
    return new TransportError('connect', code, false, `could not connect (${code})`);
  }
  // A reset or hang-up on a connected socket: the request may have been read and acted upon.
  return new TransportError('connection_lost', code, true, `connection lost before a complete answer (${code ?? error.message})`);
}

/**
 * One request on the shared keep-alive agent; the body is read as UTF-8 text. Never rejects on a status.
 * `retryStale`: false for the repeat of a stale read (the error handler below), which goes on a connection of
 * its own, not through the agent.
 */
export function send(request: HttpRequest, retryStale = true): Promise<HttpResponse> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const max = request.maxContentLength;
    const pending: PendingRequest = {
      resolve,
      reject,
      limit: max !== undefined && max > 0 ? max : MAX_RESPONSE_BYTES,
      req: undefined,
      timer: undefined,
      signal: undefined,
      done: false,
    };
    const url = new URL(request.url); // a malformed URL rejects here, before anything is registered
    const signal = request.signal;
    if (signal) {
      if (signal.aborted) return reject(new TransportError('aborted', undefined, false, 'request aborted'));
      requestsInFlight.watch(signal, pending);
      pending.signal = signal;
    }

    const secure = url.protocol === 'https:';
    const body = request.data;
    let headers = request.headers;
    if (body !== undefined) {
      // Not `{ ...headers, 'content-length': ... }`: a spread followed by a property is V8's slow path in Node 20 (issue #14).
      headers = Object.assign({}, headers);
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = (secure ? httpsLib() : httpLib()).request({
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: url.pathname + url.search,
      method: request.method,
      headers,
      agent: retryStale ? (secure ? httpsKeepAlive() : httpKeepAlive()) : false,
    });
    pending.req = req;
    const timeout = request.timeout;
    if (timeout !== undefined && timeout > 0) {
      pending.timer = setTimeout(
        () => fail(pending, new TransportError('timeout', 'ETIMEDOUT', true, `no answer within ${timeout} ms`)),
        timeout,
      );
    }
    req.on('error', (error: NodeJS.ErrnoException) => {
      // An idle keep-alive socket that the server closed just as it was reused: the request was not read
      // (Node's documentation: repeat it when `req.reusedSocket`). Reads only, once, at once, on a new
      // connection — not through the retry policy's backoff. A send is never repeated here.
      if (
        retryStale &&
        request.repeatOnStaleSocket !== false &&
        !pending.done &&
        req.reusedSocket &&
        error.code === 'ECONNRESET' &&
        request.method === 'GET'
      ) {
        finish(pending);
        resolve(send(staleRepeat(request, startedAt), false));
        return;
      }
      fail(pending, classify(error));
    });
    req.on('response', (res) => onResponse(pending, res));
    req.end(body);
  });
}

function onResponse(pending: PendingRequest, res: http.IncomingMessage): void {
  const limit = pending.limit;
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      fail(pending, new TransportError('too_large', undefined, true, `response larger than ${limit} bytes`));
      return;
    }
    chunks.push(chunk);
  });
  res.on('aborted', () => fail(pending, new TransportError('connection_lost', 'ECONNRESET', true, 'response cut off')));
  res.on('error', (error: NodeJS.ErrnoException) => fail(pending, classify(error)));
  res.on('end', () => {
    if (pending.done) return;
    finish(pending);
    pending.resolve({
      data: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8'),
      status: res.statusCode ?? 0,
      statusText: res.statusMessage ?? '',
      headers: res.headers,
    });
  });
}

/**
 * `send` itself, behind axios's `request(config)` API: pass it as the client's `http` for Node's http stack.
 * Without axios's request pipeline (config merging, header normalisation, interceptor and transform chains),
 * which costs ~9 µs of CPU a call (docs/performance.md, "axios on the call path").
 */
export const nodeHttp: HttpClient = { request: send };

/** The same transport as an axios adapter (axios-adapter.ts; `sinchHttp()` is over the default transport). */
export const nodeHttpAdapter = axiosAdapter(send);
