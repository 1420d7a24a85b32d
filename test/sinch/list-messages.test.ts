import { useNock, requestLines, requestsMade, SMS, smsApi } from './support/nock';
import { batch, inbound, planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { listMessages } from '../../src/sinch/functions/list-messages';
import { MAX_SCAN_REQUESTS } from '../../src/sinch/messages/message-stream';

useNock();
const NOW = Date.parse('2024-06-10T12:00:00Z');
/** NOW − 14 days: the window sent when start_date is omitted. */
const RETENTION_START = '2024-05-27T12:00:00.000Z';

const { invoke } = sinchCalls({ now: () => NOW, sleep: async () => undefined });

const minute = (n: number) => new Date(Date.parse('2024-06-06T09:00:00Z') + n * 60_000).toISOString();

// Newest first, as Sinch lists them.
const batches = [5, 3, 1].map((m) => batch({ id: `mt${m}`, to: [m === 3 ? '12025550199' : '12025550134'], created_at: minute(m) }));
const inbounds = [6, 4, 2].map((m) => inbound({ id: `mo${m}`, from: m === 4 ? '12025550199' : '12025550134', received_at: minute(m) }));

type Query = Record<string, string | number>;

/**
 * `GET /batches` or `GET /inbounds` with exactly `query` (page, page_size, filters, window), answered like
 * Sinch: the page's slice of `items`, `count` of all, `page_size` = items returned.
 */
function list(field: 'batches' | 'inbounds', items: Record<string, unknown>[], query: Query) {
  const page = Number(query.page);
  const size = Number(query.page_size);
  const slice = items.slice(page * size, (page + 1) * size);
  return smsApi()
    .get(`${SMS}/${field}`)
    .query({ start_date: RETENTION_START, ...query })
    .reply(200, { count: items.length, page, page_size: slice.length, [field]: slice });
}

/** The first page of 100 of both directions: what a merged list reads first. */
function bothFirstPages(extra: { mt?: Query; mo?: Query } = {}) {
  list('batches', batches, { page: 0, page_size: 100, ...extra.mt });
  list('inbounds', inbounds, { page: 0, page_size: 100, ...extra.mo });
}

const ids = (result: { messages: { id: string }[] }) => result.messages.map((m) => m.id);
const config = () => planConfig();

describe('sinch_list_messages', () => {
  it('merges sent and received messages newest first, each with direction and timestamp', async () => {
    bothFirstPages();
    const result = await invoke(listMessages, {}, config());
    expect(ids(result)).toEqual(['mo6', 'mt5', 'mo4', 'mt3', 'mo2', 'mt1']);
    expect(result).toMatchObject({ count: 6, count_exact: true, page: 0, page_size: 6 });
    expect(result.messages[0]).toEqual({ direction: 'mo', ...inbounds[0], timestamp: minute(6) });
    expect(result.messages[1]).toEqual({ direction: 'mt', ...batches[0], timestamp: minute(5) });
    expect(requestLines().sort()).toEqual([
      `GET ${SMS}/batches?page=0&page_size=100&start_date=2024-05-27T12%3A00%3A00.000Z`,
      `GET ${SMS}/inbounds?page=0&page_size=100&start_date=2024-05-27T12%3A00%3A00.000Z`,
    ]);
  });

  it('asks Sinch for the whole 14-day retention window when start_date is omitted', async () => {
    list('batches', batches, { page: 0, page_size: 30 });
    await invoke(listMessages, { direction: 'mt' }, config());
    expect(requestLines()).toEqual([`GET ${SMS}/batches?page=0&page_size=30&start_date=2024-05-27T12%3A00%3A00.000Z`]);
  });

  it('passes a given window on as UTC ISO strings', async () => {
    list('inbounds', inbounds, { page: 0, page_size: 30, start_date: '2024-06-01T08:00:00.000Z', end_date: '2024-06-02T00:00:00.000Z' });
    await invoke(listMessages, { direction: 'mo', start_date: '2024-06-01T10:00:00+02:00', end_date: '2024-06-02' }, config());
    expect(requestsMade()).toHaveLength(1);
  });

  it('slices pages consistently out of the merged sequence, reading from the start each time', async () => {
    for (let n = 0; n < 4; n++) bothFirstPages();
    const pages = [];
    for (const page of [0, 1, 2, 3]) pages.push(await invoke(listMessages, { page, page_size: 2 }, config()));
    expect(pages.map(ids)).toEqual([['mo6', 'mt5'], ['mo4', 'mt3'], ['mo2', 'mt1'], []]);
    expect(pages.map((p) => p.page_size)).toEqual([2, 2, 2, 0]);
    expect(pages.map((p) => p.count)).toEqual([6, 6, 6, 6]);
    expect(pages[3].hint).toBeUndefined(); // count is 6: not an empty list
    expect(requestLines()).toHaveLength(8);
  });

  it('keeps sent before received when both have the same time', async () => {
    const same = minute(10);
    list('batches', [batch({ id: 'mtA', created_at: same })], { page: 0, page_size: 100 });
    list('inbounds', [inbound({ id: 'moA', received_at: same })], { page: 0, page_size: 100 });
    expect(ids(await invoke(listMessages, {}, config()))).toEqual(['mtA', 'moA']);
  });

  it('uses Sinch paging directly for one direction that the server filters (one request)', async () => {
    list('batches', batches, { page: 1, page_size: 2, from: '+12025550100' });
    const result = await invoke(listMessages, { direction: 'mt', from: '+12025550100', page: 1, page_size: 2 }, config());
    expect(ids(result)).toEqual(['mt1']);
    expect(result).toMatchObject({ count: 3, count_exact: true, page: 1, page_size: 1 });
    expect(requestLines()).toEqual([
      `GET ${SMS}/batches?page=1&page_size=2&from=%2B12025550100&start_date=2024-05-27T12%3A00%3A00.000Z`,
    ]);
  });

  it('filters sent messages by recipient itself, comparing numbers without +', async () => {
    list('batches', batches, { page: 0, page_size: 100 });
    const result = await invoke(listMessages, { direction: 'mt', to: '+1 202 555 0199' }, config());
    expect(ids(result)).toEqual(['mt3']);
    expect(result).toMatchObject({ count: 1, count_exact: true });
  });

  it('filters received messages by sender itself and by recipient on the server', async () => {
    list('inbounds', inbounds, { page: 0, page_size: 100, to: '+12025550100' });
    const result = await invoke(listMessages, { direction: 'mo', from: '12025550199', to: '+12025550100' }, config());
    expect(ids(result)).toEqual(['mo4']);
    expect(requestLines()[0]).toContain('to=%2B12025550100');
  });

  it('merges both directions with the to filter applied to batches and sent to inbounds, normalized', async () => {
    bothFirstPages({ mo: { to: '+12025550134' } });
    const result = await invoke(listMessages, { to: '12025550134' }, config());
    expect(ids(result)).toEqual(['mo6', 'mt5', 'mo4', 'mo2', 'mt1']);
  });

  it('sends several from numbers comma-joined and filters inbounds by any of them', async () => {
    bothFirstPages({ mt: { from: '+12025550134,+12025550199' } });
    const result = await invoke(listMessages, { from: ['+12025550134', '+12025550199'] }, config());
    expect(ids(result)).toEqual(['mo6', 'mt5', 'mo4', 'mt3', 'mo2', 'mt1']);
    expect(requestLines().find((l) => l.includes('/batches'))).toContain('from=%2B12025550134,%2B12025550199');
  });

  it('flags count as a lower bound when a client-side filter has not scanned everything', async () => {
    const many = Array.from({ length: 250 }, (_, i) => batch({ id: `b${i}`, to: [i % 2 ? '12025550134' : '12025550199'], created_at: minute(1000 - i) }));
    list('batches', many, { page: 0, page_size: 100 });
    const first = await invoke(listMessages, { direction: 'mt', to: '+12025550134', page_size: 10 }, config());
    expect(ids(first)).toEqual(['b1', 'b3', 'b5', 'b7', 'b9', 'b11', 'b13', 'b15', 'b17', 'b19']);
    expect(first).toMatchObject({ count: 50, count_exact: false }); // matches among the first 100 scanned
    expect(requestLines()).toHaveLength(1);

    for (const page of [0, 1, 2]) list('batches', many, { page, page_size: 100 });
    const last = await invoke(listMessages, { direction: 'mt', to: '+12025550134', page: 12, page_size: 10 }, config());
    expect(ids(last)).toEqual(['b241', 'b243', 'b245', 'b247', 'b249']);
    expect(last).toMatchObject({ count: 125, count_exact: true, page_size: 5 });
    expect(requestLines()).toHaveLength(4);
  });

  it('gives an exact count when one direction is filtered and fully read and the other is not filtered', async () => {
    bothFirstPages({ mo: { to: '+12025550134' } });
    const result = await invoke(listMessages, { to: '+12025550134', page_size: 1 }, config());
    expect(result).toMatchObject({ count: 5, count_exact: true, page_size: 1 });
  });

  it('adds a retention hint to an empty result', async () => {
    list('batches', [], { page: 0, page_size: 100 });
    list('inbounds', [], { page: 0, page_size: 100 });
    const result = await invoke(listMessages, {}, config());
    expect(result).toMatchObject({ count: 0, count_exact: true, messages: [] });
    expect(result.hint).toMatch(/14 days/);
  });

  it(`raises limit_exceeded instead of scanning more than ${MAX_SCAN_REQUESTS} pages`, async () => {
    const lots = Array.from({ length: 100 }, (_, i) => batch({ id: `b${i}`, to: ['12025550199'], created_at: minute(-i) }));
    const seenPages: number[] = [];
    smsApi()
      .get(`${SMS}/batches`)
      .query((query) => query.page_size === '100' && query.start_date === RETENTION_START)
      .times(MAX_SCAN_REQUESTS)
      .reply(200, (uri) => {
        seenPages.push(Number(new URL(uri, 'https://x').searchParams.get('page')));
        return { count: 1_000_000, page: 0, page_size: 100, batches: lots };
      });
    const error = await rejectionOf(invoke(listMessages, { direction: 'mt', to: '+12025550134' }, config()));
    expect(error.toJSON()).toMatchObject({ code: 'limit_exceeded', field: 'page', function: 'sinch_list_messages' });
    expect(seenPages).toEqual(Array.from({ length: MAX_SCAN_REQUESTS }, (_, i) => i));
  });

  it('refuses a start_date after end_date before any request', async () => {
    const error = await rejectionOf(invoke(listMessages, { start_date: '2024-06-02', end_date: '2024-06-01' }, config()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'start_date' });
    expect(requestLines()).toEqual([]);
  });

  it('fails the whole list when one direction fails', async () => {
    list('batches', batches, { page: 0, page_size: 100 });
    smsApi().get(`${SMS}/inbounds`).query(true).reply(403, { code: 'blocked_account', text: 'blocked' });
    const error = await rejectionOf(invoke(listMessages, {}, config()));
    expect(error.toJSON()).toMatchObject({ code: 'permission_denied', sinch_code: 'blocked_account' });
    // Both directions are asked at once: let the other request reach nock before the test ends.
    for (let turn = 0; turn < 100 && requestsMade().length < 2; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requestsMade()).toHaveLength(2);
  });
});
