import { useFakeServer } from './support/use-fake-server';
import { planConfig, rejectionOf, SMS, testClient } from './support/fixtures';
import { parseRetryAfter, retryDelayMs, shouldRetry, MAX_RETRY_AFTER_MS } from '../../src/sinch/http/retry';
import { ConnectionError, RateLimitError, ServerError, TimeoutError, AbortedError } from '../../src/sinch/http/api-errors';

const fake = useFakeServer();
const groups = { count: 0, page: 0, page_size: 0, groups: [] };

describe('retrying reads', () => {
  it.each([429, 502, 503, 504])('retries a read that got %i and returns the later answer', async (status) => {
    const { client, delays } = testClient(planConfig(fake.server.url));
    fake.server.on('GET', `${SMS}/groups`, { status, body: { code: 'x', text: 'busy' } });
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups });
    await expect(client.listGroups()).resolves.toEqual(groups);
    expect(fake.server.count('GET', `${SMS}/groups`)).toBe(2);
    expect(delays).toHaveLength(1);
  });

  it('gives up after two retries and reports the last failure', async () => {
    const { client, delays } = testClient(planConfig(fake.server.url));
    fake.server.on('GET', `${SMS}/groups`, { status: 503, body: 'down' }, 3);
    const error = await rejectionOf(client.listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 503, retryable: true });
    expect(fake.server.count('GET', `${SMS}/groups`)).toBe(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('does not retry a 500, a 400 or a 404', async () => {
    const { client } = testClient(planConfig(fake.server.url));
    for (const status of [500, 400, 404]) {
      fake.server.reset();
      fake.server.on('GET', `${SMS}/groups`, { status, body: { code: 'x', text: 'no' } });
      await rejectionOf(client.listGroups());
      expect(fake.server.count('GET', `${SMS}/groups`)).toBe(1);
    }
  });

  it('honours Retry-After given in seconds', async () => {
    const { client, delays } = testClient(planConfig(fake.server.url));
    fake.server.on('GET', `${SMS}/groups`, { status: 429, headers: { 'retry-after': '3' } });
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups });
    await client.listGroups();
    expect(delays).toEqual([3000]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const now = Date.parse('2024-06-06T09:00:00Z');
    const { client, delays } = testClient(planConfig(fake.server.url), { now: () => now });
    fake.server.on('GET', `${SMS}/groups`, { status: 503, headers: { 'retry-after': 'Thu, 06 Jun 2024 09:00:05 GMT' } });
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups });
    await client.listGroups();
    expect(delays).toEqual([5000]);
  });

  it('does not sit through a Retry-After longer than a minute: the error carries retry_after', async () => {
    const { client, delays } = testClient(planConfig(fake.server.url));
    fake.server.on('GET', `${SMS}/groups`, { status: 429, headers: { 'retry-after': '600' } });
    const error = await rejectionOf(client.listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', retry_after: 600 });
    expect(delays).toEqual([]);
  });

  it('retries a read whose connection was dropped', async () => {
    const { client } = testClient(planConfig(fake.server.url));
    fake.server.on('GET', `${SMS}/groups`, { drop: true });
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: groups });
    await expect(client.listGroups()).resolves.toEqual(groups);
  });

  it('retries a read that could not connect, then reports network_error', async () => {
    const { client, delays } = testClient(planConfig('http://127.0.0.1:1'));
    const error = await rejectionOf(client.listGroups());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.toJSON()).toMatchObject({ code: 'network_error', retryable: true });
    expect(delays).toHaveLength(2);
  });

  it('stops a read at the account timeout without retrying it', async () => {
    const { client, delays } = testClient(planConfig(fake.server.url, { timeout_ms: 50 }));
    fake.server.on('GET', `${SMS}/groups`, { hang: true });
    const error = await rejectionOf(client.listGroups());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.toJSON()).toMatchObject({ code: 'timeout', retryable: true });
    expect(delays).toEqual([]);
  });

  it('stops a read when the run is aborted, without retrying', async () => {
    const { client } = testClient(planConfig(fake.server.url));
    const controller = new AbortController();
    fake.server.on('GET', `${SMS}/groups`, (_request) => {
      controller.abort();
      return { hang: true };
    });
    const error = await rejectionOf(client.listGroups({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.code).toBe('timeout');
    expect(fake.server.count('GET', `${SMS}/groups`)).toBe(1);
  });
});

describe('the retry rule', () => {
  const rate = (retryAfterMs?: number) => new RateLimitError('rate_limited', 'x', { status: 429, retryable: true, retryAfterMs });

  it('doubles the backoff with up to 25% jitter, capped at 8 s', () => {
    const error = new ServerError('upstream_error', 'x', { status: 503, retryable: true });
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(error, n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(error, 0, () => 0.999)).toBeGreaterThanOrEqual(375);
    expect(retryDelayMs(error, 0, () => 0.999)).toBeLessThan(500);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores garbage', () => {
    const now = Date.parse('2024-06-06T09:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Thu, 06 Jun 2024 09:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Thu, 06 Jun 2024 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('retries transient failures only, a bounded number of times', () => {
    expect(shouldRetry(rate(), 0)).toBe(true);
    expect(shouldRetry(rate(), 2)).toBe(false);
    expect(shouldRetry(rate(MAX_RETRY_AFTER_MS + 1), 0)).toBe(false);
    expect(shouldRetry(new TimeoutError('timeout', 'x', { retryable: true }), 0)).toBe(false);
    expect(shouldRetry(new AbortedError('timeout', 'x', { retryable: false }), 0)).toBe(false);
    expect(shouldRetry(new ConnectionError('network_error', 'x', { retryable: true }), 0)).toBe(true);
    expect(shouldRetry(new ServerError('upstream_error', 'x', { status: 500, retryable: false }), 0)).toBe(false);
  });
});
