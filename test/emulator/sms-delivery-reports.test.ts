import { DELIVERY_DELAY_MS } from '../../src/emulator';
import { HOUR, iso, useEmulator } from './harness';

describe('SMS delivery reports', () => {
  const h = useEmulator({ demoData: false });
  beforeEach(() => h.reset());

  const summary = async (id: string, query = '') => (await h.sms('GET', `/batches/${id}/delivery_report${query}`)).json;

  it('moves an immediate batch from Dispatched to Delivered after the documented delay', async () => {
    const sent = await h.send({ to: ['12025550111', '12025550112'] });
    expect(await summary(sent.id)).toEqual({
      type: 'delivery_report_sms',
      batch_id: sent.id,
      total_message_count: 2,
      statuses: [{ code: 401, status: 'Dispatched', count: 2 }],
    });
    await h.advance(DELIVERY_DELAY_MS - 1);
    expect((await summary(sent.id)).statuses[0].status).toBe('Dispatched');
    await h.advance(1);
    expect((await summary(sent.id)).statuses).toEqual([{ code: 0, status: 'Delivered', count: 2 }]);
  });

  it('keeps a scheduled batch Queued until its send time', async () => {
    const sendAt = h.emulator.clock.now() + HOUR;
    const sent = await h.send({ to: ['12025550111'], send_at: iso(sendAt) });
    expect((await summary(sent.id)).statuses).toEqual([{ code: 400, status: 'Queued', count: 1 }]);
    await h.advance(HOUR - 1);
    expect((await summary(sent.id)).statuses[0].status).toBe('Queued');
    await h.advance(1);
    expect((await summary(sent.id)).statuses[0].status).toBe('Dispatched');
    await h.advance(DELIVERY_DELAY_MS);
    expect((await summary(sent.id)).statuses[0].status).toBe('Delivered');
  });

  it('dispatches at once a batch whose send_at is in the past', async () => {
    const sent = await h.send({ to: ['12025550111'], send_at: iso(h.emulator.clock.now() - HOUR) });
    expect((await summary(sent.id)).statuses[0].status).toBe('Dispatched');
    expect((await h.sms('DELETE', `/batches/${sent.id}`)).json.code).toBe('batch_already_dispatched');
  });

  it('reports a cancelled batch as Cancelled with code 407, for good', async () => {
    const sent = await h.send({ to: ['12025550111'], send_at: iso(h.emulator.clock.now() + HOUR) });
    await h.sms('DELETE', `/batches/${sent.id}`);
    await h.advance(2 * HOUR);
    expect((await summary(sent.id)).statuses).toEqual([{ code: 407, status: 'Cancelled', count: 1 }]);
  });

  it('lists recipients per status only with type=full', async () => {
    const sent = await h.send({ to: ['12025550111', '+12025550112'] });
    expect((await summary(sent.id, '?type=full')).statuses).toEqual([
      { code: 401, status: 'Dispatched', count: 2, recipients: ['12025550111', '12025550112'] },
    ]);
  });

  it('filters statuses by status and code', async () => {
    const sent = await h.send({ to: ['12025550111'] });
    expect((await summary(sent.id, '?status=Delivered')).statuses).toEqual([]);
    expect((await summary(sent.id, '?status=Queued,Dispatched')).statuses).toHaveLength(1);
    expect((await summary(sent.id, '?code=401')).statuses).toHaveLength(1);
  });

  it('refuses an unknown report type with 400', async () => {
    const sent = await h.send({ to: ['12025550111'] });
    const res = await h.sms('GET', `/batches/${sent.id}/delivery_report?type=detailed`);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('syntax_invalid_parameter_format');
  });

  it('aborts a recipient whose parameter has no value with code 405', async () => {
    const sent = await h.send({
      to: ['12025550111', '12025550112'],
      body: 'Hi ${name}',
      parameters: { name: { '12025550111': 'Ann' } },
    });
    const full = await summary(sent.id, '?type=full');
    expect(full.statuses).toEqual(
      expect.arrayContaining([
        { code: 401, status: 'Dispatched', count: 1, recipients: ['12025550111'] },
        { code: 405, status: 'Aborted', count: 1, recipients: ['12025550112'] },
      ]),
    );
  });

  it('leaves a ${name} that is not a parameter key as text, and matches keys case-sensitively', async () => {
    const sent = await h.send({
      to: ['12025550111'],
      body: 'Hi ${name} ${Name} ${other}',
      parameters: { name: { default: 'Ann' }, Name: { '12025550199': 'Bob' } },
    });
    // `Name` has neither a value for 12025550111 nor a default: that recipient is aborted (Sinch's rule).
    expect((await summary(sent.id)).statuses).toEqual([{ code: 405, status: 'Aborted', count: 1 }]);
    const dry = await h.sms('POST', '/batches/dry_run?per_recipient=true', {
      body: '{"to":["12025550111"],"body":"Hi ${name}, ${other} ${__proto__}","parameters":{"name":{"default":"Ann"},"__proto__":{"default":"P"}}}',
    });
    expect(dry.json.per_recipient[0].body).toBe('Hi Ann, ${other} P');
  });

  it('aborts a message longer than max_number_of_message_parts with code 411', async () => {
    const sent = await h.send({ to: ['12025550111'], body: 'x'.repeat(161), max_number_of_message_parts: 1 });
    expect((await summary(sent.id)).statuses).toEqual([{ code: 411, status: 'Aborted', count: 1 }]);
  });

  it('answers an unknown batch with 404', async () => {
    expect((await h.sms('GET', '/batches/01AAAAAAAAAAAAAAAAAAAAAAAA/delivery_report')).status).toBe(404);
  });

  describe('per recipient', () => {
    it('reports one recipient with the time of its status, as Sinch shapes it', async () => {
      const sent = await h.send({ to: ['12025550111'], body: 'Grüße €', client_reference: 'r1' });
      const dispatchedAt = iso(h.emulator.clock.now());
      const res = await h.sms('GET', `/batches/${sent.id}/delivery_report/+12025550111`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        type: 'recipient_delivery_report_sms',
        batch_id: sent.id,
        recipient: '12025550111',
        code: 401,
        status: 'Dispatched',
        at: dispatchedAt,
        client_reference: 'r1',
      });
      await h.advance(DELIVERY_DELAY_MS);
      const delivered = await h.sms('GET', `/batches/${sent.id}/delivery_report/12025550111`);
      const deliveredAt = iso(Date.parse(dispatchedAt) + DELIVERY_DELAY_MS);
      expect(delivered.json).toMatchObject({ status: 'Delivered', code: 0, at: deliveredAt, operator_status_at: deliveredAt });
    });

    it('gives number_of_message_parts only when the batch set max_number_of_message_parts (as Sinch does)', async () => {
      const sent = await h.send({ to: ['12025550111'], body: 'x'.repeat(200), max_number_of_message_parts: 3 });
      const res = await h.sms('GET', `/batches/${sent.id}/delivery_report/12025550111`);
      expect(res.json).toMatchObject({ number_of_message_parts: 2 });
      expect(res.json).not.toHaveProperty('encoding');
    });

    it('answers a number that is not a recipient with 404', async () => {
      const sent = await h.send({ to: ['12025550111'] });
      expect((await h.sms('GET', `/batches/${sent.id}/delivery_report/12025550199`)).status).toBe(404);
    });
  });

  describe('GET /delivery_reports', () => {
    it('lists one report per recipient, paged, newest batch first', async () => {
      const a = await h.send({ to: ['12025550111'] });
      await h.advance(1000);
      const b = await h.send({ to: ['12025550112', '12025550113'] });
      const page = await h.sms('GET', '/delivery_reports?page_size=2');
      expect(page.json).toMatchObject({ count: 3, page: 0, page_size: 2 });
      expect(page.json.delivery_reports.map((r: { batch_id: string }) => r.batch_id)).toEqual([b.id, b.id]);
      const next = await h.sms('GET', '/delivery_reports?page_size=2&page=1');
      expect(next.json.delivery_reports.map((r: { batch_id: string }) => r.batch_id)).toEqual([a.id]);
    });

    it('filters by status and client_reference', async () => {
      await h.send({ to: ['12025550111'], client_reference: 'keep' });
      await h.send({ to: ['12025550112'], send_at: iso(h.emulator.clock.now() + HOUR) });
      expect((await h.sms('GET', '/delivery_reports?status=Queued')).json.count).toBe(1);
      const byRef = await h.sms('GET', '/delivery_reports?client_reference=keep');
      expect(byRef.json.delivery_reports.map((r: { recipient: string }) => r.recipient)).toEqual(['12025550111']);
    });
  });
});
