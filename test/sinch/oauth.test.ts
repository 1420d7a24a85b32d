import {
  useNock,
  authServer,
  bearerApi,
  grantsToken,
  NUMBERS,
  NUMBERS_ORIGIN,
  OAUTH_SMS,
  requestLines,
  requestsMade,
  tokenBody,
} from './support/nock';
import { BASIC, projectConfig, rejectionOf, testClient } from './support/fixtures';
import { TokenCache, REFRESH_MARGIN_MS } from '../../src/sinch/auth/token-cache';
import { InvalidResponseError } from '../../src/sinch/http/api-errors';

useNock();
const numbers = { activeNumbers: [], totalSize: 0 };
const ACTIVE = `${NUMBERS}/activeNumbers`;
const ZT_US = 'https://zt.us.sms.api.sinch.com';
const expired = { 'www-authenticate': 'Bearer error="invalid_token", error_description="token expired"' };

const numbersApi = (token: string) => bearerApi(NUMBERS_ORIGIN, token);

describe('OAuth2 tokens for the Numbers API and SMS', () => {
  it('fetches a token with Basic key_id:key_secret and a client_credentials form, then uses it as Bearer', async () => {
    grantsToken('tok-1');
    numbersApi('tok-1').get(ACTIVE).reply(200, numbers);
    await expect(testClient(projectConfig()).client.listActiveNumbers()).resolves.toEqual(numbers);
    const [token, call] = requestsMade();
    expect(token).toMatchObject({ method: 'POST', path: '/oauth2/token', body: 'grant_type=client_credentials' });
    expect(token.headers).toMatchObject({ authorization: `Basic ${BASIC}`, 'content-type': 'application/x-www-form-urlencoded' });
    expect(call).toMatchObject({ method: 'GET', path: ACTIVE, body: '' });
    expect(call.headers.authorization).toBe('Bearer tok-1');
  });

  it('reuses a cached token and refreshes it 60 s before it expires', async () => {
    let now = 1_000_000;
    const { client } = testClient(projectConfig(), { now: () => now });
    grantsToken('tok-1', 3600);
    numbersApi('tok-1').get(ACTIVE).times(2).reply(200, numbers);
    grantsToken('tok-2', 3600);
    numbersApi('tok-2').get(ACTIVE).reply(200, numbers);
    await client.listActiveNumbers();
    now += 3600_000 - REFRESH_MARGIN_MS - 1;
    await client.listActiveNumbers();
    now += 1;
    await client.listActiveNumbers();
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${ACTIVE}`, `GET ${ACTIVE}`, 'POST /oauth2/token', `GET ${ACTIVE}`]);
    expect(REFRESH_MARGIN_MS).toBe(60_000);
  });

  it('shares one token refresh between concurrent calls', async () => {
    const { client } = testClient(projectConfig());
    grantsToken('tok-1');
    numbersApi('tok-1').get(ACTIVE).times(5).reply(200, numbers);
    await Promise.all([1, 2, 3, 4, 5].map(() => client.listActiveNumbers()));
    expect(requestLines()).toEqual(['POST /oauth2/token', ...Array(5).fill(`GET ${ACTIVE}`)]);
  });

  it('uses one token for both the SMS API and the Numbers API', async () => {
    const { client } = testClient(projectConfig());
    grantsToken('tok-1');
    bearerApi(ZT_US, 'tok-1').get(`${OAUTH_SMS}/groups`).reply(200, { count: 0, page: 0, page_size: 0, groups: [] });
    numbersApi('tok-1').get(ACTIVE).reply(200, numbers);
    await client.listGroups();
    await client.listActiveNumbers();
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${OAUTH_SMS}/groups`, `GET ${ACTIVE}`]);
  });

  it('refreshes once and repeats a Numbers call after a 401 saying the token expired', async () => {
    grantsToken('tok-old');
    numbersApi('tok-old').get(ACTIVE).reply(401, '', expired);
    grantsToken('tok-new');
    numbersApi('tok-new').get(ACTIVE).reply(200, numbers);
    const { client, delays } = testClient(projectConfig());
    await expect(client.listActiveNumbers()).resolves.toEqual(numbers);
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${ACTIVE}`, 'POST /oauth2/token', `GET ${ACTIVE}`]);
    expect(delays).toEqual([]); // a refresh is not a retry: no backoff
  });

  it('refreshes once and repeats an SMS call over OAuth2 after a 401 saying the token expired', async () => {
    grantsToken('tok-old');
    bearerApi(ZT_US, 'tok-old').get(`${OAUTH_SMS}/groups/G1`).reply(401, { code: 'unauthorized', text: 'expired' }, expired);
    grantsToken('tok-new');
    bearerApi(ZT_US, 'tok-new').get(`${OAUTH_SMS}/groups/G1`).reply(200, { id: 'G1', size: 0 });
    await expect(testClient(projectConfig()).client.getGroup('G1')).resolves.toEqual({ id: 'G1', size: 0 });
    expect(requestLines()).toHaveLength(4);
  });

  it('shares one refresh between concurrent calls that all met the expired token', async () => {
    grantsToken('tok-old');
    numbersApi('tok-old').get(ACTIVE).times(3).reply(401, '', expired);
    grantsToken('tok-new');
    numbersApi('tok-new').get(ACTIVE).times(3).reply(200, numbers);
    const { client } = testClient(projectConfig());
    await Promise.all([1, 2, 3].map(() => client.listActiveNumbers()));
    expect(requestLines().filter((line) => line === 'POST /oauth2/token')).toHaveLength(2);
  });

  it('refreshes only once: a second expired 401 is auth_failed', async () => {
    grantsToken('tok-1');
    numbersApi('tok-1').get(ACTIVE).reply(401, '', expired);
    grantsToken('tok-2');
    numbersApi('tok-2').get(ACTIVE).reply(401, '', expired);
    const error = await rejectionOf(testClient(projectConfig()).client.listActiveNumbers());
    expect(error.toJSON()).toMatchObject({ code: 'auth_failed', status: 401, retryable: false });
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${ACTIVE}`, 'POST /oauth2/token', `GET ${ACTIVE}`]);
  });

  it('does not refresh on a 401 that is not about expiry', async () => {
    grantsToken('tok-1');
    numbersApi('tok-1').get(ACTIVE).reply(401, { error: { code: 401, message: 'Unauthorized', status: 'UNAUTHENTICATED' } });
    const error = await rejectionOf(testClient(projectConfig()).client.listActiveNumbers());
    expect(error.toJSON()).toMatchObject({ code: 'auth_failed', sinch_code: 'UNAUTHENTICATED' });
    expect(error.details.hint).toBe('Check project_id, key_id and key_secret: the access key must belong to this project.');
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${ACTIVE}`]);
  });

  it('reports a refused access key as auth_failed from the auth server, without calling the API', async () => {
    authServer().post('/oauth2/token', 'grant_type=client_credentials').reply(401, { error: 'invalid_client', error_description: 'bad key' });
    const error = await rejectionOf(testClient(projectConfig()).client.listActiveNumbers());
    expect(error.toJSON()).toMatchObject({
      code: 'auth_failed',
      sinch_code: 'invalid_client',
      message: 'Sinch auth server answered 401 invalid_client: bad key',
    });
    expect(error.details.hint).toBe(
      "Sinch's auth server refused key_id/key_secret: check the access key in the Sinch dashboard (Settings → Access keys).",
    );
    expect(requestLines()).toEqual(['POST /oauth2/token']);
  });

  it('refuses a token answer without an access_token', async () => {
    authServer().post('/oauth2/token').reply(200, { token_type: 'bearer' });
    const error = await rejectionOf(testClient(projectConfig()).client.listActiveNumbers());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe('Sinch auth server answered with an unexpected shape: "access_token" is missing');
  });

  it('posts to auth_base_url when the account overrides it', async () => {
    grantsToken('tok-1', 3600, 'http://auth.test:8080');
    bearerApi('http://numbers.test', 'tok-1').get(ACTIVE).reply(200, numbers);
    const config = projectConfig({ auth_base_url: 'http://auth.test:8080/', numbers_base_url: 'http://numbers.test' });
    await testClient(config).client.listActiveNumbers();
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET ${ACTIVE}`]);
  });
});

