import { useNock, bearerApi, grantsToken, NUMBERS, NUMBERS_ORIGIN, requestLines } from './support/nock';
import { fullConfig, planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { getPhoneNumber, listPhoneNumbers } from '../../src/sinch/functions/phone-numbers';
import { MAX_NUMBERS_PAGE_SIZE, MAX_WALK_REQUESTS } from '../../src/sinch/numbers/list-page';

useNock();

const { invoke } = sinchCalls({ sleep: async () => undefined });

const ACTIVE = `${NUMBERS}/activeNumbers`;
const NUMBERS_LIST = Array.from({ length: 7 }, (_, i) => ({
  phoneNumber: `+1202555010${i}`,
  projectId: 'test-project',
  regionCode: 'US',
  type: 'LOCAL',
  capability: ['SMS'],
  money: { currencyCode: 'USD', amount: '2.00' },
}));

const api = () => bearerApi(NUMBERS_ORIGIN, 'tok');

/**
 * One page as the Numbers API serves it: `GET /activeNumbers?pageSize=&pageToken=` matched exactly, the
 * token being the offset (opaque to the client), `nextPageToken` empty on the last page.
 */
function page(size: number, offset: number, token?: string) {
  const next = offset + size < NUMBERS_LIST.length ? `tok-${offset + size}` : '';
  return api()
    .get(ACTIVE)
    .query(token === undefined ? { pageSize: size } : { pageSize: size, pageToken: token })
    .reply(200, { activeNumbers: NUMBERS_LIST.slice(offset, offset + size), nextPageToken: next, totalSize: NUMBERS_LIST.length });
}

const line = (size: number, token?: string) => `GET ${ACTIVE}?pageSize=${size}${token ? `&pageToken=${token}` : ''}`;
const phones = (result: { phone_numbers: { phoneNumber: string }[] }) => result.phone_numbers.map((n) => n.phoneNumber);

describe('sinch_list_phone_numbers', () => {
  it('returns {count, page, page_size, phone_numbers} for the first page with one request', async () => {
    grantsToken('tok');
    page(3, 0);
    const result = await invoke(listPhoneNumbers, { page_size: 3 }, fullConfig());
    expect(result).toEqual({ count: 7, page: 0, page_size: 3, phone_numbers: NUMBERS_LIST.slice(0, 3) });
    expect(requestLines()).toEqual(['POST /oauth2/token', line(3)]);
  });

  it('costs one request per page when pages are read in order (tokens are remembered)', async () => {
    grantsToken('tok');
    page(3, 0);
    page(3, 3, 'tok-3');
    page(3, 6, 'tok-6');
    const config = fullConfig();
    const results = [];
    for (const n of [0, 1, 2]) results.push(await invoke(listPhoneNumbers, { page: n, page_size: 3 }, config));
    expect(results.map(phones)).toEqual([
      ['+12025550100', '+12025550101', '+12025550102'],
      ['+12025550103', '+12025550104', '+12025550105'],
      ['+12025550106'],
    ]);
    expect(results.map((r) => r.page_size)).toEqual([3, 3, 1]);
    expect(requestLines()).toEqual(['POST /oauth2/token', line(3), line(3, 'tok-3'), line(3, 'tok-6')]);
  });

  it('reads a page far from the start in one request of (page + 1) × page_size items, not one per earlier page', async () => {
    grantsToken('tok');
    page(6, 0);
    const config = fullConfig();
    const third = await invoke(listPhoneNumbers, { page: 2, page_size: 2 }, config);
    expect(third).toEqual({ count: 7, page: 2, page_size: 2, phone_numbers: NUMBERS_LIST.slice(4, 6) });
    expect(requestLines()).toEqual(['POST /oauth2/token', line(6)]);

    page(4, 0);
    const second = await invoke(listPhoneNumbers, { page: 1, page_size: 2 }, config);
    expect(phones(second)).toEqual(['+12025550102', '+12025550103']);
    expect(requestLines().slice(2)).toEqual([line(4)]);
  });

  it('keeps going when Sinch returns fewer items than asked for, and uses each token only with its own page size', async () => {
    grantsToken('tok');
    // A server that caps pageSize at 2: the client asked for 6 and walks on with the token it got.
    api().get(ACTIVE).query({ pageSize: 6 }).reply(200, { activeNumbers: NUMBERS_LIST.slice(0, 2), nextPageToken: 'tok-2', totalSize: 7 });
    api().get(ACTIVE).query({ pageSize: 6, pageToken: 'tok-2' }).reply(200, { activeNumbers: NUMBERS_LIST.slice(2, 4), nextPageToken: 'tok-4', totalSize: 7 });
    api().get(ACTIVE).query({ pageSize: 6, pageToken: 'tok-4' }).reply(200, { activeNumbers: NUMBERS_LIST.slice(4, 6), nextPageToken: 'tok-6', totalSize: 7 });
    const config = fullConfig();
    const third = await invoke(listPhoneNumbers, { page: 2, page_size: 2 }, config);
    expect(phones(third)).toEqual(['+12025550104', '+12025550105']);
    page(3, 0);
    page(3, 3, 'tok-3');
    page(2, 0);
    page(2, 2, 'tok-2');
    await invoke(listPhoneNumbers, { page: 0, page_size: 3 }, config);
    await invoke(listPhoneNumbers, { page: 1, page_size: 3 }, config);
    await invoke(listPhoneNumbers, { page: 0, page_size: 2 }, config);
    await invoke(listPhoneNumbers, { page: 1, page_size: 2 }, config);
    expect(requestLines().slice(4)).toEqual([line(3), line(3, 'tok-3'), line(2), line(2, 'tok-2')]);
  });

  it('walks in pages of the largest size from the nearest remembered token beyond that size', async () => {
    grantsToken('tok');
    const big = Array.from({ length: 2500 }, (_, i) => ({ ...NUMBERS_LIST[0], phoneNumber: `+1202556${String(i).padStart(4, '0')}` }));
    const serve = (offset: number, token?: string) =>
      api()
        .get(ACTIVE)
        .query(token === undefined ? { pageSize: MAX_NUMBERS_PAGE_SIZE } : { pageSize: MAX_NUMBERS_PAGE_SIZE, pageToken: token })
        .reply(200, { activeNumbers: big.slice(offset, offset + MAX_NUMBERS_PAGE_SIZE), nextPageToken: offset + 1000 < 2500 ? `tok-${offset + 1000}` : '', totalSize: 2500 });
    serve(0);
    serve(1000, 'tok-1000');
    serve(2000, 'tok-2000');
    const config = fullConfig();
    const result = await invoke(listPhoneNumbers, { page: 21, page_size: 100 }, config);
    expect(result.phone_numbers.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual(big.slice(2100, 2200).map((n) => n.phoneNumber));
    serve(2000, 'tok-2000');
    await invoke(listPhoneNumbers, { page: 20, page_size: 100 }, config);
    expect(requestLines()).toEqual([
      'POST /oauth2/token',
      line(MAX_NUMBERS_PAGE_SIZE),
      line(MAX_NUMBERS_PAGE_SIZE, 'tok-1000'),
      line(MAX_NUMBERS_PAGE_SIZE, 'tok-2000'),
      line(MAX_NUMBERS_PAGE_SIZE, 'tok-2000'),
    ]);
  });

  it('answers a page past the end with an empty list and the total count, in one request', async () => {
    grantsToken('tok');
    page(50, 0);
    const result = await invoke(listPhoneNumbers, { page: 9, page_size: 5 }, fullConfig());
    expect(result).toEqual({ count: 7, page: 9, page_size: 0, phone_numbers: [] });
    expect(requestLines()).toEqual(['POST /oauth2/token', line(50)]);
  });

  it('counts the page when Sinch leaves out totalSize', async () => {
    grantsToken('tok');
    api().get(ACTIVE).query({ pageSize: 30 }).reply(200, { activeNumbers: NUMBERS_LIST.slice(0, 2) });
    const result = await invoke(listPhoneNumbers, {}, fullConfig());
    expect(result).toMatchObject({ count: 2, page: 0, page_size: 2 });
  });

  it('starts over from the first item when a remembered token is refused', async () => {
    grantsToken('tok');
    page(3, 0);
    page(3, 3, 'tok-3');
    const config = fullConfig();
    await invoke(listPhoneNumbers, { page: 0, page_size: 3 }, config);
    await invoke(listPhoneNumbers, { page: 1, page_size: 3 }, config);
    api()
      .get(ACTIVE)
      .query({ pageSize: 3, pageToken: 'tok-3' })
      .reply(400, { error: { code: 400, message: 'Invalid page token', status: 'INVALID_ARGUMENT' } });
    page(6, 0);
    const result = await invoke(listPhoneNumbers, { page: 1, page_size: 3 }, config);
    expect(result.phone_numbers[0].phoneNumber).toBe('+12025550103');
    expect(requestLines().slice(3)).toEqual([line(3, 'tok-3'), line(6)]);
  });

  it('does not walk again when the first page itself is refused', async () => {
    grantsToken('tok');
    api().get(ACTIVE).query({ pageSize: 3 }).reply(400, { error: { code: 400, message: 'Bad size', status: 'INVALID_ARGUMENT' } });
    const error = await rejectionOf(invoke(listPhoneNumbers, { page_size: 3 }, fullConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', sinch_code: 'INVALID_ARGUMENT' });
    expect(requestLines()).toEqual(['POST /oauth2/token', line(3)]);
  });

  it(`raises limit_exceeded rather than walk more than ${MAX_WALK_REQUESTS} pages`, async () => {
    grantsToken('tok');
    api()
      .get(ACTIVE)
      .query(true)
      .times(MAX_WALK_REQUESTS)
      .reply(200, (uri) => {
        const token = new URL(uri, NUMBERS_ORIGIN).searchParams.get('pageToken') ?? 'p0';
        return { activeNumbers: [NUMBERS_LIST[0]], nextPageToken: `p${Number(token.slice(1)) + 1}`, totalSize: 1000 };
      });
    const error = await rejectionOf(invoke(listPhoneNumbers, { page: 60, page_size: 1 }, fullConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'limit_exceeded', field: 'page', function: 'sinch_list_phone_numbers' });
    expect(error.message).toContain('use a larger page_size or read the pages in order');
    expect(requestLines()).toHaveLength(1 + MAX_WALK_REQUESTS);
  });

  it('says exactly which fields to add when the account has no project keys', async () => {
    const error = await rejectionOf(invoke(listPhoneNumbers, {}, planConfig({ project_id: 'p1', origin: { kind: 'env' } })));
    expect(error.code).toBe('not_configured');
    expect(error.details.fields).toEqual(['key_id', 'key_secret']);
    expect(error.message).toContain('key_id and key_secret');
    expect(error.message).toContain('Set SINCH_KEY_ID and SINCH_KEY_SECRET in the environment.');
    expect(requestLines()).toEqual([]);
  });
});

describe('sinch_get_phone_number', () => {
  it('reads /activeNumbers/{+E164} with a literal plus, normalizing the input', async () => {
    grantsToken('tok');
    api().get(`${ACTIVE}/+12025550100`).reply(200, NUMBERS_LIST[0]);
    const result = await invoke(getPhoneNumber, { phone_number: '+1 (202) 555-0100' }, fullConfig());
    expect(result).toEqual(NUMBERS_LIST[0]);
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${ACTIVE}/+12025550100`]);
  });

  it('refuses a number that is not E.164 before any request, showing an example', async () => {
    const error = await rejectionOf(invoke(getPhoneNumber, { phone_number: '555-0100' }, fullConfig()));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toContain('+12025550134');
    expect(requestLines()).toEqual([]);
  });

  it('refuses an answer without phoneNumber', async () => {
    grantsToken('tok');
    api().get(`${ACTIVE}/+12025550100`).reply(200, { projectId: 'x' });
    const error = await rejectionOf(invoke(getPhoneNumber, { phone_number: '+12025550100' }, fullConfig()));
    expect(error.message).toBe('Sinch Numbers API answered with an unexpected shape: "phoneNumber" is missing');
  });
});
