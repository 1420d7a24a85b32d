/**
 * Environment-only configuration (issue #16 item 1): a variable for every field of a single account, and
 * the stderr lines that say where the accounts come from and what set by the user is not used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configNotices, likelyMeant, sourceLine } from '../../src/sinch/config/announce';
import { ENV_VARIABLES, locateConfig } from '../../src/sinch/config/config-source';
import { loadSinchAccounts } from '../../src/sinch/config/load-accounts';
import { accountEntrySchema } from '../../src/sinch/config/account-config';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-env-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const where = () => ({ cwd: dir, home: dir });

describe('SINCH_* variables', () => {
  it('exist for every field of an account but its guardrails, named SINCH_ and the field path in capitals', () => {
    // Guardrails are a structure an operator writes in a file (issue #12: no environment variables for them).
    const fields = Object.keys(accountEntrySchema.shape)
      .filter((field) => field !== 'guardrails')
      .flatMap((field) => (field === 'permissions' ? ['permissions.read', 'permissions.write'] : [field]));
    expect(Object.keys(ENV_VARIABLES).sort()).toEqual(fields.sort());
    for (const [field, variable] of Object.entries(ENV_VARIABLES)) expect(variable).toBe(`SINCH_${field.replace('.', '_').toUpperCase()}`);
  });

  it('define the whole default account: hosts, timeout and permissions included', () => {
    const env = {
      SINCH_SERVICE_PLAN_ID: 'plan',
      SINCH_API_TOKEN: 'tok',
      SINCH_REGION: 'eu',
      SINCH_PROJECT_ID: 'proj',
      SINCH_KEY_ID: 'kid',
      SINCH_KEY_SECRET: 'ksecret',
      SINCH_SMS_BASE_URL: 'http://127.0.0.1:4010',
      SINCH_NUMBERS_BASE_URL: 'https://numbers.proxy.example.com',
      SINCH_AUTH_BASE_URL: 'http://localhost:4011',
      SINCH_TIMEOUT_MS: '1500',
      SINCH_PERMISSIONS_READ: 'ASK',
      SINCH_PERMISSIONS_WRITE: 'deny',
    };
    const account = loadSinchAccounts({ ...where(), env }).accounts.get('default')!;
    expect(account.permissions).toEqual({ read: 'ask', write: 'deny' });
    expect(account.config).toEqual({
      service_plan_id: 'plan',
      api_token: 'tok',
      region: 'eu',
      project_id: 'proj',
      key_id: 'kid',
      key_secret: 'ksecret',
      sms_base_url: 'http://127.0.0.1:4010',
      numbers_base_url: 'https://numbers.proxy.example.com',
      auth_base_url: 'http://localhost:4011',
      timeout_ms: 1500,
      origin: { kind: 'env' },
    });
  });

  it('make an account from a base URL alone (so it is not silently ignored), but not from region, timeout or permissions alone', () => {
    expect(locateConfig({ ...where(), env: { SINCH_SMS_BASE_URL: 'http://127.0.0.1:1' } }).source).toBe('env');
    expect(locateConfig({ ...where(), env: { SINCH_REGION: 'eu', SINCH_TIMEOUT_MS: '5', SINCH_PERMISSIONS_WRITE: 'deny' } }).source).toBe('none');
  });

  it('take values literally: a $ in a variable is not a reference', () => {
    const account = loadSinchAccounts({ ...where(), env: { SINCH_SERVICE_PLAN_ID: 'p', SINCH_API_TOKEN: 'a$b${C}' } }).accounts.get('default')!;
    expect(account.config.api_token).toBe('a$b${C}');
  });
});

describe('the stderr announcement', () => {
  it('names the source in one line, and the working-directory file it ignores or restricts', () => {
    expect(sourceLine({ source: 'none' })).toBeUndefined();
    expect(sourceLine({ source: 'env' })).toBe('kosmo-sinch: accounts from the environment (SINCH_* variables)');
    expect(sourceLine({ source: 'file', path: '/u/c.json', origin: 'user' })).toBe('kosmo-sinch: accounts from /u/c.json');
    expect(sourceLine({ source: 'file', path: '/x.json', origin: 'flag' })).toBe('kosmo-sinch: accounts from /x.json (--config)');
    expect(sourceLine({ source: 'file', path: '/x.json', origin: 'variable' })).toBe('kosmo-sinch: accounts from /x.json ($KOSMO_SINCH_CONFIG)');
    expect(sourceLine({ source: 'file', path: '/u/c.json', origin: 'user', ignoredLocalFile: '/w/kosmo-sinch.json' })).toBe(
      'kosmo-sinch: accounts from /u/c.json; ignoring /w/kosmo-sinch.json in the working directory (--config /w/kosmo-sinch.json would use it)',
    );
    expect(sourceLine({ source: 'file', path: '/w/kosmo-sinch.json', origin: 'working_directory' })).toMatch(
      /^kosmo-sinch: accounts from \/w\/kosmo-sinch\.json in the working directory, restricted: permissions no looser than read "allow", write "ask", and base URLs only on Sinch's hosts or loopback/,
    );
  });

  it('says which of our variables are set but unused because a file defines the accounts, unless the file refers to them', () => {
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify({ accounts: { default: { sms_base_url: '${SINCH_AUTH_BASE_URL}' } } }));
    const env = { SINCH_SMS_BASE_URL: 'http://127.0.0.1:1', SINCH_AUTH_BASE_URL: 'http://127.0.0.1:2', SINCH_API_TOKEN: 'used-elsewhere' };
    expect(configNotices({ source: 'file', path: file, origin: 'flag' }, env)).toEqual([
      `kosmo-sinch: accounts from ${file} (--config)`,
      `kosmo-sinch: SINCH_SMS_BASE_URL is set but not used: the accounts come from ${file} (refer to a variable there as "\${NAME}")`,
    ]);
  });

  it('warns about SINCH_* variables that look like misspellings of ours, with the likely one', () => {
    const env = { SINCH_SMS_BASEURL: 'x', SINCH_APPLICATION_KEY: 'x', SINCH_SERVICE_PLAN_ID: 'p', SINCH_API_TOKEN: 't' };
    expect(configNotices({ source: 'env' }, env)).toEqual([
      'kosmo-sinch: accounts from the environment (SINCH_* variables)',
      'kosmo-sinch: SINCH_SMS_BASEURL is not a kosmo-sinch variable; did you mean SINCH_SMS_BASE_URL?',
    ]);
  });

  it.each([
    ['SINCH_APITOKEN', 'SINCH_API_TOKEN'],
    ['SINCH_TOKEN', 'SINCH_API_TOKEN'],
    ['SINCH_BASE_URL', 'SINCH_SMS_BASE_URL'],
    ['SINCH_SMS_REGION', 'SINCH_REGION'],
    ['SINCH_SERVICE_PLAN', 'SINCH_SERVICE_PLAN_ID'],
    ['SINCH_KEY_SECRETS', 'SINCH_KEY_SECRET'],
    ['SINCH_TIMEOUT', 'SINCH_TIMEOUT_MS'],
    ['SINCH_PERMISSION_WRITE', 'SINCH_PERMISSIONS_WRITE'],
  ])('reads %s as a likely misspelling of %s', (typo, meant) => {
    expect(likelyMeant(typo)).toBe(meant);
  });

  it.each(['SINCH_APPLICATION_KEY', 'SINCH_APPLICATION_SECRET', 'SINCH_PHONE_NUMBER', 'SINCH_CLI_PROFILE'])(
    "leaves %s (another tool's variable) alone",
    (name) => {
      expect(likelyMeant(name)).toBeUndefined();
    },
  );
});
