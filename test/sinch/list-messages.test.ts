import { useFakeServer } from './support/use-fake-server';
import type { RecordedRequest, Reply } from './support/fake-server';
import { batch, inbound, invoke, planConfig, rejectionOf, SMS } from './support/fixtures';
import { listMessages } from '../../src/sinch/functions/list-messages';
import { setClientDefaults } from '../../src/sinch/functions/client-for';

const fake = useFakeServer();
const NOW = Date.parse('2024-06-10T12:00:00Z');

beforeAll(() => setClientDefaults({ now: () => NOW, sleep: async () => undefined }));
afterAll(() => setClientDefaults({}));

const minute = (n: number) => new Date(Date.parse('2024-06-06T09:00:00Z') + n * 60_000).toISOString();

/** A server-side list route over `items`, honouring page/page_size like Sinch (page_size = items returned). */
function pagedRoute(field: 'batches' | 'inbounds', items: Record<string, unknown>[]) {
  return (request: RecordedRequest): Reply => {
    const page = Number(request.query.get('page') ?? 0);
    const size = Number(request.query.get('page_size') ?? 30);
    const slice = items.slice(page * size, page * size + size);
    return { status: 200, body: { count: items.length, page, page_size: slice.length, [field]: slice } };
  };
}

// Newest first, as Sinch lists them.
const batches = [5, 3, 1].map((m) => batch({ id: `mt${m}`, to: [m === 3 ? '12025550199' : '12025550134'], created_at: minute(m) }));
const inbounds = [6, 4, 2].map((m) => inbound({ id: `mo${m}`, from: m === 4 ? '12025550199' : '12025550134', received_at: minute(m) }));

function serve(times = 10) {
  fake.server.on('GET', `${SMS}/batches`, pagedRoute('batches', batches), times);
  fake.server.on('GET', `${SMS}/inbounds`, pagedRoute('inbounds', inbounds), times);
}

const config = () => planConfig(fake.server.url);

