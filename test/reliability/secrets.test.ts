/**
 * Canary credentials never come out: not in output, errors, `--json` fields, the call log, log lines, nor
 * anything a script can reach — a script walks `_G` (values, keys, metatables), calls every function it
 * finds and every Sinch function on every account, reads every doc page, and returns all of it. Across
 * success (service plan and OAuth2), 401, network errors and timeouts; in process and through the binary.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { loadSinchAccounts } from '../../src/sinch/config/load-accounts';
import { runCli, sandboxDir } from '../cli/run-cli';
import { everything, sinchHost } from './support';

const CANARY_TOKEN = 'CANARY-TOKEN-7Qx2Lm9Vb4Tz';
const CANARY_SECRET = 'CANARY-SECRET-Z8p3Kd6Wn1Rq';
const WRONG_TOKEN = 'CANARY-TOKEN-WRONG-4Hs9Pe2';
const WRONG_SECRET = 'CANARY-SECRET-WRONG-2Jd7Xc5';
const KEY_ID = 'canary-key';
const basic = (secret: string) => Buffer.from(`${KEY_ID}:${secret}`).toString('base64');

let good: RunningEmulator; // accepts the canaries
let slow: RunningEmulator; // accepts them too, but answers late
let closedPort: number;
let dir: string;
let configPath: string;
const env = { CANARY_TOKEN_VAR: CANARY_TOKEN };

/** Every secret: the canaries, the Basic credentials built from them, and the access tokens the emulators issued. */
function secrets(): string[] {
  const issued = [good, slow].flatMap((e) => [...(e.backend.tokens as unknown as { tokens: Map<string, unknown> }).tokens.keys()]);
  return ['CANARY-', CANARY_TOKEN, CANARY_SECRET, WRONG_TOKEN, WRONG_SECRET, basic(CANARY_SECRET), basic(WRONG_SECRET), ...issued];
}

function expectNoSecret(text: string): void {
  for (const secret of secrets()) expect(text).not.toContain(secret);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function account(url: string, extra: Record<string, unknown> = {}) {
  return {
    service_plan_id: 'canary-plan',
    api_token: CANARY_TOKEN,
    project_id: 'canary-project',
    key_id: KEY_ID,
    key_secret: CANARY_SECRET,
    sms_base_url: url,
    numbers_base_url: url,
    auth_base_url: url,
    timeout_ms: 2000,
    permissions: { read: 'allow', write: 'allow' },
    ...extra,
  };
}

const ACCOUNTS = ['default', 'oauth', 'wrong', 'down', 'slow'];
/** The walkers' deadline: a safety net against a hang, never what ends them (issue #10, CI hygiene). */
const SAFETY_NET_MS = 240_000;

beforeAll(async () => {
  const plans = [{ servicePlanId: 'canary-plan', apiToken: CANARY_TOKEN }];
  const projects = [{ projectId: 'canary-project', keyId: KEY_ID, keySecret: CANARY_SECRET, servicePlanId: 'canary-plan' }];
  good = await startEmulator({ servicePlans: plans, projects });
  slow = await startEmulator({ servicePlans: plans, projects });
  await fetch(`${slow.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ delay_ms: 1500, times: 100_000 }) });
  closedPort = await freePort();
  dir = sandboxDir();
  configPath = join(dir, 'kosmo-sinch.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      accounts: {
        default: account(good.url, { api_token: '${CANARY_TOKEN_VAR}' }),
        oauth: { ...account(good.url), service_plan_id: undefined, api_token: undefined },
        wrong: account(good.url, { api_token: WRONG_TOKEN, key_secret: WRONG_SECRET }),
        down: account(`http://127.0.0.1:${closedPort}`),
        slow: account(slow.url, { timeout_ms: 300 }),
      },
    }),
  );
});

afterAll(async () => {
  await good.close();
  await slow.close();
});

/** Calls each function on `accounts` with valid arguments (the outcome depends on the account). */
function callsOn(accounts: readonly string[], functions: readonly string[]): string {
  const args: Record<string, string> = {
    list_messages: '{}',
    send_sms: '{ to = "+12025550134", body = "canary check" }',
    list_phone_numbers: '{}',
    get_phone_number: '{ phone_number = "+12025550142" }',
    list_groups: '{}',
    get_group: '{ group_id = "01NOPE" }',
    list_batches: '{}',
  };
  return accounts
    .flatMap((a) => functions.map((f) => `try(app.integrations.sinch["${a}"].${f}, ${args[f]})`))
    .join('\n');
}

/**
 * The script: walk everything reachable, provoke every error, return all the text it saw. `fuzzHost`: also
 * call the Sinch functions found under `app` with arguments of every kind (slow where retries are real).
 */
