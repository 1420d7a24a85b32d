/**
 * What both HTTP transports (socket-transport.ts, the default; transport.ts, on `node:http`) report when a
 * request got no complete answer, and the pieces they share. Internal to the client: a TransportError is
 * mapped to a SinchError before it leaves src/sinch (api-caller.ts).
 */

import type { HttpRequest } from './http-client';

/** Responses larger than this are refused (Sinch pages are at most 100 items). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export type TransportFailure = 'connect' | 'connection_lost' | 'timeout' | 'aborted' | 'too_large';

/** A request that got no complete answer. */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly failure: TransportFailure,
    /** The system error code, e.g. `ECONNRESET`. */
    readonly code: string | undefined,
    /**
     * False only when the request provably never reached the server (no connection was made): what decides
     * whether a failed send is ambiguous (src/sinch/client/send-once.ts).
     */
    readonly mayHaveReachedServer: boolean,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Requests in flight per abort signal. A run's signal is shared by all of its requests, so it gets one
 * `abort` listener that ends them all, instead of an add/removeEventListener pair per request (EventTarget
 * bookkeeping was a visible share of a request's cost).
 */
export function abortWatch<T>(onAbort: (request: T) => void): {
  watch(signal: AbortSignal, request: T): void;
  unwatch(signal: AbortSignal, request: T): void;
} {
  const inFlight = new WeakMap<AbortSignal, Set<T>>();
  return {
    watch(signal, request) {
      let requests = inFlight.get(signal);
      if (requests === undefined) {
        const created = new Set<T>();
        signal.addEventListener(
          'abort',
          () => {
            for (const r of created) onAbort(r);
            created.clear();
          },
          { once: true },
        );
        inFlight.set(signal, created);
        requests = created;
      }
      requests.add(request);
    },
    unwatch(signal, request) {
      inFlight.get(signal)?.delete(request);
    },
  };
}

/**
 * The repeat of a read whose reused keep-alive connection turned out closed (both transports): the same
 * request with what is left of its timeout, so that the exchange keeps one timeout in all (at least 1 ms).
 * The transports send it on a new connection, never on another idle one: those have been idle longer still.
 */
export function staleRepeat(request: HttpRequest, startedAt: number): HttpRequest {
  const timeout = request.timeout;
  if (timeout === undefined || timeout <= 0) return request;
  return Object.assign({}, request, { timeout: Math.max(1, timeout - (performance.now() - startedAt)) });
}
