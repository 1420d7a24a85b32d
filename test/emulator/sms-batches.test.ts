import { DAY, HOUR, iso, T0, useEmulator } from './harness';

describe('SMS batches', () => {
  const h = useEmulator({ demoData: false });
  beforeEach(() => h.reset());

  describe('POST /batches', () => {
    it('answers 201 with numbers stored and returned without a plus sign', async () => {
      const res = await h.sms('POST', '/batches', {
        body: { to: ['+1 (202) 555-0199', '+44 7700-900123'], from: '+12025550142', body: 'Hi' },
      });
      expect(res.status).toBe(201);
      expect(res.json.to).toEqual(['12025550199', '447700900123']);
      expect(res.json.from).toBe('12025550142');
    });

    it('fills the defaults and sets expire_at to three days after the send time', async () => {
      const batch = await h.send({ to: ['12025550199'] });
      const now = h.emulator.clock.now();
      expect(batch).toMatchObject({
        type: 'mt_text',
        canceled: false,
        delivery_report: 'none',
        feedback_enabled: false,
        flash_message: false,
        created_at: iso(now),
        modified_at: iso(now),
        expire_at: iso(now + 3 * DAY),
      });
      expect(batch.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(batch).not.toHaveProperty('send_at');
      expect(JSON.stringify(batch)).not.toContain('null');
    });

    it('computes expire_at from send_at and caps a later expire_at at send_at plus three days', async () => {
      const sendAt = h.emulator.clock.now() + DAY;
      const batch = await h.send({ to: ['12025550199'], send_at: iso(sendAt), expire_at: iso(sendAt + 10 * DAY) });
      expect(batch.send_at).toBe(iso(sendAt));
      expect(batch.expire_at).toBe(iso(sendAt + 3 * DAY));
    });

    it('reads a send_at without an offset as UTC and echoes it with milliseconds', async () => {
      const batch = await h.send({ to: ['12025550199'], send_at: '2030-01-02T03:04:05' });
      expect(batch.send_at).toBe('2030-01-02T03:04:05.000Z');
    });

    it('uses the plan default originator when from is absent', async () => {
      const res = await h.sms('POST', '/batches', { body: { to: ['12025550199'], body: 'x' } });
      expect(res.json.from).toBe('12025550142');
    });

    it('keeps an alphanumeric sender and the optional fields as given', async () => {
      const optional = {
        from: 'Acme',
        delivery_report: 'full',
        client_reference: 'ref-1',
        callback_url: 'https://example.test/cb',
        feedback_enabled: true,
        flash_message: true,
        truncate_concat: true,
        max_number_of_message_parts: 3,
      };
      const batch = await h.send({
        to: ['12025550199'],
        ...optional,
        parameters: { name: { '+12025550199': 'Ann', default: 'there' } },
      });
      // Recipient keys of `parameters` lose their `+` like every number in a response.
      expect(batch).toMatchObject({ ...optional, parameters: { name: { '12025550199': 'Ann', default: 'there' } } });
    });

    it.each([
      ['a body over 2000 characters', { body: 'x'.repeat(2001) }, 'syntax_constraint_violation'],
      ['more than 1000 recipients', { to: Array.from({ length: 1001 }, (_, i) => `1202555${String(i).padStart(4, '0')}`) }, 'syntax_constraint_violation'],
      ['an empty to', { to: [] }, 'syntax_constraint_violation'],
      ['a missing to', { to: undefined }, 'syntax_constraint_violation'],
      ['a missing body', { body: undefined }, 'syntax_constraint_violation'],
      ['an alphanumeric from over 11 characters', { from: 'TwelveLetter' }, 'syntax_constraint_violation'],
      ['a from without a letter or digit', { from: '!!!' }, 'syntax_constraint_violation'],
      ['a from over 15 digits', { from: '+1234567890123456' }, 'syntax_constraint_violation'],
      ['an expire_at before send_at', { send_at: '2030-01-02T00:00:00Z', expire_at: '2030-01-01T00:00:00Z' }, 'syntax_constraint_violation'],
      ['a client_reference over 2048 characters', { client_reference: 'r'.repeat(2049) }, 'syntax_constraint_violation'],
      ['a recipient in national format', { to: ['0701234567'] }, 'syntax_invalid_parameter_format'],
      ['a recipient that is neither number nor group', { to: ['hello'] }, 'syntax_invalid_parameter_format'],
      ['a to that is not an array', { to: '12025550199' }, 'syntax_invalid_parameter_format'],
      ['an unknown delivery_report', { delivery_report: 'always' }, 'syntax_invalid_parameter_format'],
      ['a send_at that is not a date', { send_at: 'tomorrow' }, 'syntax_invalid_parameter_format'],
      ['a flash_message that is not a boolean', { flash_message: 'yes' }, 'syntax_invalid_parameter_format'],
      ['a binary batch', { type: 'mt_binary' }, 'syntax_constraint_violation'],
    ])('refuses %s with 400 and Sinch code', async (_, patch, code) => {
      const body = { to: ['12025550199'], from: '12025550142', body: 'Hi', ...patch };
      const res = await h.sms('POST', '/batches', { body });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code, text: expect.any(String) });
    });

    it('answers invalid JSON with 400 syntax_invalid_json', async () => {
      const res = await h.sms('POST', '/batches', { body: '{"to": [' });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('syntax_invalid_json');
    });

    it('answers an empty body with 400 syntax_invalid_json', async () => {
      const res = await h.sms('POST', '/batches', { body: '' , headers: { 'content-length': '0' } });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('syntax_invalid_json');
    });

    it('answers a group id that does not exist with 403 unknown_group', async () => {
      const res = await h.sms('POST', '/batches', { body: { to: ['01AAAAAAAAAAAAAAAAAAAAAAAA'], body: 'x' } });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('unknown_group');
    });

    it('stores nothing when the request is refused', async () => {
      await h.sms('POST', '/batches', { body: { to: [], body: 'x' } });
      const list = await h.sms('GET', '/batches');
      expect(list.json.count).toBe(0);
    });
  });

  describe('GET and DELETE /batches/{id}', () => {
    it('returns a sent batch by id', async () => {
      const sent = await h.send({ to: ['12025550199'] });
      const res = await h.sms('GET', `/batches/${sent.id}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual(sent);
    });

    it('answers an unknown id with 404 in the xms shape', async () => {
      const res = await h.sms('GET', '/batches/01AAAAAAAAAAAAAAAAAAAAAAAA');
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 'not_found', text: expect.stringContaining('01AAAAAAAAAAAAAAAAAAAAAAAA') });
    });

    it('cancels a scheduled batch and keeps answering with it cancelled', async () => {
      const sent = await h.send({ to: ['12025550199'], send_at: iso(h.emulator.clock.now() + HOUR) });
      await h.advance(1000);
      const res = await h.sms('DELETE', `/batches/${sent.id}`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id: sent.id, canceled: true, modified_at: iso(h.emulator.clock.now()) });
      expect((await h.sms('DELETE', `/batches/${sent.id}`)).status).toBe(200);
      expect((await h.sms('GET', `/batches/${sent.id}`)).json.canceled).toBe(true);
    });

    it('refuses to cancel a batch already dispatched with 403 batch_already_dispatched', async () => {
      const sent = await h.send({ to: ['12025550199'] });
      const res = await h.sms('DELETE', `/batches/${sent.id}`);
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('batch_already_dispatched');
    });

    it('refuses to cancel a scheduled batch once the clock passes its send time', async () => {
      const sent = await h.send({ to: ['12025550199'], send_at: iso(h.emulator.clock.now() + HOUR) });
      await h.advance(HOUR);
      expect((await h.sms('DELETE', `/batches/${sent.id}`)).json.code).toBe('batch_already_dispatched');
    });

    it('answers an unknown id on cancel with 404', async () => {
      expect((await h.sms('DELETE', '/batches/01AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    });
  });

  describe('GET /batches', () => {
    it('lists newest first with page_size echoing the number returned', async () => {
      const ids = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await h.send({ to: ['12025550199'], body: `m${i}` })).id);
        await h.advance(1000);
      }
      const first = await h.sms('GET', '/batches?page=0&page_size=2');
      expect(first.json).toMatchObject({ count: 5, page: 0, page_size: 2 });
      expect(first.json.batches.map((b: { id: string }) => b.id)).toEqual([ids[4], ids[3]]);
      const last = await h.sms('GET', '/batches?page=2&page_size=2');
      expect(last.json).toMatchObject({ count: 5, page: 2, page_size: 1 });
      expect(last.json.batches[0].id).toBe(ids[0]);
      const past = await h.sms('GET', '/batches?page=3&page_size=2');
      expect(past.json).toEqual({ count: 5, page: 3, page_size: 0, batches: [] });
    });

    it('defaults to 30 per page', async () => {
      for (let i = 0; i < 31; i++) await h.send({ to: ['12025550199'] });
      const res = await h.sms('GET', '/batches');
      expect(res.json).toMatchObject({ count: 31, page: 0, page_size: 30 });
    });

    it.each([
      ['page_size over 100', 'page_size=101', 'syntax_constraint_violation'],
      ['page_size 0', 'page_size=0', 'syntax_constraint_violation'],
      ['a negative page', 'page=-1', 'syntax_constraint_violation'],
      ['a page that is not a number', 'page=first', 'syntax_invalid_parameter_format'],
      ['a start_date that is not a date', 'start_date=yesterday', 'syntax_invalid_parameter_format'],
    ])('refuses %s with 400', async (_, query, code) => {
      const res = await h.sms('GET', `/batches?${query}`);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe(code);
    });

    it('shows only the last 24 hours by default and older batches with start_date', async () => {
      const old = await h.send({ to: ['12025550199'], body: 'old' });
      await h.advance(25 * HOUR);
      const recent = await h.send({ to: ['12025550199'], body: 'recent' });
      const byDefault = await h.sms('GET', '/batches');
      expect(byDefault.json.batches.map((b: { id: string }) => b.id)).toEqual([recent.id]);
      const since = iso(h.emulator.clock.now() - 2 * DAY);
      const wider = await h.sms('GET', `/batches?start_date=${since}`);
      expect(wider.json.batches.map((b: { id: string }) => b.id)).toEqual([recent.id, old.id]);
      const until = iso(h.emulator.clock.now() - HOUR);
      const ended = await h.sms('GET', `/batches?start_date=${since}&end_date=${until}`);
      expect(ended.json.batches.map((b: { id: string }) => b.id)).toEqual([old.id]);
    });

    it('accepts a bare date and an offset whose plus sign was not URL-encoded', async () => {
      const sent = await h.send({ to: ['12025550199'] });
      const day = iso(h.emulator.clock.now()).slice(0, 10);
      expect((await h.sms('GET', `/batches?start_date=${day}`)).json.count).toBe(1);
      // One minute ago written as wall time at +02:00, with the `+` left raw (it arrives as a space).
      const wall = iso(h.emulator.clock.now() - 60_000 + 2 * HOUR).slice(0, 23);
      const res = await h.sms('GET', `/batches?start_date=${wall}+02:00`);
      expect(res.json.batches.map((b: { id: string }) => b.id)).toEqual([sent.id]);
    });

    it('never returns batches older than 14 days, even by id', async () => {
      const old = await h.send({ to: ['12025550199'] });
      await h.advance(15 * DAY);
      const res = await h.sms('GET', `/batches?start_date=${iso(T0 - 30 * DAY)}`);
      expect(res.json.count).toBe(0);
      expect((await h.sms('GET', `/batches/${old.id}`)).status).toBe(404);
    });

    it('filters by from with a comma list tolerant of a raw plus sign', async () => {
      const a = await h.send({ to: ['12025550199'], from: '+12025550142' });
      await h.send({ to: ['12025550199'], from: 'Acme' });
      const c = await h.send({ to: ['12025550199'], from: '+447700900461' });
      const res = await h.sms('GET', '/batches?from=+12025550142,+447700900461');
      expect(res.json.batches.map((b: { id: string }) => b.id).sort()).toEqual([a.id, c.id].sort());
      const alpha = await h.sms('GET', '/batches?from=Acme');
      expect(alpha.json.count).toBe(1);
    });

    it('filters by client_reference with an exact match', async () => {
      const wanted = await h.send({ to: ['12025550199'], client_reference: 'order-42' });
      await h.send({ to: ['12025550199'], client_reference: 'order-421' });
      await h.send({ to: ['12025550199'] });
      const res = await h.sms('GET', '/batches?client_reference=order-42');
      expect(res.json.count).toBe(1);
      expect(res.json.batches[0].id).toBe(wanted.id);
    });
  });

  describe('groups as recipients', () => {
    it('keeps the group id in to and expands its members for delivery', async () => {
      await h.reset(true);
      const groups = (await h.sms('GET', '/groups')).json.groups;
      const everyone = groups.find((g: { name: string }) => g.name === 'Everyone');
      const sent = await h.send({ to: [everyone.id] });
      expect(sent.to).toEqual([everyone.id]);
      const report = await h.sms('GET', `/batches/${sent.id}/delivery_report`);
      // Own member plus both child groups' members: 1 + 3 + 2.
      expect(report.json.total_message_count).toBe(6);
    });

    it('returns to as given (numbers, a group id, a repeated number) and delivers to each recipient once', async () => {
      await h.reset(true);
      const groups = (await h.sms('GET', '/groups')).json.groups;
      const onCall = groups.find((g: { name: string }) => g.name === 'On-call engineers');
      const sent = await h.send({ to: ['+12025550121', onCall.id, '1 202 555 0199', '+12025550121'] });
      expect(sent.to).toEqual(['12025550121', onCall.id, '12025550199', '12025550121']);
      expect((await h.sms('GET', `/batches/${sent.id}`)).json.to).toEqual(sent.to);
      const full = await h.sms('GET', `/batches/${sent.id}/delivery_report?type=full`);
      expect(full.json.statuses[0].recipients).toEqual(['12025550121', '447700900871', '12025550199']);
    });
  });
});
