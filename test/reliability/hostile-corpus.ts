/**
 * Scripts written to break the host: each must end with a clean, structured error within its deadline.
 * Shared by the in-process test (hostile-scripts.test.ts) and the worker-pool / CLI test (isolation.test.ts).
 *
 * `code` is the error code the run must end with. Cases that end with `timeout` are the ones only the
 * deadline can stop (they would run for minutes or forever); everything else must end well before it.
 */
import type { ErrorCode } from '../../src/errors';
import { scaled } from '../support/slowness';

export interface HostileCase {
  readonly name: string;
  readonly script: string;
  readonly code: ErrorCode;
  /** A pattern the error message must match, when the code alone does not say enough. */
  readonly message?: RegExp;
  /** `limit` detail of a limit_exceeded error. */
  readonly limit?: 'memory' | 'output' | 'instructions';
  /**
   * A smaller memory limit for a case that fills memory slowly, so that it reaches the limit well inside
   * its deadline however loaded the machine is (the default 32 MiB took ~100k failing calls).
   */
  readonly memoryLimitBytes?: number;
}

/** The limits a case runs under. */
export function limitsOf(hostile: HostileCase): { timeoutMs: number; memoryLimitBytes?: number } {
  return { timeoutMs: deadlineOf(hostile), ...(hostile.memoryLimitBytes ? { memoryLimitBytes: hostile.memoryLimitBytes } : {}) };
}

/** The deadline of the cases that only a deadline can stop (short, so that they stay cheap). */
export const CORPUS_TIMEOUT_MS = 1000;
/**
 * The deadline of every other case: they must end by themselves, with their own error, and the deadline is
 * only a safety net that no machine may reach — the slowest case takes ~5 s on a quiet machine (a flood of
 * failing host calls), and at 10 s a loaded one ended it with `timeout` instead (issue #10, CI hygiene).
 */
export const CORPUS_OTHER_TIMEOUT_MS = 60_000;
/** What a test running a case may take: the safety net and then some (jest's own timeout). */
export const CORPUS_TEST_TIMEOUT_MS = CORPUS_OTHER_TIMEOUT_MS + 30_000;
/**
 * Slack on top of a deadline on a quiet machine, scaled by the load when it is used (corpusMargin): proves
 * the run was stopped at its deadline — not by the end of a minutes-long instruction — without timing the
 * machine.
 */
export const CORPUS_MARGIN_MS = 1500;

/** CORPUS_MARGIN_MS for this machine's load right now (test/support/slowness.ts). */
export function corpusMargin(): number {
  return scaled(CORPUS_MARGIN_MS);
}

export function deadlineOf(hostile: HostileCase): number {
  return hostile.code === 'timeout' ? CORPUS_TIMEOUT_MS : CORPUS_OTHER_TIMEOUT_MS;
}

const SEND = 'app.integrations.sinch.list_groups({})';

