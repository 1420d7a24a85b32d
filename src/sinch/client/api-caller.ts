/**
 * One HTTP call to Sinch, turned into parsed JSON or a `SinchError`: authorization (static token or OAuth2),
 * the per-request timeout, one repeat after a 401 that says the token expired, and — for reads only — the
 * retry policy of src/sinch/http/retry.ts. Reads and writes are different request types built by `read()`
 * and `write()`, taken by different methods: a write cannot reach the retry loop. No raw library error ever
 * leaves this file: transport failures become ConnectionError/TimeoutError/AbortedError built from a code
 * and a fixed text.
 */
import {
  AbortedError,
  apiErrorFromResponse,
  ConnectionError,
  InvalidResponseError,
  SinchError,
  TimeoutError,
  type SinchApi,
} from '../http/api-errors';
import { readErrorBody } from '../http/error-body';
import { parseRetryAfter, retryDelayMs, shouldRetry } from '../http/retry';
import type { HttpClient, HttpResponse } from '../http/http-client';
import { TransportError } from '../http/transport-error';
import type { TokenCache } from '../auth/token-cache';
import { originOf } from '../config/base-url';

/** How a request is authorized: a fixed header, or a bearer token from an OAuth2 cache. */
export type Authorization = { readonly header: string } | { readonly tokens: TokenCache };

/** Told of every request sent (the pipeline's call context: the record's `attempts`). */
export interface AttemptCounter {
  countAttempt(): void;
}

interface RequestFields {
  readonly api: SinchApi;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly auth: Authorization;
  readonly body?: string;
  /** @default 'application/json' when there is a body */
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** Hint for 401s (src/sinch/client/hints.ts). */
  readonly authHint?: string;
  /** Hint for 404s. */
  readonly notFoundHint?: string;
  readonly attempts?: AttemptCounter;
}

/**
 * A request that creates nothing, whatever its method (a GET, the OAuth2 token POST): safe to repeat, so
 * transient failures are retried (src/sinch/http/retry.ts). Built with `read()`.
 */
export interface ReadRequest extends RequestFields {
  readonly kind: 'read';
}

/**
 * A request that creates something (`POST /batches`): sent once, never repeated here — not by the retry rule,
 * not by the transport on a stale socket. Whether and how a write may be repeated is its caller's own
 * exactly-once logic (src/sinch/client/send-once.ts). Built with `write()`.
 */
export interface WriteRequest extends RequestFields {
  readonly kind: 'write';
}

/**
 * Reads and writes are told apart by construction (issue #15), never by a loose boolean. `Object.assign` and
 * then `kind`, not `{ ...fields, kind }`: in Node 20 a spread followed by another property takes V8's slow
 * path, ~0.8 µs a request against ~0.1 µs (issue #14; docs/performance.md, "After the SMS-job merge:
 * send_sms and list_batches").
 */
export function read(fields: RequestFields): ReadRequest {
  const request = Object.assign({}, fields) as { -readonly [K in keyof ReadRequest]: ReadRequest[K] };
  request.kind = 'read';
  return request;
}

export function write(fields: RequestFields): WriteRequest {
  const request = Object.assign({}, fields) as { -readonly [K in keyof WriteRequest]: WriteRequest[K] };
  request.kind = 'write';
  return request;
}

type AnyRequest = ReadRequest | WriteRequest;

export interface CallerEnvironment {
  readonly http: HttpClient;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly now: () => number;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const API_LABEL: Record<SinchApi, string> = { sms: 'SMS API', numbers: 'Numbers API', auth: 'auth server' };
const BASE_URL_FIELD: Record<SinchApi, string> = { sms: 'sms_base_url', numbers: 'numbers_base_url', auth: 'auth_base_url' };
const BASE_URL_VARIABLE: Record<SinchApi, string> = { sms: 'SINCH_SMS_BASE_URL', numbers: 'SINCH_NUMBERS_BASE_URL', auth: 'SINCH_AUTH_BASE_URL' };
const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'x-sinch-request-id'];

