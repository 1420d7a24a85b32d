/**
 * What the Sinch client needs from an HTTP layer: one method, axios's `request(config)` (issue #3: keep
 * axios's API), so an axios instance — `sinchHttp()`, axios over our keep-alive adapter, or one of the
 * embedder's own, with its interceptors — can be passed as `http`. The default, `socketHttp`
 * (socket-transport.ts: HTTP/1.1 on keep-alive sockets), answers the same API without axios's request
 * pipeline (~9 µs of CPU a call) or `node:http`'s client machinery; `nodeHttp` (transport.ts) is Node's own
 * stack behind it (docs/performance.md, "axios on the call path", "A transport of our own").
 */

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Lower-case names. `content-length` is added by the transport. */
  readonly headers: Record<string, string>;
  /** The body, already serialized. */
  readonly data?: string;
  /** Milliseconds for the whole exchange (a stale read's repeat included); 0 or absent: none. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  /**
   * Repeat a read at once, on a new connection, when a reused keep-alive socket turns out closed
   * (transport-error.ts, `staleRepeat`; both transports). The client asks for it on a call's first attempt only, so that a call
   * makes at most one such repeat on top of its retries. @default true
   */
  readonly repeatOnStaleSocket?: boolean;
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
