/**
 * Guardrails in the accounts configuration (src/guardrails/config.ts through src/sinch/config): what is
 * accepted, what a mistake says, and the recipient pattern syntax.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compilePattern, patternProblem } from '../../src/guardrails';
import { loadSinchAccounts } from '../../src/sinch/config/load-accounts';
import { describeChecked } from '../../src/sinch/config/describe-account';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-guard-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(config: unknown, options: { env?: NodeJS.ProcessEnv; local?: boolean } = {}) {
  const file = path.join(dir, options.local ? 'kosmo-sinch.json' : 'config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return loadSinchAccounts({ configPath: options.local ? undefined : file, cwd: dir, home: dir, env: options.env ?? {} });
}

const account = (guardrails: unknown) => ({ service_plan_id: 'p', api_token: 't', guardrails });

describe('an account\'s guardrails', () => {
  it('are read with every field, and shown by `accounts`', () => {
    const guardrails = {
      budget: { per_run: 10, per_hour: 100, per_day: 1000 },
      max_recipients: 50,
      recipients: { allow: ['+1*', '+46701234567'], deny: ['+1900*'] },
      duplicate_window: '10m',
      rate_per_second: 2.5,
      ledger_body: 'text',
    };
    const loaded = load({ accounts: { default: account(guardrails) } });
    expect(loaded.accounts.get('default')!.config.guardrails).toEqual(guardrails);
    expect(describeChecked(loaded.checked[0])).toMatchObject({ guardrails });
  });

  it('break only their account, with a message per mistake naming the field and what is expected', () => {
    const loaded = load({
      accounts: {
        default: account({ budget: { per_day: 0, per_week: 5 }, recipients: { allow: ['+1'] }, duplicate_window: '10 minutes', rate_per_second: -1, ledger_body: 'plain' }),
        work: account({ max_recipients: 2 }),
      },
    });
    expect(loaded.accounts.get('work')).toBeDefined();
    const problems = describeChecked(loaded.checked[0]);
    expect(problems).toMatchObject({ usable: false });
    const lines = (problems as { problems: readonly string[] }).problems;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^accounts\.default\.guardrails\.budget\.per_day: expected at least 1 message/),
        expect.stringMatching(/^accounts\.default\.guardrails\.budget\.per_week: unknown field/),
        expect.stringMatching(/^accounts\.default\.guardrails\.recipients\.allow\.0: "\+1" is too short for a phone number; for every number starting with it write "\+1\*"/),
        expect.stringMatching(/^accounts\.default\.guardrails\.duplicate_window: "10 minutes" is not a duration; expected .*"10m"/),
        expect.stringMatching(/^accounts\.default\.guardrails\.rate_per_second: expected messages per second above 0/),
        expect.stringMatching(/^accounts\.default\.guardrails\.ledger_body: expected "sha256"/),
      ]),
    );
  });

  it('suggest the field meant when one is misspelt', () => {
    const lines = (describeChecked(load({ accounts: { default: account({ max_recipient: 3 }) } }).checked[0]) as { problems: readonly string[] }).problems;
    expect(lines).toEqual(['accounts.default.guardrails.max_recipient: unknown field. Did you mean: max_recipients']);
  });
});

describe('the guardrails store', () => {
  it('is SQLite or Redis, with `${VAR}` expanded in its URL', () => {
    expect(load({ accounts: {}, guardrails_store: { type: 'sqlite', path: '/tmp/x.sqlite' } }).guardrailsStore).toEqual({ type: 'sqlite', path: '/tmp/x.sqlite' });
    const redis = load({ accounts: {}, guardrails_store: { type: 'redis', url: '${REDIS_URL}', prefix: 'app:' } }, { env: { REDIS_URL: 'redis://:pw@10.0.0.5:6379/2' } });
    expect(redis.guardrailsStore).toEqual({ type: 'redis', url: 'redis://:pw@10.0.0.5:6379/2', prefix: 'app:' });
  });

  it('is an error for the whole file when it is wrong, naming the field', () => {
    expect(() => load({ accounts: {}, guardrails_store: { type: 'postgres' } })).toThrow(/guardrails_store.*expected \{"type": "sqlite"/);
    expect(() => load({ accounts: {}, guardrails_store: { type: 'redis', url: 'http://x' } })).toThrow(/guardrails_store\.url: expected a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => load({ accounts: {}, guardrails_store: { type: 'redis', url: '${UNSET_URL}' } })).toThrow(/guardrails_store.*UNSET_URL is not set/);
  });

  it('may point only at a Redis on loopback, and not at a file of its own, from a working-directory file', () => {
    expect(() => load({ accounts: {}, guardrails_store: { type: 'sqlite', path: '/home/me/.bashrc' } }, { local: true })).toThrow(
      /guardrails_store\.path may not be set in a working-directory file/,
    );
    expect(() => load({ accounts: {}, guardrails_store: { type: 'redis', url: 'redis://10.0.0.5:6379' } }, { local: true })).toThrow(
      /guardrails_store\.url may point only at a Redis on loopback/,
    );
    expect(load({ accounts: {}, guardrails_store: { type: 'redis', url: 'redis://127.0.0.1:6379' } }, { local: true }).guardrailsStore).toMatchObject({ type: 'redis' });
  });
});

describe('recipient patterns', () => {
  it.each([
    ['+46701234567', '+46701234567', true],
    ['+46701234567', '+467012345678', false],
    ['+1*', '+12025550111', true],
    ['+1*', '+46701234567', false],
    ['+4670*', '+46701234567', true],
    ['+1202555????', '+12025550111', true],
    ['+1202555????', '+120255501111', false],
    ['+44*9', '+447700900129', true],
    ['*', '+46701234567', true],
  ])('%s against %s matches: %s', (pattern, recipient, matches) => {
    expect(patternProblem(pattern)).toBeUndefined();
    expect(compilePattern(pattern).matches(recipient)).toBe(matches);
  });

  it.each([
    ['1202*', /must start with "\+"/],
    ['+1-202*', /only "\+", digits, "\*"/],
    ['+*', /at least one digit after "\+"/],
    ['+1', /too short.*"\+1\*"/],
    ['+1234567890123456', /more than 15 digits/],
  ])('%s is refused: %s', (pattern, message) => {
    expect(patternProblem(pattern)).toMatch(message);
  });
});
