import { isDeepStrictEqual } from 'node:util';
import { useNock, requestLines, requestsMade, SMS, smsApi } from './support/nock';
import { batch, planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { sendSms } from '../../src/sinch/functions/send-sms';
import { prepareCall } from '../../src/integration/validate';

useNock();
const NOW = Date.parse('2024-06-10T12:00:00Z');

const { invoke, context } = sinchCalls({ now: () => NOW, sleep: async () => undefined, sendLookupSettleMs: 0 });

/** `POST /batches` with a JSON body that must contain `expected` and a generated client_reference. */
function batches(expected: Record<string, unknown>) {
  return smsApi()
    .matchHeader('content-type', 'application/json')
    .post(`${SMS}/batches`, (body) => {
      const { client_reference: reference, ...rest } = body;
      return /^kosmo-[a-z2-7]{20}$/.test(reference) && isDeepStrictEqual(rest, { ...expected, type: 'mt_text' });
    });
}

const echo = (_uri: string, body: Record<string, unknown>) => batch({ ...body, id: 'B1' });
const sentBody = () => JSON.parse(requestsMade()[0].body);

describe('sinch_send_sms', () => {
  it('posts an mt_text batch with normalized recipients and returns the created batch', async () => {
    batches({ to: ['+12025550134', '+12025550135'], body: 'Hello', from: 'MyShop', delivery_report: 'summary' }).reply(201, echo);
    const result = await invoke(
      sendSms,
      { from: 'MyShop', to: ['+1 (202) 555-0134', '12025550135'], body: 'Hello', delivery_report: 'summary' },
      planConfig(),
    );
    expect(result).toMatchObject({ id: 'B1', from: 'MyShop', delivery_report: 'summary', client_reference: sentBody().client_reference });
    expect(requestLines()).toEqual([`POST ${SMS}/batches`]);
  });

  it('accepts a single string as to', async () => {
    batches({ to: ['+12025550134'], body: 'Hi', from: '+12025550100' }).reply(201, echo);
    await invoke(sendSms, { from: '+12025550100', to: '+12025550134', body: 'Hi' }, planConfig());
    expect(sentBody().to).toEqual(['+12025550134']);
  });

  it('passes send_at and expire_at on as UTC ISO strings, and leaves from out when not given', async () => {
    batches({ to: ['+12025550134'], body: 'Later', send_at: '2024-06-11T07:00:00.000Z', expire_at: '2024-06-12T07:00:00.000Z' }).reply(201, echo);
    await invoke(
      sendSms,
      { to: '+12025550134', body: 'Later', send_at: '2024-06-11T09:00:00+02:00', expire_at: '2024-06-12T07:00:00' },
      planConfig(),
    );
    expect(sentBody()).not.toHaveProperty('from');
  });

  it("sends the caller's client_reference as given", async () => {
    smsApi().post(`${SMS}/batches`, { to: ['+12025550134'], body: 'x', client_reference: 'order-42', type: 'mt_text' }).reply(201, echo);
    const result = await invoke(sendSms, { to: '+12025550134', body: 'x', client_reference: 'order-42' }, planConfig());
    expect(result.client_reference).toBe('order-42');
  });

  it('sends the body with its byte length and reads a UTF-8 answer', async () => {
    const text = 'Grüße 👋 — ünïcödé';
    batches({ to: ['+12025550134'], body: text }).reply(201, echo);
    const result = await invoke(sendSms, { to: '+12025550134', body: text }, planConfig());
    expect(result.body).toBe(text);
    const request = requestsMade()[0];
    expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
  });

  it('plans a send as the approval prompt shows it: sender, normalised recipients, body and its reference', async () => {
    const input = prepareCall(sendSms, [{ to: ['+1 (202) 555-0134', '+12025550135'], body: 'Hello' }]);
    const plan = await sendSms.plan(input, context(planConfig(), sendSms.name));
    expect(plan.title).toBe('Send an SMS to 2 recipients (1 part each, 2 messages)');
    expect(plan.fields).toEqual([
      { kind: 'value', label: 'from', value: '(service plan default)' },
      { kind: 'list', label: 'to', items: ['+12025550134', '+12025550135'] },
      { kind: 'text', label: 'body', text: 'Hello' },
      { kind: 'value', label: 'encoding', value: 'GSM-7' },
      { kind: 'value', label: 'cost', value: '1 part × 2 recipients = 2 messages' },
      { kind: 'value', label: 'client_reference', value: plan.reference },
    ]);
    expect(plan.reference).toMatch(/^kosmo-[a-z2-7]{20}$/);
    expect(plan.facts).toEqual({ recipients: ['+12025550134', '+12025550135'], messages: 2, body: 'Hello' });
    expect(plan.request.batch).toEqual({ to: ['+12025550134', '+12025550135'], body: 'Hello', client_reference: plan.reference });
    expect(requestLines()).toEqual([]);
  });

  it('keeps its approval fields when the plan is cloned to another thread (a write in flight, a forwarded attempt)', async () => {
    const input = prepareCall(sendSms, [{ to: '+12025550134', from: 'MyShop', body: 'Hello' }]);
    const plan = await sendSms.plan(input, context(planConfig(), sendSms.name));
    const copy = structuredClone(plan);
    expect(copy.fields).toEqual(plan.fields);
    expect(copy.fields).toContainEqual({ kind: 'text', label: 'body', text: 'Hello' });
    expect(copy).toEqual({ request: plan.request, reference: plan.reference, facts: plan.facts, title: plan.title, fields: plan.fields });
  });

  it('counts GSM-7 and UCS-2 parts for the facts and shows which characters forced UCS-2', async () => {
    const input = prepareCall(sendSms, [{ to: ['+12025550134', '+12025550135', '+12025550136'], body: `Maintenance tonight – ${'x'.repeat(60)}` }]);
    const plan = await sendSms.plan(input, context(planConfig(), sendSms.name));
    expect(plan.facts.messages).toBe(6);
    expect(plan.title).toBe('Send an SMS to 3 recipients (2 parts each, 6 messages)');
    expect(plan.fields).toContainEqual({ kind: 'value', label: 'encoding', value: 'UCS-2 because of "–" (U+2013)' });
    expect(plan.fields).toContainEqual({ kind: 'value', label: 'cost', value: '2 parts × 3 recipients = 6 messages' });
  });

  it('resolves relative send_at and expire_at against the client clock when planning', async () => {
    const input = prepareCall(sendSms, [{ to: '+12025550134', body: 'Later', send_at: 'tomorrow 08:00', expire_at: '+2d' }]);
    const plan = await sendSms.plan(input, context(planConfig(), sendSms.name));
    expect(plan.request.batch).toMatchObject({ send_at: '2024-06-11T08:00:00.000Z', expire_at: '2024-06-12T12:00:00.000Z' });
  });

  it('refuses expire_at before send_at or more than 3 days after it, before any request', async () => {
    const config = planConfig();
    const early = await rejectionOf(
      invoke(sendSms, { to: '+12025550134', body: 'x', send_at: '2024-06-11T10:00:00Z', expire_at: '2024-06-11T09:00:00Z' }, config),
    );
    expect(early.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'expire_at' });
    expect(early.message).toMatch(/is not after send_at/);
    const late = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'x', expire_at: '2024-06-13T12:00:01Z' }, config));
    expect(late.message).toMatch(/more than 3 days after now/);
    expect(requestLines()).toEqual([]);
  });

  it('does not start a send when the run has already ended, and says it was not sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'x' }, planConfig(), controller.signal));
    expect(error.toJSON()).toMatchObject({ code: 'timeout', sent: false });
    expect(requestLines()).toEqual([]);
  });

  it('finishes a send that is under way even if the run ends meanwhile', async () => {
    const controller = new AbortController();
    batches({ to: ['+12025550134'], body: 'x' })
      .delay(10)
      .reply(201, (uri, body) => {
        controller.abort();
        return echo(uri, body as Record<string, unknown>);
      });
    const result = await invoke(sendSms, { to: '+12025550134', body: 'x' }, planConfig(), controller.signal);
    expect(result.id).toBe('B1');
    expect(controller.signal.aborted).toBe(true);
  });
});
