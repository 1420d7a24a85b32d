import { DAY, HOUR, iso, useEmulator } from './harness';

describe('SMS inbounds', () => {
  const h = useEmulator({ demoData: false });
  beforeEach(() => h.reset());

  const inject = async (body: Record<string, unknown>) => h.call('POST', '/_emulator/inbounds', { body, auth: null });

  it('creates an inbound through the control route and serves it by id', async () => {
    const created = await inject({ from: '+1 202 555 0111', to: '+12025550142', body: 'Yes please' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      from: '12025550111',
      to: '12025550142',
      body: 'Yes please',
      type: 'mo_text',
      received_at: iso(h.emulator.clock.now()),
    });
    const got = await h.sms('GET', `/inbounds/${created.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(created.json);
  });

  it('lists inbounds newest first, paged, within the last 24 hours by default', async () => {
    const now = h.emulator.clock.now();
    await inject({ from: '12025550111', to: '12025550142', body: 'old', received_at: iso(now - 2 * DAY) });
    await inject({ from: '12025550112', to: '12025550142', body: 'b', received_at: iso(now - 2 * HOUR) });
    await inject({ from: '12025550113', to: '12025550142', body: 'c', received_at: iso(now - HOUR) });
    // Injected out of order: still listed by received_at.
    await inject({ from: '12025550114', to: '12025550142', body: 'a', received_at: iso(now - 3 * HOUR) });
    const page = await h.sms('GET', '/inbounds?page_size=2');
    expect(page.json).toMatchObject({ count: 3, page: 0, page_size: 2 });
    expect(page.json.inbounds.map((i: { body: string }) => i.body)).toEqual(['c', 'b']);
    const all = await h.sms('GET', `/inbounds?start_date=${iso(now - 3 * DAY)}`);
    expect(all.json.inbounds.map((i: { body: string }) => i.body)).toEqual(['c', 'b', 'a', 'old']);
  });

  it('filters by to with a comma list tolerant of a raw plus sign', async () => {
    await inject({ from: '12025550111', to: '12025550142', body: 'one' });
    await inject({ from: '12025550111', to: '447700900461', body: 'two' });
    await inject({ from: '12025550111', to: '18885550100', body: 'three' });
    const res = await h.sms('GET', '/inbounds?to=+12025550142,+447700900461');
    expect(res.json.inbounds.map((i: { body: string }) => i.body).sort()).toEqual(['one', 'two']);
  });

  it('filters by client_reference with an exact match', async () => {
    await inject({ from: '12025550111', to: '12025550142', body: 'r', client_reference: 'campaign-7' });
    await inject({ from: '12025550111', to: '12025550142', body: 's' });
    const res = await h.sms('GET', '/inbounds?client_reference=campaign-7');
    expect(res.json.inbounds.map((i: { body: string }) => i.body)).toEqual(['r']);
  });

  it('never returns inbounds older than 14 days, even by id', async () => {
    const now = h.emulator.clock.now();
    const old = await inject({ from: '12025550111', to: '12025550142', body: 'x', received_at: iso(now - 15 * DAY) });
    expect((await h.sms('GET', `/inbounds?start_date=${iso(now - 30 * DAY)}`)).json.count).toBe(0);
    expect((await h.sms('GET', `/inbounds/${old.json.id}`)).status).toBe(404);
  });

  it('answers an unknown inbound id with 404', async () => {
    expect((await h.sms('GET', '/inbounds/01AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('stores an inbound in another plan when service_plan_id is given', async () => {
    const res = await inject({ from: '12025550111', to: '12025550188', body: 'x', service_plan_id: 'emulator-plan-2' });
    expect(res.status).toBe(201);
    expect((await h.sms('GET', '/inbounds')).json.count).toBe(0);
    const other = await h.call('GET', '/xms/v1/emulator-plan-2/inbounds', { auth: 'Bearer emulator-token-2' });
    expect(other.json.count).toBe(1);
  });

  it.each([
    ['a missing from', { to: '12025550142', body: 'x' }, 400],
    ['a from that is not a number', { from: 'Bob', to: '12025550142', body: 'x' }, 400],
    ['a missing body', { from: '12025550111', to: '12025550142' }, 400],
    ['a bad received_at', { from: '12025550111', body: 'x', received_at: 'now' }, 400],
    ['an unknown plan', { from: '12025550111', body: 'x', service_plan_id: 'nope' }, 404],
  ])('refuses an injected inbound with %s', async (_, body, status) => {
    expect((await inject(body)).status).toBe(status);
  });

  it('defaults to to the plan default originator', async () => {
    expect((await inject({ from: '12025550111', body: 'x' })).json.to).toBe('12025550142');
  });
});

describe('SMS groups', () => {
  const h = useEmulator();

  it('lists the demo groups paged, newest first', async () => {
    const res = await h.sms('GET', '/groups?page_size=2');
    expect(res.json).toMatchObject({ count: 3, page: 0, page_size: 2 });
    expect(res.json.groups.map((g: { name: string }) => g.name)).toEqual(['Everyone', 'On-call engineers']);
    const next = await h.sms('GET', '/groups?page=1&page_size=2');
    expect(next.json.groups.map((g: { name: string }) => g.name)).toEqual(['Newsletter subscribers']);
  });

  it('returns a group with child_groups or auto_update, and its members without a plus sign', async () => {
    const { groups } = (await h.sms('GET', '/groups')).json;
    const everyone = groups.find((g: { name: string }) => g.name === 'Everyone');
    const newsletter = groups.find((g: { name: string }) => g.name === 'Newsletter subscribers');
    const got = await h.sms('GET', `/groups/${everyone.id}`);
    expect(got.json).toEqual(everyone);
    expect(got.json.child_groups).toHaveLength(2);
    expect(newsletter.auto_update).toEqual({ to: '12025550142', add: { first_word: 'JOIN' }, remove: { first_word: 'STOP' } });
    const members = await h.sms('GET', `/groups/${newsletter.id}/members`);
    expect(members.json).toEqual(['12025550111', '12025550112', '12025550113']);
    expect(newsletter.size).toBe(3);
  });

  it('answers an unknown group with 404, for the group and its members', async () => {
    expect((await h.sms('GET', '/groups/01AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await h.sms('GET', '/groups/01AAAAAAAAAAAAAAAAAAAAAAAA/members')).status).toBe(404);
  });

  it('answers writes to groups, which the emulator does not emulate, with 405', async () => {
    const res = await h.sms('POST', '/groups', { body: { name: 'x' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
