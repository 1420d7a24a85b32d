/**
 * The hostile-script corpus, in process (Host against the emulator): every case ends with its structured
 * error — those only a deadline can stop within the deadline plus a margin scaled to the machine's load —
 * with no JavaScript stack text anywhere in the result; and the host keeps serving afterwards. The worker
 * pool and the CLI run a subset in isolation.test.ts.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { Host } from '../../src/host/host';
import type { ApprovalRequest } from '../../src/integration/approval';
import type { RunResult } from '../../src/lua/run-options';
import { renderApproval, TerminalWriter, type OutputStream } from '../../src/terminal';
import {
  corpusMargin,
  CORPUS_OTHER_TIMEOUT_MS,
  CORPUS_TEST_TIMEOUT_MS,
  CORPUS_TIMEOUT_MS,
  deadlineOf,
  HOSTILE_CORPUS,
  limitsOf,
  PROMPT_SPOOFING,
  TERMINAL_ESCAPES,
} from './hostile-corpus';
import { emulatorAccount, everything, JS_STACK, REPORTING, sinchHost, table, writeFigures } from './support';

let emulator: RunningEmulator;
let host: Host;
const figures: Array<[string, string, number]> = [];

beforeAll(async () => {
  emulator = await startEmulator();
  host = sinchHost([emulatorAccount(emulator.url)]);
});

afterAll(async () => {
  await emulator.close();
  if (REPORTING && figures.length === HOSTILE_CORPUS.length) {
    await writeFigures(
      'corpus',
      `${HOSTILE_CORPUS.length} scripts, in process; deadline ${CORPUS_TIMEOUT_MS} ms for those that end with \`timeout\`, ` +
        `${CORPUS_OTHER_TIMEOUT_MS} ms for the others ` +
        `(\`test/reliability/hostile-scripts.test.ts\`):\n\n` +
        table(['script', 'ended with', 'time (ms)'], figures.map(([name, code, ms]) => [name, `\`${code}\``, ms])),
    );
  }
});

describe('a hostile script', () => {
  it.each(HOSTILE_CORPUS.map((c) => [c.name, c] as const))(
    'ends cleanly: %s',
    async (_name, hostile) => {
      const started = performance.now();
      const deadline = deadlineOf(hostile);
      const result: RunResult = await host.run(hostile.script, { limits: limitsOf(hostile) });
      const elapsed = performance.now() - started;
      figures.push([hostile.name, result.error?.limit ? `${result.error.code} (${result.error.limit})` : String(result.error?.code), Math.round(elapsed)]);

      expect(result.success).toBe(false);
      expect(result.error?.code).toBe(hostile.code);
      if (hostile.message) expect(result.error?.message).toMatch(hostile.message);
      if (hostile.limit) expect(result.error?.limit).toBe(hostile.limit);
      // Stopped at the deadline, not when a minutes-long instruction ended. (The others ended by themselves:
      // their code says so, since reaching their deadline would have made it `timeout`.)
      if (hostile.code === 'timeout') expect(elapsed).toBeLessThan(deadline + corpusMargin());
      expect(everything(result)).not.toMatch(JS_STACK);
    },
    CORPUS_TEST_TIMEOUT_MS,
  );
});

/** Things a script can do before looping forever: none may switch the deadline off (fengari's pcall did). */
const BEFORE_THE_LOOP = [
  'pcall(error)',
  'xpcall(error, function() error("again") end)',
  'coroutine.resume(coroutine.create(error))',
  'local co = coroutine.create(function() pcall(error) coroutine.yield() pcall(error) end) coroutine.resume(co) coroutine.resume(co)',
  'pcall(load, "x = = 1")',
  'pcall(string.gsub, "a", "a", function() error("x") end)',
  'pcall(table.sort, { 3, 2, 1 }, function() error("x") end)',
  'pcall(function() return setmetatable({}, { __index = function() error("x") end }).x end)',
  'pcall(print, setmetatable({}, { __tostring = function() error("x") end }))',
  'pcall(function() local function f() return f() + 1 end return f() end)',
  'pcall(app.integrations.sinch.get_group, 5)',
  'pcall(app.integrations.sinch.get_group, { group_id = "01NOPE" })',
  'pcall(json.decode, "{")',
  'pcall(os.time, { year = 1e12, month = 1, day = 1 })',
];

