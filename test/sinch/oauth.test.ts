import { useFakeServer } from './support/use-fake-server';
import { KEY_ID, KEY_SECRET, NUMBERS, PROJECT, projectConfig, rejectionOf, testClient } from './support/fixtures';
import { TokenCache, REFRESH_MARGIN_MS } from '../../src/sinch/auth/token-cache';
import { SinchClient } from '../../src/sinch/client/sinch-client';

const fake = useFakeServer();
const numbers = { activeNumbers: [], totalSize: 0 };
const OAUTH_SMS = `/xms/v1/${PROJECT}`;

function tokenReply(value: string, expiresIn = 3600) {
  return { status: 200, body: { access_token: value, expires_in: expiresIn, scope: '', token_type: 'bearer' } };
}

describe('OAuth2 for the Numbers API and SMS', () => {
  it('fetches a token with Basic key_id:key_secret and a client_credentials form, then uses it as Bearer', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-1'));
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 200, body: numbers });
    await client.listActiveNumbers();
    const [token, call] = fake.server.requests;
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`);
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token.body).toBe('grant_type=client_credentials');
    expect(call.headers.authorization).toBe('Bearer tok-1');
  });

  it('reuses a cached token and refreshes it shortly before it expires', async () => {
    let now = 1_000_000;
    const { client } = testClient(projectConfig(fake.server.url), { now: () => now });
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-1', 3600));
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-2', 3600));
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 200, body: numbers }, 3);
    await client.listActiveNumbers();
    now += 3600_000 - REFRESH_MARGIN_MS - 1;
    await client.listActiveNumbers();
    now += 2;
    await client.listActiveNumbers();
    const auths = fake.server.requests.filter((r) => r.method === 'GET').map((r) => r.headers.authorization);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
    expect(fake.server.count('POST', '/oauth2/token')).toBe(2);
  });

  it('shares one token refresh between concurrent calls', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    fake.server.on('POST', '/oauth2/token', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return tokenReply('tok-1');
    });
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 200, body: numbers }, 5);
    await Promise.all([1, 2, 3, 4, 5].map(() => client.listActiveNumbers()));
    expect(fake.server.count('POST', '/oauth2/token')).toBe(1);
  });

  it('refreshes once and repeats the call after a 401 saying the token expired', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-old'));
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, {
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="token expired"' },
    });
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-new'));
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 200, body: numbers });
    await expect(client.listActiveNumbers()).resolves.toEqual(numbers);
    const auths = fake.server.requests.filter((r) => r.method === 'GET').map((r) => r.headers.authorization);
    expect(auths).toEqual(['Bearer tok-old', 'Bearer tok-new']);
  });

  it('refreshes only once: a second expired 401 is auth_failed', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    const expired = { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' } };
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-1'));
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-2'));
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, expired, 2);
    const error = await rejectionOf(client.listActiveNumbers());
    expect(error.code).toBe('auth_failed');
    expect(fake.server.count('POST', '/oauth2/token')).toBe(2);
  });

  it('does not refresh on a 401 that is not about expiry', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-1'));
    fake.server.on('GET', `${NUMBERS}/activeNumbers`, { status: 401, body: { error: { code: 401, message: 'Unauthorized', status: 'UNAUTHENTICATED' } } });
    const error = await rejectionOf(client.listActiveNumbers());
    expect(error.toJSON()).toMatchObject({ code: 'auth_failed', sinch_code: 'UNAUTHENTICATED' });
    expect(error.details.hint).toMatch(/project_id, key_id and key_secret/);
    expect(fake.server.count('POST', '/oauth2/token')).toBe(1);
  });

  it('reports a refused access key as auth_failed from the auth server', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    fake.server.on('POST', '/oauth2/token', { status: 401, body: { error: 'invalid_client', error_description: 'bad key' } });
    const error = await rejectionOf(client.listActiveNumbers());
    expect(error.toJSON()).toMatchObject({ code: 'auth_failed', sinch_code: 'invalid_client' });
    expect(error.message).toContain('auth server');
    expect(error.details.hint).toMatch(/Access keys/);
  });

  it('sends SMS over OAuth2 to /xms/v1/{project} when the account has project keys and no api_token', async () => {
    const { client } = testClient(projectConfig(fake.server.url));
    fake.server.on('POST', '/oauth2/token', tokenReply('tok-1'));
    fake.server.on('GET', `${OAUTH_SMS}/groups`, { status: 200, body: { count: 0, page: 0, page_size: 0, groups: [] } });
    await client.listGroups();
    expect(fake.server.requests[1].headers.authorization).toBe('Bearer tok-1');
  });

  it('refuses SMS over OAuth2 outside us and eu with not_configured naming service-plan fields', async () => {
    const config = { ...projectConfig(fake.server.url), sms_base_url: undefined, region: 'au' as const };
    const error = await rejectionOf(new SinchClient(config).listGroups());
    expect(error.code).toBe('not_configured');
    expect(error.message).toMatch(/us and eu/);
    expect(error.details.fields).toEqual(['service_plan_id', 'api_token']);
  });
});

describe('the token cache', () => {
  it('refreshes short-lived tokens at half-life', async () => {
    let now = 0;
    let issued = 0;
    const cache = new TokenCache(async () => ({ access_token: `t${++issued}`, expires_in: 60, scope: '', token_type: 'bearer' }), () => now);
    expect(await cache.get()).toBe('t1');
    now = 29_000;
    expect(await cache.get()).toBe('t1');
    now = 30_001;
    expect(await cache.get()).toBe('t2');
  });

  it('only forgets the token it was told is bad', async () => {
    let issued = 0;
    const cache = new TokenCache(async () => ({ access_token: `t${++issued}`, expires_in: 3600, scope: '', token_type: 'bearer' }), () => 0);
    await cache.get();
    cache.invalidate('something-else');
    expect(cache.fresh()).toBe('t1');
    cache.invalidate('t1');
    expect(cache.fresh()).toBeUndefined();
  });
});
