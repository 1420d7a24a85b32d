import type nock from 'nock';
import { useNock, requestLines, requestsMade, SMS, smsApi, systemError } from './support/nock';
import { batch, planConfig, rejectionOf, testClient } from './support/fixtures';
import { generateClientReference, LOOKUP_SKEW_MS } from '../../src/sinch/client/send-once';

useNock();

const NOW = Date.parse('2024-06-10T12:00:00.000Z');
const REF = 'kosmo-generated-ref';
const SETTLE_MS = 1000;
const REQUEST = { from: '+12025550100', to: ['+12025550134'], body: 'Your code is 1234' };
/** What goes on the wire: the request, its type and the client_reference that identifies it. */
const wire = (reference = REF) => ({ ...REQUEST, type: 'mt_text', client_reference: reference });
const created = (reference = REF, extra: Record<string, unknown> = {}) =>
  batch({ id: 'B1', to: ['12025550134'], body: REQUEST.body, client_reference: reference, created_at: new Date(NOW).toISOString(), ...extra });

const POST = `POST ${SMS}/batches`;
/** The lookup: `GET /batches?page_size=100&start_date={send start − 5 min}&client_reference=`. */
const lookupQuery = (reference = REF) => ({ page_size: 100, start_date: new Date(NOW - LOOKUP_SKEW_MS).toISOString(), client_reference: reference });
const LOOKUP = `GET ${SMS}/batches?page_size=100&start_date=2024-06-10T11%3A55%3A00.000Z&client_reference=${REF}`;

/** The next `POST /batches`, matched only with this exact JSON body and content type. */
function post(reference = REF): nock.Interceptor {
  return smsApi().matchHeader('content-type', 'application/json').post(`${SMS}/batches`, wire(reference));
}

/** The next lookup by client_reference, answered with `found`. */
function lookup(found: Record<string, unknown>[], reference = REF): nock.Interceptor & { answer(): nock.Scope } {
  const interceptor = smsApi().get(`${SMS}/batches`).query(lookupQuery(reference));
  return Object.assign(interceptor, {
    answer: () => interceptor.reply(200, { count: found.length, page: 0, page_size: found.length, batches: found }),
  });
}

function client(extra = {}) {
  return testClient(planConfig(extra), { now: () => NOW, newClientReference: () => REF, sendLookupSettleMs: SETTLE_MS });
}

/**
 * A timeout that a held-back answer (NO_ANSWER_MS) misses while the prompt ones (the lookups) make it even on
 * a loaded machine: nothing but the lookups' own handling has to happen within it. At 300 ms a process
 * descheduled for that long would have timed the lookups out too.
 */
const SHORT_TIMEOUT_MS = 2000;
/** An answer held back this long never comes within SHORT_TIMEOUT_MS (the request is aborted first). */
const NO_ANSWER_MS = 30_000;

/** Ways the answer to a POST can be lost after Sinch may have created the batch, and the account's timeout_ms. */
const LOST_ANSWERS: [string, (interceptor: nock.Interceptor) => nock.Scope, number][] = [
  ['the connection was reset after the request was sent', (i) => i.replyWithError(systemError('ECONNRESET')), 2000],
  ['Sinch answered 500', (i) => i.reply(500, { code: 'internal', text: 'oops' }), 2000],
  ['Sinch answered 502', (i) => i.reply(502, '<html>Bad Gateway</html>'), 2000],
  ['Sinch answered 503', (i) => i.reply(503, 'upstream timeout'), 2000],
  ['Sinch answered 504', (i) => i.reply(504), 2000],
  ['no answer came within timeout_ms', (i) => i.delay(NO_ANSWER_MS).reply(201, created()), SHORT_TIMEOUT_MS],
  ['the 201 answer could not be read', (i) => i.reply(201, '{"id": trunc'), 2000],
  ['the 201 answer had no batch id', (i) => i.reply(201, { to: ['12025550134'] }), 2000],
];

