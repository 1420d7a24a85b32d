import { useNock, bearerApi, grantsToken, NUMBERS, NUMBERS_ORIGIN, SMS, smsApi } from './support/nock';
import { batch, planConfig, projectConfig, rejectionOf, testClient } from './support/fixtures';
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
import { nodeHttpAdapter } from '../../src/sinch/http/transport';
import { SinchClient } from '../../src/sinch/client/sinch-client';
import axios from 'axios';

useNock();

/** No retries here: every test makes exactly one request (retries are retry.test.ts's). */
function client(extra = {}) {
  return testClient(planConfig(extra), { maxRetries: 0 }).client;
}

const groups = () => smsApi().get(`${SMS}/groups`);

describe('each error status of the SMS API', () => {
  it.each([
    [400, { code: 'syntax_constraint_violation', text: 'bad' }, BadRequestError, 'invalid_argument', false],
    [401, { code: 'unauthorized', text: 'bad' }, AuthenticationError, 'auth_failed', false],
    [403, { code: 'unknown_group', text: 'bad' }, ForbiddenError, 'invalid_argument', false],
    [403, { code: 'blocked_account', text: 'bad' }, ForbiddenError, 'permission_denied', false],
    [404, { code: 'not_found', text: 'bad' }, NotFoundError, 'not_found', false],
    [429, { code: 'too_many_requests', text: 'bad' }, RateLimitError, 'rate_limited', true],
    [500, { code: 'internal', text: 'bad' }, ServerError, 'upstream_error', false],
    [502, { code: 'bad_gateway', text: 'bad' }, ServerError, 'upstream_error', true],
    [503, { code: 'unavailable', text: 'bad' }, ServerError, 'upstream_error', true],
    [504, { code: 'gateway_timeout', text: 'bad' }, ServerError, 'upstream_error', true],
    [409, { code: 'conflict', text: 'bad' }, UnexpectedStatusError, 'upstream_error', false],
  ])('maps %i %j to its error class, code and retryable', async (status, body, Kind, code, retryable) => {
    groups().reply(status, body);
    const error = await rejectionOf(client().listGroups());
    expect(error).toBeInstanceOf(Kind);
    expect(error.name).toBe(Kind.name);
    expect(error.toJSON()).toEqual(
      expect.objectContaining({ code, status, sinch_code: body.code, retryable, message: `Sinch SMS API answered ${status} ${body.code}: bad` }),
    );
  });

  it('maps a 400 with the SMS error shape to invalid_argument with sinch_code and Sinch text', async () => {
    smsApi().get(`${SMS}/groups/G1`).reply(400, { code: 'syntax_constraint_violation', text: 'page_size must be at most 100' });
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.toJSON()).toEqual({
      code: 'invalid_argument',
      message: 'Sinch SMS API answered 400 syntax_constraint_violation: page_size must be at most 100',
      status: 400,
      sinch_code: 'syntax_constraint_violation',
      retryable: false,
    });
  });

  it('maps a 401 to auth_failed with a hint about region and service plan', async () => {
    smsApi('https://eu.sms.api.sinch.com').get(`${SMS}/groups/G1`).reply(401, '');
    const error = await rejectionOf(client({ region: 'eu' }).getGroup('G1'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('auth_failed');
    expect(error.details).toMatchObject({ status: 401, retryable: false });
    expect(error.details.hint).toMatch(/service_plan_id and api_token/);
    expect(error.details.hint).toContain('"eu"');
  });

  it('maps a 403 with a business-rule code to invalid_argument: the request can be fixed, and says how', async () => {
    smsApi().get(`${SMS}/groups/G1`).reply(403, { code: 'unknown_group', text: 'Group not found' });
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', status: 403, sinch_code: 'unknown_group' });
    expect(error.details.hint).toMatch(/list_groups shows the ids/);
    smsApi().get(`${SMS}/groups/G1`).reply(403, { code: 'conflict_group_name', text: 'Name taken' });
    expect((await rejectionOf(client().getGroup('G1'))).details.hint).toBeUndefined();
  });

  it('maps a 403 blocked_account to permission_denied with a hint that retrying will not help', async () => {
    smsApi().get(`${SMS}/groups/G1`).reply(403, { code: 'blocked_account', text: 'Account blocked' });
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error.toJSON()).toMatchObject({ code: 'permission_denied', status: 403, sinch_code: 'blocked_account', retryable: false });
    expect(error.details.hint).toMatch(/blocked this account.*retrying will not help/);
  });

  it('maps a 403 without a business-rule code to permission_denied, saying it is not the local policy', async () => {
    groups().reply(403, { error: { code: 403, message: 'Forbidden', status: 'PERMISSION_DENIED' } });
    const error = await rejectionOf(client().listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'permission_denied', status: 403, sinch_code: 'PERMISSION_DENIED' });
    expect(error.details.hint).toMatch(/not the local permission policy/);
  });

  it('maps a 404 with an empty body to not_found with the 14-day retention hint', async () => {
    smsApi().get(`${SMS}/batches/B1`).reply(404);
    const error = await rejectionOf(client().getBatch('B1'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.toJSON()).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.details.sinch_code).toBeUndefined();
    expect(error.details.hint).toMatch(/^No batch with id "B1" in this service plan\. Sinch keeps batches and inbound messages for 14 days.*list_batches shows the ids/);
  });

  it('gives each lookup by id its own not-found hint', async () => {
    smsApi().get(`${SMS}/inbounds/I1`).reply(404);
    smsApi().get(`${SMS}/groups/G1`).reply(404);
    const inbound = await rejectionOf(client().getInbound('I1'));
    const group = await rejectionOf(client().getGroup('G1'));
    expect(inbound.details.hint).toMatch(/^No inbound message with id "I1"\. Sinch keeps/);
    expect(group.details.hint).toBe('No group with id "G1" in this service plan: list_groups shows the ids.');
  });

  it('maps a 429 to rate_limited, retryable, with retry_after from Retry-After in seconds', async () => {
    groups().reply(429, { code: 'too_many_requests', text: 'slow down' }, { 'retry-after': '7' });
    const error = await rejectionOf(client().listGroups());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', status: 429, retryable: true, retry_after: 7 });
    expect(error.details.hint).toMatch(/per service plan/);
  });

  it('reads a Retry-After given as an HTTP date against the client clock', async () => {
    const now = Date.parse('2024-06-06T09:00:00Z');
    groups().reply(429, '', { 'retry-after': 'Thu, 06 Jun 2024 09:00:12 GMT' });
    const error = await rejectionOf(testClient(planConfig(), { maxRetries: 0, now: () => now }).client.listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', retry_after: 12 });
  });

  it('maps a 429 without Retry-After to rate_limited without retry_after', async () => {
    groups().reply(429);
    const error = await rejectionOf(client().listGroups());
    expect(error.toJSON()).toMatchObject({ code: 'rate_limited', status: 429, retryable: true });
    expect(error.details).not.toHaveProperty('retry_after');
  });

  it('keeps the request id from x-request-id or x-correlation-id', async () => {
    groups().reply(409, { code: 'conflict', text: 'no' }, { 'x-request-id': 'req-42' });
    groups().reply(500, '', { 'x-correlation-id': 'corr-7' });
    expect((await rejectionOf(client().listGroups())).toJSON()).toMatchObject({ code: 'upstream_error', status: 409, request_id: 'req-42' });
    expect((await rejectionOf(client().listGroups())).toJSON()).toMatchObject({ status: 500, request_id: 'corr-7' });
  });

  it('does not follow redirects: a 302 is an error, not a second request', async () => {
    groups().reply(302, '', { location: 'https://elsewhere.example/x' });
    const error = await rejectionOf(client().listGroups());
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error', status: 302, retryable: false });
  });
});

