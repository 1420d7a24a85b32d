import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSinchAccounts } from '../../src/sinch/config/load-accounts';
import { emulatorAccounts } from '../../src/sinch/config/emulator-accounts';
import { describeAccount } from '../../src/sinch/config/describe-account';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, content: unknown): string {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  return full;
}

function load(options: Parameters<typeof loadSinchAccounts>[0] = {}) {
  return loadSinchAccounts({ cwd: dir, home: path.join(dir, 'home'), env: {}, ...options });
}

function failure(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const account = { service_plan_id: 'plan', api_token: '${SINCH_API_TOKEN}', region: 'eu' };

describe('loading Sinch accounts', () => {
  it('reads ./kosmo-sinch.json, expands ${VAR}, and applies defaults', () => {
    const file = write('kosmo-sinch.json', { accounts: { default: account } });
    const loaded = load({ env: { SINCH_API_TOKEN: 'secret-token' } });
    expect(loaded).toMatchObject({ source: 'file', path: file });
    const acc = loaded.accounts.get('default')!;
    expect(acc.config).toEqual({ service_plan_id: 'plan', api_token: 'secret-token', region: 'eu', timeout_ms: 30000 });
    expect(acc.permissions).toEqual({ read: 'allow', write: 'ask' });
    expect(loaded.accounts.defaultName).toBe('default');
  });

  it('follows the lookup order: --config, $KOSMO_SINCH_CONFIG, ./kosmo-sinch.json, $XDG_CONFIG_HOME, ~/.config', () => {
    const explicit = write('explicit.json', { accounts: { a: { service_plan_id: 'p', api_token: 't' } } });
    const fromEnv = write('env.json', { accounts: { b: { service_plan_id: 'p', api_token: 't' } } });
    const local = write('kosmo-sinch.json', { accounts: { c: { service_plan_id: 'p', api_token: 't' } } });
    const xdg = write('xdg/kosmo-sinch/config.json', { accounts: { d: { service_plan_id: 'p', api_token: 't' } } });
    const home = write('home/.config/kosmo-sinch/config.json', { accounts: { e: { service_plan_id: 'p', api_token: 't' } } });
    const env = { KOSMO_SINCH_CONFIG: fromEnv, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
    expect(load({ configPath: explicit, env }).path).toBe(explicit);
    expect(load({ env }).path).toBe(fromEnv);
    expect(load({ env: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME } }).path).toBe(local);
    fs.rmSync(local);
    expect(load({ env: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME } }).path).toBe(xdg);
    expect(load().path).toBe(home);
  });

  it('uses the only account as the default when none is named default', () => {
    write('kosmo-sinch.json', { accounts: { work: { service_plan_id: 'p', api_token: 't' } } });
    expect(load().accounts.defaultName).toBe('work');
  });

  it('refuses a named config file that does not exist', () => {
    const error = failure(() => load({ configPath: 'missing.json' }));
    expect(error.code).toBe('not_configured');
    expect(error.message).toContain(path.join(dir, 'missing.json'));
  });

  it('names a missing ${VAR} instead of using an empty secret', () => {
    write('kosmo-sinch.json', { accounts: { work: account } });
    for (const env of [{}, { SINCH_API_TOKEN: '' }]) {
      const error = failure(() => load({ env }));
      expect(error.code).toBe('not_configured');
      expect(error.message).toContain('accounts.work.api_token');
      expect(error.message).toContain('SINCH_API_TOKEN');
      expect(error.details.variable).toBe('SINCH_API_TOKEN');
    }
  });

  it('says which file, account and field is wrong, with a suggestion for typos, and never shows values', () => {
    write('kosmo-sinch.json', { accounts: { work: { service_plan_id: 'p', api_tokn: 'very-secret-value', region: 'mars' } } });
    const error = failure(() => load());
    expect(error.message).toContain(path.join(dir, 'kosmo-sinch.json'));
    expect(error.message).toContain('accounts.work');
    expect(error.message).toMatch(/unknown field "api_tokn". Did you mean: api_token/);
    expect(error.message).toMatch(/region/);
    expect(error.message).not.toContain('very-secret-value');
    expect(error.details.account).toBe('work');
  });

  it('reports a file that is not JSON', () => {
    write('kosmo-sinch.json', '{ accounts: ');
    expect(failure(() => load()).message).toMatch(/is not valid JSON/);
  });

  it('builds the default account from SINCH_* variables when there is no file', () => {
    const loaded = load({ env: { SINCH_SERVICE_PLAN_ID: 'plan', SINCH_API_TOKEN: 'tok', SINCH_REGION: 'AU', SINCH_KEY_ID: 'k' } });
    expect(loaded.source).toBe('env');
    expect(loaded.accounts.get('default')!.config).toEqual({
      service_plan_id: 'plan',
      api_token: 'tok',
      key_id: 'k',
      region: 'au',
      timeout_ms: 30000,
    });
  });

  it("answers source 'none' when nothing is configured anywhere (SINCH_REGION alone is not an account)", () => {
    const loaded = load({ env: { SINCH_REGION: 'eu' } });
    expect(loaded.source).toBe('none');
    expect(loaded.accounts.names).toEqual([]);
    expect(loaded.accounts.setupHint).toContain('SINCH_SERVICE_PLAN_ID');
  });
});

describe('emulator accounts and account summaries', () => {
  it('points a default account with writes allowed at the emulator', () => {
    const accounts = emulatorAccounts('http://127.0.0.1:4010/');
    const acc = accounts.get('default')!;
    expect(accounts.defaultName).toBe('default');
    expect(acc.permissions).toEqual({ read: 'allow', write: 'allow' });
    expect(acc.config).toMatchObject({
      service_plan_id: 'emulator-plan',
      api_token: 'emulator-token',
      project_id: 'emulator-project',
      sms_base_url: 'http://127.0.0.1:4010',
      numbers_base_url: 'http://127.0.0.1:4010',
      auth_base_url: 'http://127.0.0.1:4010',
    });
  });

  it('describes an account without any secret', () => {
    const summary = describeAccount({
      name: 'work',
      permissions: { read: 'allow', write: 'deny' },
      config: { service_plan_id: 'plan-1', api_token: 'SECRET-TOKEN', project_id: 'proj', key_id: 'kid', key_secret: 'SECRET-KEY', region: 'eu', timeout_ms: 30000, sms_base_url: 'http://x' },
    });
    const text = JSON.stringify(summary);
    expect(text).not.toContain('SECRET');
    expect(summary).toMatchObject({
      name: 'work',
      region: 'eu',
      sms_auth: 'service_plan',
      numbers_api: true,
      service_plan_id: 'plan-1',
      credentials: { api_token: true, key_secret: true, key_id: true },
      base_urls: { sms: 'http://x' },
      permissions: { write: 'deny' },
    });
  });
});
