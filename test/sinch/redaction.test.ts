import { inspect } from 'node:util';
import { AxiosError, AxiosHeaders } from 'axios';
import { useNock, authServer, bearerApi, NUMBERS, NUMBERS_ORIGIN, requestsMade, SMS, smsApi, systemError, tokenBody, AUTH_ORIGIN } from './support/nock';
import { PLAN, PROJECT, rejectionOf, testClient } from './support/fixtures';
import { SinchClient } from '../../src/sinch/client/sinch-client';
import type { SinchAccountConfig } from '../../src/sinch/config/account-config';
import { Redactor, REDACTED } from '../../src/sinch/redact';
import { IntegrationError } from '../../src/errors';

useNock();
const CANARY_TOKEN = 'CANARY-api-token-7f3a9c';
const CANARY_SECRET = 'CANARY-key-secret-19be44';
const CANARY_ACCESS = 'CANARY-access-token-0c1d';
const KEY_ID = 'kid-0001';
const BASIC = Buffer.from(`${KEY_ID}:${CANARY_SECRET}`).toString('base64');
/** An error text that echoes every credential of the account, the way a careless proxy would. */
const ECHO = `bad request: Authorization: Bearer ${CANARY_TOKEN}; basic ${BASIC}; key_secret=${CANARY_SECRET}`;
/** The same with the OAuth2 access token, for calls made with it (the client learns it when it fetches it). */
const ECHO_OAUTH = `${ECHO}; token ${CANARY_ACCESS}`;

function config(extra: Partial<SinchAccountConfig> = {}): SinchAccountConfig {
  return { service_plan_id: PLAN, api_token: CANARY_TOKEN, project_id: PROJECT, key_id: KEY_ID, key_secret: CANARY_SECRET, region: 'us', timeout_ms: 2000, ...extra };
}

/** Everything an error could show: message, stack, toJSON, details, String(), and a deep inspect of the object. */
function everything(error: unknown): string {
  const e = error as IntegrationError;
  return [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(e.toJSON()), JSON.stringify(e.details), inspect(e, { depth: 20, showHidden: true })].join('\n');
}

function expectNoCanary(text: string): void {
  for (const canary of [CANARY_TOKEN, CANARY_SECRET, CANARY_ACCESS, BASIC, 'CANARY']) expect(text).not.toContain(canary);
}

// Whatever the client writes to the console or to stdout/stderr, in every test of this file.
const logged: string[] = [];
const spies: jest.SpyInstance[] = [];
beforeAll(() => {
  for (const method of ['log', 'error', 'warn', 'info', 'debug', 'trace'] as const) {
    spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => inspect(a, { depth: 20 })).join(' '))));
  }
  for (const stream of [process.stdout, process.stderr]) {
    spies.push(jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => logged.push(String(chunk)) > 0) as never));
  }
});
afterEach(() => expectNoCanary(logged.join('\n')));
afterAll(() => spies.forEach((spy) => spy.mockRestore()));

/** The OAuth2 token request, answered with the canary access token. */
function grantsCanary() {
  authServer(AUTH_ORIGIN, BASIC).post('/oauth2/token', 'grant_type=client_credentials').reply(200, tokenBody(CANARY_ACCESS));
}