function walker(calls: string, fuzzHost: boolean): string {
  return `
    local FUZZ_HOST = ${fuzzHost}
    local out, seen = {}, {}
    local function add(v) out[#out + 1] = tostring(v) end
    local functions = {}
    local function walk(v, depth, callable)
      local t = type(v)
      if t == "string" or t == "number" or t == "boolean" then add(v) return end
      if t == "function" then if callable then functions[#functions + 1] = v end return end
      if t ~= "table" or seen[v] or depth > 20 then add(t) return end
      seen[v] = true
      local mt = getmetatable(v)
      if mt ~= nil then walk(mt, depth + 1, callable) end
      for k, x in pairs(v) do
        local c = callable and (FUZZ_HOST or x ~= app)
        walk(k, depth + 1, c) walk(x, depth + 1, c)
      end
    end
    local function try(f, ...)
      local r = table.pack(pcall(f, ...))
      for i = 1, r.n do walk(r[i], 0, false) end
    end
    walk(_G, 0, true)
    walk(getmetatable(""), 0, true)
    -- Every function reachable from _G, with arguments of every kind (never coroutine.yield: it would
    -- end the script, which is not a host call).
    for _, f in ipairs(functions) do
      if f ~= coroutine.yield then
        try(f) try(f, "x") try(f, {}) try(f, 1)
      end
    end
    ${calls}
    for _, page in ipairs({ "", "overview", "errors", "integrations.sinch", "integrations.sinch.default",
                             "integrations.sinch.wrong", "integrations.sinch.send_sms", "nope" }) do
      try(lua_read_doc, page)
    end
    for _, q in ipairs({ "token", "secret", "key", "api_token", "key_secret", "password" }) do try(lua_search_docs, q) end
    try(lua_list_docs) try(lua_list_docs, "integrations")
    try(error, setmetatable({}, { __index = function(_, k) return k end }))
    return table.concat(out, "\\n")
  `;
}

const ALL_FUNCTIONS = ['list_messages', 'send_sms', 'list_phone_numbers', 'get_phone_number', 'list_groups', 'get_group', 'list_batches'];

describe('canary credentials', () => {
  it('stay out of everything a script can reach or provoke, in process, across success, 401, network errors and timeouts', async () => {
    const logged: string[] = [];
    const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' '))),
    );
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (logged.push(String(chunk)), true));
    try {
      // Real retries and lookups, with their pauses cut short so that five accounts fit in a test.
      const host = sinchHost(loadSinchAccounts({ configPath, env }).accounts, {
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 10))),
        sendLookupSettleMs: 10,
      });
      // ~12 s of work at a load average of 6: the deadline is only a safety net, far from it on any machine.
      const result = await host.run(walker(callsOn(ACCOUNTS, ALL_FUNCTIONS), true), { limits: { timeoutMs: SAFETY_NET_MS } });

      expect(result.success).toBe(true);
      expect(String(result.result).length).toBeGreaterThan(10_000); // it did see the docs, errors and results
      const outcomes = new Set(result.integration_calls.map((c) => (c.status === 'ok' ? 'ok' : c.error?.code)));
      for (const expected of ['ok', 'auth_failed', 'network_error', 'timeout', 'invalid_argument', 'not_found']) {
        expect(outcomes).toContain(expected);
      }
      expectNoSecret(everything(result, logged));
    } finally {
      spies.forEach((s) => s.mockRestore());
      stderr.mockRestore();
    }
  }, SAFETY_NET_MS + 60_000);

  it('stay out of the binary\'s --json envelope and stderr, across success, 401, network errors and timeouts', async () => {
    const script = walker(callsOn(ACCOUNTS, ['list_groups', 'send_sms']), false);
    const r = await runCli(['lua', '--json', '--timeout-ms', String(SAFETY_NET_MS), '--config', configPath, '-e', script], {
      env,
      cwd: dir,
      timeoutMs: SAFETY_NET_MS + 30_000,
    });
    expect(r.code).toBe(0);
    const envelope = JSON.parse(r.stdout);
    const codes = new Set(envelope.integration_calls.map((c: { error?: { code: string } }) => c.error?.code ?? 'ok'));
    for (const expected of ['ok', 'auth_failed', 'network_error', 'timeout']) expect(codes).toContain(expected);
    expectNoSecret(r.stdout + r.stderr);
  }, SAFETY_NET_MS + 60_000);

  it.each(['wrong', 'down', 'slow'])('stay out of the text output when a call on the %s account fails the script', async (name) => {
    const r = await runCli(['lua', '--config', configPath, '-e', `print("before") return app.integrations.sinch.${name}.list_groups({})`], {
      env,
      cwd: dir,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \[(auth_failed|network_error|timeout)\]/);
    expectNoSecret(r.stdout + r.stderr);
  }, 40_000);

  it('stay out of `accounts`, in text and in JSON', async () => {
    for (const args of [['accounts'], ['accounts', '--json']]) {
      const r = await runCli([...args, '--config', configPath], { env, cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('canary-plan');
      expectNoSecret(r.stdout + r.stderr);
    }
  });

  it('stay out of the error for a config file that is not valid JSON around a secret', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, `{"accounts": {"default": {"service_plan_id": "p", "api_token": ${CANARY_TOKEN}}}}`);
    for (const args of [['lua', '--config', broken, '-e', 'return 1'], ['accounts', '--config', broken]]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is not valid JSON/);
      expectNoSecret(r.stdout + r.stderr);
    }
  });

  it('stay out of the error for a config file whose fields are invalid', async () => {
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ accounts: { default: { region: CANARY_SECRET, api_token: CANARY_TOKEN, timeout_ms: CANARY_TOKEN } } }));
    const r = await runCli(['lua', '--json', '--config', invalid, '-e', 'return app.integrations.sinch.list_groups({})'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('not_configured');
    expectNoSecret(r.stdout + r.stderr);
  });
});