describe('the token cache', () => {
  const issuing = (expiresIn?: number) => {
    let issued = 0;
    return jest.fn(async () => ({ ...tokenBody(`t${++issued}`), expires_in: expiresIn }) as never);
  };

  it('refreshes short-lived tokens at half-life', async () => {
    let now = 0;
    const cache = new TokenCache(issuing(60), () => now);
    expect(await cache.get()).toBe('t1');
    now = 29_999;
    expect(await cache.get()).toBe('t1');
    now = 30_000;
    expect(await cache.get()).toBe('t2');
  });

  it('assumes a five-minute life when expires_in is missing', async () => {
    let now = 0;
    const cache = new TokenCache(issuing(undefined), () => now);
    await cache.get();
    now = 239_999;
    expect(cache.fresh()).toBe('t1');
    now = 240_000;
    expect(cache.fresh()).toBeUndefined();
  });

  it('only forgets the token it was told is bad', async () => {
    const cache = new TokenCache(issuing(3600), () => 0);
    await cache.get();
    cache.invalidate('something-else');
    expect(cache.fresh()).toBe('t1');
    cache.invalidate('t1');
    expect(cache.fresh()).toBeUndefined();
  });

  it('lets a failed refresh be tried again by the next caller', async () => {
    const fetchToken = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce(tokenBody('t2'));
    const cache = new TokenCache(fetchToken, () => 0);
    await expect(cache.get()).rejects.toThrow('down');
    await expect(cache.get()).resolves.toBe('t2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });
});
