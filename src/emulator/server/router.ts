/**
 * Route tables (moto's `urls`): a pattern of path segments, `:name` matching any one segment, and one
 * handler per method. Tables are short, so matching is a linear scan; literal routes go before `:param`
 * routes that could shadow them (`batches/dry_run` before `batches/:id`).
 */
import { methodNotAllowed } from '../errors';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route<H> {
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handlers: Readonly<Partial<Record<Method, H>>>;
}

export function routes<H>(table: ReadonlyArray<readonly [string, Partial<Record<Method, H>>]>): Route<H>[] {
  return table.map(([pattern, handlers]) => ({ pattern, segments: pattern.split('/'), handlers }));
}

export interface Match<H> {
  handler: H;
  params: string[];
}

/**
 * Finds the route for `segments[offset..]`. `undefined` when no pattern matches (the caller answers 404);
 * throws 405 when a pattern matches but not the method.
 */
export function match<H>(
  table: readonly Route<H>[],
  method: string,
  segments: readonly string[],
  offset: number,
): Match<H> | undefined {
  const length = segments.length - offset;
  for (const route of table) {
    if (route.segments.length !== length) continue;
    const params: string[] = [];
    let ok = true;
    for (let i = 0; i < length; i++) {
      const want = route.segments[i];
      const got = segments[offset + i];
      if (want.startsWith(':')) params.push(got);
      else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const handler = route.handlers[method as Method];
    if (!handler) throw methodNotAllowed(method, Object.keys(route.handlers));
    return { handler, params };
  }
  return undefined;
}

/** Splits a path into decoded segments, ignoring empty ones (`//`, a trailing `/`). */
export function splitPath(path: string): string[] | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '') continue;
    if (part.includes('%')) {
      try {
        out.push(decodeURIComponent(part));
      } catch {
        return undefined;
      }
    } else out.push(part);
  }
  return out;
}
