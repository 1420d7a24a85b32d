/**
 * One batch, its fate (issue #9 item 3), against nock: get_batch, cancel_batch (a write: planned from the
 * batch, one DELETE, never repeated, a lost answer resolved by reading the batch), and the delivery reports
 * with their plain additions.
 */
import { useNock, requestLines, SMS, smsApi, systemError } from './support/nock';
import { batch, planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { cancelBatch, getBatch } from '../../src/sinch/functions/batches';
import { getDeliveryReport, getRecipientDeliveryReport, listDeliveryReports } from '../../src/sinch/functions/delivery-reports';
import { prepareCall } from '../../src/integration/validate';

useNock();
const NOW = Date.parse('2024-06-10T12:00:00Z');
const { invoke, context } = sinchCalls({ now: () => NOW, sleep: async () => undefined });

const ID = '01W4FFL35P4NC4K35SMSBATCH1';
const scheduled = batch({ id: ID, to: ['12025550134', '12025550135'], body: 'Reminder', send_at: '2024-06-11T08:00:00.000Z', client_reference: 'rem-1' });

describe('sinch_get_batch', () => {
  it('reads one batch by id', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    expect(await invoke(getBatch, { batch_id: ID }, planConfig())).toEqual(scheduled);
    expect(requestLines()).toEqual([`GET ${SMS}/batches/${ID}`]);
  });

  it('reports an unknown batch as not_found with a hint about retention and list_batches', async () => {
    smsApi().get(`${SMS}/batches/NOPE`).reply(404);
    const error = await rejectionOf(invoke(getBatch, { batch_id: 'NOPE' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.details.hint).toMatch(/14 days.*list_batches shows the ids/s);
  });

  it('refuses an id that could leave the path, before any request', async () => {
    const error = await rejectionOf(invoke(getBatch, { batch_id: '../groups' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'batch_id' });
  });
});

describe('sinch_cancel_batch', () => {
  const plan = async () => cancelBatch.plan(prepareCall(cancelBatch, [{ batch_id: ID }]), context(planConfig(), cancelBatch.name));

  it('plans from the batch itself: what would be cancelled, for nobody and at no cost', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    const p = await plan();
    expect(p.reference).toBe(ID);
    expect(p.facts).toEqual({ recipients: [], messages: 0 });
    expect(p.title).toBe(`Cancel the SMS batch ${ID} to 2 recipients`);
    expect(p.fields).toEqual([
      { kind: 'value', label: 'batch_id', value: ID },
      { kind: 'value', label: 'from', value: '12025550100' },
      { kind: 'list', label: 'to', items: ['12025550134', '12025550135'] },
      { kind: 'text', label: 'body', text: 'Reminder' },
      { kind: 'value', label: 'send_at', value: '2024-06-11T08:00:00.000Z' },
      { kind: 'value', label: 'client_reference', value: 'rem-1' },
    ]);
  });

  it('sends one DELETE and returns the cancelled batch', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    smsApi().delete(`${SMS}/batches/${ID}`).reply(200, { ...scheduled, canceled: true });
    const result = await invoke(cancelBatch, { batch_id: ID }, planConfig());
    expect(result.canceled).toBe(true);
    expect(requestLines()).toEqual([`GET ${SMS}/batches/${ID}`, `DELETE ${SMS}/batches/${ID}`]);
  });

  it('says plainly that a dispatched batch cannot be cancelled, and that nothing was done', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    smsApi().delete(`${SMS}/batches/${ID}`).reply(403, { code: 'batch_already_dispatched', text: `Batch '${ID}' has already been dispatched` });
    const error = await rejectionOf(invoke(cancelBatch, { batch_id: ID }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', status: 403, sinch_code: 'batch_already_dispatched', sent: false, retryable: false });
    expect(error.message).toBe(
      `Batch ${ID} was not cancelled: it has already been dispatched (sent), and a dispatched batch cannot be cancelled; get_delivery_report shows what became of it`,
    );
    expect(error.details.hint).toMatch(/get_delivery_report/);
  });

  it('never repeats the DELETE: a lost answer is resolved by reading the batch', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    smsApi().delete(`${SMS}/batches/${ID}`).replyWithError(systemError('ECONNRESET'));
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, { ...scheduled, canceled: true });
    const result = await invoke(cancelBatch, { batch_id: ID }, planConfig());
    expect(result.canceled).toBe(true);
    expect(requestLines()).toEqual([`GET ${SMS}/batches/${ID}`, `DELETE ${SMS}/batches/${ID}`, `GET ${SMS}/batches/${ID}`]);
  });

  it('reports not cancelled when the batch, read after a lost answer, is not cancelled; unknown when that read fails too', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    smsApi().delete(`${SMS}/batches/${ID}`).reply(503);
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    const notDone = await rejectionOf(invoke(cancelBatch, { batch_id: ID }, planConfig()));
    expect(notDone.toJSON()).toMatchObject({ code: 'upstream_error', sent: false, batch_id: ID });

    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    smsApi().delete(`${SMS}/batches/${ID}`).reply(500);
    smsApi().get(`${SMS}/batches/${ID}`).reply(401);
    const unknown = await rejectionOf(invoke(cancelBatch, { batch_id: ID }, planConfig()));
    expect(unknown.toJSON()).toMatchObject({ sent: 'unknown', retryable: false });
    expect(unknown.message).toMatch(/It is not known whether batch .* was cancelled.*get_batch shows it/);
  });

  it('reconciles by reading the batch: cancelled, not cancelled, gone, or unknown', async () => {
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    const p = await plan();
    const ctx = context(planConfig(), cancelBatch.name);
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, { ...scheduled, canceled: true });
    expect(await cancelBatch.reconcile(p, ctx)).toEqual({ sent: true, id: ID });
    smsApi().get(`${SMS}/batches/${ID}`).reply(200, scheduled);
    expect(await cancelBatch.reconcile(p, ctx)).toEqual({ sent: false });
    smsApi().get(`${SMS}/batches/${ID}`).reply(404);
    expect(await cancelBatch.reconcile(p, ctx)).toEqual({ sent: false });
    smsApi().get(`${SMS}/batches/${ID}`).reply(401);
    expect(await cancelBatch.reconcile(p, ctx)).toMatchObject({ sent: 'unknown' });
  });
});

