import { inspect } from 'node:util';
import { AxiosError, AxiosHeaders } from 'axios';
import { useFakeServer } from './support/use-fake-server';
import { NUMBERS, PLAN, PROJECT, rejectionOf, SMS, testClient } from './support/fixtures';
import { SinchClient } from '../../src/sinch/client/sinch-client';
import type { SinchAccountConfig } from '../../src/sinch/config/account-config';
import { Redactor, REDACTED } from '../../src/sinch/redact';
import { IntegrationError } from '../../src/errors';

const fake = useFakeServer();
const CANARY_TOKEN = 'CANARY-api-token-7f3a9c';
const CANARY_SECRET = 'CANARY-key-secret-19be44';
const CANARY_ACCESS = 'CANARY-access-token-0c1d';
const BASIC = Buffer.from(`kid:${CANARY_SECRET}`).toString('base64');

function config(extra: Partial<SinchAccountConfig> = {}): SinchAccountConfig {
  return {
    service_plan_id: PLAN,
    api_token: CANARY_TOKEN,
    project_id: PROJECT,
    key_id: 'kid',
    key_secret: CANARY_SECRET,
    region: 'us',
    sms_base_url: fake.server.url,
    numbers_base_url: fake.server.url,
    auth_base_url: fake.server.url,
    timeout_ms: 100,
    ...extra,
  };
}

/** Everything an error could show: message, stack, details, JSON, and a deep inspect of the object. */
function everything(error: unknown): string {
  const e = error as IntegrationError;
  return [e.message, e.stack, JSON.stringify(e), JSON.stringify(e.details), inspect(e, { depth: 20, showHidden: true })].join('\n');
}

function expectNoCanary(text: string): void {
  for (const canary of [CANARY_TOKEN, CANARY_SECRET, CANARY_ACCESS, BASIC, 'CANARY']) expect(text).not.toContain(canary);
}

const logged: string[] = [];
const spies: jest.SpyInstance[] = [];
beforeAll(() => {
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))));
  }
});
afterAll(() => spies.forEach((spy) => spy.mockRestore()));

describe('no secret leaves the client', () => {
  it('redacts a token that Sinch echoes back in an error body', async () => {
    fake.server.on('GET', `${SMS}/groups`, {
      status: 401,
      body: { code: 'unauthorized', text: `Bad header: Authorization: Bearer ${CANARY_TOKEN}; "api_token": "${CANARY_TOKEN}"` },
    });
    const error = await rejectionOf(testClient(config()).client.listGroups());
    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain(REDACTED);
    expectNoCanary(everything(error));
  });

  it('redacts a raw non-JSON body that contains the secrets', async () => {
    fake.server.on('GET', `${SMS}/groups`, { status: 500, body: `proxy error for key ${CANARY_SECRET} basic ${BASIC}` });
    expectNoCanary(everything(await rejectionOf(testClient(config(), { maxRetries: 0 }).client.listGroups())));
  });

  it('redacts an OAuth2 access token echoed back by the Numbers API', async () => {
    fake.server.on('POST', '/oauth2/token', { status: 200, body: { access_token: CANARY_ACCESS, expires_in: 3600 } });
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 400, body: { error: { code: 400, message: `token ${CANARY_ACCESS} lacks scope`, status: 'INVALID_ARGUMENT' } } });
    expectNoCanary(everything(await rejectionOf(testClient(config()).client.listActiveNumbers())));
  });

  it('carries no request headers on connection errors, timeouts and send failures', async () => {
    const refused = await rejectionOf(testClient(config({ sms_base_url: 'http://127.0.0.1:1' })).client.listGroups());
    fake.server.on('GET', `${SMS}/groups`, { hang: true });
    const timedOut = await rejectionOf(testClient(config()).client.listGroups());
    fake.server.on('POST', `${SMS}/batches`, { drop: true });
    fake.server.on('GET', `${SMS}/batches`, { status: 401, body: `nope ${CANARY_TOKEN}` });
    const unknown = await rejectionOf(testClient(config()).client.sendBatch({ to: ['+12025550134'], body: 'x' }));
    expect(unknown.details.sent).toBe('unknown');
    for (const error of [refused, timedOut, unknown]) expectNoCanary(everything(error));
  });

  it('never passes on an axios error: it carries the Authorization header', async () => {
    const headers = new AxiosHeaders({ authorization: `Bearer ${CANARY_TOKEN}` });
    const axiosError = new AxiosError(`failed with Bearer ${CANARY_TOKEN}`, 'ERR_X', { headers } as any);
    const http = { request: async () => Promise.reject(axiosError) } as any;
    const error = await rejectionOf(new SinchClient(config(), { http }).listGroups());
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).not.toBe(axiosError);
    expect(error.code).toBe('internal_error');
    expect(error.config).toBeUndefined();
    expectNoCanary(everything(error));
  });

  it('does not write secrets to the console', () => {
    expectNoCanary(logged.join('\n'));
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
  });

  it('leaves prose about secret fields readable, and still redacts such fields with values', () => {
    const redactor = new Redactor([]);
    const hint = 'Check project_id, key_id and key_secret: the access key must belong to this project.';
    expect(redactor.text(hint)).toBe(hint);
    expect(redactor.text('password: hunter2')).toBe(`password: ${REDACTED}`);
    expect(redactor.text("api_token: 'abc'")).toBe(`api_token: '${REDACTED}'`);
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
  });
});
