import { request } from 'node:http';
import { useEmulator } from './harness';

describe('control routes', () => {
  const h = useEmulator();
  const control = (method: string, path: string, body?: unknown) => h.call(method, `/_emulator${path}`, { body, auth: null });
  const fault = (spec: Record<string, unknown>) => control('POST', '/faults', spec);
  afterEach(() => control('DELETE', '/faults'));

  describe('reset', () => {
    it('empties state by default and keeps plans and credentials', async () => {
      await h.send({ to: ['12025550111'] });
      const res = await control('POST', '/reset');
      expect(res.json).toEqual({ reset: true, demo: false });
      for (const path of ['/batches', '/inbounds', '/groups']) expect((await h.sms('GET', path)).json.count).toBe(0);
      expect((await h.send({ to: ['12025550111'] })).id).toBeDefined();
    });

    it('loads the same demo data again with {"demo": true}', async () => {
      await control('POST', '/reset', { demo: true });
      const first = (await h.sms('GET', '/groups')).json.groups.map((g: { id: string }) => g.id);
      await control('POST', '/reset', { demo: true });
      const again = (await h.sms('GET', '/groups')).json.groups.map((g: { id: string }) => g.id);
      expect(again).toEqual(first);
      expect((await h.sms('GET', '/batches')).json.count).toBe(3);
    });

    it('clears pending faults', async () => {
      await fault({ status: 500, times: 5 });
      await control('POST', '/reset');
      expect((await control('GET', '/faults')).json.faults).toEqual([]);
    });

    it('refuses a demo option that is not a boolean', async () => {
      expect((await control('POST', '/reset', { demo: 'yes' })).status).toBe(400);
    });
  });

  describe('clock', () => {
    it('reports and advances the clock by milliseconds or seconds', async () => {
      const before = (await control('GET', '/clock')).json;
      const after = (await control('POST', '/clock', { advance_seconds: 90 })).json;
      expect(Date.parse(after.now) - Date.parse(before.now)).toBe(90_000);
      expect(after.offset_ms - before.offset_ms).toBe(90_000);
      const later = (await control('POST', '/clock', { advance_ms: 10 })).json;
      expect(later.offset_ms - after.offset_ms).toBe(10);
    });

    it('refuses to move the clock backwards', async () => {
      expect((await control('POST', '/clock', { advance_ms: -1 })).status).toBe(400);
      expect((await control('POST', '/clock', {})).status).toBe(400);
    });
  });

  describe('state', () => {
    it('returns everything stored, with delivery statuses and group members', async () => {
      await control('POST', '/reset', { demo: true });
      const sent = await h.send({ to: ['12025550111'] });
      const { json } = await control('GET', '/state');
      const plan = json.sms['emulator-plan'];
      expect(plan.batches).toHaveLength(7);
      expect(plan.batches.at(-1)).toMatchObject({ id: sent.id, recipients: [{ recipient: '12025550111', status: 'Dispatched', code: 401 }] });
      expect(plan.inbounds).toHaveLength(4);
      expect(plan.groups[0].members).toEqual(expect.any(Array));
      expect(json.projects.find((p: { project_id: string }) => p.project_id === 'emulator-project').active_numbers).toHaveLength(4);
      expect(json.service_plans.map((p: { service_plan_id: string }) => p.service_plan_id)).toEqual(['emulator-plan', 'emulator-plan-2']);
    });
  });

  describe('faults', () => {
    it('answers the next matching request with the status and a Retry-After header', async () => {
      const added = await fault({ route: '/xms/v1/*/batches', status: 429, retry_after: 7 });
      expect(added.status).toBe(201);
      const res = await h.sms('GET', '/batches');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
      expect((await h.sms('GET', '/batches')).status).toBe(200);
    });

    it('uses the xms shape for 400-class statuses on SMS routes and the gateway shape for 5xx', async () => {
      await fault({ status: 403 });
      expect((await h.sms('GET', '/batches')).json).toEqual({ code: 'blocked_account', text: expect.any(String) });
      await fault({ status: 503 });
      expect((await h.sms('GET', '/batches')).json.error.status).toBe('UNAVAILABLE');
    });

    it('answers with the body and headers the fault gives', async () => {
      await fault({ status: 401, body: { code: 'unauthorized', text: 'x' }, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' } });
      const res = await h.sms('GET', '/batches');
      expect(res.json).toEqual({ code: 'unauthorized', text: 'x' });
      expect(res.headers.get('www-authenticate')).toContain('expired');
    });

    it('applies a fault `times` times, then lets requests through', async () => {
      await fault({ status: 500, times: 2 });
      expect((await h.sms('GET', '/groups')).status).toBe(500);
      expect((await control('GET', '/faults')).json.faults[0].remaining).toBe(1);
      expect((await h.sms('GET', '/groups')).status).toBe(500);
      expect((await h.sms('GET', '/groups')).status).toBe(200);
    });

    it('applies several faults in the order they were added', async () => {
      await fault({ status: 502 });
      await fault({ status: 503 });
      expect((await h.sms('GET', '/groups')).status).toBe(502);
      expect((await h.sms('GET', '/groups')).status).toBe(503);
    });

    it('matches route and method, leaving other requests alone', async () => {
      await fault({ route: '/xms/v1/emulator-plan/batches', method: 'post', status: 500 });
      expect((await h.sms('GET', '/batches')).status).toBe(200);
      expect((await h.sms('GET', '/groups')).status).toBe(200);
      const res = await h.sms('POST', '/batches', { body: { to: ['12025550111'], body: 'x' } });
      expect(res.status).toBe(500);
    });

    it('matches across segments with ** and within one with *', async () => {
      await fault({ route: '/v1/projects/**', status: 500 });
      await fault({ route: '/xms/v1/*/groups/*/members', status: 500 });
      expect((await h.sms('GET', '/groups')).status).toBe(200);
      const numbers = await h.call('GET', '/v1/projects/emulator-project/activeNumbers/+12025550142');
      expect(numbers.status).toBe(500);
      expect((await h.sms('GET', '/groups/01AAAAAAAAAAAAAAAAAAAAAAAA/members')).status).toBe(500);
    });

    it('delays the real answer with delay_ms alone', async () => {
      await fault({ route: '/xms/v1/*/groups', delay_ms: 150 });
      const started = Date.now();
      const res = await h.sms('GET', '/groups');
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('drops the connection before processing with drop: before', async () => {
      await fault({ route: '/xms/v1/*/batches', method: 'POST', drop: 'before' });
      await expect(h.sms('POST', '/batches', { body: { to: ['12025550111'], body: 'lost', client_reference: 'drop-before' } })).rejects.toThrow();
      expect((await h.sms('GET', '/batches?client_reference=drop-before')).json.count).toBe(0);
    });

    it('commits the request, then drops the connection with drop: after', async () => {
      await fault({ route: '/xms/v1/*/batches', method: 'POST', drop: 'after' });
      await expect(h.sms('POST', '/batches', { body: { to: ['12025550111'], body: 'sent', client_reference: 'drop-after' } })).rejects.toThrow();
      const found = await h.sms('GET', '/batches?client_reference=drop-after');
      expect(found.json.count).toBe(1);
    });

    it('never faults the control routes', async () => {
      await fault({ status: 500, times: 3 });
      expect((await control('GET', '/clock')).status).toBe(200);
      expect((await control('GET', '/faults')).json.faults[0].remaining).toBe(3);
    });

    it('lists pending faults and clears them', async () => {
      await fault({ status: 500, times: 3, route: '/oauth2/token' });
      expect((await control('GET', '/faults')).json.faults).toEqual([
        expect.objectContaining({ route: '/oauth2/token', status: 500, times: 3, remaining: 3 }),
      ]);
      expect((await control('DELETE', '/faults')).json).toEqual({ cleared: 1 });
      expect((await control('GET', '/faults')).json.faults).toEqual([]);
    });

    it.each([
      ['no effect', {}],
      ['an unknown drop mode', { drop: 'sometimes' }],
      ['status and drop together', { status: 500, drop: 'after' }],
      ['a status out of range', { status: 99 }],
      ['times 0', { status: 500, times: 0 }],
      ['a negative delay', { delay_ms: -5 }],
    ])('refuses a fault with %s', async (_, spec) => {
      expect((await fault(spec)).status).toBe(400);
    });
  });

  describe('unknown routes', () => {
    it('answers an unknown path with 404 in the gateway shape', async () => {
      for (const path of ['/nope', '/xms/v1/emulator-plan/unknown', '/v1/projects/emulator-project/availableNumbers', '/_emulator/nope']) {
        const res = await h.call('GET', path);
        expect(res.status).toBe(404);
        expect(res.json.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
      }
    });

    it('answers a known path with an unsupported method with 405 and Allow', async () => {
      const res = await h.sms('PUT', '/batches/01AAAAAAAAAAAAAAAAAAAAAAAA', { body: {} });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, DELETE');
    });
  });

  it('keeps connections alive between requests', async () => {
    const { hostname, port } = new URL(h.emulator.url);
    const sockets = new Set<unknown>();
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ hostname, port, path: '/_emulator/clock', agent }, (res) => {
          sockets.add(res.socket);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    }
    agent.destroy();
    expect(sockets.size).toBe(1);
  });
});
