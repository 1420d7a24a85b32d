/**
 * The emulator's storage is bounded (issue #10, item 6): past a limit a write is refused whole with a
 * Sinch-shaped 409 `emulator_storage_full` that says how to reset, and resetting (or time passing beyond
 * the 14-day retention) makes room again.
 */
import { DAY, PLAN, useEmulator } from './harness';

const numbers = (n: number, base = 0) => Array.from({ length: n }, (_, i) => `+1202555${String(base + i).padStart(4, '0')}`);

describe('storage limits', () => {
  const h = useEmulator({ demoData: false, limits: { maxBatches: 3, maxRecipients: 10, maxInbounds: 2, maxBodyBytes: 100 } });
  beforeEach(() => h.reset());

  const batchCount = async () => (await h.call('GET', '/_emulator/state', { auth: null })).json.sms[PLAN].batches.length;

  it('refuses the batch past maxBatches with 409 emulator_storage_full, naming the reset route, and stores nothing', async () => {
    for (let i = 0; i < 3; i++) await h.send({ to: numbers(1, i), body: 'x' });
    const res = await h.sms('POST', '/batches', { body: { to: numbers(1, 9), body: 'x' } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.json).toEqual({ code: 'emulator_storage_full', text: expect.stringContaining("The Sinch emulator's storage is full") });
    expect(res.json.text).toContain(`POST ${h.emulator.url}/_emulator/reset`);
    expect(res.json.text).toContain('3 batches');
    expect(res.json.text).toContain('--max-batches');
    expect(await batchCount()).toBe(3);
  });

  it('counts recipients and refuses the batch that would pass maxRecipients', async () => {
    await h.send({ to: numbers(8), body: 'x' });
    const res = await h.sms('POST', '/batches', { body: { to: numbers(3, 20), body: 'x' } });
    expect(res.status).toBe(409);
    expect(res.json.text).toContain('10 recipients');
    expect((await h.sms('POST', '/batches', { body: { to: numbers(2, 20), body: 'x' } })).status).toBe(201);
  });

  it('counts the UTF-8 bytes of bodies and parameter values against maxBodyBytes', async () => {
    await h.send({ to: numbers(1), body: 'é'.repeat(40) }); // 80 bytes
    const withParameters = {
      to: numbers(1, 1),
      body: 'Hi ${name}',
      parameters: { name: { default: 'a'.repeat(20) } },
    };
    const res = await h.sms('POST', '/batches', { body: withParameters });
    expect(res.status).toBe(409);
    expect(res.json.text).toContain('bytes of message text');
    expect(res.json.text).toContain('--max-body-bytes');
  });

  it('refuses an injected inbound past maxInbounds in the same shape', async () => {
    const inject = () => h.call('POST', '/_emulator/inbounds', { auth: null, body: { from: '+12025550111', body: 'hi' } });
    expect((await inject()).status).toBe(201);
    expect((await inject()).status).toBe(201);
    const res = await inject();
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'emulator_storage_full', text: expect.stringContaining('--max-inbounds') });
  });

  it('makes room again after a reset', async () => {
    for (let i = 0; i < 3; i++) await h.send({ to: numbers(1, i), body: 'x' });
    expect((await h.sms('POST', '/batches', { body: { to: numbers(1), body: 'x' } })).status).toBe(409);
    await h.reset();
    expect((await h.sms('POST', '/batches', { body: { to: numbers(1), body: 'x' } })).status).toBe(201);
  });

  it('forgets what lies beyond the 14-day retention to make room, before refusing', async () => {
    for (let i = 0; i < 3; i++) await h.send({ to: numbers(1, i), body: 'x' });
    await h.advance(15 * DAY);
    expect((await h.sms('POST', '/batches', { body: { to: numbers(1), body: 'x' } })).status).toBe(201);
    expect(await batchCount()).toBe(1);
  });

  it('shows what is stored against the limits in /_emulator/state', async () => {
    await h.send({ to: numbers(2), body: 'abc' });
    const { storage } = (await h.call('GET', '/_emulator/state', { auth: null })).json;
    expect(storage).toEqual({
      used: { batches: 1, recipients: 2, inbounds: 0, body_bytes: 3 },
      limits: { max_batches: 3, max_recipients: 10, max_inbounds: 2, max_body_bytes: 100 },
    });
  });
});