describe('sending exactly once', () => {
  it('sends one batch and returns it, with a generated client_reference', async () => {
    post().reply(201, created());
    await expect(client().client.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST]);
    expect(JSON.parse(requestsMade()[0].body)).toEqual(wire());
  });

  it("keeps the caller's client_reference", async () => {
    post('order-42').reply(201, created('order-42'));
    await client().client.sendBatch({ ...REQUEST, client_reference: 'order-42' });
    expect(requestLines()).toEqual([POST]);
  });

  it.each(LOST_ANSWERS)('finds the batch when %s, and never POSTs again', async (_how, lose, timeoutMs) => {
    lose(post());
    lookup([created()]).answer();
    const { client: sinch, delays } = client({ timeout_ms: timeoutMs });
    await expect(sinch.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST, LOOKUP]);
    expect(delays).toEqual([]);
  });

  it('looks again after a pause when Sinch lists the batch late, and still does not POST again', async () => {
    post().replyWithError(systemError('ECONNRESET'));
    lookup([]).answer();
    lookup([created()]).answer();
    const { client: sinch, delays } = client();
    await expect(sinch.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST, LOOKUP, LOOKUP]);
    expect(delays).toEqual([SETTLE_MS]);
  });

  it('sends again once, with the same client_reference, when the connection was reset before Sinch committed the batch', async () => {
    post().replyWithError(systemError('ECONNRESET'));
    lookup([]).answer();
    lookup([]).answer();
    post().reply(201, created());
    const { client: sinch, delays } = client();
    await expect(sinch.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST, LOOKUP, LOOKUP, POST]);
    expect(delays).toEqual([SETTLE_MS, 500]);
  });

  it('repeats a timed-out send once when no batch is listed after two lookups', async () => {
    post().delay(NO_ANSWER_MS).reply(201, created());
    lookup([]).answer();
    lookup([]).answer();
    post().reply(201, created());
    await expect(client({ timeout_ms: SHORT_TIMEOUT_MS }).client.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST, LOOKUP, LOOKUP, POST]);
  });

  it('repeats at once, without a lookup, a send whose connection was refused (it never left)', async () => {
    post().replyWithError(systemError('ECONNREFUSED'));
    post().reply(201, created());
    const { client: sinch, delays } = client();
    await expect(sinch.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST, POST]);
    expect(delays).toEqual([500]);
  });

  it('says the SMS was not sent when the connection is refused twice', async () => {
    post().replyWithError(systemError('ECONNREFUSED'));
    post().replyWithError(systemError('ECONNREFUSED'));
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'network_error', sent: false, client_reference: REF, retryable: true });
    expect(error.message).toBe('The SMS was not sent: Could not connect to Sinch SMS API at https://us.sms.api.sinch.com (ECONNREFUSED)');
    expect(requestLines()).toEqual([POST, POST]);
  });

  it('says the SMS was not sent when both attempts fail with 5xx and no batch exists', async () => {
    post().reply(502, 'bad gateway');
    lookup([]).times(2).answer();
    post().reply(502, 'bad gateway');
    lookup([]).times(2).answer();
    const { client: sinch, delays } = client();
    const error = await rejectionOf(sinch.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 502, sent: false, client_reference: REF });
    expect(error.message).toBe(
      `The SMS was not sent: Sinch SMS API answered 502: bad gateway; no batch with client_reference "${REF}" exists at Sinch`,
    );
    expect(requestLines()).toEqual([POST, LOOKUP, LOOKUP, POST, LOOKUP, LOOKUP]);
    expect(delays).toEqual([SETTLE_MS, 500, SETTLE_MS]);
  });

  it('never POSTs more than twice', async () => {
    post().times(2).replyWithError(systemError('ECONNRESET'));
    lookup([]).times(4).answer();
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'network_error', sent: false });
    expect(requestLines().filter((line) => line === POST)).toHaveLength(2);
  });

  it.each([
    [400, { code: 'syntax_invalid_parameter_format', text: 'bad from' }, 'invalid_argument'],
    [401, '', 'auth_failed'],
    [403, { code: 'unknown_group', text: 'no such group' }, 'invalid_argument'],
    [403, { code: 'blocked_account', text: 'blocked' }, 'permission_denied'],
    [404, '', 'not_found'],
    [409, '', 'upstream_error'],
  ])('does not look up or repeat a send Sinch refused with %i %j, and says it was not sent', async (status, body, code) => {
    post().reply(status, body);
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code, status, sent: false, client_reference: REF, retryable: false });
    expect(error.message).toMatch(/^The SMS was not sent: Sinch SMS API answered /);
    expect(requestLines()).toEqual([POST]);
  });

  it('repeats a rate-limited send once after Retry-After, without a lookup', async () => {
    post().reply(429, '', { 'retry-after': '2' });
    post().reply(201, created());
    const { client: sinch, delays } = client();
    await expect(sinch.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(delays).toEqual([2000]);
    expect(requestLines()).toEqual([POST, POST]);
  });

  it('gives up on a send that stays rate limited, saying it was not sent', async () => {
    post().times(2).reply(429);
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', sent: false, retryable: true });
    expect(requestLines()).toEqual([POST, POST]);
  });

  it('does not wait out a Retry-After over a minute on a send: not sent, with retry_after', async () => {
    post().reply(429, '', { 'retry-after': '120' });
    const { client: sinch, delays } = client();
    const error = await rejectionOf(sinch.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', sent: false, retry_after: 120 });
    expect(delays).toEqual([]);
    expect(requestLines()).toEqual([POST]);
  });

  it('reports the outcome as unknown when the lookup after a lost answer fails too', async () => {
    post().replyWithError(systemError('ECONNRESET'));
    lookup([]).reply(401);
    const error = await rejectionOf(client().client.sendBatch(REQUEST));
    expect(error.toJSON()).toMatchObject({ code: 'network_error', sent: 'unknown', client_reference: REF, retryable: false });
    expect(error.message).toMatch(/^It is not known whether the SMS was sent: .*looking the batch up by client_reference/);
    expect(error.message).toContain(`list_batches({client_reference = "${REF}"})`);
    expect(error.details.hint).toContain('before sending again');
    expect(requestLines()).toEqual([POST, LOOKUP]);
  });

  it('retries the lookup itself per the read rules, and reports unknown once they are spent', async () => {
    post().reply(503);
    lookup([]).times(3).reply(503);
    const { client: sinch, delays } = client();
    const error = await rejectionOf(sinch.sendBatch(REQUEST));
    expect(error.details.sent).toBe('unknown');
    expect(requestLines()).toEqual([POST, LOOKUP, LOOKUP, LOOKUP]);
    expect(delays).toEqual([500, 1000]);
  });

  it('finds the batch when a lookup succeeds on a read retry', async () => {
    post().replyWithError(systemError('ECONNRESET'));
    lookup([]).reply(503);
    lookup([created()]).answer();
    await expect(client().client.sendBatch(REQUEST)).resolves.toEqual(created());
    expect(requestLines()).toEqual([POST, LOOKUP, LOOKUP]);
  });

  it("does not mistake an older batch with the caller's reused client_reference for this send", async () => {
    const old = created('order-42', { id: 'OLD', created_at: '2020-01-01T00:00:00.000Z' });
    post('order-42').replyWithError(systemError('ECONNRESET'));
    lookup([old], 'order-42').times(2).answer();
    post('order-42').reply(201, created('order-42'));
    const result = await client().client.sendBatch({ ...REQUEST, client_reference: 'order-42' });
    expect(result.id).toBe('B1');
    expect(requestLines()).toHaveLength(4);
  });

  it("does not mistake a recent batch to other recipients with the caller's reference for this send", async () => {
    const other = created('order-42', { id: 'OTHER', to: ['12025550199'] });
    post('order-42').reply(503);
    lookup([other], 'order-42').times(2).answer();
    post('order-42').reply(201, created('order-42'));
    await expect(client().client.sendBatch({ ...REQUEST, client_reference: 'order-42' })).resolves.toMatchObject({ id: 'B1' });
  });

  it("recognizes the caller's reused reference when the recipients match, whatever their format", async () => {
    const mine = created('order-42', { to: ['12025550134'] });
    post('order-42').reply(504);
    lookup([mine], 'order-42').answer();
    await expect(client().client.sendBatch({ ...REQUEST, client_reference: 'order-42' })).resolves.toEqual(mine);
  });
});

describe('generated client references', () => {
  it('are kosmo- and 20 base32 characters, all different, also across draws of random bytes', () => {
    // More references than one draw of entropy serves (send-once.ts draws for 64 at a time).
    const references = Array.from({ length: 1000 }, () => generateClientReference());
    for (const reference of references) expect(reference).toMatch(/^kosmo-[a-z2-7]{20}$/);
    expect(new Set(references).size).toBe(references.length);
  });
});
