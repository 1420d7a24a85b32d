/**
 * The HTTP transport: axios's API over a thin adapter on `node:http`/`node:https` with one keep-alive agent
 * per process (the issue: default axios costs 3.6–4.8× a raw keep-alive request, largely in
 * follow-redirects and per-request socket setup; performance-notes.md measured such an adapter at
 * 1.09–1.41×). No redirects are followed (Sinch does not redirect API calls), the body is read as text and
 * parsed once by the client, and statuses never reject here: the client maps them itself.
 *
 * Failures are `TransportError`s that say whether the request may have reached Sinch — what decides
 * whether a failed send is ambiguous (src/sinch/client/send-once.ts).
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/** Responses larger than this are refused (Sinch pages are at most 100 items). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
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

export type TransportFailure = 'connect' | 'connection_lost' | 'timeout' | 'aborted' | 'too_large';

/** A request that got no complete answer. Internal to the client: mapped to a SinchError before leaving it. */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly failure: TransportFailure,
    /** The system error code, e.g. `ECONNRESET`. */
    readonly code: string | undefined,
    /** False only when the request provably never reached the server (no connection was made). */
    readonly mayHaveReachedServer: boolean,
    message: string,
  ) {
    super(message);
  }
}

let agents: { http: http.Agent; https: https.Agent } | undefined;

/** The process-wide keep-alive agents (created on first use). */
export function keepAliveAgents(): { http: http.Agent; https: https.Agent } {
  if (!agents) {
    const options = { keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' as const };
    agents = { http: new http.Agent(options), https: new https.Agent(options) };
  }
  return agents;
}

interface PendingRequest {
  resolve(response: AxiosResponse<string>): void;
  reject(error: TransportError): void;
  config: InternalAxiosRequestConfig;
  req?: http.ClientRequest;
  timer?: NodeJS.Timeout;
  signal?: AbortSignal;
  onAbort?: () => void;
  done: boolean;
}

function finish(pending: PendingRequest): void {
  pending.done = true;
  if (pending.timer) clearTimeout(pending.timer);
  if (pending.signal && pending.onAbort) pending.signal.removeEventListener('abort', pending.onAbort);
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

/** The axios adapter: one request on the shared agent, body as a UTF-8 string. */
export function nodeHttpAdapter(config: InternalAxiosRequestConfig): Promise<AxiosResponse<string>> {
  return new Promise((resolve, reject) => {
    const pending: PendingRequest = { resolve, reject, config, done: false };
    const url = new URL(config.url as string);
    const secure = url.protocol === 'https:';
    const headers = config.headers.toJSON() as Record<string, string>;
    const body = config.data as string | undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

    const signal = config.signal as AbortSignal | undefined;
    if (signal) {
      if (signal.aborted) return reject(new TransportError('aborted', undefined, false, 'request aborted'));
      pending.signal = signal;
      pending.onAbort = () => fail(pending, new TransportError('aborted', undefined, true, 'request aborted'));
      signal.addEventListener('abort', pending.onAbort, { once: true });
    }

    const req = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: url.pathname + url.search,
      method: (config.method ?? 'get').toUpperCase(),
      headers,
      agent: secure ? keepAliveAgents().https : keepAliveAgents().http,
    });
    pending.req = req;
    if (config.timeout && config.timeout > 0) {
      pending.timer = setTimeout(
        () => fail(pending, new TransportError('timeout', 'ETIMEDOUT', true, `no answer within ${config.timeout} ms`)),
        config.timeout,
      );
    }
    req.on('error', (error: NodeJS.ErrnoException) => fail(pending, classify(error)));
    req.on('response', (res) => onResponse(pending, res));
    req.end(body);
  });
}

function onResponse(pending: PendingRequest, res: http.IncomingMessage): void {
  const limit = pending.config.maxContentLength && pending.config.maxContentLength > 0 ? pending.config.maxContentLength : MAX_RESPONSE_BYTES;
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
      headers: res.headers as AxiosResponse['headers'],
      config: pending.config,
    });
  });
}

let instance: AxiosInstance | undefined;

/**
 * The process-wide axios instance over the keep-alive adapter.
 *
 * Its defaults are cut down to what this adapter reads: axios deep-merges the instance defaults into every
 * request (mergeConfig was the largest cost in a profile: ~20 µs per call with the stock defaults, ~9 µs
 * with these). Statuses never reject here (the adapter resolves every answer) and the client serializes and
 * parses itself, so JSON is parsed once and nothing is transformed twice.
 */
export function sinchHttp(): AxiosInstance {
  if (!instance) {
    instance = axios.create();
    const defaults = instance.defaults as unknown as Record<string, unknown>;
    for (const key of Object.keys(defaults)) delete defaults[key];
    Object.assign(defaults, {
      adapter: nodeHttpAdapter,
      transformRequest: [],
      transformResponse: [],
      maxContentLength: MAX_RESPONSE_BYTES,
      headers: {},
    });
  }
  return instance;
}