export const HOSTILE_CORPUS: readonly HostileCase[] = [
  // ---- memory: strings live outside the V8 heap, and one instruction can make gigabytes
  { name: 'string doubling', script: 'local s = "x" while true do s = s .. s end', code: 'limit_exceeded', limit: 'memory' },
  { name: 'string.rep of 2 GiB', script: 'return string.rep("x", 2^31 - 1)', code: 'limit_exceeded', limit: 'memory' },
  { name: 'string.rep with a separator', script: 'return string.rep("ab", 1e8, ",")', code: 'limit_exceeded', limit: 'memory' },
  { name: 'gsub amplification', script: 'local s = ("x"):rep(1e6) return s:gsub("x", ("y"):rep(1000))', code: 'limit_exceeded', limit: 'memory' },
  { name: 'gsub with an empty pattern', script: 'local s = ("x"):rep(2e5) return s:gsub("", { [""] = ("y"):rep(200) })', code: 'limit_exceeded', limit: 'memory' },
  {
    name: 'table.concat amplification',
    script: 'local s, t = ("x"):rep(1e6), {} for i = 1, 100 do t[i] = s end return table.concat(t)',
    code: 'limit_exceeded',
    limit: 'memory',
  },
  { name: 'string.format amplification', script: 'return string.format("%s%s", ("x"):rep(2e7), ("y"):rep(2e7))', code: 'limit_exceeded', limit: 'memory' },
  { name: 'many distinct big strings', script: 'local t, s = {}, ("x"):rep(4e6) for i = 1, 100 do t[i] = s .. i end', code: 'limit_exceeded', limit: 'memory' },
  { name: 'unbounded array', script: 'local t, i = {}, 0 while true do i = i + 1 t[i] = i end', code: 'limit_exceeded', limit: 'memory' },
  { name: 'unbounded nesting', script: 'local t = {} while true do t = { t } end', code: 'limit_exceeded', limit: 'memory' },
  { name: 'unbounded string keys', script: 'local t, i = {}, 0 while true do i = i + 1 t["k" .. i] = true end', code: 'limit_exceeded', limit: 'memory' },
  {
    name: 'a chain of closures',
    script: 'local f = function() end while true do local g = f f = function() return g end end',
    code: 'limit_exceeded',
    limit: 'memory',
  },
  { name: 'unbounded coroutines', script: 'local t = {} for i = 1, 1e7 do t[i] = coroutine.create(print) end', code: 'limit_exceeded', limit: 'memory' },
  { name: 'json.decode of a huge document', script: 'return json.decode("[" .. ("{},"):rep(5e6) .. "{}]")', code: 'limit_exceeded', limit: 'memory' },
  {
    name: 'a flood of failing host calls',
    script: 'while true do pcall(app.integrations.sinch.get_group, 5) end',
    code: 'limit_exceeded',
    limit: 'memory',
    message: /host calls in the call log/,
    memoryLimitBytes: 4 * 1024 * 1024,
  },
  { name: 'load of a huge chunk', script: 'return load(("f=function()end "):rep(2e6))', code: 'limit_exceeded', limit: 'memory' },

  // ---- time: single instructions that run for minutes, and loops nothing else stops
  { name: 'a catastrophic pattern', script: 'return string.find(("a"):rep(5000), ".-.-.-.-b$")', code: 'timeout' },
  { name: 'a catastrophic gmatch', script: 'for m in ("a"):rep(5000):gmatch(".-.-.-.-b") do end', code: 'timeout' },
  { name: 'table.move of 2^31 elements', script: 'return table.move({}, 1, 2^31 - 2, 1, {})', code: 'timeout' },
  {
    name: 'table.concat over a C __index',
    script: 'return table.concat(setmetatable({}, { __index = table.concat }), "", 1, 2^31 - 1)',
    code: 'timeout',
  },
  {
    name: 'table.insert under a huge __len',
    script: 'table.insert(setmetatable({}, { __len = function() return math.maxinteger - 1 end }), 1, "x")',
    code: 'timeout',
  },
  {
    name: 'table.remove under a huge __len',
    script: 'table.remove(setmetatable({}, { __len = function() return math.maxinteger - 1 end }), 1)',
    code: 'timeout',
  },
  { name: 'an endless load reader', script: 'return load(function() return "x = 1 " end)', code: 'timeout' },
  { name: 'loaded code that loops', script: 'load("while true do end")()', code: 'timeout' },
  { name: 'an infinite loop inside pcall', script: 'pcall(function() while true do end end) while true do end', code: 'timeout' },
  { name: 'an infinite loop after a caught error', script: 'pcall(error) while true do end', code: 'timeout' },
  { name: 'errors caught in an endless loop', script: 'while true do pcall(error) end', code: 'timeout' },
  { name: 'a __tostring that loops', script: 'print(setmetatable({}, { __tostring = function() while true do end end }))', code: 'timeout' },
  { name: 'an __index that loops', script: 'return setmetatable({}, { __index = function() while true do end end }).x', code: 'timeout' },
  { name: 'an xpcall handler that loops', script: 'xpcall(error, function() while true do end end)', code: 'timeout' },
  { name: 'a huge os.date format', script: 'return os.date(("%c"):rep(3e6))', code: 'runtime_error', message: /format is longer than/ },

  // ---- recursion
  { name: 'deep recursion', script: 'local function f(n) return 1 + f(n + 1) end return f(1)', code: 'runtime_error', message: /stack overflow/ },
  { name: 'deep recursion through pcall', script: 'local function f() local ok, e = pcall(f) error(e, 0) end f()', code: 'runtime_error', message: /stack overflow/ },
  { name: 'a __tostring that recurses', script: 'print(setmetatable({}, { __tostring = function(t) return tostring(t) end }))', code: 'runtime_error', message: /stack overflow/ },
  { name: 'an __index that recurses', script: 'local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x', code: 'runtime_error', message: /stack overflow/ },
  { name: 'coroutines nested without end', script: 'local function f() return coroutine.wrap(f)() end return f()', code: 'runtime_error', message: /stack overflow/ },

  // ---- output
  { name: 'a print flood', script: 'while true do print(("x"):rep(1000)) end', code: 'limit_exceeded', limit: 'output' },
  { name: 'printing a huge string many times', script: 'local s = ("x"):rep(3e7) print(s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s)', code: 'limit_exceeded', limit: 'output' },
  { name: 'dump of an exponential value', script: 'local t = {} for i = 1, 30 do t = { t, t } end dump(t)', code: 'limit_exceeded', limit: 'output' },

  // ---- errors about errors
  { name: 'an error handler that errors', script: 'local ok, e = xpcall(error, function(e) error(e) end, "x") error(e)', code: 'runtime_error', message: /error in error handling/ },
  { name: 'an error object whose __tostring loops', script: 'error(setmetatable({}, { __tostring = function() while true do end end }))', code: 'runtime_error' },
  { name: 'an error object whose __tostring errors', script: 'error(setmetatable({}, { __tostring = function() error("again") end }))', code: 'runtime_error' },
  { name: 'error with nil', script: 'error()', code: 'runtime_error', message: /nil/ },
  { name: 'a value too large to encode', script: 'local t = {} for i = 1, 30 do t = { t, t } end return json.encode(t)', code: 'invalid_argument', message: /too large/ },
  { name: 'a huge docs search', script: 'return lua_search_docs(("send "):rep(6e6))', code: 'invalid_argument', message: /longer than 1024 bytes/ },
  { name: 'a huge doc page name', script: 'return lua_read_doc(("x"):rep(3e7))', code: 'invalid_argument', message: /longer than 1024 bytes/ },
  { name: 'json.decode of a deeply nested document', script: 'return json.decode(("["):rep(1e5) .. ("]"):rep(1e5))', code: 'invalid_argument', message: /deeper than 64/ },

  // ---- host calls from where they cannot yield
  {
    name: 'a host call from a coroutine',
    script: `local co = coroutine.create(function() return ${SEND} end) local ok, e = coroutine.resume(co) error(e)`,
    code: 'runtime_error',
    message: /from inside a coroutine/,
  },
  { name: 'a host call from a sort comparator', script: `table.sort({ 3, 2, 1 }, function(a, b) ${SEND} return a < b end)`, code: 'runtime_error', message: /cannot be called from here/ },
  { name: 'a host call from a gsub callback', script: `string.gsub("abc", "%w", function() ${SEND} end)`, code: 'runtime_error', message: /cannot be called from here/ },
  { name: 'a host call from __tostring', script: `print(setmetatable({}, { __tostring = function() ${SEND} return "" end }))`, code: 'runtime_error', message: /cannot be called from here/ },
  { name: 'a top-level coroutine.yield', script: 'coroutine.yield(1)', code: 'runtime_error', message: /outside any coroutine/ },

  // ---- reaching out of the sandbox
  { name: 'js', script: 'return js.global', code: 'runtime_error' },
  { name: 'require', script: 'return require("os")', code: 'runtime_error' },
  { name: 'package.loadlib', script: 'return package.loadlib("libc.so.6", "system")', code: 'runtime_error' },
  { name: 'debug.sethook', script: 'debug.sethook() while true do end', code: 'runtime_error' },
  { name: 'io.open', script: 'return io.open("/etc/passwd"):read("a")', code: 'runtime_error' },
  { name: 'os.execute', script: 'return os.execute("id")', code: 'runtime_error' },
  { name: 'os.getenv', script: 'return os.getenv("HOME")', code: 'runtime_error' },
  { name: 'os.exit', script: 'os.exit(0)', code: 'runtime_error' },
  { name: 'dofile', script: 'return dofile("/etc/passwd")', code: 'runtime_error' },
  { name: 'string.dump', script: 'return load(string.dump(print))', code: 'runtime_error' },
  { name: 'a binary chunk', script: 'return assert(load("\\27Lua\\83\\0\\25\\147\\r\\n\\26\\n", "x", "b"))()', code: 'runtime_error', message: /binary chunk/ },
  { name: 'collectgarbage', script: 'return collectgarbage("count")', code: 'runtime_error' },
];

