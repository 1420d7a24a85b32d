/**
 * `page`/`page_size` over the Numbers API's `pageToken` (docs/sinch-wire.md, "Token paging"):
 * start from the nearest page whose token is remembered and walk `nextPageToken` forward, remembering each
 * token, so that reading pages in order costs one request each.
 */
import { IntegrationError } from '../../errors';
import type { ActiveNumber } from '../../wire/numbers';
import type { RequestOptions, SinchClient } from '../client/sinch-client';
import { BadRequestError, NotFoundError } from '../http/api-errors';

/** Requests one call may spend walking tokens. */
export const MAX_WALK_REQUESTS = 50;

export interface PhoneNumberPage {
  /** `totalSize`: all active numbers of the project. */
  readonly count: number;
  readonly page: number;
  /** The number of items on this page (as Sinch's SMS lists count it). */
  readonly page_size: number;
  readonly phone_numbers: ActiveNumber[];
}

export async function readPhoneNumberPage(
  client: SinchClient,
  page: number,
  pageSize: number,
  options: RequestOptions = {},
): Promise<PhoneNumberPage> {
  const tokens = client.numberPageTokens;
  for (let fresh = false; ; fresh = true) {
    const start = tokens.nearest(pageSize, page);
    try {
      return await walk(client, start, page, pageSize, options);
    } catch (error) {
      // A remembered token Sinch no longer accepts (approximation: token lifetime is undocumented):
      // forget the tokens and walk once more from the first page.
      if (fresh || start.page === 0 || !(error instanceof BadRequestError || error instanceof NotFoundError)) throw error;
      tokens.forget(pageSize);
    }
  }
}

async function walk(
  client: SinchClient,
  start: { page: number; token: string },
  page: number,
  pageSize: number,
  options: RequestOptions,
): Promise<PhoneNumberPage> {
  let at = start.page;
  let token = start.token;
  for (let requests = 0; ; requests++) {
    if (requests >= MAX_WALK_REQUESTS) {
      throw new IntegrationError(
        'limit_exceeded',
        `sinch_list_phone_numbers: reaching page ${page} with page_size ${pageSize} needs more than ${MAX_WALK_REQUESTS} requests to Sinch; use a larger page_size or read the pages in order`,
        { function: 'sinch_list_phone_numbers', field: 'page' },
      );
    }
    const result = await client.listActiveNumbers({ pageSize, ...(token ? { pageToken: token } : {}) }, options);
    const next = result.nextPageToken;
    if (next) client.numberPageTokens.remember(pageSize, at + 1, next);
    const count = typeof result.totalSize === 'number' ? result.totalSize : result.activeNumbers.length;
    if (at === page) return { count, page, page_size: result.activeNumbers.length, phone_numbers: result.activeNumbers };
    // Past the last page: empty, like Sinch's SMS lists (`{"count":3,"page":2,"page_size":0,...}`).
    if (!next) return { count, page, page_size: 0, phone_numbers: [] };
    at += 1;
    token = next;
  }
}
