import { nodeHttp } from '../../src/sinch/http/transport';
import { useNock, grantsToken, NUMBERS, NUMBERS_ORIGIN, bearerApi, requestLines, SMS, smsApi, systemError, authServer } from './support/nock';
import { planConfig, projectConfig, rejectionOf, testClient } from './support/fixtures';
import { parseRetryAfter, retryDelayMs, shouldRetry, MAX_RETRY_AFTER_MS } from '../../src/sinch/http/retry';
import { ConnectionError, RateLimitError, ServerError, TimeoutError, AbortedError } from '../../src/sinch/http/api-errors';
import { SinchClient } from '../../src/sinch/client/sinch-client';
import { sleep } from '../../src/sinch/client/sleep';

useNock();
const groups = { count: 0, page: 0, page_size: 0, groups: [] };
const GROUPS = `${SMS}/groups`;
const busy = { code: 'x', text: 'busy' };

describe('retrying reads', () => {
  it.each([429, 502, 503, 504])('retries a read that got %i and returns the later answer', async (status) => {
    const { client, delays } = testClient(planConfig());
    smsApi().get(GROUPS).reply(status, busy);
    smsApi().get(GROUPS).reply(200, groups);
    await expect(client.listGroups()).resolves.toEqual(groups);
    expect(requestLines()).toEqual([`GET ${GROUPS}`, `GET ${GROUPS}`]);
    expect(delays).toEqual([500]);
  });

  it('gives up after two retries, waiting 500 then 1000 ms, and reports the last failure', async () => {
    const { client, delays } = testClient(planConfig());
    smsApi().get(GROUPS).times(3).reply(503, 'down');
    const error = await rejectionOf(client.listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 503, retryable: true });
    expect(requestLines()).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('doubles the backoff up to the 8 s cap', async () => {
    const { client, delays } = testClient(planConfig(), { maxRetries: 6 });
    smsApi().get(GROUPS).times(7).reply(502);
    await rejectionOf(client.listGroups());
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('takes up to 25% off each backoff as jitter, never adding to it', async () => {
    const low = testClient(planConfig(), { random: () => 0.999999 });
    const mid = testClient(planConfig(), { random: () => 0.5 });
    smsApi().get(GROUPS).times(6).reply(503);
    await rejectionOf(low.client.listGroups());
    await rejectionOf(mid.client.listGroups());
    expect(low.delays).toEqual([375, 750]);
    expect(mid.delays).toEqual([438, 875]);
  });

  it.each([500, 400, 401, 403, 404, 409])('does not retry a %i', async (status) => {
    const { client, delays } = testClient(planConfig());
    smsApi().get(GROUPS).reply(status, { code: 'x', text: 'no' });
    await rejectionOf(client.listGroups());
    expect(requestLines()).toEqual([`GET ${GROUPS}`]);
    expect(delays).toEqual([]);
  });

  it.each([
    ['in seconds', 429, '3', 3000],
    ['in fractional seconds', 503, '1.5', 1500],
    ['as an HTTP date, measured on the client clock', 503, 'Thu, 06 Jun 2024 09:00:05 GMT', 5000],
    ['as an HTTP date already past, as no wait', 429, 'Thu, 06 Jun 2024 08:59:00 GMT', 0],
  ])('honours Retry-After given %s instead of the backoff', async (_form, status, retryAfter, waited) => {
    const now = Date.parse('2024-06-06T09:00:00Z');
    const { client, delays } = testClient(planConfig(), { now: () => now });
    smsApi().get(GROUPS).reply(status, '', { 'retry-after': retryAfter });
    smsApi().get(GROUPS).reply(200, groups);
    await expect(client.listGroups()).resolves.toEqual(groups);
    expect(delays).toEqual([waited]);
  });

  it('does not sit through a Retry-After longer than a minute: the error carries retry_after', async () => {
    const { client, delays } = testClient(planConfig());
    smsApi().get(GROUPS).reply(429, '', { 'retry-after': '600' });
    const error = await rejectionOf(client.listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', retry_after: 600 });
    expect(delays).toEqual([]);
    expect(requestLines()).toHaveLength(1);
  });

  it('retries a read whose connection was reset', async () => {
    const { client, delays } = testClient(planConfig());
    smsApi().get(GROUPS).replyWithError(systemError('ECONNRESET'));
    smsApi().get(GROUPS).reply(200, groups);
    await expect(client.listGroups()).resolves.toEqual(groups);
    expect(delays).toEqual([500]);
  });

  it('retries a read that could not connect, then reports network_error', async () => {
    const { client, delays } = testClient(planConfig());
    smsApi().get(GROUPS).times(3).replyWithError(systemError('ECONNREFUSED'));
    const error = await rejectionOf(client.listGroups());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.toJSON()).toMatchObject({
      code: 'network_error',
      retryable: true,
      message: 'Could not connect to Sinch SMS API at https://us.sms.api.sinch.com (ECONNREFUSED)',
    });
    expect(error.details.hint).toMatch(/sms_base_url/);
    expect(delays).toEqual([500, 1000]);
  });

  it('names the origin it could not reach, without the path (ids) of an overridden base URL', async () => {
    const { client } = testClient(planConfig({ sms_base_url: 'https://proxy.test:8443/sinch' }));
    smsApi('https://proxy.test:8443').get(`/sinch${GROUPS}`).times(3).replyWithError(systemError('ENOTFOUND'));
    const error = await rejectionOf(client.listGroups());
    expect(error.message).toBe('Could not connect to Sinch SMS API at https://proxy.test:8443 (ENOTFOUND)');
    expect(JSON.stringify(error.toJSON())).not.toMatch(/\/sinch|xms|plan/i);
  });

  it('stops a read at the account timeout without retrying it', async () => {
    const { client, delays } = testClient(planConfig({ timeout_ms: 30 }));
    smsApi().get(GROUPS).delay(5000).reply(200, groups);
    const error = await rejectionOf(client.listGroups());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.toJSON()).toMatchObject({ code: 'timeout', retryable: true, message: 'Sinch SMS API at https://us.sms.api.sinch.com did not answer within 30 ms' });
    expect(error.details.hint).toMatch(/timeout_ms/);
    expect(delays).toEqual([]);
  });

  it('stops a read when the run is aborted, without retrying', async () => {
    const { client, delays } = testClient(planConfig());
    const controller = new AbortController();
    // The run ends once Sinch has the request, while the answer is on its way.
    smsApi().get(GROUPS).delay(5000).reply(200, groups).on('request', () => controller.abort());
    const error = await rejectionOf(client.listGroups({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.toJSON()).toMatchObject({ code: 'timeout', retryable: false, message: "The call to Sinch SMS API at https://us.sms.api.sinch.com stopped: the script's run ended" });
    expect(requestLines()).toEqual([`GET ${GROUPS}`]);
    expect(delays).toEqual([]);
  });

  it('stops a read whose run ends during the pause before a retry', async () => {
    const controller = new AbortController();
    const client = new SinchClient(planConfig(), {
      http: nodeHttp,
      random: () => 0,
      sleep: async (_ms, signal) => {
        controller.abort();
        if (signal?.aborted) throw new AbortedError('timeout', 'stopped', { retryable: false });
      },
    });
    smsApi().get(GROUPS).reply(503);
    const error = await rejectionOf(client.listGroups({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(requestLines()).toEqual([`GET ${GROUPS}`]);
  });

  it('does not start a read whose run has already ended', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(testClient(planConfig()).client.listGroups({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(requestLines()).toEqual([]);
  });

  it('retries the Numbers API and the token request like any read', async () => {
    const { client, delays } = testClient(projectConfig());
    authServer().post('/oauth2/token').reply(503);
    grantsToken('tok-1');
    bearerApi(NUMBERS_ORIGIN, 'tok-1').get(`${NUMBERS}/activeNumbers`).reply(502);
    bearerApi(NUMBERS_ORIGIN, 'tok-1').get(`${NUMBERS}/activeNumbers`).reply(200, { activeNumbers: [], totalSize: 0 });
    await expect(client.listActiveNumbers()).resolves.toEqual({ activeNumbers: [], totalSize: 0 });
    expect(requestLines()).toEqual([
      'POST /oauth2/token',
      'POST /oauth2/token',
      `GET ${NUMBERS}/activeNumbers`,
      `GET ${NUMBERS}/activeNumbers`,
    ]);
    expect(delays).toEqual([500, 500]);
  });
});

describe('the default sleep, on a fake clock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits the whole delay, and no longer', async () => {
    let done = false;
    const pause = sleep(500).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await pause;
    expect(done).toBe(true);
  });

  it('stops at once when the run ends, as aborted', async () => {
    const controller = new AbortController();
    const pause = sleep(8000, controller.signal);
    await jest.advanceTimersByTimeAsync(100);
    controller.abort();
    await expect(pause).rejects.toBeInstanceOf(AbortedError);
    expect(jest.getTimerCount()).toBe(0);
    controller.abort();
    await expect(sleep(1, controller.signal)).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('the retry rule', () => {
  const rate = (retryAfterMs?: number) => new RateLimitError('rate_limited', 'x', { status: 429, retryable: true, retryAfterMs });

  it('doubles the backoff with up to 25% jitter, capped at 8 s', () => {
    const error = new ServerError('upstream_error', 'x', { status: 503, retryable: true });
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(error, n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(error, 0, () => 0.999)).toBeGreaterThanOrEqual(375);
    expect(retryDelayMs(error, 0, () => 0.999)).toBeLessThan(500);
    expect(retryDelayMs(rate(1234), 3, () => 0.5)).toBe(1234);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores garbage', () => {
    const now = Date.parse('2024-06-06T09:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('Thu, 06 Jun 2024 09:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Thu, 06 Jun 2024 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('retries transient failures only, a bounded number of times', () => {
    expect(shouldRetry(rate(), 0)).toBe(true);
    expect(shouldRetry(rate(), 2)).toBe(false);
    expect(shouldRetry(rate(MAX_RETRY_AFTER_MS), 0)).toBe(true);
    expect(shouldRetry(rate(MAX_RETRY_AFTER_MS + 1), 0)).toBe(false);
    expect(shouldRetry(new TimeoutError('timeout', 'x', { retryable: true }), 0)).toBe(false);
    expect(shouldRetry(new AbortedError('timeout', 'x', { retryable: false }), 0)).toBe(false);
    expect(shouldRetry(new ConnectionError('network_error', 'x', { retryable: true }), 0)).toBe(true);
    expect(shouldRetry(new ServerError('upstream_error', 'x', { status: 500, retryable: false }), 0)).toBe(false);
  });
});
