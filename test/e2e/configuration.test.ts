/**
 * Configuration from outside, through the real binary (README.md, "Configuration"): which source is trusted
 * (issue #10 item 3), what is announced on stderr, https, malformed references (issue #10 item 7),
 * environment-only configuration and the hosts `accounts` shows (issue #16 item 1), broken accounts that
 * disable only themselves (issue #16 item 5), and network errors that name the host.
 */
import { rmSync } from 'node:fs';
import { runCli, sandboxDir, writeConfig, writeUserConfig, type CliResult } from '../cli/run-cli';
import { emulatorAccount, requestsTo, type Envelope, withEmulator } from './harness';

interface Run {
  cli: CliResult;
  envelope: Envelope;
}

/** `kosmo-sinch lua --json -e code` in a fresh HOME/cwd prepared by `setup` (files written there). */
async function lua(code: string, options: { setup?: (dir: string) => void; env?: Record<string, string>; flags?: string[] } = {}): Promise<Run> {
  const dir = sandboxDir();
  try {
    options.setup?.(dir);
    const cli = await runCli(['lua', '--json', ...(options.flags ?? []), '-e', code], { cwd: dir, env: options.env });
    return { cli, envelope: JSON.parse(cli.stdout) as Envelope };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function accounts(args: string[], options: { setup?: (dir: string) => void; env?: Record<string, string> } = {}): Promise<CliResult> {
  const dir = sandboxDir();
  try {
    options.setup?.(dir);
    return await runCli(['accounts', ...args], { cwd: dir, env: options.env });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SEND = 'return app.integrations.sinch.send_sms({ to = "+12025550134", body = "trust check", client_reference = "e2e-trust" })';
const TRY_SEND = `local ok, err = pcall(function() ${SEND} end) return { ok = ok, code = err and err.code, message = err and err.message }`;

describe('config trust: a ./kosmo-sinch.json in the working directory', () => {
  it.concurrent("does not loosen the user's own write \"deny\": the user's file is used and the local one is announced as ignored", () =>
    withEmulator(async (emulator) => {
      const { envelope, cli } = await lua(TRY_SEND, {
        setup: (dir) => {
          writeUserConfig(dir, { accounts: { default: emulatorAccount(emulator.url, 1, { permissions: { read: 'allow', write: 'deny' } }) } });
          writeConfig(dir, { accounts: { default: emulatorAccount(emulator.url, 1, { permissions: { read: 'allow', write: 'allow' } }) } });
        },
      });
      expect(envelope.result).toMatchObject({ ok: false, code: 'permission_denied' });
      expect(requestsTo(emulator, 'POST', '/xms/v1/emulator-plan/batches')).toEqual([]);
      expect(cli.stderr).toMatch(
        /^kosmo-sinch: accounts from \S+\/\.config\/kosmo-sinch\/config\.json; ignoring \S+\/kosmo-sinch\.json in the working directory \(--config \S+ would use it\)\n$/,
      );
    }));

  it.concurrent('used alone, cannot allow writes (they ask, so without a terminal nothing is sent) and says it is restricted', () =>
    withEmulator(async (emulator) => {
      const { envelope, cli } = await lua(TRY_SEND, {
        setup: (dir) => writeConfig(dir, { accounts: { default: emulatorAccount(emulator.url, 1, { permissions: { read: 'allow', write: 'allow' } }) } }),
      });
      expect(envelope.result).toMatchObject({ ok: false, code: 'approval_required' });
      expect(requestsTo(emulator, 'POST', '/xms/v1/emulator-plan/batches')).toEqual([]);
      expect(cli.stderr).toMatch(/^kosmo-sinch: accounts from \S+\/kosmo-sinch\.json in the working directory, restricted: .*write "ask".*loopback/);
    }));

  it.concurrent("used alone, cannot send the user's environment secrets to another host: that account is not configured, before any request", async () => {
    const { envelope, cli } = await lua('return app.integrations.sinch.list_groups({})', {
      env: { HOME_SECRET: 'CANARY-ENV-SECRET' },
      setup: (dir) =>
        writeConfig(dir, {
          accounts: { default: { service_plan_id: 'p', api_token: '${HOME_SECRET}', sms_base_url: 'https://collector.example.com' } },
        }),
    });
    expect(envelope.error).toMatchObject({ code: 'not_configured', account: 'default', fields: ['accounts.default.sms_base_url'] });
    expect(envelope.error!.message).toMatch(/sms_base_url: may point only at Sinch's own hosts/);
    expect(envelope.integration_calls.map((c) => c.error?.code)).toEqual(['not_configured']);
    expect(cli.stdout + cli.stderr).not.toContain('CANARY-ENV-SECRET');
  });
});

describe('what is announced on stderr, and only there', () => {
  it.concurrent('names the --config file for lua and accounts, and stdout stays the JSON', async () => {
    const setup = (dir: string) => writeConfig(dir, { accounts: { default: { service_plan_id: 'p', api_token: 't', sms_base_url: 'http://127.0.0.1:9' } } }, 'mine.json');
    const run = await lua('return 1', { setup, flags: ['--config', 'mine.json'] });
    expect(run.envelope).toMatchObject({ success: true, result: 1 });
    expect(run.cli.stderr).toMatch(/^kosmo-sinch: accounts from \S+\/mine\.json \(--config\)\n$/);
    const listed = await accounts(['--json', '--config', 'mine.json'], { setup });
    expect(JSON.parse(listed.stdout)).toMatchObject({ source: 'file', origin: 'flag' });
    expect(listed.stderr).toMatch(/^kosmo-sinch: accounts from \S+\/mine\.json \(--config\)\n$/);
  });
});

describe('base URLs must be https except on loopback', () => {
  it.concurrent('in a file and in the environment, naming the field or the variable', async () => {
    const fromFile = await lua('return app.integrations.sinch.list_groups({})', {
      setup: (dir) => writeUserConfig(dir, { accounts: { default: { service_plan_id: 'p', api_token: 't', sms_base_url: 'http://sms.example.com' } } }),
    });
    expect(fromFile.envelope.error).toMatchObject({ code: 'not_configured', fields: ['accounts.default.sms_base_url'] });
    expect(fromFile.envelope.error!.message).toMatch(/must be https: plain http is allowed only for loopback/);

    const fromEnv = await lua('return app.integrations.sinch.list_groups({})', {
      env: { SINCH_SERVICE_PLAN_ID: 'p', SINCH_API_TOKEN: 't', SINCH_SMS_BASE_URL: 'http://sms.example.com' },
    });
    expect(fromEnv.envelope.error).toMatchObject({ code: 'not_configured', fields: ['SINCH_SMS_BASE_URL'] });
    expect(fromEnv.envelope.error!.message).toMatch(/Fix these SINCH_\* environment variables/);
  });
});

describe('malformed references in the config file', () => {
  it.concurrent('are errors naming the account and each field, never taken as literal secrets nor printed', async () => {
    const { envelope, cli } = await lua('return app.integrations.sinch.work.list_groups({})', {
      env: { SINCH_API_TOKEN: 'CANARY-TOKEN', SINCH_KEY_SECRET: 'CANARY-KEY' },
      setup: (dir) =>
        writeUserConfig(dir, {
          accounts: {
            work: { service_plan_id: 'p', api_token: '${SINCH-API-TOKEN}', project_id: 'x', key_id: 'k', key_secret: '$SINCH_KEY_SECRET', region: 'eu' },
          },
        }),
    });
    expect(envelope.error).toMatchObject({ code: 'not_configured', account: 'work', fields: ['accounts.work.api_token', 'accounts.work.key_secret'] });
    expect(envelope.error!.message).toMatch(/accounts\.work\.api_token: "\$\{\.\.\.\}" must hold a variable name .*did you mean \$\{SINCH_API_TOKEN\}\?/);
    expect(envelope.error!.message).toMatch(/accounts\.work\.key_secret: has a variable without braces/);
    expect(cli.stdout + cli.stderr).not.toMatch(/CANARY/);
  });
});

describe('environment-only configuration', () => {
  it.concurrent('SINCH_*_BASE_URL point the default account at an emulator; writes allowed by SINCH_PERMISSIONS_WRITE; a misspelt variable is warned about', () =>
    withEmulator(async (emulator) => {
      const env = {
        SINCH_SERVICE_PLAN_ID: 'emulator-plan',
        SINCH_API_TOKEN: 'emulator-token',
        SINCH_PROJECT_ID: 'emulator-project',
        SINCH_KEY_ID: 'emulator-key',
        SINCH_KEY_SECRET: 'emulator-secret',
        SINCH_SMS_BASE_URL: emulator.url,
        SINCH_NUMBERS_BASE_URL: emulator.url,
        SINCH_AUTH_BASE_URL: emulator.url,
        SINCH_PERMISSIONS_WRITE: 'allow',
        SINCH_TIMOUT_MS: '5000',
      };
      const { envelope, cli } = await lua(
        `local s = app.integrations.sinch
         local sent = s.send_sms({ to = "+12025550134", body = "env only", client_reference = "e2e-env" })
         return { id = sent.id, numbers = s.list_phone_numbers({}).count }`,
        { env },
      );
      expect(envelope.error).toBeNull();
      expect(envelope.meta).toEqual({ emulator: false, sandbox: 'worker' });
      expect(envelope.result.numbers).toBeGreaterThan(0);
      const state = await emulator.state();
      expect(state.sms['emulator-plan'].batches.filter((b) => b.client_reference === 'e2e-env').map((b) => b.id)).toEqual([envelope.result.id]);
      expect(cli.stderr).toBe(
        'kosmo-sinch: accounts from the environment (SINCH_* variables)\n' +
          'kosmo-sinch: SINCH_TIMOUT_MS is not a kosmo-sinch variable; did you mean SINCH_TIMEOUT_MS?\n',
      );

      const listed = await accounts(['--json'], { env });
      expect(JSON.parse(listed.stdout).accounts[0]).toMatchObject({
        name: 'default',
        usable: true,
        hosts: { sms: emulator.url, numbers: emulator.url, auth: emulator.url },
        permissions: { read: 'allow', write: 'allow' },
      });
    }));
});

describe('kosmo-sinch accounts', () => {
  it.concurrent('shows the hosts of each account and everything wrong with a broken one, in text and JSON, never a secret', async () => {
    const setup = (dir: string) =>
      writeUserConfig(dir, {
        accounts: {
          default: { service_plan_id: 'plan-a', api_token: 'CANARY-TOKEN', region: 'eu' },
          oauth: { project_id: 'proj', key_id: 'kid', key_secret: 'CANARY-SECRET', region: 'us', numbers_base_url: 'http://127.0.0.1:4010' },
          work: { service_plan_id: '${WORK_PLAN}', api_token: '${WORK_TOKEN}', region: 'mars' },
        },
      });
    const text = await accounts([], { setup });
    const json = await accounts(['--json'], { setup });
    expect(text.code).toBe(0);
    expect(json.code).toBe(0);
    expect(text.stdout).toMatch(/- default \(default\)\n    region: eu\n    sms: https:\/\/eu\.sms\.api\.sinch\.com \(auth service_plan\)\n    numbers: https:\/\/numbers\.api\.sinch\.com/);
    expect(text.stdout).toMatch(/- oauth\n    region: us\n    sms: https:\/\/zt\.us\.sms\.api\.sinch\.com \(auth oauth2\)\n    numbers: http:\/\/127\.0\.0\.1:4010 \(usable\)\n    auth: https:\/\/auth\.sinch\.com/);
    expect(text.stdout).toMatch(/- work: NOT USABLE.*\n    accounts\.work\.service_plan_id: .*WORK_PLAN is not set\n    accounts\.work\.api_token: .*WORK_TOKEN is not set\n    accounts\.work\.region: /);
    expect(text.stdout).toMatch(/1 of 3 accounts cannot be used \(the others work\)\.\n$/);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.accounts.map((a: { name: string; usable: boolean }) => [a.name, a.usable])).toEqual([
      ['default', true],
      ['oauth', true],
      ['work', false],
    ]);
    expect(parsed.accounts[0].hosts).toEqual({ sms: 'https://eu.sms.api.sinch.com', numbers: 'https://numbers.api.sinch.com', auth: 'https://auth.sinch.com' });
    expect(parsed.accounts[2].problems).toHaveLength(3);
    for (const out of [text.stdout, text.stderr, json.stdout, json.stderr]) expect(out).not.toMatch(/CANARY/);
  });

  it.concurrent('still fails as a whole for a file that is broken as a whole', async () => {
    const r = await accounts([], { setup: (dir) => writeUserConfig(dir, { accounts: {}, acounts: {} }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is invalid: \(top level\): unknown field "acounts"/);
  });
});

describe('a broken account', () => {
  it.concurrent('leaves the default account usable and scripts without calls running; a call under it lists all its problems', () =>
    withEmulator(async (emulator) => {
      const setup = (dir: string) =>
        writeUserConfig(dir, {
          accounts: {
            default: emulatorAccount(emulator.url),
            work: { ...emulatorAccount(emulator.url, 2), service_plan_id: '${WORK_PLAN}', api_token: '${WORK_TOKEN}' },
          },
        });
      const plain = await lua('return 1', { setup });
      expect(plain.envelope).toMatchObject({ success: true, result: 1 });

      const { envelope } = await lua(
        `local s = app.integrations.sinch
         local ok, err = pcall(s.work.list_groups, {})
         return { groups = s.list_groups({}).count, ok = ok, code = err.code, message = err.message, variables = err.variables }`,
        { setup },
      );
      expect(envelope.result).toMatchObject({ groups: 3, ok: false, code: 'not_configured', variables: ['WORK_PLAN', 'WORK_TOKEN'] });
      expect(envelope.result.message).toMatch(/^Sinch account 'work' \(defined in \S+config\.json\) cannot be used: it has 2 problems: /);
      expect(envelope.result.message).toMatch(/To use it, set WORK_PLAN, WORK_TOKEN in the environment/);
      expect(envelope.result.message).not.toMatch(/SINCH_/);
    }));
});

describe('network errors', () => {
  it.concurrent('name the host that could not be reached, without the path or any credential', async () => {
    const { envelope, cli } = await lua('return app.integrations.sinch.get_group({ group_id = "01SECRETIDINPATH0000000000" })', {
      setup: (dir) =>
        writeUserConfig(dir, { accounts: { default: { service_plan_id: 'plan-in-path', api_token: 'CANARY-TOKEN', sms_base_url: 'http://127.0.0.1:9/base' } } }),
    });
    expect(envelope.error).toMatchObject({ code: 'network_error', message: 'Could not connect to Sinch SMS API at http://127.0.0.1:9 (ECONNREFUSED)' });
    expect(cli.stdout + cli.stderr).not.toMatch(/CANARY|plan-in-path|01SECRETIDINPATH|\/base/);
  });
});
