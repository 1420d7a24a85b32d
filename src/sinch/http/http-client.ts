/**
 * What the Sinch client needs from an HTTP layer: one method, axios's `request(config)`. The default is
 * `sinchHttp()` (src/sinch/http/transport.ts): an axios instance whose adapter is the keep-alive `node:http`
 * transport — axios's API, a fast transport (issue #3). `nodeHttp` is the same transport without axios's
 * request pipeline, for embedders who want the last ~9 µs a call.
 */

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** Lower-case names. `content-length` is added by the transport. */
  readonly headers: Record<string, string>;
  /** The body, already serialized. */
  readonly data?: string;
  /** Milliseconds for the whole exchange; 0 or absent: none. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  /** Largest body accepted. @default MAX_RESPONSE_BYTES */
  readonly maxContentLength?: number;
}

export interface HttpResponse {
  /** The body as UTF-8 text (parsed by the client, once). */
  readonly data: string;
  readonly status: number;
  readonly statusText: string;
  /** Node's lower-cased header object (or axios's headers). */
  readonly headers: object;
}

export interface HttpClient {
  request(config: HttpRequest): Promise<HttpResponse>;
}
