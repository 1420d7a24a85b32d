/**
 * `page`/`page_size` over the Numbers API's `pageToken` (docs/sinch-wire.md, "Token paging"), in as few
 * sequential round trips as it takes (issue #9, "Done when"):
 *
 * - reading pages in order costs one request each: the token for the next page is remembered;
 * - a page far from the start, without a remembered token, is read in one request of `pageSize` =
 *   (page + 1) × page_size, keeping the last page_size items, rather than walking every earlier page;
 * - beyond what one request may ask for (`MAX_NUMBERS_PAGE_SIZE`), it walks in pages of that size from the
 *   nearest remembered token.
 *
 * Items are counted by what Sinch actually returned, so a server that caps `pageSize` lower than asked still
 * gives the right slice (the walk simply continues). A walk longer than 50 requests is refused, and a
 * remembered token Sinch refuses (400/404; how long tokens live is **unconfirmed**) makes it start over once.
 */
import { IntegrationError } from '../../errors';
import type { ActiveNumber } from '../../wire/numbers';
import type { RequestOptions, SinchClient } from '../client/sinch-client';
import { BadRequestError, NotFoundError } from '../http/api-errors';

/** Requests one call may spend walking tokens. */
export const MAX_WALK_REQUESTS = 50;
/**
 * The largest `pageSize` asked for in one request. Sinch documents no maximum (**unconfirmed**; the emulator
 * lowers larger sizes to 1000); a lower cap at Sinch costs more requests, not wrong pages.
 */
export const MAX_NUMBERS_PAGE_SIZE = 1000;

export interface PhoneNumberPage {
  /** `totalSize`: all active numbers of the project. */
  readonly count: number;
  readonly page: number;
  /** The number of items on this page (as Sinch's SMS lists count it). */
  readonly page_size: number;
  readonly phone_numbers: ActiveNumber[];
}

interface Walk {
  readonly pageSize: number;
  readonly offset: number;
  readonly token: string;
}

/** Where to start reading [start, end): the fewest sequential requests, then the fewest items. */
function plan(client: SinchClient, pageSize: number, start: number, end: number): Walk {
  const tokens = client.numberPageTokens;
  const exact = tokens.at(pageSize, start);
  if (exact !== undefined) return { pageSize, offset: start, token: exact };
  if (end <= MAX_NUMBERS_PAGE_SIZE) return { pageSize: end, offset: 0, token: '' };
  const from = tokens.nearest(MAX_NUMBERS_PAGE_SIZE, start);
  return { pageSize: MAX_NUMBERS_PAGE_SIZE, offset: from.offset, token: from.token };
}

export async function readPhoneNumberPage(
  client: SinchClient,
  page: number,
  pageSize: number,
  options: RequestOptions = {},
): Promise<PhoneNumberPage> {
  const start = page * pageSize;
  for (let fresh = false; ; fresh = true) {
    const walk = plan(client, pageSize, start, start + pageSize);
    try {
      return await read(client, walk, page, pageSize, options);
    } catch (error) {
      // A remembered token Sinch no longer accepts (approximation: token lifetime is undocumented):
      // forget the tokens of that size and start once more.
      if (fresh || walk.offset === 0 || !(error instanceof BadRequestError || error instanceof NotFoundError)) throw error;
      client.numberPageTokens.forget(walk.pageSize);
    }
  }
}

async function read(client: SinchClient, walk: Walk, page: number, pageSize: number, options: RequestOptions): Promise<PhoneNumberPage> {
  const start = page * pageSize;
  const end = start + pageSize;
  const items: ActiveNumber[] = [];
  let offset = walk.offset;
  let token = walk.token;
  let count = 0;
  for (let requests = 0; ; requests++) {
    if (requests >= MAX_WALK_REQUESTS) {
      throw new IntegrationError(
        'limit_exceeded',
        `sinch_list_phone_numbers: reaching page ${page} with page_size ${pageSize} needs more than ${MAX_WALK_REQUESTS} requests to Sinch; use a larger page_size or read the pages in order`,
        { function: 'sinch_list_phone_numbers', field: 'page' },
      );
    }
    const result = await client.listActiveNumbers({ pageSize: walk.pageSize, ...(token ? { pageToken: token } : {}) }, options);
    const got = result.activeNumbers;
    count = typeof result.totalSize === 'number' ? result.totalSize : offset + got.length;
    for (let i = Math.max(0, start - offset); i < got.length && offset + i < end; i++) items.push(got[i]);
    offset += got.length;
    const next = result.nextPageToken;
    if (next) client.numberPageTokens.remember(walk.pageSize, offset, next);
    // Done: the page is complete, or the list ended (a page past the end is empty, like Sinch's SMS lists).
    if (offset >= end || !next || got.length === 0) return { count, page, page_size: items.length, phone_numbers: items };
    token = next;
  }
}
