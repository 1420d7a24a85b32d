import { useNock, requestLines, SMS, smsApi } from './support/nock';
import { batch, planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { getGroup, listGroups } from '../../src/sinch/functions/groups';
import { listBatches } from '../../src/sinch/functions/list-batches';
import { prepareCall } from '../../src/integration/validate';

useNock();
const NOW = Date.parse('2024-06-10T12:00:00Z');

const { invoke, context } = sinchCalls({ now: () => NOW, sleep: async () => undefined });

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
    smsApi().get(`${SMS}/groups`).query({ page: 2, page_size: 5 }).reply(200, { count: 1, page: 2, page_size: 1, groups: [group] });
    const result = await invoke(listGroups, { page: 2, page_size: 5 }, planConfig());
    expect(result).toEqual({ count: 1, page: 2, page_size: 1, groups: [group] });
    expect(requestLines()).toEqual([`GET ${SMS}/groups?page=2&page_size=5`]);
  });

  it('asks for page 0 of 30 by default', async () => {
    smsApi().get(`${SMS}/groups`).query({ page: 0, page_size: 30 }).reply(200, { count: 0, page: 0, page_size: 0, groups: [] });
    await invoke(listGroups, undefined, planConfig());
  });

  it('gets one group by id, also positionally, keeping auto_update.to as Sinch sent it', async () => {
    smsApi().get(`${SMS}/groups/${group.id}`).reply(200, group);
    const input = prepareCall(getGroup, [group.id]);
    const result = await getGroup.handler(input, context(planConfig(), getGroup.name));
    expect(result).toEqual(group);
    expect(requestLines()).toEqual([`GET ${SMS}/groups/${group.id}`]);
  });

  it('reports an unknown group as not_found with a hint', async () => {
    smsApi().get(`${SMS}/groups/NOPE`).reply(404);
    const error = await rejectionOf(invoke(getGroup, { group_id: 'NOPE' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.details.hint).toContain('list_groups');
  });
});

describe('sinch_list_batches', () => {
  it('passes filters on, comma-joining senders and encoding +, with the 14-day default window', async () => {
    smsApi()
      .get(`${SMS}/batches`)
      .query({ page: 0, page_size: 50, from: '+12025550100,MyShop', start_date: '2024-05-27T12:00:00.000Z', client_reference: 'order 42' })
      .reply(200, { count: 1, page: 0, page_size: 1, batches: [batch()] });
    const result = await invoke(listBatches, { from: ['+12025550100', 'MyShop'], client_reference: 'order 42', page_size: 50 }, planConfig());
    expect(result).toEqual({ count: 1, page: 0, page_size: 1, batches: [batch()] });
    expect(requestLines()).toEqual([
      `GET ${SMS}/batches?page=0&page_size=50&from=%2B12025550100,MyShop&start_date=2024-05-27T12%3A00%3A00.000Z&client_reference=order%2042`,
    ]);
  });

  it('passes a given window on as UTC ISO strings', async () => {
    smsApi()
      .get(`${SMS}/batches`)
      .query({ page: 0, page_size: 30, start_date: '2024-06-01T00:00:00.000Z', end_date: '2024-06-02T10:30:00.000Z' })
      .reply(200, { count: 0, page: 0, page_size: 0, batches: [] });
    await invoke(listBatches, { start_date: '2024-06-01', end_date: '2024-06-02T12:30:00+02:00' }, planConfig());
  });

  it('adds a retention hint when nothing matched', async () => {
    smsApi().get(`${SMS}/batches`).query(true).reply(200, { count: 0, page: 0, page_size: 0, batches: [] });
    const result = await invoke(listBatches, {}, planConfig());
    expect(result.hint).toMatch(/14 days/);
  });

  it('names the missing field when the account has no SMS credentials', async () => {
    const error = await rejectionOf(invoke(listBatches, {}, { region: 'us', service_plan_id: 'p', timeout_ms: 1000 }));
    expect(error.code).toBe('not_configured');
    expect(error.details.fields).toEqual(['api_token']);
    expect(requestLines()).toEqual([]);
  });
});
