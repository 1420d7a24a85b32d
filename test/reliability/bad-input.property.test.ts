/**
 * Bad input, property-tested: arbitrary Lua values — strings with invalid UTF-8, huge, negative and
 * fractional numbers, NaN and infinities, nested and cyclic tables, `{}`, booleans, nil, functions and
 * coroutines — for every parameter of every Sinch function, passed from Lua against the emulator. Each call
 * either succeeds, or fails with `invalid_argument` naming a parameter (`err.field`), or — for an id or number
 * that is well formed but does not exist — `not_found`. Never another code, a hang or JavaScript error text.
 */
import fc from 'fast-check';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { FunctionDeclaration } from '../../src/integration/types';
import { parameterNames } from '../../src/integration/validate';
import type { Host } from '../../src/host/host';
import { sinchFunctions } from '../../src/sinch/integration';
import { emulatorAccount, JS_STACK, REPORTING, sinchHost, table, writeFigures } from './support';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const JS_ERROR_TEXT = /TypeError|ReferenceError|RangeError|is not a function|Cannot read prop|\[object Object\]/;

// ---- Lua values as source text ---------------------------------------------------------------------------

/** A Lua string literal of arbitrary bytes (invalid UTF-8 included). */
const bytesLiteral = (bytes: Uint8Array) => `"${[...bytes].map((b) => `\\${b}`).join('')}"`;
const textLiteral = (s: string) => bytesLiteral(new Uint8Array(Buffer.from(s, 'utf8')));

/** Values that look right for some parameter somewhere, so that successes and near misses happen. */
const PLAUSIBLE = [
  '', ' ', '+', '+12025550134', '12025550134', '+1 (202) 555-0134', '+12025550142', '+447700900461', '0012025550134',
  '2024-06-01T12:00:00Z', '2024-06-01', '2024-02-30T00:00:00Z', '2999-01-01T00:00:00Z', 'yesterday', 'mt', 'mo', 'MT',
  'none', 'summary', 'full', 'per_recipient', 'bogus', 'Acme', 'AcmeCorporation', '01GCQ3MT0J8NBX9N0A2M4A9H14',
  '01NOPE', '../../etc/passwd', '%2F', 'a'.repeat(3000), 'héllo ✓ 😀', '\u0000',
];

const luaString = fc.oneof(
  { arbitrary: fc.constantFrom(...PLAUSIBLE).map(textLiteral), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30 }).map(textLiteral), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 24 }).map(bytesLiteral), weight: 1 },
);

const luaNumber = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(String),
  fc.integer({ min: -5, max: 120 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? '-0.0' : n.toString().includes('e') || n.toString().includes('.') ? n.toString() : `${n}.0`)),
  fc.constantFrom('0/0', '1/0', '-1/0', 'math.maxinteger', 'math.mininteger', '2^53', '2^31', '-2^31 - 1', '1e308', '0.5', '-1', '3.0', '12025550134'),
);

const luaOther = fc.constantFrom('nil', 'true', 'false', 'print', 'function() end', 'coroutine.create(print)', 'cyclic', '{}', '{ {} }', 'string');

const luaKey = fc.oneof(
  fc.constantFrom('to', 'body', 'from', 'page', 'x', '', '1').map((k) => `[${textLiteral(k)}]`),
  fc.integer({ min: -3, max: 5 }).map((n) => `[${n}]`),
  fc.constantFrom('[1.5]', '[true]', '[0/0 ~= 0/0 and 1 or 2]'),
);