describe('the deadline', () => {
  it.each(BEFORE_THE_LOOP)('still holds after %s', async (before) => {
    const started = performance.now();
    const result = await host.run(`${before} while true do end`, { limits: { timeoutMs: 300 } });
    expect(result.error?.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(300 + corpusMargin());
  });
});

describe('after the corpus', () => {
  it('the same host still runs an ordinary script with a Sinch call', async () => {
    const result = await host.run('return app.integrations.sinch.list_groups({}).count');
    expect(result).toMatchObject({ success: true, result: 3 });
  });

  it('does not carry string-metatable tampering into the next run', async () => {
    const tamper = await host.run(`
      local mt = getmetatable("")
      mt.__index = { upper = function() return "pwned" end }
      string.upper = nil
      _G.leaked = true
      return ("a"):upper()
    `);
    expect(tamper.result).toBe('pwned');
    const next = await host.run('return { ("a"):upper(), type(string.upper), leaked == nil }');
    expect(next.result).toEqual(['A', 'function', true]);
  });

  it('does not let a rawset into the host tables survive into the next run', async () => {
    await host.run('rawset(app.integrations.sinch, "list_groups", function() return "fake" end)');
    const next = await host.run('return app.integrations.sinch.list_groups({}).count');
    expect(next.result).toBe(3);
  });

  // The deadline is a safety net here, not part of the test: a 1 s deadline, which the ~300 ms of
  // overflowing the stack could not miss on a quiet machine, ended it with `timeout` at a load average of 8.
  it('keeps a script that pcalls deep recursion going, as Lua does', async () => {
    const result = await host.run('local function f() return f() + 1 end local ok, e = pcall(f) return { ok, e }', {
      limits: { timeoutMs: CORPUS_OTHER_TIMEOUT_MS },
    });
    expect(result.result).toEqual([false, expect.stringMatching(/stack overflow/)]);
  }, CORPUS_TEST_TIMEOUT_MS);

  // 2^30 paths to one table: converted in full it would never end (the test's own timeout says so); bounded,
  // it succeeds with "<too large>" in place of what is cut. The deadline is only a safety net.
  it('returns a value that would expand exponentially as a bounded result', async () => {
    const result = await host.run('local t = {} for i = 1, 30 do t = { t, t } end return t', { limits: { timeoutMs: CORPUS_OTHER_TIMEOUT_MS } });
    expect(result.success).toBe(true);
    expect(JSON.stringify(result.result)).toContain('<too large>');
  }, CORPUS_TEST_TIMEOUT_MS);
});

/** Anything a terminal acts on or may draw as nothing. */
const ACTS_OR_HIDES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

describe('a script spoofing the approval prompt', () => {
  let askHost: Host;
  beforeAll(() => {
    askHost = sinchHost([emulatorAccount(emulator.url, 'default', {}, { read: 'allow', write: 'ask' })]);
  });

  it.each(PROMPT_SPOOFING.map((c) => [c.name, c] as const))('is shown the truth: %s', async (_name, spoof) => {
    const asked: ApprovalRequest[] = [];
    const result = await askHost.run(`return app.integrations.sinch.send_sms({ from = "+12025550142", to = ${spoof.to}, body = ${spoof.body} })`, {
      approve: async (request) => {
        asked.push(request);
        return false;
      },
    });
    // Refused by the person (approval_denied), and nothing sent.
    expect(result.success).toBe(false);
    expect(result.integration_calls).toEqual([expect.objectContaining({ status: 'error', sent: false })]);
    expect(result.error?.code).toBe('approval_denied');
    expect(asked).toHaveLength(1);

    const view = renderApproval(asked[0], { columns: 80 });
    const screen = [...view.lines, view.question];
    for (const row of spoof.shows) expect(view.lines).toContain(row);
    expect(screen.join('')).not.toMatch(ACTS_OR_HIDES);
    // Only the prompt's own lines start at column 0: the rules, the title, the question.
    expect(screen.filter((line) => !line.startsWith(' '))).toEqual([view.lines[0], view.lines[1], view.lines[view.lines.length - 1], view.question]);
    expect(view.question).toMatch(/^Allow\? Send an SMS to \d+ recipients? \(\d+ parts? each, \d+ messages?\) — account 'default' \[y\/N(, v = show all)?\] $/);
    for (const line of view.lines) expect([...line].length).toBeLessThan(80);
  });
});

class FakeStream implements OutputStream {
  written = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    this.written += chunk;
    callback?.();
    return true;
  }
}

describe('a script writing terminal escapes', () => {
  it.each(TERMINAL_ESCAPES.map((c) => [c.name, c] as const))('reaches a terminal as visible text: %s', async (_name, hostile) => {
    const result = await host.run(hostile.script);
    // What the CLI writes: output and result to stdout, the error message to stderr.
    const shown = result.output + (typeof result.result === 'string' ? result.result : '') + (result.error?.message ?? '');
    const tty = { out: new FakeStream(true), err: new FakeStream(true) };
    const writer = new TerminalWriter(tty.out, tty.err);
    await writer.out(result.output);
    if (typeof result.result === 'string') await writer.out(result.result);
    if (result.error) await writer.err(result.error.message);
    const screen = tty.out.written + tty.err.written;
    expect(screen).toContain(hostile.shows);
    expect(screen.replace(/[\n\t]/g, '')).not.toMatch(ACTS_OR_HIDES);

    const pipe = { out: new FakeStream(false), err: new FakeStream(false) };
    const piped = new TerminalWriter(pipe.out, pipe.err);
    await piped.out(result.output);
    if (typeof result.result === 'string') await piped.out(result.result);
    if (result.error) await piped.err(result.error.message);
    expect(pipe.out.written + pipe.err.written).toBe(shown);
  });
});