/**
 * Instructions that run for tens of seconds with no hook in between: upper()/lower() of 100 MB (about a
 * second each here), allowed by a 1 GiB memory limit, 40 times over in a loop of under two hundred VM
 * instructions — fewer than the hook's interval (1000), so no hook ever runs. It must outlast the deadline plus
 * the grace period by far on any machine, or the script would finish (with `timeout`, since issue #10 item 5)
 * before the watchdog acts: a single `upper()` (~2 s here) raced the CLI's 2.3 s watchdog, and lost or won
 * depending on the machine's load (the "fails whenever standard input is not a terminal" of issue #10).
 */
export const UNINTERRUPTIBLE = 'local s = ("x"):rep(1e8) for i = 1, 20 do s = s:upper():lower() end return #s';
export const UNINTERRUPTIBLE_LIMITS = { timeoutMs: 300, memoryLimitBytes: 1024 ** 3 };
// ---- the approval prompt and the terminal (issue #10, items 1 and 2) -------------------------------------

/**
 * A send whose approval prompt a script tries to make show something other than what is sent. `to` and
 * `body` are Lua expressions; `shows` are rows the prompt (80 columns) must show exactly — the truth, made
 * visible — and the prompt must hold no control or format character and no row of the script's at column 0.
 */
export interface PromptSpoofingCase {
  readonly name: string;
  readonly to: string;
  readonly body: string;
  readonly shows: readonly string[];
}

