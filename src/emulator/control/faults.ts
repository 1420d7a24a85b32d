// Injected failures (docs/contract.md, `POST /_emulator/faults`). Each matching request consumes one use of the
// first pending fault that matches it; faults are tried in the order they were added.
//
// `route` is a path pattern matched against the whole request path (no query string):
// - exact by default: `/xms/v1/emulator-plan/batches` matches that path only (a trailing `/` is ignored);
// - `*` matches within one path segment: `/xms/v1/*/batches` matches the batch list of any plan;
// - `**` matches across segments: `/xms/v1/**` matches every SMS route, `/v1/projects/**` every Numbers route.
// Without `route` a fault matches every request except the control routes (`/_emulator/...`), which are
// never faulted so that a test can always clear what it set.
import { gatewayError } from '../errors';

export type DropMode = 'before' | 'after';

export interface FaultSpec {
  route?: string;
  method?: string;
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retry_after?: number;
  delay_ms?: number;
  drop?: DropMode;
  times: number;
  /** Extension: the body to answer with `status` instead of the default Sinch-shaped one. */
  body?: unknown;
  /** Extension: extra response headers with `status`. */
  headers?: Record<string, string>;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

interface PendingFault {
  fault: Fault;
  matcher: RegExp | undefined;
}

/** Compiles a route pattern (see above) to an anchored regular expression. */
export function compileRoute(route: string): RegExp {
  const path = route.split('?')[0].replace(/\/+$/, '');
  const absolute = path.startsWith('/') ? path : `/${path}`;
  const source = absolute
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}/?$`);
}

function fail(message: string): never {
  throw gatewayError(400, `Invalid fault: ${message}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Validates a `POST /_emulator/faults` body. */
export function parseFaultSpec(body: unknown): FaultSpec {
  if (!isObject(body)) fail('the body must be a JSON object');
  const { route, method, status, retry_after, delay_ms, drop, times = 1, headers } = body;
  if (route !== undefined && typeof route !== 'string') fail('route must be a string');
  if (method !== undefined && typeof method !== 'string') fail('method must be a string');
  if (status !== undefined && !(isInt(status) && status >= 200 && status <= 599)) fail('status must be 200..599');
  if (retry_after !== undefined && !nonNegative(retry_after)) fail('retry_after must be seconds >= 0');
  if (delay_ms !== undefined && !nonNegative(delay_ms)) fail('delay_ms must be a number >= 0');
  if (drop !== undefined && drop !== 'before' && drop !== 'after') fail('drop must be "before" or "after"');
  if (!(isInt(times) && times >= 1)) fail('times must be an integer >= 1');
  if (headers !== undefined && !(isObject(headers) && Object.values(headers).every((v) => typeof v === 'string'))) {
    fail('headers must map names to strings');
  }
  if (status !== undefined && drop !== undefined) fail('give either status or drop, not both');
  if (status === undefined && drop === undefined && delay_ms === undefined) fail('give status, drop or delay_ms');
  return {
    route,
    method: method?.toUpperCase(),
    status,
    retry_after,
    delay_ms,
    drop,
    times,
    body: body.body,
    headers: headers as Record<string, string> | undefined,
  };
}

/** Pending faults at most: a test sets a handful; this bounds what a runaway loop could queue. */
export const MAX_PENDING_FAULTS = 1000;

export class FaultQueue {
  private pending: PendingFault[] = [];
  private nextId = 1;
  /** Called when the pending faults change (added, used, removed): the web inbox shows them live. */
  onChange: () => void = () => undefined;

  /** Read on every request: the fast path when no fault is set is one comparison. */
  get size(): number {
    return this.pending.length;
  }

  add(spec: FaultSpec): Fault {
    if (this.pending.length >= MAX_PENDING_FAULTS) fail(`at most ${MAX_PENDING_FAULTS} faults may be pending; clear them first`);
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.times };
    this.pending.push({ fault, matcher: spec.route === undefined ? undefined : compileRoute(spec.route) });
    this.onChange();
    return fault;
  }

  /** Removes one pending fault; false when there is none with this id. */
  remove(id: number): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.fault.id !== id);
    if (this.pending.length === before) return false;
    this.onChange();
    return true;
  }

  /** Consumes one use of the first fault matching this request, if any. */
  take(method: string, path: string): Fault | undefined {
    for (let i = 0; i < this.pending.length; i++) {
      const { fault, matcher } = this.pending[i];
      if (fault.method !== undefined && fault.method !== method) continue;
      if (matcher !== undefined && !matcher.test(path)) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.pending.splice(i, 1);
      this.onChange();
      return fault;
    }
    return undefined;
  }

  list(): Fault[] {
    return this.pending.map((p) => ({ ...p.fault }));
  }

  clear(): number {
    const n = this.pending.length;
    this.pending = [];
    if (n > 0) this.onChange();
    return n;
  }
}