describe('each shape of an error body', () => {
  it.each([
    ['the SMS shape {code, text}', { code: 'syntax_invalid_json', text: 'Invalid JSON' }, 'syntax_invalid_json', 'Invalid JSON'],
    [
      'the gateway shape {error: {code, message, status, details}}',
      { error: { code: 400, message: 'Bad page token', status: 'INVALID_ARGUMENT', details: [{ '@type': 'x' }] } },
      'INVALID_ARGUMENT',
      'Bad page token',
    ],
    ['the OAuth2 shape {error, error_description}', { error: 'invalid_request', error_description: 'Missing grant' }, 'invalid_request', 'Missing grant'],
    ['a JSON object with only a message', { message: 'Something odd' }, undefined, 'Something odd'],
    ['plain text', 'Request rejected by policy', undefined, 'Request rejected by policy'],
    ['JSON that is not an object', '["x"]', undefined, '["x"]'],
    ['truncated JSON', '{"code": "syntax_inv', undefined, '{"code": "syntax_inv'],
  ])('reads %s', async (_shape, body, sinchCode, text) => {
    groups().reply(400, body as never);
    const error = await rejectionOf(client().listGroups());
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.details.sinch_code).toBe(sinchCode);
    expect(error.message).toBe(`Sinch SMS API answered 400${sinchCode ? ` ${sinchCode}` : ''}: ${text}`);
  });

  it('falls back to the status text when the body is empty', async () => {
    groups().reply(404, '');
    const error = await rejectionOf(client().listGroups());
    expect(error.message).toBe('Sinch SMS API answered 404: Not Found');
  });

  it('quotes an HTML error page as short plain text without tags', async () => {
    groups().reply(502, `<html><head><title>502</title></head><body><h1>Bad Gateway</h1>${'x'.repeat(1000)}</body></html>`, {
      'content-type': 'text/html',
    });
    const error = await rejectionOf(client().listGroups());
    expect(error.message).toMatch(/^Sinch SMS API answered 502: 502 Bad Gateway x+\.\.\.$/);
    expect(error.message).not.toContain('<');
    expect(error.message.length).toBeLessThan(330);
  });

  it('reads the gateway error shape of the Numbers API, with a hint naming list_phone_numbers', async () => {
    grantsToken('tok-1');
    bearerApi(NUMBERS_ORIGIN, 'tok-1')
      .get(`${NUMBERS}/activeNumbers/+12025550100`)
      .reply(404, { error: { code: 404, message: 'Number not found', status: 'NOT_FOUND', details: [] } });
    const { client: numbers } = testClient(projectConfig(), { maxRetries: 0 });
    const error = await rejectionOf(numbers.getActiveNumber('+12025550100'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.toJSON()).toMatchObject({
      code: 'not_found',
      status: 404,
      sinch_code: 'NOT_FOUND',
      message: 'Sinch Numbers API answered 404 NOT_FOUND: Number not found',
    });
    expect(error.details.hint).toBe(
      '+12025550100 is not an active (rented) number of project test-project: list_phone_numbers shows them.',
    );
  });
});

