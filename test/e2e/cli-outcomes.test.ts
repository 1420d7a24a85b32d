/**
 * The CLI as a program's tool (issue #16 items 3 and 7), through the built binary: with --json every outcome
 * is one JSON object on stdout — usage errors included, with the code `usage_error` — and the exit codes stay
 * 0/1/2; every command exits non-zero when it fails, with a message a person can act on.
 */
import { createServer, type Server } from 'node:net';
import { runCli, sandboxDir, writeUserConfig } from '../cli/run-cli';

/** The `lua --json` envelope's keys (docs/contract.md, "The --json envelope"). */
const ENVELOPE_KEYS = ['error', 'execution_time_ms', 'integration_calls', 'meta', 'output', 'result', 'success'];

/** Runs the binary and parses stdout, which must be exactly one JSON object and a newline (JSON.parse throws otherwise). */
async function jsonOutcome(args: string[], options: { input?: string; cwd?: string } = {}) {
  const cli = await runCli(args, options);
  expect(cli.stdout).toMatch(/^\{.*\}\n$/s);
  return { cli, json: JSON.parse(cli.stdout) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('lua --json: a usage error is the run envelope with error.code "usage_error" and exit 2', () => {
  const cases: Array<[string, string[], RegExp, string?]> = [
    ['an unknown flag', ['lua', '--json', '--nope', '-e', 'return 1'], /unknown option '--nope'/],
    ['a bad --timeout-ms', ['lua', '--json', '--timeout-ms', 'soon', '-e', 'return 1'], /--timeout-ms must be a whole number/],
    ['a bad --memory-limit', ['lua', '--memory-limit', 'lots', '-e', 'return 1', '--json'], /expected a size/],
    ['--json before the command', ['--json', 'lua', '-e', 'return 1'], /unknown option '--json'/],
    ['a missing file', ['lua', '--json', 'missing.lua'], /cannot read missing\.lua: no such file/],
    ['no code given', ['lua', '--json'], /no code given/, ''],
    ['both FILE and -e', ['lua', 'script.lua', '--json', '-e', 'return 1'], /either a FILE or -e CODE, not both/],
    ['too many arguments', ['lua', '--json', 'a.lua', 'b.lua'], /too many arguments/],
    ['a misspelt command', ['lau', '--json', '-e', 'return 1'], /unknown command 'lau' \(Did you mean lua\?\)/],
  ];

  it.concurrent.each(cases)('%s', async (_name, args, message, input) => {
    const { cli, json } = await jsonOutcome(args, { input });
    expect(cli.code).toBe(2);
    expect(Object.keys(json).sort()).toEqual(ENVELOPE_KEYS);
    expect(json).toMatchObject({ success: false, output: '', result: null, integration_calls: [], meta: { emulator: false } });
    expect(json.error).toMatchObject({ code: 'usage_error', message: expect.stringMatching(message) });
    // The error is in the JSON: stderr does not repeat it in another format.
    expect(cli.stderr).toBe('');
  });

  it.concurrent('--json is honoured wherever it is, but not as the value of -e', async () => {
    const { cli, json } = await jsonOutcome(['lua', '--nope', '--json']);
    expect([cli.code, json.error.code]).toEqual([2, 'usage_error']);
    // `-e --json` runs the code "--json" (a Lua comment): text output, exit 0.
    const code = await runCli(['lua', '-e', '--json']);
    expect([code.code, code.stdout]).toEqual([0, '']);
  });

  it.concurrent('without --json the same mistakes stay text on stderr, exit 2, nothing on stdout', async () => {
    for (const args of [['lua', '--nope', '-e', '1'], ['lua', 'missing.lua']]) {
      const cli = await runCli(args);
      expect([cli.code, cli.stdout]).toEqual([2, '']);
      expect(cli.stderr).toMatch(/unknown option|cannot read/);
    }
  });

  it.concurrent('a configuration error and a script error are envelopes with their own codes and exit 1', async () => {
    const dir = sandboxDir();
    writeUserConfig(dir, { accounts: { default: { service_plan_id: 'p', api_token: 't' } }, acounts: {} });
    const broken = await jsonOutcome(['lua', '--json', '-e', 'return 1'], { cwd: dir });
    expect([broken.cli.code, broken.json.error.code]).toEqual([1, 'not_configured']);
    const failed = await jsonOutcome(['lua', '--json', '-e', 'error("boom")']);
    expect([failed.cli.code, failed.json.error.code]).toEqual([1, 'runtime_error']);
  });
});

describe('accounts --json: every outcome is one object with success and error', () => {
  it.concurrent('a listing has success true and error null', async () => {
    const { cli, json } = await jsonOutcome(['accounts', '--json']);
    expect(cli.code).toBe(0);
    expect(json).toMatchObject({ success: true, error: null, source: 'none', accounts: [] });
  });

  it.concurrent('a config file broken as a whole is {success: false, error: not_configured}, exit 1', async () => {
    const dir = sandboxDir();
    writeUserConfig(dir, { accounts: {}, acounts: {} });
    const { cli, json } = await jsonOutcome(['accounts', '--json'], { cwd: dir });
    expect(cli.code).toBe(1);
    expect(json).toMatchObject({ success: false, error: { code: 'not_configured' } });
    const text = await runCli(['accounts'], { cwd: dir });
    expect([text.code, text.stdout]).toEqual([1, '']);
    expect(text.stderr).toMatch(/^kosmo-sinch: .*acounts/m);
  });

  it.concurrent('an unknown flag is {success: false, error: usage_error}, exit 2', async () => {
    const { cli, json } = await jsonOutcome(['accounts', '--json', '--bogus']);
    expect(cli.code).toBe(2);
    expect(json).toEqual({ success: false, error: { code: 'usage_error', message: "unknown option '--bogus'", hint: 'run kosmo-sinch accounts --help for usage' } });
  });
});

describe('audit --json: the shape of accounts --json', () => {
  it.concurrent('no ledger yet is {success: true, error: null, store: null, entries: []}', async () => {
    const { cli, json } = await jsonOutcome(['audit', '--json']);
    expect(cli.code).toBe(0);
    expect(json).toEqual({ success: true, error: null, store: null, entries: [] });
  });

  it.concurrent('a bad --outcome is {success: false, error: usage_error}, exit 2', async () => {
    const { cli, json } = await jsonOutcome(['audit', '--json', '--outcome', 'nope']);
    expect(cli.code).toBe(2);
    expect(json).toEqual({ success: false, error: expect.objectContaining({ code: 'usage_error' }) });
  });
});

describe('kosmo-sinch docs', () => {
  it.concurrent('exits 1 for a page that does not exist, the pages it has on stderr', async () => {
    const cli = await runCli(['docs', 'nosuch']);
    expect([cli.code, cli.stdout]).toEqual([1, '']);
    expect(cli.stderr).toMatch(/^Page 'nosuch' not found\.\nAvailable pages:\n- overview\n/);
    const list = await runCli(['docs', '--list', 'nosuch']);
    expect([list.code, list.stdout]).toEqual([1, '']);
    expect(list.stderr).toMatch(/^Namespace 'nosuch' not found\. Available: sinch\./);
  });

  it.concurrent('tells a person on a command line to run kosmo-sinch docs, not lua_read_doc', async () => {
    const list = await runCli(['docs', '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\nRead one with kosmo-sinch docs <page>\.\n$/);
    const search = await runCli(['docs', '--search', 'groups']);
    expect(search.stdout).toMatch(/\(kosmo-sinch docs integrations\.sinch\.sinch_list_groups\)/);
    expect(list.stdout + search.stdout).not.toMatch(/lua_read_doc/);
    // Scripts keep the Lua wording, and find the same things.
    const lua = await runCli(['lua', '-e', 'return lua_list_docs() .. "\\n" .. lua_search_docs("reply")']);
    expect(lua.stdout).toMatch(/Read one with lua_read_doc\("<page>"\)\./);
    expect(lua.stdout).toMatch(/"Replying to a received message" — .*\(lua_read_doc\("integrations\.sinch\.sinch_list_messages"\)\)/);
  });

  it.concurrent.each([
    ['reply', /Replying to a received message/],
    ['inbox', /app\.integrations\.sinch\.list_messages/],
    ['text', /app\.integrations\.sinch\.send_sms/],
    ['respond', /app\.integrations\.sinch\.send_sms/],
    ['received', /app\.integrations\.sinch\.list_messages/],
    ['send message', /^- app\.integrations\.sinch\.send_sms/m],
  ])('--search %s finds what a newcomer means', async (query, found) => {
    const cli = await runCli(['docs', '--search', query]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(found);
  });

  it.concurrent('the reply pattern is on the page search points to', async () => {
    const cli = await runCli(['docs', 'integrations.sinch.list_messages']);
    expect(cli.stdout).toContain('from = inbound.to');
    expect(cli.stdout).toContain('to = { inbound.from }');
  });
});

describe('kosmo-sinch emulator on a busy port', () => {
  let busy: Server;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('says the port is in use and how to pick another, exit 1', async () => {
    const port = (busy.address() as { port: number }).port;
    const cli = await runCli(['emulator', '--port', String(port)]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toBe(`kosmo-sinch: port ${port} is in use on 127.0.0.1; pick another with --port N, or --port 0 for a free one\n`);
  });
});
