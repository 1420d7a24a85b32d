import { useFakeServer } from './support/use-fake-server';
import type { RecordedRequest, Reply } from './support/fake-server';
import { fullConfig, invoke, NUMBERS, planConfig, rejectionOf } from './support/fixtures';
import { getPhoneNumber, listPhoneNumbers } from '../../src/sinch/functions/phone-numbers';
import { setClientDefaults } from '../../src/sinch/functions/client-for';

const fake = useFakeServer();

beforeAll(() => setClientDefaults({ sleep: async () => undefined }));
afterAll(() => setClientDefaults({}));

const NUMBERS_LIST = Array.from({ length: 7 }, (_, i) => ({
  phoneNumber: `+1202555010${i}`,
  projectId: 'test-project',
  regionCode: 'US',
  type: 'LOCAL',
  capability: ['SMS'],
  money: { currencyCode: 'USD', amount: '2.00' },
}));

/** Token paging like the Numbers API: the token is the offset, opaque to the client. */
function tokenRoute(request: RecordedRequest): Reply {
  const size = Number(request.query.get('pageSize'));
  const offset = Number(request.query.get('pageToken') ? request.query.get('pageToken')!.replace('tok-', '') : 0);
  const slice = NUMBERS_LIST.slice(offset, offset + size);
  const next = offset + size < NUMBERS_LIST.length ? `tok-${offset + size}` : '';
  return { status: 200, body: { activeNumbers: slice, nextPageToken: next, totalSize: NUMBERS_LIST.length } };
}

function serve(times = 20) {
  fake.server.on('POST', '/oauth2/token', { status: 200, body: { access_token: 'tok', expires_in: 3600 } }, 5);
  fake.server.on('GET', `${NUMBERS}/activeNumbers`, tokenRoute, times);
}

const listCalls = () => fake.server.requests.filter((r) => r.path === `${NUMBERS}/activeNumbers`);

describe('sinch_list_phone_numbers', () => {
  it('returns {count, page, page_size, phone_numbers} for the first page with one request', async () => {
    serve();
    const result = await invoke(listPhoneNumbers, { page_size: 3 }, fullConfig(fake.server.url));
    expect(result).toMatchObject({ count: 7, page: 0, page_size: 3 });
    expect(result.phone_numbers.map((n: any) => n.phoneNumber)).toEqual(['+12025550100', '+12025550101', '+12025550102']);
    expect(listCalls()).toHaveLength(1);
    expect(listCalls()[0].query.get('pageToken')).toBeNull();
  });

  it('costs one request per page when pages are read in order (tokens are remembered)', async () => {
    serve();
    const config = fullConfig(fake.server.url);
    for (const page of [0, 1, 2]) {
      const result = await invoke(listPhoneNumbers, { page, page_size: 3 }, config);
      expect(result.phone_numbers).toHaveLength(page === 2 ? 1 : 3);
    }
    expect(listCalls().map((r) => r.query.get('pageToken'))).toEqual([null, 'tok-3', 'tok-6']);
  });

  it('walks the tokens forward to reach a page read first', async () => {
    serve();
    const result = await invoke(listPhoneNumbers, { page: 2, page_size: 2 }, fullConfig(fake.server.url));
    expect(result.phone_numbers.map((n: any) => n.phoneNumber)).toEqual(['+12025550104', '+12025550105']);
    expect(listCalls()).toHaveLength(3);
  });

  it('answers a page past the end with an empty list and the total count', async () => {
    serve();
    const result = await invoke(listPhoneNumbers, { page: 9, page_size: 5 }, fullConfig(fake.server.url));
    expect(result).toEqual({ count: 7, page: 9, page_size: 0, phone_numbers: [] });
    expect(listCalls()).toHaveLength(2);
  });

  it('walks again from the first page when a remembered token is refused', async () => {
    serve();
    const config = fullConfig(fake.server.url);
    await invoke(listPhoneNumbers, { page: 1, page_size: 3 }, config);
    fake.server.reset();
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 400, body: { error: { code: 400, message: 'Invalid page token', status: 'INVALID_ARGUMENT' } } });
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, tokenRoute, 5);
    const result = await invoke(listPhoneNumbers, { page: 1, page_size: 3 }, config);
    expect(result.phone_numbers[0].phoneNumber).toBe('+12025550103');
    expect(listCalls().map((r) => r.query.get('pageToken'))).toEqual(['tok-3', null, 'tok-3']);
  });

  it('says exactly which fields to add when the account has no project keys', async () => {
    const error = await rejectionOf(invoke(listPhoneNumbers, {}, planConfig(fake.server.url, { project_id: 'p1' })));
    expect(error.code).toBe('not_configured');
    expect(error.details.fields).toEqual(['key_id', 'key_secret']);
    expect(error.message).toContain('key_id and key_secret');
    expect(error.message).toContain('SINCH_KEY_ID');
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('sinch_get_phone_number', () => {
  it('reads /activeNumbers/{+E164} with a literal plus, normalizing the input', async () => {
    fake.server.on('POST', '/oauth2/token', { status: 200, body: { access_token: 'tok', expires_in: 3600 } });
    fake.server.on('GET', `${NUMBERS}/activeNumbers/+12025550100`, { status: 200, body: NUMBERS_LIST[0] });
    const result = await invoke(getPhoneNumber, { phone_number: '+1 (202) 555-0100' }, fullConfig(fake.server.url));
    expect(result).toEqual(NUMBERS_LIST[0]);
    expect(fake.server.requests[1].url).toBe(`${NUMBERS}/activeNumbers/+12025550100`);
  });

  it('refuses a number that is not E.164 before any request, showing an example', async () => {
    const error = await rejectionOf(invoke(getPhoneNumber, { phone_number: '555-0100' }, fullConfig(fake.server.url)));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toContain('+12025550134');
    expect(fake.server.requests).toHaveLength(0);
  });
});
