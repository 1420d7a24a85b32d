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

const account = { service_plan_id: 'plan', api_token: '${MY_SINCH_TOKEN}', region: 'eu' };

describe('loading Sinch accounts', () => {
  it('reads ./kosmo-sinch.json when nothing else is configured, expands ${VAR}, and applies defaults', () => {
    const file = write('kosmo-sinch.json', { accounts: { default: account } });
    const loaded = load({ env: { MY_SINCH_TOKEN: 'secret-token' } });
    expect(loaded).toMatchObject({ source: 'file', path: file, location: { origin: 'working_directory' } });
    const acc = loaded.accounts.get('default')!;
    expect(acc.config).toEqual({
      service_plan_id: 'plan',
      api_token: 'secret-token',
      region: 'eu',
      timeout_ms: 30000,
      origin: { kind: 'file', path: file, workingDirectory: true },
    });
    expect(acc.permissions).toEqual({ read: 'allow', write: 'ask' });
    expect(loaded.accounts.defaultName).toBe('default');
  });

  it('follows the lookup order: --config, $KOSMO_SINCH_CONFIG, $XDG_CONFIG_HOME or ~/.config, SINCH_* variables, ./kosmo-sinch.json', () => {
    const explicit = write('explicit.json', { accounts: { a: { service_plan_id: 'p', api_token: 't' } } });
    const fromEnv = write('env.json', { accounts: { b: { service_plan_id: 'p', api_token: 't' } } });
    const local = write('kosmo-sinch.json', { accounts: { c: { service_plan_id: 'p', api_token: 't' } } });
    const xdg = write('xdg/kosmo-sinch/config.json', { accounts: { d: { service_plan_id: 'p', api_token: 't' } } });
    const home = write('home/.config/kosmo-sinch/config.json', { accounts: { e: { service_plan_id: 'p', api_token: 't' } } });
    const env = { KOSMO_SINCH_CONFIG: fromEnv, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
    expect(load({ configPath: explicit, env }).location).toEqual({ source: 'file', path: explicit, origin: 'flag', ignoredLocalFile: local });
    expect(load({ env }).location).toEqual({ source: 'file', path: fromEnv, origin: 'variable', ignoredLocalFile: local });
    expect(load({ env: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME } }).location).toEqual({
      source: 'file',
      path: xdg,
      origin: 'user',
      ignoredLocalFile: local,
    });
    expect(load().location).toEqual({ source: 'file', path: home, origin: 'user', ignoredLocalFile: local });
    fs.rmSync(home);
    expect(load({ env: { SINCH_SERVICE_PLAN_ID: 'p', SINCH_API_TOKEN: 't' } }).location).toEqual({ source: 'env', ignoredLocalFile: local });
    expect(load().location).toEqual({ source: 'file', path: local, origin: 'working_directory' });
    // Named explicitly, the working-directory file is trusted and nothing is ignored.
    expect(load({ configPath: 'kosmo-sinch.json' }).location).toEqual({ source: 'file', path: local, origin: 'flag' });
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

  it('reports a file that is not JSON, and one with unknown top-level fields, as a whole', () => {
    write('kosmo-sinch.json', '{ accounts: ');
    expect(failure(() => load()).message).toMatch(/is not valid JSON/);
    write('kosmo-sinch.json', { acounts: {} });
    expect(failure(() => load()).message).toMatch(/\(top level\): unknown field "acounts". Did you mean: accounts/);
    write('kosmo-sinch.json', { accounts: { 'my-work': {} } });
    expect(failure(() => load()).message).toMatch(/account names are Lua identifiers/);
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
      origin: { kind: 'env' },
    });
  });

  it("answers source 'none' when nothing is configured anywhere (SINCH_REGION alone is not an account)", () => {
    const loaded = load({ env: { SINCH_REGION: 'eu', SINCH_TIMEOUT_MS: '100', SINCH_PERMISSIONS_WRITE: 'deny' } });
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
      hosts: { sms: 'http://x', numbers: 'https://numbers.api.sinch.com', auth: 'https://auth.sinch.com' },
      permissions: { write: 'deny' },
    });
  });
});
