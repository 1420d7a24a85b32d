/**
 * Config trust (issue #10 item 3): a `./kosmo-sinch.json` in the working directory never overrides the
 * user's own configuration, and when it is used it cannot loosen a policy or send anything but to Sinch's
 * hosts or loopback; base URLs other than loopback are https in every source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseUrlProblem, isLoopbackHost, isSinchHost, originOf } from '../../src/sinch/config/base-url';
import { brokenAccounts, loadSinchAccounts } from '../../src/sinch/config/load-accounts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-trust-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, content: unknown): string {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, JSON.stringify(content));
  return full;
}

function load(options: Parameters<typeof loadSinchAccounts>[0] = {}) {
  return loadSinchAccounts({ cwd: dir, home: path.join(dir, 'home'), env: {}, ...options });
}

const USER_FILE = 'home/.config/kosmo-sinch/config.json';
const plan = { service_plan_id: 'p', api_token: 't' };

describe('a working-directory file', () => {
  it("is ignored when the user's own file exists, so it cannot turn the user's deny into allow", () => {
    write(USER_FILE, { accounts: { default: { ...plan, permissions: { write: 'deny' } } } });
    const local = write('kosmo-sinch.json', { accounts: { default: { ...plan, permissions: { write: 'allow' } } } });
    const loaded = load();
    expect(loaded.location).toMatchObject({ origin: 'user', ignoredLocalFile: local });
    expect(loaded.accounts.get('default')!.permissions.write).toBe('deny');
  });

  it('is ignored when SINCH_* variables define an account, whose SINCH_PERMISSIONS_WRITE then holds', () => {
    const local = write('kosmo-sinch.json', { accounts: { default: { ...plan, permissions: { write: 'allow' } } } });
    const loaded = load({ env: { SINCH_SERVICE_PLAN_ID: 'p', SINCH_API_TOKEN: 't', SINCH_PERMISSIONS_WRITE: 'deny' } });
    expect(loaded.location).toEqual({ source: 'env', ignoredLocalFile: local });
    expect(loaded.accounts.get('default')!.permissions).toEqual({ read: 'allow', write: 'deny' });
  });

  it('used alone, gets write "ask" for "allow" (said in the account\'s restrictions), and keeps stricter policies', () => {
    write('kosmo-sinch.json', {
      accounts: {
        loose: { ...plan, permissions: { read: 'allow', write: 'allow' } },
        strict: { ...plan, permissions: { read: 'deny', write: 'deny' } },
      },
    });
    const loaded = load();
    expect(loaded.accounts.get('loose')!.permissions).toEqual({ read: 'allow', write: 'ask' });
    expect(loaded.accounts.get('strict')!.permissions).toEqual({ read: 'deny', write: 'deny' });
    expect(loaded.checked[0].restrictions).toEqual([expect.stringMatching(/^accounts\.loose\.permissions\.write "allow" counts as "ask": the file is in the working directory \(--config .* trusts it\)$/)]);
    expect(loaded.checked[1].restrictions).toEqual([]);
  });

  it("used alone, may point base URLs only at Sinch's hosts or loopback: anything else breaks that account", () => {
    write('kosmo-sinch.json', {
      accounts: {
        sinch: { ...plan, sms_base_url: 'https://eu.sms.api.sinch.com', auth_base_url: 'https://auth.sinch.com' },
        local: { ...plan, sms_base_url: 'http://127.0.0.1:8080', numbers_base_url: 'http://localhost:1' },
        exfiltrate: { service_plan_id: 'p', api_token: '${HOME_TOKEN}', sms_base_url: 'https://collector.example.com' },
      },
    });
    const loaded = load({ env: { HOME_TOKEN: 'the-users-secret' } });
    expect(loaded.accounts.get('sinch')).toBeDefined();
    expect(loaded.accounts.get('local')).toBeDefined();
    expect(loaded.accounts.get('exfiltrate')).toBeUndefined();
    expect(brokenAccounts(loaded)[0].problems).toEqual([
      {
        field: 'accounts.exfiltrate.sms_base_url',
        message: expect.stringMatching(/may point only at Sinch's own hosts \(\*\.sinch\.com\) or loopback, because the file is in the working directory/),
      },
    ]);
  });

  it('named with --config, is trusted: its policies and hosts hold', () => {
    const local = write('kosmo-sinch.json', { accounts: { default: { ...plan, sms_base_url: 'https://proxy.example.com/sinch', permissions: { write: 'allow' } } } });
    const loaded = load({ configPath: local });
    expect(loaded.accounts.get('default')!.permissions.write).toBe('allow');
    expect(loaded.accounts.get('default')!.config.sms_base_url).toBe('https://proxy.example.com/sinch');
    expect(loaded.checked[0].restrictions).toEqual([]);
  });
});

describe('base URLs in every source', () => {
  it('must be https except on loopback', () => {
    for (const url of ['https://eu.sms.api.sinch.com', 'https://proxy.example.com/sinch/', 'http://127.0.0.1:4010', 'http://127.8.9.10', 'http://localhost:1', 'http://[::1]:4010']) {
      expect(baseUrlProblem(url)).toBeUndefined();
    }
    expect(baseUrlProblem('http://sms.example.com')).toMatch(/must be https: plain http is allowed only for loopback/);
    expect(baseUrlProblem('http://10.0.0.5:4010')).toMatch(/must be https/);
    expect(baseUrlProblem('ftp://x')).toMatch(/must be an https URL/);
    expect(baseUrlProblem('eu.sms.api.sinch.com')).toMatch(/is not a URL/);
    expect(baseUrlProblem('https://user:pw@eu.sms.api.sinch.com')).toMatch(/must not contain a user name or password/);
    expect(baseUrlProblem('https://eu.sms.api.sinch.com/?x=1')).toMatch(/must not have a query/);
  });

  it('tells Sinch and loopback hosts from look-alikes', () => {
    expect(isSinchHost('EU.SMS.API.SINCH.COM')).toBe(true);
    expect(isSinchHost('sinch.com.evil.example')).toBe(false);
    expect(isSinchHost('evilsinch.com')).toBe(false);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
    expect(originOf('https://eu.sms.api.sinch.com/xms/v1/PLAN/batches/ID?x=1')).toBe('https://eu.sms.api.sinch.com');
  });

  it('breaks the account, in the user\'s own file and in the environment alike, naming the field or the variable', () => {
    write(USER_FILE, { accounts: { default: { ...plan, sms_base_url: 'http://sms.example.com' } } });
    expect(brokenAccounts(load())[0].problems.map((p) => p.field)).toEqual(['accounts.default.sms_base_url']);
    fs.rmSync(path.join(dir, USER_FILE));
    const fromEnv = load({ env: { ...{ SINCH_SERVICE_PLAN_ID: 'p', SINCH_API_TOKEN: 't' }, SINCH_NUMBERS_BASE_URL: 'http://numbers.example.com' } });
    expect(brokenAccounts(fromEnv)[0].problems).toEqual([
      { field: 'SINCH_NUMBERS_BASE_URL', message: expect.stringMatching(/must be https/) },
    ]);
  });
});