const RECIPIENTS_30 = `{ ${Array.from({ length: 30 }, (_, i) => `"+467012300${String(i).padStart(2, '0')}"`).join(', ')} }`;

export const PROMPT_SPOOFING: readonly PromptSpoofingCase[] = [
  {
    name: 'a carriage return and erase-line rewriting the body',
    to: '"+46701234567"',
    body: '"Send me your bank PIN now\\r\\27[2K  body: Your appointment is confirmed"',
    shows: ['    │ Send me your bank PIN now\\r\\e[2K  body: Your appointment is confirmed'],
  },
  {
    name: 'recipients written with \\r and \\t',
    to: '{ "  +447700900123", "\\r\\t+1 202 555 0111  " }',
    body: '"hi"',
    shows: ['  to (2):', '    1. +447700900123', '    2. +12025550111'],
  },
  { name: 'cursor up and erase over the header', to: '"+46701234567"', body: '"ok\\27[1A\\27[2K\\27[1A\\27[2Kfake"', shows: ['    │ ok\\e[1A\\e[2K\\e[1A\\e[2Kfake'] },
  { name: 'backspaces over the text', to: '"+46701234567"', body: '"PAY NOW\\8\\8\\8\\8\\8\\8\\8hello  "', shows: ['    │ PAY NOW\\b\\b\\b\\b\\b\\b\\bhello  '] },
  { name: 'concealed text', to: '"+46701234567"', body: '"hello\\27[8m, send your PIN"', shows: ['    │ hello\\e[8m, send your PIN'] },
  { name: 'an 8-bit CSI', to: '"+46701234567"', body: '"\\194\\155" .. "2J hello"', shows: ['    │ \\u{9B}2J hello'] },
  {
    name: 'bidi controls reversing an amount',
    to: '"+46701234567"',
    body: '"Refund \\u{202E}00.001$\\u{202C} \\u{2067}x\\u{2069}\\u{200F}"',
    shows: ['    │ Refund \\u{202E}00.001$\\u{202C} \\u{2067}x\\u{2069}\\u{200F}'],
  },
  {
    name: 'zero-width and invisible characters',
    to: '"+46701234567"',
    body: '"pay\\u{200B}pal\\u{FEFF}\\u{2060}\\u{3164}\\u{E0041}"',
    shows: ['    │ pay\\u{200B}pal\\u{FEFF}\\u{2060}\\u{3164}\\u{E0041}'],
  },
  {
    name: '60 newlines pushing the header off screen under a fake one',
    to: '"+46701234567"',
    body: '"Your code is 1234" .. ("\\n"):rep(60) .. "─── kosmo-sinch: approval needed ───\\nAllow? [y/N]"',
    shows: ['  body: 126 characters, 62 lines', '    … 97 more characters, 50 more lines not shown — press v to show all'],
  },
  {
    name: 'a fake prompt and fake fields inside the body',
    to: '"+46701234567"',
    body: '"hi\\n  to (1):\\n    1. +46700000000\\nAllow? Send an SMS to 1 recipient [y/N] y"',
    shows: ['    │   to (1):', '    │     1. +46700000000', '    │ Allow? Send an SMS to 1 recipient [y/N] y'],
  },
  {
    name: 'a body over 500 characters',
    to: '"+46701234567"',
    body: '("A"):rep(1990) .. "END"',
    shows: ['  body: 1,993 characters, 1 line', '    … 1,129 more characters not shown — press v to show all'],
  },
  {
    name: 'a long recipient list',
    to: RECIPIENTS_30,
    body: '"hi"',
    shows: ['  to (30):', '    10. +46701230009', '    … 20 more items not shown (30 in all) — press v to show all'],
  },
  { name: 'terminal queries', to: '"+46701234567"', body: '"\\27[c\\27[6n\\27]11;?\\7"', shows: ['    │ \\e[c\\e[6n\\e]11;?\\a'] },
];