const { value: luaValue } = fc.letrec<{ value: string; table: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, luaString, luaNumber, luaOther, tie('table')),
  table: fc.oneof(
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `{ ${items.join(', ')} }`),
    fc.array(fc.tuple(luaKey, tie('value')), { maxLength: 3 }).map((entries) => `{ ${entries.map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
  ),
}));

// ---- The calls -------------------------------------------------------------------------------------------

/** Arguments under which each function succeeds against the emulator's demo data. */
const VALID: Record<string, string> = {
  sinch_list_messages: '{}',
  sinch_send_sms: '{ to = "+12025550134", body = "property test" }',
  sinch_list_phone_numbers: '{}',
  sinch_get_phone_number: '{ phone_number = "+12025550142" }',
  sinch_list_groups: '{}',
  sinch_get_group: '{ group_id = "01GCQ3MT0J8NBX9N0A2M4A9H14" }',
  sinch_list_batches: '{}',
  sinch_list_group_members: '{ group_id = "01GJ35TXAWW03SRJFJYZZ755FW" }',
  // The demo's scheduled batch (cancelling it twice returns it again) and one of its recipients.
  sinch_get_batch: '{ batch_id = "01V08Y4PWA4SQ8ZP9Z4MJDFGQ9" }',
  sinch_cancel_batch: '{ batch_id = "01V08Y4PWA4SQ8ZP9Z4MJDFGQ9" }',
  sinch_get_delivery_report: '{ batch_id = "01V08Y4PWA4SQ8ZP9Z4MJDFGQ9" }',
  sinch_get_recipient_delivery_report: '{ batch_id = "01V08Y4PWA4SQ8ZP9Z4MJDFGQ9", recipient = "+12025550121" }',
  sinch_list_delivery_reports: '{}',
  sinch_preview_sms: '{ body = "property test", to = { "01GCQ3MT0J8NBX9N0A2M4A9H14", "+12025550134" } }',
};

/** Functions that look an id or number up: a well-formed one that does not exist is `not_found`. */
const LOOKUPS = new Set([
  'sinch_get_group',
  'sinch_get_phone_number',
  'sinch_list_group_members',
  'sinch_get_batch',
  'sinch_cancel_batch',
  'sinch_get_delivery_report',
  'sinch_get_recipient_delivery_report',
]);

const PRELUDE = 'local cyclic = {} cyclic.self = cyclic cyclic[1] = cyclic';
const REPORT = `
  if ok then return { ok = true } end
  if type(e) ~= "table" then return { ok = false, raw = tostring(e) } end
  return { ok = false, code = e.code, field = e.field, message = e.message }
`;

function callWith(fn: FunctionDeclaration, param: string, value: string): string {
  return `${PRELUDE}
    local args = ${VALID[fn.name]}
    args[${textLiteral(param)}] = ${value}
    local ok, e = pcall(app.integrations.sinch.${fn.aliases[0]}, args)
    ${REPORT}`;
}

function callPositional(fn: FunctionDeclaration, values: readonly string[]): string {
  return `${PRELUDE}
    local ok, e = pcall(app.integrations.sinch.${fn.aliases[0]}, ${values.join(', ')})
    ${REPORT}`;
}

interface Outcome {
  ok: boolean;
  code?: string;
  field?: string;
  message?: string;
  raw?: string;
}

let emulator: RunningEmulator;
let host: Host;

beforeAll(async () => {
  emulator = await startEmulator();
  host = sinchHost([emulatorAccount(emulator.url, 'default', { timeout_ms: 5000 })]);
});
/** Outcomes per function, for the figures. */
const tallies = new Map<string, { runs: number; ok: number; invalid: number; notFound: number }>();

afterAll(async () => {
  await emulator.close();
  if (REPORTING && tallies.size === sinchFunctions.length) {
    await writeFigures(
      'bad-input',
      `fast-check, ${RUNS} runs per parameter plus ${RUNS} of positional arguments per function ` +
        `(\`test/reliability/bad-input.property.test.ts\`, \`PROPERTY_RUNS=N\` for more):\n\n` +
        table(
          ['function', 'calls', 'succeeded', '`invalid_argument` naming a field', '`not_found`', 'anything else'],
          sinchFunctions.map((fn) => {
            const t = tallies.get(fn.name)!;
            return [fn.name, t.runs, t.ok, t.invalid, t.notFound, 0];
          }),
        ),
    );
  }
});

async function check(fn: FunctionDeclaration, script: string, knownFields = true): Promise<void> {
  const run = await host.run(script, { limits: { timeoutMs: 10_000 } });
  const text = JSON.stringify(run);
  // The script itself never fails: pcall catches the call's error, whatever it is.
  expect({ success: run.success, error: run.error }).toEqual({ success: true, error: null });
  expect(text).not.toMatch(JS_STACK);
  expect(text).not.toMatch(JS_ERROR_TEXT);
  const outcome = run.result as Outcome;
  const tally = tallies.get(fn.name) ?? { runs: 0, ok: 0, invalid: 0, notFound: 0 };
  tallies.set(fn.name, tally);
  tally.runs++;
  if (outcome.ok) {
    tally.ok++;
    return;
  }
  const names = parameterNames(fn);
  if (outcome.code === 'not_found' && LOOKUPS.has(fn.name)) {
    tally.notFound++;
    return;
  }
  expect({ code: outcome.code, raw: outcome.raw }).toEqual({ code: 'invalid_argument', raw: undefined });
  // The field is a parameter, a place inside one (`to[2]`), a positional argument (`argument 3`), or — when
  // the script's one table of named parameters has a key that is none of them — that key.
  expect(outcome.field).toEqual(expect.any(String));
  if (knownFields) expect([...names, 'argument 1', 'argument 2', 'argument 3', 'argument 4']).toContain(outcome.field!.split(/[.[]/)[0]);
  expect(outcome.message).toContain(outcome.field);
  tally.invalid++;
}

describe('any Lua value for any parameter', () => {
  it.each(sinchFunctions.map((fn) => [fn.name, fn] as const))('%s: succeeds or fails with invalid_argument naming the field', async (_name, fn) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...parameterNames(fn)), luaValue, async (param, value) => check(fn, callWith(fn, param, value))),
      { numRuns: RUNS * parameterNames(fn).length },
    );
  }, 120_000);

  it.each(sinchFunctions.map((fn) => [fn.name, fn] as const))('%s: positional arguments of any kind are checked the same way', async (_name, fn) => {
    await fc.assert(
      fc.asyncProperty(fc.array(luaValue, { minLength: 1, maxLength: 3 }), async (values) => check(fn, callPositional(fn, values), false)),
      { numRuns: RUNS },
    );
  }, 120_000);
});
