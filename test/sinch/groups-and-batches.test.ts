import { useFakeServer } from './support/use-fake-server';
import { batch, invoke, planConfig, rejectionOf, SMS, TOKEN } from './support/fixtures';
import { getGroup, listGroups } from '../../src/sinch/functions/groups';
import { listBatches } from '../../src/sinch/functions/list-batches';
import { setClientDefaults } from '../../src/sinch/functions/client-for';

const fake = useFakeServer();
const NOW = Date.parse('2024-06-10T12:00:00Z');

beforeAll(() => setClientDefaults({ now: () => NOW, sleep: async () => undefined }));
afterAll(() => setClientDefaults({}));

const group = {
  id: '01W4FFL35P4NC4K35SMSGROUP1',
  name: 'Subscribers',
  size: 2,
  created_at: '2024-06-06T08:00:00.000Z',
  modified_at: '2024-06-06T08:00:00.000Z',
  auto_update: { to: 12025550100, add: { first_word: 'JOIN' } },
};

describe('sinch_list_groups and sinch_get_group', () => {
  it('lists groups with the service-plan token and Sinch paging', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: { count: 1, page: 2, page_size: 1, groups: [group] } });
    const result = await invoke(listGroups, { page: 2, page_size: 5 }, planConfig(fake.server.url));
    expect(result).toEqual({ count: 1, page: 2, page_size: 1, groups: [group] });
    expect(fake.server.requests[0].url).toBe(`${SMS}/groups?page=2&page_size=5`);
    expect(fake.server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('gets one group by id, also positionally, keeping auto_update.to as Sinch sent it', async () => {
    fake.server.on('GET', `${SMS}/groups/${group.id}`, { status: 200, body: group });
    const { prepareCall } = await import('../../src/integration/validate');
    const input = prepareCall(getGroup, [group.id]);
    const result = await getGroup.handler(input, {
      account: { name: 'default', permissions: { read: 'allow', write: 'ask' }, config: planConfig(fake.server.url) },
      functionName: getGroup.name,
      signal: new AbortController().signal,
    });
    expect(result).toEqual(group);
  });

  it('reports an unknown group as not_found with a hint', async () => {
    fake.server.on('GET', `${SMS}/groups/NOPE`, { status: 404 });
    const error = await rejectionOf(invoke(getGroup, { group_id: 'NOPE' }, planConfig(fake.server.url)));
    expect(error.toJSON()).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.details.hint).toContain('list_groups');
  });
});

describe('sinch_list_batches', () => {
  it('passes filters on, comma-joining senders and encoding +, with the 14-day default window', async () => {
    fake.server.on('GET', `${SMS}/batches`, { status: 200, body: { count: 1, page: 0, page_size: 1, batches: [batch()] } });
    const result = await invoke(
      listBatches,
      { from: ['+12025550100', 'MyShop'], client_reference: 'order 42', page_size: 50 },
      planConfig(fake.server.url),
    );
    expect(result).toEqual({ count: 1, page: 0, page_size: 1, batches: [batch()] });
    const request = fake.server.requests[0];
    expect(request.url).toContain('from=%2B12025550100,MyShop');
    expect(request.query.get('client_reference')).toBe('order 42');
    expect(request.query.get('page_size')).toBe('50');
    expect(request.query.get('start_date')).toBe('2024-05-27T12:00:00.000Z');
  });

  it('adds a retention hint when nothing matched', async () => {
    fake.server.on('GET', `${SMS}/batches`, { status: 200, body: { count: 0, page: 0, page_size: 0, batches: [] } });
    const result = await invoke(listBatches, {}, planConfig(fake.server.url));
    expect(result.hint).toMatch(/14 days/);
  });

  it('names the missing field when the account has no SMS credentials', async () => {
    const error = await rejectionOf(invoke(listBatches, {}, { region: 'us', service_plan_id: 'p', timeout_ms: 1000 }));
    expect(error.code).toBe('not_configured');
    expect(error.details.fields).toEqual(['api_token']);
  });
});