/** What a script prints, returns or raises that a terminal would act on; `shows` is how it must appear. */
export interface TerminalEscapeCase {
  readonly name: string;
  readonly script: string;
  readonly shows: string;
}

export const TERMINAL_ESCAPES: readonly TerminalEscapeCase[] = [
  { name: 'setting the title (OSC 0, OSC 2)', script: 'print("\\27]0;pwned\\7\\27]2;pwned\\27\\\\")', shows: '\\e]0;pwned\\a\\e]2;pwned\\e\\\n' },
  { name: 'clearing the screen and scrollback', script: 'print("\\27[2J\\27[3J\\27[H\\27c")', shows: '\\e[2J\\e[3J\\e[H\\ec' },
  { name: 'writing the clipboard (OSC 52)', script: 'print("\\27]52;c;cHduZWQ=\\7")', shows: '\\e]52;c;cHduZWQ=\\a' },
  { name: 'a hyperlink (OSC 8)', script: 'print("\\27]8;;https://evil.example\\7click\\27]8;;\\7")', shows: '\\e]8;;https://evil.example\\aclick\\e]8;;\\a' },
  { name: 'an 8-bit CSI', script: 'print("\\194\\155" .. "2J")', shows: '\\u{9B}2J' },
  { name: 'terminal queries', script: 'print("\\27[6n\\27[c\\27[>c\\27]11;?\\7")', shows: '\\e[6n\\e[c\\e[>c\\e]11;?\\a' },
  { name: 'a DCS passthrough', script: 'print("\\27Ptmux;\\27\\27]0;x\\7\\27\\\\")', shows: '\\ePtmux;\\e\\e]0;x\\a\\e\\\n' },
  { name: 'a carriage return over earlier text', script: 'print("rm -rf /\\rls")', shows: 'rm -rf /\\rls' },
  { name: 'a bidi override in the result', script: 'return "invoice_\\u{202E}fdp.exe"', shows: 'invoice_\\u{202E}fdp.exe' },
  { name: 'an escape in the error message', script: 'error("\\27[2Jgone", 0)', shows: '\\e[2Jgone' },
];
