/**
 * Query parameters shared by the SMS list routes (docs/sinch-wire.md, "SMS: batches" and "SMS: inbounds"):
 * 0-based `page`, `page_size` (default 30, at most 100), a `start_date`/`end_date` window that defaults to
 * the last 24 hours and never reaches back further than the 14-day retention, and comma lists.
 */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, RETENTION_DAYS } from '../../wire/sms';
import { badFormat, constraint } from '../errors';
import { comparableNumber } from '../phone';
import { DAY_MS, parseQueryTimestamp } from '../time';

export interface Paging {
  page: number;
  pageSize: number;
}

/** A query parameter parsed by `parse`; absent or blank is `undefined`, unparsable is Sinch's 400. */
export function queryParam<T>(
  query: URLSearchParams,
  name: string,
  parse: (raw: string) => T | undefined,
  expected: string,
): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = parse(raw);
  if (value === undefined) throw badFormat(`'${name}' must be ${expected}, got '${raw}'`);
  return value;
}

export const parseInteger = (raw: string): number | undefined => (/^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined);

const integer = (query: URLSearchParams, name: string) => queryParam(query, name, parseInteger, 'an integer');

export function paging(query: URLSearchParams): Paging {
  const page = integer(query, 'page') ?? 0;
  const pageSize = integer(query, 'page_size') ?? DEFAULT_PAGE_SIZE;
  if (page < 0) throw constraint(`'page' must be 0 or more, got ${page}`);
  // Approximation: Sinch documents the maximum but not what exceeding it does; the emulator refuses it so
  // that a client relying on a larger page notices.
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw constraint(`'page_size' must be between 1 and ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  return { page, pageSize };
}

export function retentionStart(nowMs: number): number {
  return nowMs - RETENTION_DAYS * DAY_MS;
}

export function isRetained(createdMs: number, nowMs: number): boolean {
  return createdMs >= retentionStart(nowMs);
}

export interface Window {
  startMs: number;
  endMs: number;
}

const timestamp = (query: URLSearchParams, name: string) =>
  queryParam(query, name, parseQueryTimestamp, 'an ISO 8601 date or date-time');

/** `[start_date, end_date]`: default the last 24 hours, clipped to the 14-day retention. */
export function window(query: URLSearchParams, nowMs: number): Window {
  const start = timestamp(query, 'start_date') ?? nowMs - DAY_MS;
  const end = timestamp(query, 'end_date') ?? nowMs;
  return { startMs: Math.max(start, retentionStart(nowMs)), endMs: end };
}

export function inWindow(ms: number, w: Window): boolean {
  return ms >= w.startMs && ms <= w.endMs;
}

/** A comma list of numbers or senders, compared without `+` and separators; `undefined` when absent. */
export function numberList(query: URLSearchParams, name: string): Set<string> | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const values = raw
    .split(',')
    .map(comparableNumber)
    .filter((v) => v !== '');
  return new Set(values);
}

/**
 * A list of plain strings, comma-joined (how Sinch's SDKs send arrays) or repeated (`?status=a&status=b`,
 * which SDKs can be configured to send); `undefined` when absent.
 */
export function stringList(query: URLSearchParams, name: string): Set<string> | undefined {
  const values = query
    .getAll(name)
    .flatMap((raw) => raw.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length === 0 ? undefined : new Set(values);
}

/**
 * Walks `items` newest first (they are stored oldest first), keeps those `keep` accepts, counts them all
 * and returns the requested page.
 */
export function pageNewestFirst<T>(
  items: readonly T[],
  keep: (item: T) => boolean,
  p: Paging,
): { count: number; page: T[] } {
  const from = p.page * p.pageSize;
  const to = from + p.pageSize;
  const page: T[] = [];
  let count = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (!keep(item)) continue;
    if (count >= from && count < to) page.push(item);
    count += 1;
  }
  return { count, page };
}

/**
 * A list response as pre-serialized JSON: `{"count","page","page_size","<key>":[...]}`, with `page_size`
 * the number of items actually returned (docs/sinch-wire.md).
 */
export function listJson(key: string, count: number, page: number, items: readonly string[]): string {
  return `{"count":${count},"page":${page},"page_size":${items.length},"${key}":[${items.join(',')}]}`;
}
