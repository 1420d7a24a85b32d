/**
 * The `node:http` request listener: reads the body, applies an injected fault if one matches, dispatches,
 * writes the reply. Kept lean for the benchmark: no per-request logging unless asked, the query parsed
 * only when a handler reads it, GETs without a body answered without waiting for an `end` event.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from '../control/faults';
import { gatewayBody } from '../errors';
import type { Backend } from '../state/backend';
import { RequestContext } from './context';
import { dispatch, type DispatchEnv } from './dispatch';
import { faultReply } from './fault-reply';
import { json, writeReply as write } from './reply';
import { splitPath } from './router';

/** Far above a 1000-recipient batch (~20 KB); protects the process, not a Sinch limit. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface HandlerOptions {
  /** The host the server listens on (the browser guard accepts it in `Host`). */
  host: string;
  /** Called with one line per request when `logRequests` is set, and for defects (500s) always. */
  log: (line: string) => void;
  logRequests: boolean;
}

export interface HttpHandler {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Cancels delayed replies (faults with `delay_ms`) so that closing leaves no timer behind. */
  cancelTimers(): void;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function createHttpHandler(backend: Backend, options: HandlerOptions): HttpHandler {
  const timers = new Set<NodeJS.Timeout>();
  const env: DispatchEnv = {
    host: options.host,
    onDefect: (error: unknown) => options.log(`Sinch emulator defect: ${(error as Error)?.stack ?? error}`),
  };

  /** Runs `action` after `ms` (at once when there is no delay). */
  function later(ms: number | undefined, action: () => void): void {
    if (!ms) return action();
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  }

  function respond(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, fault?: Fault): void {
    const started = options.logRequests ? process.hrtime.bigint() : 0n;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const drop = () => req.socket.destroy();
    // Every request gets its line, also those an injected fault answers or drops (tests count them).
    const logLine = (outcome: string) => {
      if (!options.logRequests) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      options.log(`${req.method ?? 'GET'} ${url} -> ${outcome} (${ms.toFixed(2)} ms)`);
    };
    if (fault?.drop === 'before') {
      logLine('dropped (fault: drop before)');
      return later(fault.delay_ms, drop);
    }
    if (fault?.status !== undefined) {
      logLine(`${fault.status} (fault)`);
      return later(fault.delay_ms, () => write(res, faultReply({ ...fault, status: fault.status! }, path)));
    }
    const query = q < 0 ? '' : url.slice(q + 1);
    const ctx = new RequestContext(backend, req.method ?? 'GET', path, query, req.headers, body);
    const reply = dispatch(ctx, splitPath(path), env);
    // `drop: "after"`: the request has been committed (a batch is stored); the client never hears of it.
    if (fault?.drop === 'after') {
      logLine(`${reply.status}, dropped (fault: drop after)`);
      return later(fault.delay_ms, drop);
    }
    logLine(String(reply.status));
    later(fault?.delay_ms, () => write(res, reply));
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    // Control routes (and `/`, the way to the inbox) are never faulted, so a test can always clear what it
    // set and a browser on the inbox never uses up a fault meant for a client.
    const fault =
      backend.faults.size > 0 && !url.startsWith('/_emulator') && url !== '/'
        ? backend.faults.take(req.method ?? 'GET', url.split('?')[0])
        : undefined;
    if (!hasBody(req)) {
      req.resume();
      return respond(req, res, undefined, fault);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        write(res, json(gatewayBody(413, `The request body exceeds ${MAX_BODY_BYTES} bytes`), 413));
        req.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size <= MAX_BODY_BYTES) respond(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), fault);
    });
  };

  return {
    listener,
    cancelTimers() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
