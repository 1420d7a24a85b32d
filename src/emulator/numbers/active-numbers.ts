/**
 * Numbers API, rented numbers (docs/sinch-wire.md, "Numbers API"): `GET /activeNumbers` with token paging
 * (`pageSize`, `pageToken` → `nextPageToken`, `totalSize`) and the documented filters, and
 * `GET /activeNumbers/{+E164}`. Numbers keep their `+` here. Errors use the gateway shape.
 */
import type { ActiveNumber, ActiveNumberList } from '../../wire/numbers';
import { NUMBER_CAPABILITIES, NUMBER_TYPES } from '../../wire/numbers';
import { gatewayError } from '../errors';
import { normalizeMsisdn } from '../phone';
import type { RequestContext } from '../server/context';
import { json, type Reply } from '../server/reply';
import type { ProjectState } from '../state/project';

export type NumbersHandler = (ctx: RequestContext, project: ProjectState) => Reply;

/**
 * Approximation: Sinch documents neither the default nor the maximum `pageSize`. A larger one is lowered to
 * the maximum, as Google-style APIs (which this gateway follows) do.
 */
export const DEFAULT_NUMBERS_PAGE_SIZE = 100;
export const MAX_NUMBERS_PAGE_SIZE = 1000;

const invalid = (message: string) => gatewayError(400, message, [{ type: 'BadRequest', field: message }]);

function pageSize(query: URLSearchParams): number {
  const raw = query.get('pageSize');
  if (raw === null || raw.trim() === '') return DEFAULT_NUMBERS_PAGE_SIZE;
  if (!/^\d+$/.test(raw.trim())) throw invalid(`invalid value for pageSize: '${raw}'`);
  const n = Number(raw);
  return n === 0 ? DEFAULT_NUMBERS_PAGE_SIZE : Math.min(n, MAX_NUMBERS_PAGE_SIZE);
}

/** Page tokens are opaque to clients; here they carry the offset of the next page. */
const encodeToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeToken(token: string): number {
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw invalid(`invalid pageToken: '${token}'`);
  return Number(m[1]);
}

function oneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!allowed.includes(raw as T)) throw invalid(`parsing field "${name}": "${raw}" is not a valid value`);
  return raw as T;
}

type Filter = (n: ActiveNumber) => boolean;

function filters(query: URLSearchParams): Filter[] {
  const out: Filter[] = [];
  const region = query.get('regionCode');
  if (region) out.push((n) => n.regionCode === region.toUpperCase());
  const type = oneOf(query, 'type', NUMBER_TYPES);
  if (type) out.push((n) => n.type === type);
  // `capability` may be repeated or comma-joined; a number must have every one asked for.
  const capabilities = query.getAll('capability').flatMap((c) => c.split(',')).filter((c) => c !== '');
  for (const c of capabilities) {
    if (!(NUMBER_CAPABILITIES as readonly string[]).includes(c)) {
      throw invalid(`parsing field "capability": "${c}" is not a valid value`);
    }
    out.push((n) => (n.capability as string[]).includes(c));
  }
  const pattern = query.get('numberPattern.pattern')?.replace(/[\s+]/g, '');
  // Sinch's SDK spells it CONTAIN, the API reference CONTAINS: accept both. Approximation: the default
  // when only a pattern is given is undocumented; CONTAINS is the most tolerant.
  const search = oneOf(query, 'numberPattern.searchPattern', ['START', 'CONTAINS', 'CONTAIN', 'END'] as const);
  if (pattern) {
    const digits = (n: ActiveNumber) => n.phoneNumber.replace('+', '');
    if (search === 'START') out.push((n) => digits(n).startsWith(pattern));
    else if (search === 'END') out.push((n) => digits(n).endsWith(pattern));
    else out.push((n) => digits(n).includes(pattern));
  }
  return out;
}

function ordered(all: readonly ActiveNumber[], orderBy: string | null): readonly ActiveNumber[] {
  if (orderBy === null || orderBy === '' || orderBy === 'phoneNumber') return all;
  if (orderBy === 'displayName') {
    return [...all].sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''));
  }
  throw invalid(`orderBy must be 'phoneNumber' or 'displayName', got '${orderBy}'`);
}

export const listActiveNumbers: NumbersHandler = (ctx, project) => {
  const size = pageSize(ctx.query);
  const token = ctx.query.get('pageToken');
  const offset = token ? decodeToken(token) : 0;
  const keep = filters(ctx.query);
  const matching = ordered(project.all(), ctx.query.get('orderBy')).filter((n) => keep.every((f) => f(n)));
  const next = offset + size;
  const body: ActiveNumberList = {
    activeNumbers: matching.slice(offset, next),
    // Empty on the last page, as Sinch sends it; clients treat absent and empty alike.
    nextPageToken: next < matching.length ? encodeToken(next) : '',
    totalSize: matching.length,
  };
  return json(body);
};

export const getActiveNumber: NumbersHandler = (ctx, project) => {
  const raw = ctx.params[0];
  const digits = normalizeMsisdn(raw);
  const number = digits === undefined ? undefined : project.number(`+${digits}`);
  if (!number) {
    throw gatewayError(404, `Number ${raw} not found in project ${project.id}`, [
      { type: 'ResourceInfo', resourceType: 'ActiveNumber', resourceName: raw, owner: project.id, description: '' },
    ]);
  }
  return json(number);
};
