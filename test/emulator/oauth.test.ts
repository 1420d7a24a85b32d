import { DEFAULT_TOKEN_TTL_SECONDS } from '../../src/emulator';
import { BASIC, PROJECT, useEmulator } from './harness';

describe('OAuth2 and access tokens', () => {
  const h = useEmulator({ demoData: false });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  const token = async (auth: string | null = BASIC, body = 'grant_type=client_credentials') =>
    h.call('POST', '/oauth2/token', { auth, body, headers: form });

  const bearer = async () => `Bearer ${(await token()).json.access_token}`;

  it('issues a bearer token for Basic key:secret and client_credentials', async () => {
    const res = await token();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expires_in: DEFAULT_TOKEN_TTL_SECONDS,
      scope: '',
      token_type: 'bearer',
    });
  });

  it('puts the expiry on the emulator clock into the JWT exp claim', async () => {
    const res = await token();
    const payload = JSON.parse(Buffer.from(res.json.access_token.split('.')[1], 'base64url').toString());
    expect(payload.exp).toBe(Math.floor(h.emulator.clock.now() / 1000) + DEFAULT_TOKEN_TTL_SECONDS);
  });

  it('accepts client_id and client_secret in the form body', async () => {
    const res = await token(null, 'grant_type=client_credentials&client_id=emulator-key&client_secret=emulator-secret');
    expect(res.status).toBe(200);
  });

  it('answers wrong or missing client credentials with 401 invalid_client', async () => {
    for (const auth of [null, `Basic ${Buffer.from('emulator-key:nope').toString('base64')}`]) {
      const res = await token(auth);
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    }
  });

  it('answers another grant type with 400 unsupported_grant_type', async () => {
    const res = await token(BASIC, 'grant_type=password');
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('unsupported_grant_type');
  });

  it('answers GET on the token route with 405', async () => {
    expect((await h.call('GET', '/oauth2/token', { auth: BASIC })).status).toBe(405);
  });

  it('opens the Numbers routes and the SMS routes under the project id', async () => {
    const auth = await bearer();
    expect((await h.call('GET', `/v1/projects/${PROJECT}/activeNumbers`, { auth })).status).toBe(200);
    const sent = await h.call('POST', `/xms/v1/${PROJECT}/batches`, { auth, body: { to: ['12025550111'], body: 'x' } });
    expect(sent.status).toBe(201);
    // The project shares the default plan's SMS state: the api-token client sees the same batch.
    expect((await h.sms('GET', `/batches/${sent.json.id}`)).status).toBe(200);
  });

  it('does not open the SMS routes of a service plan', async () => {
    expect((await h.sms('GET', '/batches', { auth: await bearer() })).status).toBe(401);
  });

  it('does not open another project', async () => {
    const auth = await bearer();
    expect((await h.call('GET', '/v1/projects/emulator-project-2/activeNumbers', { auth })).status).toBe(401);
    expect((await h.call('GET', '/xms/v1/emulator-project-2/batches', { auth })).status).toBe(401);
  });

  it('answers an expired token with 401 and a www-authenticate header that says expired', async () => {
    const auth = await bearer();
    await h.advance(DEFAULT_TOKEN_TTL_SECONDS * 1000);
    for (const path of [`/v1/projects/${PROJECT}/activeNumbers`, `/xms/v1/${PROJECT}/batches`]) {
      const res = await h.call('GET', path, { auth });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description=".*expired/);
    }
    expect((await h.call('GET', `/xms/v1/${PROJECT}/batches`, { auth: await bearer() })).status).toBe(200);
  });

  it('answers an unknown token with 401 without saying expired', async () => {
    const res = await h.call('GET', `/v1/projects/${PROJECT}/activeNumbers`, { auth: 'Bearer a.b.c' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).not.toContain('expired');
  });
});

describe('SMS authentication with service plan tokens', () => {
  const h = useEmulator({ demoData: false });

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'Bearer wrong'],
    ['the token of another plan', 'Bearer emulator-token-2'],
    ['Basic credentials', BASIC],
  ])('answers %s with 401 in the xms shape', async (_, auth) => {
    const res = await h.sms('GET', '/batches', { auth });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: 'unauthorized', text: expect.any(String) });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers an unknown service plan with 401', async () => {
    expect((await h.call('GET', '/xms/v1/some-plan/batches')).status).toBe(401);
  });

  it('keeps the two service plans apart', async () => {
    const other = { auth: 'Bearer emulator-token-2' };
    const sent = await h.call('POST', '/xms/v1/emulator-plan-2/batches', { ...other, body: { to: ['12025550111'], body: 'x' } });
    expect(sent.status).toBe(201);
    expect(sent.json.from).toBe('12025550188');
    expect((await h.sms('GET', `/batches/${sent.json.id}`)).status).toBe(404);
    expect((await h.call('GET', `/xms/v1/emulator-plan-2/batches/${sent.json.id}`, other)).status).toBe(200);
  });
});
