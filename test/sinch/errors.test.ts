import { useFakeServer } from './support/use-fake-server';
import { batch, planConfig, projectConfig, rejectionOf, SMS, NUMBERS, testClient } from './support/fixtures';
import {
  AuthenticationError,
  BadRequestError,
  ForbiddenError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnexpectedStatusError,
} from '../../src/sinch/http/api-errors';

const fake = useFakeServer();

function client(extra = {}) {
  return testClient(planConfig(fake.server.url, extra), { maxRetries: 0 }).client;
}

describe('mapping Sinch error answers', () => {
  it('maps a 400 with the SMS error shape to invalid_argument with sinch_code', async () => {
    fake.server.on('GET', `${SMS}/groups/G1`, {
      status: 400,
      body: { code: 'syntax_constraint_violation', text: 'page_size must be at most 100' },
    });
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.name).toBe('BadRequestError');
    expect(error.toJSON()).toMatchObject({
      code: 'invalid_argument',
      status: 400,
      sinch_code: 'syntax_constraint_violation',
      retryable: false,
    });
    expect(error.message).toContain('page_size must be at most 100');
  });

  it('maps a 401 to auth_failed with a hint about region and service plan', async () => {
    fake.server.on('GET', `${SMS}/groups/G1`, { status: 401, body: '' });
    const error = await rejectionOf(client({ region: 'eu' }).getGroup('G1'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('auth_failed');
    expect(error.details.status).toBe(401);
    expect(error.details.hint).toMatch(/region/);
    expect(error.details.hint).toContain('"eu"');
    expect(error.details.retryable).toBe(false);
  });

  it('maps a 403 with a business-rule code to invalid_argument', async () => {
    fake.server.on('GET', `${SMS}/groups/G1`, { status: 403, body: { code: 'unknown_group', text: 'Group not found' } });
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', status: 403, sinch_code: 'unknown_group' });
  });

  it('maps a 403 blocked_account to permission_denied with a hint', async () => {
    fake.server.on('GET', `${SMS}/groups/G1`, { status: 403, body: { code: 'blocked_account', text: 'Account blocked' } });
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error.toJSON()).toMatchObject({ code: 'permission_denied', status: 403, sinch_code: 'blocked_account' });
    expect(error.details.hint).toMatch(/blocked/);
  });

  it('reads the gateway error shape of the Numbers API', async () => {
    const { client: numbers } = testClient(projectConfig(fake.server.url), { maxRetries: 0 });
    fake.server.on('POST', '/oauth2/token', { status: 200, body: { access_token: 'tok-1', expires_in: 3600 } });
    fake.server.on('GET', `${NUMBERS}/activeNumbers/+12025550100`, {
      status: 404,
      body: { error: { code: 404, message: 'Number not found', status: 'NOT_FOUND', details: [] } },
    });
    const error = await rejectionOf(numbers.getActiveNumber('+12025550100'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.toJSON()).toMatchObject({ code: 'not_found', status: 404, sinch_code: 'NOT_FOUND' });
    expect(error.message).toContain('Number not found');
    expect(error.details.hint).toContain('list_phone_numbers');
  });

  it('maps a 404 with an empty body to not_found with the 14-day retention hint', async () => {
    fake.server.on('GET', `${SMS}/batches/B1`, { status: 404 });
    const error = await rejectionOf(client().getBatch('B1'));
    expect(error.code).toBe('not_found');
    expect(error.details.hint).toMatch(/14 days/);
  });

  it('maps a 429 to rate_limited, retryable, with retry_after from Retry-After', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 429, body: { code: 'too_many_requests', text: 'slow down' }, headers: { 'retry-after': '7' } });
    const error = await rejectionOf(client().listGroups());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', status: 429, retryable: true, retry_after: 7 });
  });

  it('maps a 503 to upstream_error, retryable, and a 500 to upstream_error, not retryable', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 503, body: 'Service Unavailable' });
    fake.server.on('GET', `${SMS}/groups`, { status: 500, body: { code: 'internal', text: 'oops' } });
    const unavailable = await rejectionOf(client().listGroups());
    const internal = await rejectionOf(client().listGroups());
    expect(unavailable).toBeInstanceOf(ServerError);
    expect(unavailable.toJSON()).toMatchObject({ code: 'upstream_error', status: 503, retryable: true });
    expect(internal.toJSON()).toMatchObject({ code: 'upstream_error', status: 500, retryable: false });
  });

  it('quotes a non-JSON (HTML) error body as short plain text', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 502, body: `<html><body><h1>Bad Gateway</h1>${'x'.repeat(1000)}</body></html>` });
    const error = await rejectionOf(client().listGroups());
    expect(error.message).toContain('Bad Gateway');
    expect(error.message).not.toContain('<h1>');
    expect(error.message.length).toBeLessThan(400);
  });

  it('maps an unexpected status (409) to upstream_error and keeps the request id', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 409, body: { code: 'conflict', text: 'no' }, headers: { 'x-request-id': 'req-42' } });
    const error = await rejectionOf(client().listGroups());
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 409, request_id: 'req-42' });
  });

  it('does not follow redirects: a 302 is an error, not a second request', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    const error = await rejectionOf(client().listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 302 });
    expect(fake.server.requests).toHaveLength(1);
  });

  it('refuses a 2xx answer that is not JSON, or lacks the field the call relies on', async () => {
    fake.server.on('GET', `${SMS}/groups/G1`, { status: 200, body: 'OK' });
    fake.server.on('GET', `${SMS}/groups`, { status: 200, body: { count: 1, groups: 'nope' } });
    expect(await rejectionOf(client().getGroup('G1'))).toBeInstanceOf(InvalidResponseError);
    const shape = await rejectionOf(client().listGroups());
    expect(shape.toJSON()).toMatchObject({ code: 'upstream_error', retryable: false });
  });

  it('passes unknown fields and numbers through as Sinch sent them', async () => {
    fake.server.on('GET', `${SMS}/batches/B1`, { status: 200, body: batch({ id: 'B1', future_field: { x: 1 } }) });
    const result = await client().getBatch('B1');
    expect(result).toMatchObject({ id: 'B1', future_field: { x: 1 }, canceled: false });
  });
});