describe('successful answers', () => {
  it('refuses a 2xx answer that is not JSON', async () => {
    smsApi().get(`${SMS}/groups/G1`).reply(200, 'OK');
    const error = await rejectionOf(client().getGroup('G1'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.toJSON()).toEqual({
      code: 'upstream_error',
      message: 'Sinch SMS API answered 200 with a body that is not JSON',
      status: 200,
      retryable: false,
    });
  });

  it('refuses a 2xx answer that lacks the field the call relies on', async () => {
    groups().reply(200, { count: 1, groups: 'nope' });
    smsApi().get(`${SMS}/groups/G1`).reply(200, { name: 'no id' });
    const list = await rejectionOf(client().listGroups());
    const one = await rejectionOf(client().getGroup('G1'));
    expect(list.toJSON()).toMatchObject({ code: 'upstream_error', retryable: false, message: 'Sinch SMS API answered with an unexpected shape: "groups" is not a list' });
    expect(one.message).toBe('Sinch SMS API answered with an unexpected shape: "id" is missing');
  });

  it('refuses an answer larger than the transport accepts, without retrying it', async () => {
    const http = axios.create({ adapter: nodeHttpAdapter, transformRequest: [], transformResponse: [], maxContentLength: 1000 });
    groups().reply(200, { count: 1, groups: [{ id: 'x'.repeat(5000) }] });
    const error = await rejectionOf(new SinchClient(planConfig(), { http, sleep: async () => undefined }).listGroups());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.toJSON()).toEqual({ code: 'upstream_error', message: 'The answer of Sinch SMS API at https://us.sms.api.sinch.com was too large', retryable: false });
  });

  it('treats a missing list as empty (Sinch omits empty fields)', async () => {
    groups().reply(200, { count: 0, page: 0, page_size: 0 });
    await expect(client().listGroups()).resolves.toEqual({ count: 0, page: 0, page_size: 0, groups: [] });
  });

  it('passes unknown fields and numbers through as Sinch sent them', async () => {
    smsApi().get(`${SMS}/batches/B1`).reply(200, batch({ id: 'B1', future_field: { x: 1 } }));
    const result = await client().getBatch('B1');
    expect(result).toEqual(batch({ id: 'B1', future_field: { x: 1 } }));
  });
});