describe('sinch_list_messages', () => {
  it('merges sent and received messages newest first, each with direction and timestamp', async () => {
    serve();
    const result = await invoke(listMessages, {}, config());
    expect(result.messages.map((m: any) => m.id)).toEqual(['mo6', 'mt5', 'mo4', 'mt3', 'mo2', 'mt1']);
    expect(result).toMatchObject({ count: 6, count_exact: true, page: 0, page_size: 6 });
    expect(result.messages[0]).toMatchObject({ direction: 'mo', timestamp: minute(6), from: '12025550134', body: 'Hi back' });
    expect(result.messages[1]).toMatchObject({ direction: 'mt', timestamp: minute(5), to: ['12025550134'] });
  });

  it('asks Sinch for the whole 14-day retention window when start_date is omitted', async () => {
    serve();
    await invoke(listMessages, { direction: 'mt' }, config());
    expect(fake.server.requests[0].query.get('start_date')).toBe('2024-05-27T12:00:00.000Z');
    expect(fake.server.requests[0].query.has('end_date')).toBe(false);
  });

  it('passes a given window on as UTC ISO strings', async () => {
    serve();
    await invoke(listMessages, { direction: 'mo', start_date: '2024-06-01T10:00:00+02:00', end_date: '2024-06-02' }, config());
    expect(fake.server.requests[0].query.get('start_date')).toBe('2024-06-01T08:00:00.000Z');
    expect(fake.server.requests[0].query.get('end_date')).toBe('2024-06-02T00:00:00.000Z');
  });

  it('slices pages consistently out of the merged sequence', async () => {
    serve();
    const pages = [];
    for (const page of [0, 1, 2, 3]) pages.push(await invoke(listMessages, { page, page_size: 2 }, config()));
    expect(pages.map((p) => p.messages.map((m: any) => m.id))).toEqual([['mo6', 'mt5'], ['mo4', 'mt3'], ['mo2', 'mt1'], []]);
    expect(pages.map((p) => p.page_size)).toEqual([2, 2, 2, 0]);
    expect(pages[3].hint).toBeUndefined(); // count is 6: not an empty list
  });

  it('uses Sinch paging directly for one direction that the server filters (one request)', async () => {
    serve();
    const result = await invoke(listMessages, { direction: 'mt', from: '+12025550100', page: 1, page_size: 2 }, config());
    expect(result.messages.map((m: any) => m.id)).toEqual(['mt1']);
    expect(result).toMatchObject({ count: 3, count_exact: true, page: 1 });
    expect(fake.server.requests).toHaveLength(1);
    expect(fake.server.requests[0].url).toContain('from=%2B12025550100');
    expect(fake.server.requests[0].query.get('page')).toBe('1');
  });

  it('filters sent messages by recipient itself, comparing numbers without +', async () => {
    serve();
    const result = await invoke(listMessages, { direction: 'mt', to: '+1 202 555 0199' }, config());
    expect(result.messages.map((m: any) => m.id)).toEqual(['mt3']);
    expect(result).toMatchObject({ count: 1, count_exact: true });
    expect(fake.server.requests[0].query.has('to')).toBe(false);
  });

  it('filters received messages by sender itself and by recipient on the server', async () => {
    serve();
    const result = await invoke(listMessages, { direction: 'mo', from: '12025550199', to: '+12025550100' }, config());
    expect(result.messages.map((m: any) => m.id)).toEqual(['mo4']);
    expect(fake.server.requests[0].query.get('to')).toBe('+12025550100');
  });

  it('merges both directions with the to filter applied to batches and sent to inbounds', async () => {
    serve();
    const result = await invoke(listMessages, { to: '12025550134' }, config());
    expect(result.messages.map((m: any) => m.id)).toEqual(['mo6', 'mt5', 'mo4', 'mo2', 'mt1']);
    const inboundQuery = fake.server.requests.find((r) => r.path.endsWith('/inbounds'))!.query;
    expect(inboundQuery.get('to')).toBe('+12025550134'); // normalized before it is sent
  });

  it('flags count as a lower bound when a client-side filter has not scanned everything', async () => {
    const many = Array.from({ length: 250 }, (_, i) => batch({ id: `b${i}`, to: [i % 2 ? '12025550134' : '12025550199'], created_at: minute(1000 - i) }));
    fake.server.on('GET', `${SMS}/batches`, pagedRoute('batches', many), 5);
    const result = await invoke(listMessages, { direction: 'mt', to: '+12025550134', page_size: 10 }, config());
    expect(result.messages).toHaveLength(10);
    expect(result.count_exact).toBe(false);
    expect(result.count).toBe(50); // matches among the first 100 scanned
    expect(fake.server.requests).toHaveLength(1);

    fake.server.reset();
    fake.server.on('GET', `${SMS}/batches`, pagedRoute('batches', many), 5);
    const last = await invoke(listMessages, { direction: 'mt', to: '+12025550134', page: 12, page_size: 10 }, config());
    expect(last.messages.map((m: any) => m.id)).toEqual(['b241', 'b243', 'b245', 'b247', 'b249']);
    expect(last).toMatchObject({ count: 125, count_exact: true, page_size: 5 });
  });

  it('adds a retention hint to an empty result', async () => {
    fake.server.on('GET', `${SMS}/batches`, pagedRoute('batches', []));
    fake.server.on('GET', `${SMS}/inbounds`, pagedRoute('inbounds', []));
    const result = await invoke(listMessages, {}, config());
    expect(result).toMatchObject({ count: 0, count_exact: true, messages: [] });
    expect(result.hint).toMatch(/14 days/);
  });

  it('raises limit_exceeded instead of scanning without end', async () => {
    const lots = Array.from({ length: 100 }, (_, i) => batch({ id: `b${i}`, to: ['12025550199'], created_at: minute(-i) }));
    fake.server.on('GET', `${SMS}/batches`, () => ({ status: 200, body: { count: 1_000_000, page: 0, page_size: 100, batches: lots } }), 60);
    const error = await rejectionOf(invoke(listMessages, { direction: 'mt', to: '+12025550134' }, config()));
    expect(error.code).toBe('limit_exceeded');
    expect(fake.server.requests).toHaveLength(50);
  });

  it('refuses a start_date after end_date before any request', async () => {
    const error = await rejectionOf(invoke(listMessages, { start_date: '2024-06-02', end_date: '2024-06-01' }, config()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'start_date' });
    expect(fake.server.requests).toHaveLength(0);
  });
});