describe('no secret leaves the client', () => {
  const sms = () => smsApi(undefined, CANARY_TOKEN);
  const numbers = () => bearerApi(NUMBERS_ORIGIN, CANARY_ACCESS);
  const shapes = (echo: string) => [
    { code: 'unauthorized', text: echo },
    { error: { code: 401, message: echo, status: 'UNAUTHENTICATED' } },
    echo,
  ];

  it.each([
    ['listBatches', () => sms().get(`${SMS}/batches`), (c: SinchClient) => c.listBatches()],
    ['getBatch', () => sms().get(`${SMS}/batches/B1`), (c: SinchClient) => c.getBatch('B1')],
    ['listInbounds', () => sms().get(`${SMS}/inbounds`), (c: SinchClient) => c.listInbounds()],
    ['getInbound', () => sms().get(`${SMS}/inbounds/I1`), (c: SinchClient) => c.getInbound('I1')],
    ['listGroups', () => sms().get(`${SMS}/groups`), (c: SinchClient) => c.listGroups()],
    ['getGroup', () => sms().get(`${SMS}/groups/G1`), (c: SinchClient) => c.getGroup('G1')],
    ['listActiveNumbers', () => numbers().get(`${NUMBERS}/activeNumbers`), (c: SinchClient) => c.listActiveNumbers()],
    ['getActiveNumber', () => numbers().get(`${NUMBERS}/activeNumbers/+12025550100`), (c: SinchClient) => c.getActiveNumber('+12025550100')],
    ['sendBatch', () => sms().post(`${SMS}/batches`), (c: SinchClient) => c.sendBatch({ to: ['+12025550134'], body: 'x' })],
  ])('redacts every credential that an error body echoes back, on %s', async (name, route, call) => {
    const oauth = name.includes('ActiveNumber');
    if (oauth) grantsCanary();
    const bodies = shapes(oauth ? ECHO_OAUTH : ECHO);
    for (const body of bodies) route().reply(400, body as never);
    const client = testClient(config(), { maxRetries: 0 }).client;
    for (const _body of bodies) {
      const error = await rejectionOf(call(client));
      expect(error.code).toBe('invalid_argument');
      expect(error.message).toContain(REDACTED);
      expectNoCanary(everything(error));
    }
    // The canaries were really in play: the scopes match only requests whose Authorization carries them.
    const calls = requestsMade().filter((request) => request.path !== '/oauth2/token');
    expect(calls.map((request) => request.headers.authorization)).toEqual(Array(3).fill(calls[0].headers.authorization));
    expect(calls[0].headers.authorization).toMatch(/^Bearer CANARY-/);
  });

  it('redacts the key secret that the auth server echoes back, and the access token the Numbers API echoes back', async () => {
    authServer(AUTH_ORIGIN, BASIC).post('/oauth2/token').reply(401, { error: 'invalid_client', error_description: ECHO });
    grantsCanary();
    bearerApi(NUMBERS_ORIGIN, CANARY_ACCESS).get(`${NUMBERS}/activeNumbers`).reply(401, { error: { code: 401, message: ECHO_OAUTH } });
    const client = testClient(config()).client;
    const refused = await rejectionOf(client.listActiveNumbers());
    expect(refused.toJSON()).toMatchObject({ code: 'auth_failed', sinch_code: 'invalid_client' });
    const rejected = await rejectionOf(client.listActiveNumbers());
    expect(rejected.toJSON()).toMatchObject({ code: 'auth_failed', status: 401 });
    for (const error of [refused, rejected]) expectNoCanary(everything(error));
  });

  it('redacts a secret-named field whatever its value, even one the client does not hold', async () => {
    smsApi(undefined, CANARY_TOKEN).get(`${SMS}/groups`).reply(400, { code: 'x', text: '{"api_token": "other-token-123", "password":"hunter2"}' });
    const error = await rejectionOf(testClient(config()).client.listGroups());
    expect(error.message).toBe(`Sinch SMS API answered 400 x: {"api_token": "${REDACTED}", "password":"${REDACTED}"}`);
  });

  it('carries no credentials on connection errors, timeouts, and sends whose outcome is unknown or failed', async () => {
    const sms = () => smsApi(undefined, CANARY_TOKEN);
    sms().get(`${SMS}/groups`).times(3).replyWithError(systemError('ECONNREFUSED'));
    const refused = await rejectionOf(testClient(config()).client.listGroups());
    sms().get(`${SMS}/groups`).delay(2000).reply(200, {});
    const timedOut = await rejectionOf(testClient(config({ timeout_ms: 30 })).client.listGroups());
    sms().post(`${SMS}/batches`).replyWithError(systemError('ECONNRESET'));
    sms().get(`${SMS}/batches`).query(true).reply(401, `nope ${ECHO}`);
    const unknown = await rejectionOf(testClient(config()).client.sendBatch({ to: ['+12025550134'], body: 'x' }));
    sms().post(`${SMS}/batches`).times(2).reply(502, ECHO);
    sms().get(`${SMS}/batches`).query(true).times(4).reply(200, { count: 0, batches: [] });
    const notSent = await rejectionOf(testClient(config()).client.sendBatch({ to: ['+12025550134'], body: 'x' }));
    expect([refused.code, timedOut.code, unknown.details.sent, notSent.details.sent]).toEqual(['network_error', 'timeout', 'unknown', false]);
    for (const error of [refused, timedOut, unknown, notSent]) expectNoCanary(everything(error));
  });

  it('never passes on an axios error: it carries the Authorization header', async () => {
    const headers = new AxiosHeaders({ authorization: `Bearer ${CANARY_TOKEN}` });
    const axiosError = new AxiosError(`failed with Bearer ${CANARY_TOKEN}`, 'ERR_X', { headers } as never);
    const http = { request: async () => Promise.reject(axiosError) } as never;
    const error = await rejectionOf(new SinchClient(config(), { http }).listGroups());
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).not.toBe(axiosError);
    expect(error.code).toBe('internal_error');
    expect(error.config).toBeUndefined();
    expectNoCanary(everything(error));
  });

  it('redacts a secret in something thrown that is not an Error', async () => {
    const http = { request: async () => Promise.reject(`boom ${CANARY_SECRET}`) } as never;
    const error = await rejectionOf(new SinchClient(config(), { http }).listGroups());
    expect(error.toJSON()).toEqual({ code: 'internal_error', message: `Sinch client failed unexpectedly: boom ${REDACTED}` });
  });

  it('writes nothing to the console or the output streams while calls fail', () => {
    expect(logged).toEqual([]);
  });
});

