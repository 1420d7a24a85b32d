/**
 * One broken account disables only itself (issue #16 item 5): it stays listed, other accounts work, and a
 * call under it raises `not_configured` with every problem it has and advice that fits where it is defined.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sinchHostFor } from '../../src/host/sinch-host';
import type { IntegrationError } from '../../src/errors';
import { brokenAccounts, loadSinchAccounts } from '../../src/sinch/config/load-accounts';
import { describeChecked } from '../../src/sinch/config/describe-account';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-broken-'));
  file = path.join(dir, 'config.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      accounts: {
        default: { service_plan_id: 'plan', api_token: '${GOOD_TOKEN}', permissions: { write: 'deny' } },
        work: { service_plan_id: '${WORK_PLAN}', api_token: '${WORK_TOKEN}', region: 'mars', timeout_ms: 'soon', api_tokn: 'x' },
      },
    }),
  );
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const load = (env: NodeJS.ProcessEnv = { GOOD_TOKEN: 'SECRET-GOOD' }) => loadSinchAccounts({ configPath: file, cwd: dir, home: dir, env });

/** One direct call (no Lua) through the call pipeline, on a host over the loaded accounts. */
async function callError(account: string | undefined, args: Record<string, unknown>, env?: NodeJS.ProcessEnv): Promise<IntegrationError> {
  const host = sinchHostFor(load(env).accounts);
  const result = await host.call({ integration: 'sinch', function: 'sinch_send_sms', account, arguments: args });
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('a broken account', () => {
  it('is listed beside the usable ones, which still work', () => {
    const loaded = load();
    expect(loaded.accounts.names).toEqual(['default', 'work']);
    expect(loaded.accounts.get('default')!.config.api_token).toBe('SECRET-GOOD');
    expect(loaded.accounts.get('work')).toBeUndefined();
    expect(loaded.accounts.unusable!('default')).toBeUndefined();
    expect(brokenAccounts(loaded).map((b) => b.name)).toEqual(['work']);
  });

  it('raises not_configured with every problem at once: each missing variable and each bad field, never a value', () => {
    const error = load().accounts.unusable!('work', 'sinch_list_groups')!;
    expect(error.code).toBe('not_configured');
    expect(error.details).toMatchObject({
      account: 'work',
      function: 'sinch_list_groups',
      path: file,
      variables: ['WORK_PLAN', 'WORK_TOKEN'],
      fields: [
        'accounts.work.service_plan_id',
        'accounts.work.api_token',
        'accounts.work.region',
        'accounts.work.timeout_ms',
        'accounts.work.api_tokn',
      ],
    });
    expect(error.message).toMatch(/^Sinch account 'work' \(defined in .*config\.json\) cannot be used: it has 5 problems: /);
    expect(error.message).toContain('accounts.work.service_plan_id: refers to ${WORK_PLAN}, but the environment variable WORK_PLAN is not set');
    expect(error.message).toContain('accounts.work.api_tokn: unknown field. Did you mean: api_token');
    expect(error.message).toContain('accounts.work.timeout_ms: must be a whole number of milliseconds from 1 to 600000');
    expect(error.message).toContain(`To use it, set WORK_PLAN, WORK_TOKEN in the environment and fix the other fields of accounts.work in ${file}.`);
    // The advice fits the account: `work` cannot be configured by SINCH_* variables.
    expect(error.message).not.toMatch(/SINCH_/);
    expect(error.message).not.toContain('SECRET-GOOD');
  });

  it('only needing variables, is told to set them', () => {
    fs.writeFileSync(file, JSON.stringify({ accounts: { work: { service_plan_id: 'p', api_token: '${WORK_TOKEN}' } } }));
    expect(load().accounts.unusable!('work')!.message).toContain(`To use it, set WORK_TOKEN in the environment (or change accounts.work in ${file}).`);
  });

  it('defined by the environment, is told which SINCH_* variables to fix, all at once', () => {
    const loaded = loadSinchAccounts({ cwd: dir, home: dir, env: { SINCH_API_TOKEN: 't', SINCH_REGION: 'mars', SINCH_SMS_BASE_URL: 'http://x.example', SINCH_TIMEOUT_MS: '10s' } });
    const error = loaded.accounts.unusable!('default')!;
    expect(error.message).toMatch(/^Sinch account 'default' \(defined by SINCH_\* environment variables\) cannot be used: it has 3 problems: SINCH_REGION: .*; SINCH_TIMEOUT_MS: .*; SINCH_SMS_BASE_URL: must be https/);
    expect(error.message).toContain('Fix these SINCH_* environment variables');
  });

  it('is raised by a call under it before validation and before the permission policy; other accounts are unaffected', async () => {
    // Invalid arguments, and a write: still the account's problem first.
    const error = await callError('work', { to: 'not a number' });
    expect(error.code).toBe('not_configured');
    expect(error.details.account).toBe('work');
    // `default` is usable: its own policy (deny) applies.
    expect((await callError(undefined, { to: ['+12025550134'], body: 'x' })).code).toBe('permission_denied');
  });

  it('as the only account, is the default, and calls through the plain namespace raise its error', async () => {
    fs.writeFileSync(file, JSON.stringify({ accounts: { work: { service_plan_id: 'p', api_token: '${WORK_TOKEN}' } } }));
    expect(load().accounts.defaultName).toBe('work');
    expect((await callError(undefined, {})).code).toBe('not_configured');
  });

  it('is summarised for `kosmo-sinch accounts` with its problems; a usable one with its hosts', () => {
    const [good, work] = load().checked.map(describeChecked);
    expect(good).toMatchObject({
      name: 'default',
      usable: true,
      hosts: { sms: 'https://us.sms.api.sinch.com', numbers: 'https://numbers.api.sinch.com', auth: 'https://auth.sinch.com' },
    });
    expect(work).toEqual({ name: 'work', usable: false, problems: expect.arrayContaining([expect.stringMatching(/^accounts\.work\.region: /)]) });
    expect(JSON.stringify([good, work])).not.toContain('SECRET-GOOD');
  });
});
