import { useFakeServer } from './support/use-fake-server';
import type { RecordedRequest } from './support/fake-server';
import { batch, invoke, planConfig, rejectionOf, SMS } from './support/fixtures';
import { sendSms } from '../../src/sinch/functions/send-sms';
import { setClientDefaults } from '../../src/sinch/functions/client-for';
import { prepareCall } from '../../src/integration/validate';

const fake = useFakeServer();
const NOW = Date.parse('2024-06-10T12:00:00Z');

beforeAll(() => setClientDefaults({ now: () => NOW, sleep: async () => undefined, sendLookupSettleMs: 0 }));
afterAll(() => setClientDefaults({}));

const created = (request: RecordedRequest) => ({ status: 201, body: batch({ ...request.json, id: 'B1' }) });

describe('sinch_send_sms', () => {
  it('posts an mt_text batch with normalized recipients and returns the created batch', async () => {
    fake.server.on('POST', `${SMS}/batches`, created);
    const result = await invoke(
      sendSms,
      { from: 'MyShop', to: ['+1 (202) 555-0134', '12025550135'], body: 'Hello', delivery_report: 'summary' },
      planConfig(fake.server.url),
    );
    expect(result).toMatchObject({ id: 'B1', from: 'MyShop', delivery_report: 'summary' });
    expect(fake.server.requests[0].json).toMatchObject({
      type: 'mt_text',
      from: 'MyShop',
      to: ['+12025550134', '+12025550135'],
      body: 'Hello',
      delivery_report: 'summary',
    });
    expect(fake.server.requests[0].json.client_reference).toMatch(/^kosmo-[a-z2-7]{20}$/);
  });

  it('accepts a single string as to', async () => {
    fake.server.on('POST', `${SMS}/batches`, created);
    await invoke(sendSms, { from: '+12025550100', to: '+12025550134', body: 'Hi' }, planConfig(fake.server.url));
    expect(fake.server.requests[0].json.to).toEqual(['+12025550134']);
  });

  it('passes send_at and expire_at on as UTC ISO strings', async () => {
    fake.server.on('POST', `${SMS}/batches`, created);
    await invoke(
      sendSms,
      { to: '+12025550134', body: 'Later', send_at: '2024-06-11T09:00:00+02:00', expire_at: '2024-06-12T07:00:00' },
      planConfig(fake.server.url),
    );
    expect(fake.server.requests[0].json).toMatchObject({ send_at: '2024-06-11T07:00:00.000Z', expire_at: '2024-06-12T07:00:00.000Z' });
    expect(fake.server.requests[0].json.from).toBeUndefined();
  });

  it('summarizes a send as {from, to, body} for the approval prompt', () => {
    const input = prepareCall(sendSms, [{ to: ['+12025550134', '+12025550135'], body: 'Hello' }]);
    expect(sendSms.summarize!(input)).toEqual({ from: '(service plan default)', to: '+12025550134, +12025550135', body: 'Hello' });
  });

  it('refuses expire_at before send_at or more than 3 days after it, before any request', async () => {
    const config = planConfig(fake.server.url);
    const early = await rejectionOf(
      invoke(sendSms, { to: '+12025550134', body: 'x', send_at: '2024-06-11T10:00:00Z', expire_at: '2024-06-11T09:00:00Z' }, config),
    );
    expect(early.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'expire_at' });
    const late = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'x', expire_at: '2024-06-13T12:00:01Z' }, config));
    expect(late.message).toMatch(/more than 3 days after now/);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('does not start a send when the run has already ended, and says it was not sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'x' }, planConfig(fake.server.url), controller.signal));
    expect(error.toJSON()).toMatchObject({ code: 'timeout', sent: false });
    expect(fake.server.requests).toHaveLength(0);
  });

  it('finishes a send that is under way even if the run ends meanwhile', async () => {
    const controller = new AbortController();
    fake.server.on('POST', `${SMS}/batches`, async (request) => {
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 10));
      return created(request);
    });
    const result = await invoke(sendSms, { to: '+12025550134', body: 'x' }, planConfig(fake.server.url), controller.signal);
    expect(result.id).toBe('B1');
  });
});
