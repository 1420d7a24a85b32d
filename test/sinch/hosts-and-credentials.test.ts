import { useNock, bearerApi, grantsToken, requestLines, SMS, smsApi, OAUTH_SMS } from './support/nock';
import { PLAN, planConfig, PROJECT, projectConfig, rejectionOf, testClient, TOKEN } from './support/fixtures';
import type { SinchAccountConfig } from '../../src/sinch/config/account-config';

useNock();
const groups = { count: 0, page: 0, page_size: 0, groups: [] };

describe('which host each account calls', () => {
  it.each(['us', 'eu', 'au', 'br', 'ca'] as const)(
    'sends service-plan SMS calls in region %s to {region}.sms.api.sinch.com with Bearer api_token',
    async (region) => {
      smsApi(`https://${region}.sms.api.sinch.com`).get(`${SMS}/groups`).reply(200, groups);
      await testClient(planConfig({ region })).client.listGroups();
      expect(requestLines()).toEqual([`GET /xms/v1/${PLAN}/groups`]);
    },
  );

  it.each(['us', 'eu'] as const)('sends OAuth2 SMS calls in region %s to the zt. host under the project id', async (region) => {
    grantsToken('tok-1');
    bearerApi(`https://zt.${region}.sms.api.sinch.com`, 'tok-1').get(`${OAUTH_SMS}/groups`).reply(200, groups);
    await testClient(projectConfig({ region })).client.listGroups();
    expect(requestLines()).toEqual(['POST /oauth2/token', `GET /xms/v1/${PROJECT}/groups`]);
  });

  it.each(['au', 'br', 'ca'] as const)(
    'refuses SMS over OAuth2 in region %s with not_configured naming the service-plan fields, before any request',
    async (region) => {
      const error = await rejectionOf(testClient(projectConfig({ region })).client.listGroups());
      expect(error.code).toBe('not_configured');
      expect(error.message).toContain(`exists only in regions us and eu, but region is "${region}"`);
      expect(error.details).toEqual({ account: 'default', fields: ['service_plan_id', 'api_token'] });
      expect(requestLines()).toEqual([]);
    },
  );

  it('prefers the service plan when an account has both kinds of credentials', async () => {
    smsApi().get(`${SMS}/groups`).reply(200, groups);
    const config = { ...projectConfig(), service_plan_id: PLAN, api_token: TOKEN };
    await testClient(config).client.listGroups();
    expect(requestLines()).toEqual([`GET ${SMS}/groups`]);
  });

  it('replaces only the origin when sms_base_url is set, and then allows OAuth2 in any region', async () => {
    smsApi('http://sms.test:4010').get(`${SMS}/groups`).reply(200, groups);
    await testClient(planConfig({ sms_base_url: 'http://sms.test:4010/' })).client.listGroups();
    grantsToken('tok-1');
    bearerApi('http://sms.test:4010', 'tok-1').get(`${OAUTH_SMS}/groups`).reply(200, groups);
    await testClient(projectConfig({ region: 'au', sms_base_url: 'http://sms.test:4010' })).client.listGroups();
    expect(requestLines()).toEqual([`GET ${SMS}/groups`, 'POST /oauth2/token', `GET ${OAUTH_SMS}/groups`]);
  });

  it('encodes ids in paths, so that an id cannot reach another route', async () => {
    smsApi().get(`${SMS}/batches/a%2Fb%3Fc`).reply(200, { id: 'a/b?c' });
    await testClient(planConfig()).client.getBatch('a/b?c');
    expect(requestLines()).toEqual([`GET ${SMS}/batches/a%2Fb%3Fc`]);
  });
});

describe('not_configured names the missing fields', () => {
  const sms = (config: Partial<SinchAccountConfig>) =>
    rejectionOf(testClient({ region: 'us', timeout_ms: 1000, ...config } as SinchAccountConfig).client.listGroups());

  it.each([
    ['only service_plan_id', { service_plan_id: 'p' }, ['api_token'], 'api_token is missing (service_plan_id and api_token go together)'],
    ['only api_token', { api_token: 'tok-123456' }, ['service_plan_id'], 'service_plan_id is missing (service_plan_id and api_token go together)'],
    ['nothing', {}, ['service_plan_id', 'api_token'], 'it has neither service_plan_id and api_token nor project_id, key_id and key_secret'],
    ['an api_token with project keys', { api_token: 'tok-123456', project_id: 'p', key_id: 'k', key_secret: 's' }, ['service_plan_id'], 'service_plan_id is missing (service_plan_id and api_token go together)'],
  ])('for SMS when the account has %s', async (_what, config, fields, detail) => {
    const error = await sms(config);
    expect(error.code).toBe('not_configured');
    expect(error.details).toEqual({ account: 'default', fields });
    expect(error.message).toContain(`has no SMS credentials: ${detail}.`);
    expect(error.message).toContain(`Add ${fields.join(' and ')} to the account`);
    expect(requestLines()).toEqual([]);
  });

  it.each([
    [{ project_id: 'p' }, ['key_id', 'key_secret'], 'key_id and key_secret', 'SINCH_KEY_ID and SINCH_KEY_SECRET'],
    [{ project_id: 'p', key_id: 'k' }, ['key_secret'], 'key_secret', 'SINCH_KEY_SECRET'],
    [{}, ['project_id', 'key_id', 'key_secret'], 'project_id, key_id and key_secret', 'SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET'],
  ])('for the Numbers API when the account has %j', async (keys, fields, missing, variables) => {
    const config = { ...planConfig(), ...keys };
    const error = await rejectionOf(testClient(config).client.getActiveNumber('+12025550100'));
    expect(error.code).toBe('not_configured');
    expect(error.details).toEqual({ account: 'default', fields });
    expect(error.message).toMatch(/^get_phone_number uses Sinch's Numbers API, which needs project_id, key_id and key_secret/);
    expect(error.message).toContain(`is missing ${missing}. Add ${missing} to the account.`);
    expect(requestLines()).toEqual([]);

    // The advice fits where the account is defined (issue #16 item 7).
    const fromEnv = await rejectionOf(testClient({ ...config, origin: { kind: 'env' } }).client.getActiveNumber('+12025550100'));
    expect(fromEnv.message).toContain(`is missing ${missing}. Set ${variables} in the environment.`);
    const file = { kind: 'file' as const, path: '/home/me/.config/kosmo-sinch/config.json' };
    const fromFile = await rejectionOf(testClient({ ...config, origin: file }).client.getActiveNumber('+12025550100'));
    expect(fromFile.message).toContain(`is missing ${missing}. Add ${missing} to accounts.default in ${file.path}.`);
    expect(fromFile.message).not.toMatch(/SINCH_/);
  });

  it('tells the environment\'s account to set SINCH_* variables for SMS, and a file\'s account which fields of which file to fix', async () => {
    const fromEnv = await sms({ api_token: 'tok-123456', origin: { kind: 'env' } });
    expect(fromEnv.message).toContain('service_plan_id is missing (service_plan_id and api_token go together). Set SINCH_SERVICE_PLAN_ID in the environment.');
    const fromFile = await sms({ origin: { kind: 'file', path: '/srv/kosmo.json' } });
    expect(fromFile.message).toContain('Add service_plan_id and api_token to accounts.default in /srv/kosmo.json.');
    expect(fromFile.message).not.toMatch(/SINCH_/);
  });
});