const fullReport = {
  type: 'delivery_report_sms',
  batch_id: ID,
  total_message_count: 5,
  statuses: [
    { code: 0, status: 'Delivered', count: 2, recipients: ['12025550134', '12025550135'] },
    { code: 401, status: 'Dispatched', count: 1, recipients: ['12025550136'] },
    { code: 405, status: 'Aborted', count: 1, recipients: ['12025550137'] },
    { code: 407, status: 'Cancelled', count: 1, recipients: ['12025550138'] },
  ],
};

describe('sinch_get_delivery_report', () => {
  it('asks for the full report by default and adds delivered, pending, failed and cancelled, with who is in each', async () => {
    smsApi().get(`${SMS}/batches/${ID}/delivery_report`).query({ type: 'full' }).reply(200, fullReport);
    const result = await invoke(getDeliveryReport, { batch_id: ID }, planConfig());
    expect(result).toEqual({
      ...fullReport,
      delivered: 2,
      pending: 1,
      failed: 1,
      cancelled: 1,
      done: false,
      delivered_recipients: ['12025550134', '12025550135'],
      pending_recipients: ['12025550136'],
      failed_recipients: ['12025550137'],
      cancelled_recipients: ['12025550138'],
    });
  });

  it('passes type, status (any case) and code filters on as comma lists; a summary has counts but no lists', async () => {
    const summary = { ...fullReport, statuses: [{ code: 0, status: 'Delivered', count: 2 }, { code: 401, status: 'Dispatched', count: 1 }] };
    smsApi().get(`${SMS}/batches/${ID}/delivery_report`).query({ type: 'summary', status: 'Delivered,Dispatched', code: '0,401' }).reply(200, summary);
    const result = await invoke(getDeliveryReport, { batch_id: ID, type: 'summary', status: ['delivered', 'DISPATCHED'], code: [0, 401] }, planConfig());
    expect(result).toMatchObject({ delivered: 2, pending: 1, failed: 0, cancelled: 0, done: false });
    expect(result).not.toHaveProperty('delivered_recipients');
    expect(requestLines()).toEqual([`GET ${SMS}/batches/${ID}/delivery_report?type=summary&status=Delivered,Dispatched&code=0,401`]);
  });

  it('refuses a status Sinch does not have, listing those it has', async () => {
    const error = await rejectionOf(invoke(getDeliveryReport, { batch_id: ID, status: 'Sent' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'status' });
    expect(error.message).toContain('Queued, Dispatched, Aborted');
  });
});

describe('sinch_get_recipient_delivery_report', () => {
  it('reads one recipient by number without +, and adds outcome', async () => {
    const report = { type: 'recipient_delivery_report_sms', batch_id: ID, recipient: '12025550134', code: 0, status: 'Delivered', at: '2024-06-10T11:00:02.000Z' };
    smsApi().get(`${SMS}/batches/${ID}/delivery_report/12025550134`).reply(200, report);
    const result = await invoke(getRecipientDeliveryReport, { batch_id: ID, recipient: '+1 202 555 0134' }, planConfig());
    expect(result).toEqual({ ...report, outcome: 'delivered' });
  });

  it('explains a 404: not a recipient of that batch, and where to find who is', async () => {
    smsApi().get(`${SMS}/batches/${ID}/delivery_report/12025550199`).reply(404);
    const error = await rejectionOf(invoke(getRecipientDeliveryReport, { batch_id: ID, recipient: '+12025550199' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'not_found' });
    expect(error.details.hint).toMatch(/not a recipient of that batch.*type = "full"/);
  });
});

describe('sinch_list_delivery_reports', () => {
  it('lists reports across batches in a window (14 days by default), with filters, each with outcome', async () => {
    const item = { type: 'recipient_delivery_report_sms', batch_id: ID, recipient: '12025550134', code: 401, status: 'Dispatched', at: '2024-06-10T11:00:00.000Z' };
    smsApi()
      .get(`${SMS}/delivery_reports`)
      .query({ page: 0, page_size: 30, start_date: '2024-05-27T12:00:00.000Z', status: 'Dispatched', client_reference: 'rem-1' })
      .reply(200, { count: 1, page: 0, page_size: 1, delivery_reports: [item] });
    const result = await invoke(listDeliveryReports, { status: 'dispatched', client_reference: 'rem-1' }, planConfig());
    expect(result).toEqual({ count: 1, page: 0, page_size: 1, delivery_reports: [{ ...item, outcome: 'pending' }] });
  });

  it('takes relative times for its window', async () => {
    smsApi()
      .get(`${SMS}/delivery_reports`)
      .query({ page: 0, page_size: 30, start_date: '2024-06-09T12:00:00.000Z', end_date: '2024-06-10T12:00:00.000Z' })
      .reply(200, { count: 0, page: 0, page_size: 0, delivery_reports: [] });
    const result = await invoke(listDeliveryReports, { start_date: '-24h', end_date: 'now' }, planConfig());
    expect(result.hint).toMatch(/14 days/);
  });
});
