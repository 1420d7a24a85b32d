import { useFakeServer } from './support/use-fake-server';
import type { RecordedRequest, Reply } from './support/fake-server';
import { batch, planConfig, rejectionOf, SMS, testClient } from './support/fixtures';

const fake = useFakeServer();
const REQUEST = { from: '+12025550100', to: ['+12025550134'], body: 'Your code is 1234' };

/** A tiny Sinch: POSTs create batches unless told to fail; GET /batches filters by client_reference. */
function sinchState() {
  const created: Record<string, unknown>[] = [];
  const create = (request: RecordedRequest) => {
    const made = batch({
      id: `B${created.length + 1}`,
      to: request.json.to.map((n: string) => n.replace('+', '')),
      body: request.json.body,
      client_reference: request.json.client_reference,
      created_at: new Date().toISOString(),
    });
    created.push(made);
    return made;
  };
  const list = (request: RecordedRequest): Reply => {
    const ref = request.query.get('client_reference');
    const found = created.filter((b) => b.client_reference === ref);
    return { status: 200, body: { count: found.length, page: 0, page_size: found.length, batches: found } };
  };
  return { created, create, list };
}

function client(extra = {}) {
  return testClient(planConfig(fake.server.url, extra), { newClientReference: () => 'kosmo-generated-ref' });
}