function header(response: HttpResponse, name: string): string | undefined {
  const value = (response.headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

function parseJson(text: string): unknown {
  const first = text.charCodeAt(0);
  // Only `{` or `[` (after no whitespace: Sinch sends compact JSON) is worth a JSON.parse attempt.
  if (first !== 123 && first !== 91) {
    const trimmed = text.trimStart();
    if (trimmed[0] !== '{' && trimmed[0] !== '[') return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A cancellation by an axios instance passed as `http` (axios is loaded only if such an error occurs). */
function isAxiosCancel(error: unknown): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return typeof error === 'object' && error !== null && (require('axios') as typeof import('axios')).isCancel(error);
}

export class ApiCaller {
  constructor(private readonly env: CallerEnvironment) {}

  /**
   * Perform a read, repeating it per the retry rule. Resolves to the parsed JSON body.
   *
   * Written as promise chains rather than nested async functions: every call of every script goes through
   * here, and each async layer costs a promise, a suspended frame and extra microtask turns (issue #5).
   */
  read(spec: ReadRequest): Promise<unknown> {
    if (spec.kind !== 'read') return Promise.reject(new TypeError('ApiCaller.read was given a write request'));
    return this.attempt(spec, 0);
  }

  /** Perform a write: exactly one request (plus the 401-expired-token repeat, which Sinch refused unread). */
  writeOnce(spec: WriteRequest): Promise<unknown> {
    if (spec.kind !== 'write') return Promise.reject(new TypeError('ApiCaller.writeOnce was given a read request'));
    return this.once(spec, false);
  }

  private attempt(spec: ReadRequest, retries: number): Promise<unknown> {
    return this.once(spec, retries === 0).catch((error: unknown) => {
      if (!(error instanceof SinchError) || !shouldRetry(error, retries, this.env.maxRetries)) throw error;
      return this.pause(retryDelayMs(error, retries, this.env.random), spec.signal).then(() => this.attempt(spec, retries + 1));
    });
  }

  /**
   * One request, plus one repeat when an OAuth2 token turned out to be expired. `repeatOnStale`: the
   * transport may repeat it on a stale keep-alive socket (a read's first attempt only).
   */
  private once(spec: AnyRequest, repeatOnStale: boolean): Promise<unknown> {
    const auth = spec.auth;
    if ('header' in auth) return this.exchange(spec, auth.header, repeatOnStale).then((response) => this.interpret(spec, response));
    return this.onceWithToken(spec, auth.tokens, repeatOnStale);
  }

  private async onceWithToken(spec: AnyRequest, oauth: TokenCache, repeatOnStale: boolean): Promise<unknown> {
    let token = oauth.fresh() ?? (await oauth.get());
    for (let refreshed = false; ; refreshed = true) {
      const response = await this.exchange(spec, `Bearer ${token}`, repeatOnStale);
      // docs/sinch-wire.md: an expired token gives 401 with `www-authenticate` containing `expired`.
      if (response.status === 401 && !refreshed && /expired/i.test(header(response, 'www-authenticate') ?? '')) {
        oauth.invalidate(token);
        token = await oauth.get();
        continue;
      }
      return this.interpret(spec, response);
    }
  }

  /** The parsed body of a 2xx answer, or the SinchError the answer means. */
  private interpret(spec: AnyRequest, response: HttpResponse): unknown {
    const status = response.status;
    const parsed = parseJson(response.data);
    if (status >= 200 && status < 300) {
      if (parsed === undefined || parsed === null || typeof parsed !== 'object') {
        throw new InvalidResponseError('upstream_error', `Sinch ${API_LABEL[spec.api]} answered ${status} with a body that is not JSON`, {
          status,
          retryable: false,
        });
      }
      return parsed;
    }
    throw apiErrorFromResponse({
      api: spec.api,
      status,
      statusText: response.statusText,
      body: readErrorBody(parsed, response.data),
      requestId: REQUEST_ID_HEADERS.map((name) => header(response, name)).find((value) => value !== undefined),
      retryAfterMs: parseRetryAfter(header(response, 'retry-after'), this.env.now()),
      authHint: spec.authHint,
      notFoundHint: spec.notFoundHint,
    });
  }

  private exchange(spec: AnyRequest, authorization: string, repeatOnStale: boolean): Promise<HttpResponse> {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = spec.contentType ?? 'application/json';
    spec.attempts?.countAttempt();
    let sent: Promise<HttpResponse>;
    try {
      sent = this.env.http.request({
        url: spec.url,
        method: spec.method,
        data: spec.body,
        headers,
        timeout: this.env.timeoutMs,
        signal: spec.signal,
        repeatOnStaleSocket: repeatOnStale && spec.kind === 'read',
      });
    } catch (error) {
      sent = Promise.reject(error); // an injected HTTP layer that throws instead of rejecting
    }
    return sent.catch((error: unknown) => {
      throw this.transportError(spec, error);
    });
  }

  /**
   * A failure without an answer, as a SinchError built from the failure kind and the origin alone: the host
   * it could not reach is named (issue #16 item 1), never the path (ids) or anything from the library's error.
   */
  private transportError(spec: AnyRequest, error: unknown): SinchError {
    const api = spec.api;
    const where = `Sinch ${API_LABEL[api]} at ${originOf(spec.url)}`;
    if (error instanceof TransportError) {
      const info = { retryable: true, mayHaveReachedServer: error.mayHaveReachedServer };
      switch (error.failure) {
        case 'timeout':
          return new TimeoutError('timeout', `${where} did not answer within ${this.env.timeoutMs} ms`, {
            ...info,
            hint: 'Sinch may be slow or unreachable; timeout_ms on the account sets the limit.',
          });
        case 'aborted':
          return new AbortedError('timeout', `The call to ${where} stopped: the script's run ended`, { ...info, retryable: false });
        case 'too_large':
          return new InvalidResponseError('upstream_error', `The answer of ${where} was too large`, { retryable: false });
        case 'connect':
          return new ConnectionError('network_error', `Could not connect to ${where} (${error.code})`, {
            ...info,
            hint: `Check the network, and the account's ${BASE_URL_FIELD[api]} (or ${BASE_URL_VARIABLE[api]}) if it sets the host.`,
          });
        default:
          return new ConnectionError('network_error', `The connection to ${where} was lost before it answered (${error.code ?? 'reset'})`, info);
      }
    }
    if (isAxiosCancel(error)) {
      return new AbortedError('timeout', `The call to ${where} stopped: the script's run ended`, { retryable: false, mayHaveReachedServer: true });
    }
    // Not a transport failure: a defect. Rethrown as is; the client's boundary redacts it (src/sinch/redact.ts).
    throw error;
  }

  private pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(new AbortedError('timeout', "Sinch call stopped: the script's run ended", { retryable: false }));
    }
    return this.env.sleep(ms, signal);
  }
}