describe('the Redactor', () => {
  it('replaces registered secrets, bearer and basic credentials, and secret-named fields', () => {
    const redactor = new Redactor(['supersecret-1']);
    expect(redactor.text('a supersecret-1 b')).toBe(`a ${REDACTED} b`);
    expect(redactor.text('Authorization: Bearer abc.def-ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactor.text('basic dXNlcjpwYXNz')).toBe(`basic ${REDACTED}`);
    expect(redactor.text('{"key_secret":"xyz","other":"ok"}')).toBe(`{"key_secret":"${REDACTED}","other":"ok"}`);
    expect(redactor.text('key_secret=xyz&a=b')).toBe(`key_secret=${REDACTED}&a=b`);
    expect(redactor.text('password: hunter2')).toBe(`password: ${REDACTED}`);
    expect(redactor.text("api_token: 'abc'")).toBe(`api_token: '${REDACTED}'`);
  });

  it('leaves prose about secret fields readable', () => {
    const redactor = new Redactor([]);
    const hint = 'Check project_id, key_id and key_secret: the access key must belong to this project.';
    expect(redactor.text(hint)).toBe(hint);
  });

  it('leaves short values alone so that messages stay readable', () => {
    const redactor = new Redactor(['eu', undefined]);
    expect(redactor.text('region eu')).toBe('region eu');
  });

  it('scrubs details and lists inside an IntegrationError in place', () => {
    const redactor = new Redactor(['supersecret-1']);
    const error = new IntegrationError('upstream_error', 'x supersecret-1', { hint: 'supersecret-1', fields: ['supersecret-1'], n: 1 });
    const out = redactor.error(error);
    expect(out).toBe(error);
    expect(out.toJSON()).toEqual({ code: 'upstream_error', message: `x ${REDACTED}`, hint: REDACTED, fields: [REDACTED], n: 1 });
    expect(out.stack).not.toContain('supersecret-1');
  });
});