describe('sending exactly once', () => {
  it('sends one batch and returns it, with a generated client_reference', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => ({ status: 201, body: state.create(r) }));
    const result = await client().client.sendBatch(REQUEST);
    expect(result).toMatchObject({ id: 'B1', client_reference: 'kosmo-generated-ref' });
    expect(fake.server.requests[0].json).toMatchObject({ type: 'mt_text', client_reference: 'kosmo-generated-ref', to: ['+12025550134'] });
    expect(fake.server.requests[0].headers['content-type']).toBe('application/json');
  });

  it("keeps the caller's client_reference", async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => ({ status: 201, body: state.create(r) }));
    await client().client.sendBatch({ ...REQUEST, client_reference: 'order-42' });
    expect(fake.server.requests[0].json.client_reference).toBe('order-42');
  });

  it('looks the batch up by client_reference when the answer to a send is lost', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => {
      state.create(r); // committed ...
      return { drop: true }; // ... and the answer lost
    });
    fake.server.on('GET', `${SMS}/batches`, state.list);
    const result = await client().client.sendBatch(REQUEST);
    expect(result).toMatchObject({ id: 'B1', client_reference: 'kosmo-generated-ref' });
    expect(state.created).toHaveLength(1);
    expect(fake.server.count('POST', `${SMS}/batches`)).toBe(1);
    const lookup = fake.server.requests.find((r) => r.method === 'GET')!;
    expect(lookup.query.get('client_reference')).toBe('kosmo-generated-ref');
    expect(lookup.query.get('start_date')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('sends again once when the connection was reset before Sinch committed the batch', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, { drop: true });
    fake.server.on('GET', `${SMS}/batches`, state.list, 2);
    fake.server.on('POST', `${SMS}/batches`, (r) => ({ status: 201, body: state.create(r) }));
    const { client: sinch, delays } = client();
    const result = await sinch.sendBatch(REQUEST);
    expect(result.id).toBe('B1');
    expect(state.created).toHaveLength(1);
    expect(fake.server.count('GET', `${SMS}/batches`)).toBe(2); // looked twice before repeating
    expect(fake.server.requests.filter((r) => r.method === 'POST').map((r) => r.json.client_reference)).toEqual([
      'kosmo-generated-ref',
      'kosmo-generated-ref',
    ]);
    expect(delays.length).toBeGreaterThan(0);
  });

  it('finds the batch after a 503 and does not send a second one', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => {
      state.create(r);
      return { status: 503, body: 'upstream timeout' };
    });
    fake.server.on('GET', `${SMS}/batches`, state.list);
    await expect(client().client.sendBatch(REQUEST)).resolves.toMatchObject({ id: 'B1' });
    expect(state.created).toHaveLength(1);
  });

  it('finds the batch after a timeout whose request Sinch did act on', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => {
      state.create(r);
      return { hang: true };
    });
    fake.server.on('GET', `${SMS}/batches`, state.list);
    await expect(client({ timeout_ms: 50 }).client.sendBatch(REQUEST)).resolves.toMatchObject({ id: 'B1' });
    expect(fake.server.count('POST', `${SMS}/batches`)).toBe(1);
  });

  it('says the SMS was not sent when both attempts fail with 5xx and no batch exists', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, { status: 502, body: 'bad gateway' }, 2);
    fake.server.on('GET', `${SMS}/batches`, state.list, 4);
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 502, sent: false, client_reference: 'kosmo-generated-ref' });
    expect(error.message).toMatch(/^The SMS was not sent: .*no batch with client_reference "kosmo-generated-ref" exists/);
    expect(fake.server.count('POST', `${SMS}/batches`)).toBe(2);
  });

  it('never POSTs more than twice', async () => {
    fake.server.on('POST', `${SMS}/batches`, { drop: true }, 5);
    fake.server.on('GET', `${SMS}/batches`, { status: 200, body: { count: 0, page: 0, page_size: 0, batches: [] } }, 10);
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.details.sent).toBe(false);
    expect(fake.server.count('POST', `${SMS}/batches`)).toBe(2);
  });

  it('does not look up or repeat a send Sinch refused with a 400, and says it was not sent', async () => {
    fake.server.on('POST', `${SMS}/batches`, { status: 400, body: { code: 'syntax_invalid_parameter_format', text: 'bad from' } });
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', sent: false, sinch_code: 'syntax_invalid_parameter_format' });
    expect(error.message).toMatch(/^The SMS was not sent/);
    expect(fake.server.requests).toHaveLength(1);
  });

  it('reports a 401 on a send as auth_failed, not sent', async () => {
    fake.server.on('POST', `${SMS}/batches`, { status: 401 });
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'auth_failed', sent: false });
    expect(fake.server.requests).toHaveLength(1);
  });

  it('repeats a rate-limited send once after Retry-After', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, { status: 429, headers: { 'retry-after': '2' } });
    fake.server.on('POST', `${SMS}/batches`, (r) => ({ status: 201, body: state.create(r) }));
    const { client: sinch, delays } = client();
    await expect(sinch.sendBatch(REQUEST)).resolves.toMatchObject({ id: 'B1' });
    expect(delays).toEqual([2000]);
    expect(fake.server.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('gives up on a send that stays rate limited, saying it was not sent', async () => {
    fake.server.on('POST', `${SMS}/batches`, { status: 429 }, 2);
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', sent: false, retryable: true });
  });

  it('repeats once, without a lookup, a send that could not connect at all', async () => {
    const { client: sinch } = testClient(planConfig('http://127.0.0.1:1'));
    const error = await rejectionOf(sinch.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'network_error', sent: false });
    expect(error.message).toMatch(/^The SMS was not sent: Could not connect/);
  });

  it('reports the outcome as unknown when the lookup after a lost answer fails too', async () => {
    fake.server.on('POST', `${SMS}/batches`, { drop: true });
    fake.server.on('GET', `${SMS}/batches`, { status: 401 });
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.details.sent).toBe('unknown');
    expect(error.details.client_reference).toBe('kosmo-generated-ref');
    expect(error.details.retryable).toBe(false);
    expect(error.message).toContain('list_batches({client_reference = "kosmo-generated-ref"})');
    expect(fake.server.count('POST', `${SMS}/batches`)).toBe(1);
  });

  it("does not mistake an older batch with the caller's reused client_reference for this send", async () => {
    const old = batch({ id: 'OLD', client_reference: 'order-42', created_at: '2020-01-01T00:00:00.000Z' });
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, { drop: true });
    fake.server.on('GET', `${SMS}/batches`, { status: 200, body: { count: 1, page: 0, page_size: 1, batches: [old] } }, 2);
    fake.server.on('POST', `${SMS}/batches`, (r) => ({ status: 201, body: state.create(r) }));
    const result = await client().client.sendBatch({ ...REQUEST, client_reference: 'order-42' });
    expect(result.id).toBe('B1');
  });

  it('retries the lookup itself per the read rules', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => {
      state.create(r);
      return { drop: true };
    });
    fake.server.on('GET', `${SMS}/batches`, { status: 503 });
    fake.server.on('GET', `${SMS}/batches`, state.list);
    await expect(client().client.sendBatch(REQUEST)).resolves.toMatchObject({ id: 'B1' });
    expect(fake.server.count('POST', `${SMS}/batches`)).toBe(1);
  });

  it('finds the batch when a 2xx answer could not be read', async () => {
    const state = sinchState();
    fake.server.on('POST', `${SMS}/batches`, (r) => {
      state.create(r);
      return { status: 201, body: '{"id": trunc' };
    });
    fake.server.on('GET', `${SMS}/batches`, state.list);
    await expect(client().client.sendBatch(REQUEST)).resolves.toMatchObject({ id: 'B1' });
    expect(state.created).toHaveLength(1);
  });
});
