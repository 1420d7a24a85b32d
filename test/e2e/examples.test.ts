/**
 * The Lua a reader is shown must run: every ```lua block in lua-docs/*.md and README.md and every script in examples/,
 * found by listing and parsing, so that a new example is tested without touching this file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EMBEDDED_NOTICE,
  REPO,
  batchesWithReference,
  emulatorAccount,
  publishedFunctions,
  runLua,
  withEmulator,
  type LuaRun,
} from './harness';

interface LuaBlock {
  /** `lua-docs/sinch.md, block at line 123` (the opening fence): errors read `<name>:<line in block>: ...`. */
  name: string;
  code: string;
  /** Accounts other than `default` that the block calls (`app.integrations.sinch.<account>.<fn>`). */
  accounts: string[];
}

const FUNCTION_NAMES = new Set(publishedFunctions().flatMap((f) => [f.name, ...f.aliases]));

function accountsNamedIn(code: string): string[] {
  const names = new Set<string>();
  for (const [, name] of code.matchAll(/app\.integrations\.sinch\.([A-Za-z_]\w*)\.\w+/g)) {
    if (name !== 'default' && !FUNCTION_NAMES.has(name)) names.add(name);
  }
  return [...names];
}

/** Fenced ```lua blocks (result-shape illustrations are fenced without a language and are not collected). */
function luaBlocks(file: string): LuaBlock[] {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  const blocks: LuaBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```lua') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    const code = body.join('\n');
    blocks.push({ name: `${file}, block at line ${start + 1}`, code, accounts: accountsNamedIn(code) });
  }
  return blocks;
}

/**
 * One run of the binary for many blocks: each block is loaded as its own chunk (named after its place in
 * the docs) and called under pcall, so one run reports on every block. The blocks travel as JSON in a long
 * string whose level is chosen so the text cannot close it.
 */
function blockRunner(blocks: LuaBlock[]): string {
  const payload = JSON.stringify(blocks.map(({ name, code }) => ({ name, code })));
  let level = '=';
  while (payload.includes(`]${level}]`)) level += '=';
  return `
    local blocks = json.decode([${level}[${payload}]${level}])
    local results = {}
    for i, block in ipairs(blocks) do
      print("--- " .. block.name)
      local chunk, syntax = load(block.code, "=" .. block.name)
      local ok, err = false, syntax
      if chunk then ok, err = pcall(chunk) end
      results[i] = { name = block.name, ok = ok, error = (not ok) and tostring(err) or nil }
    end
    return results`;
}

async function expectBlocksRun(blocks: LuaBlock[], config?: unknown): Promise<void> {
  const { envelope } = await runLua(blockRunner(blocks), { config });
  expect(envelope.error).toBeNull();
  const results = envelope.result as Array<{ name: string; ok: boolean; error?: string }>;
  expect(results.map((r) => r.name)).toEqual(blocks.map((b) => b.name));
  const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
  expect({ failures, output: failures.length > 0 ? envelope.output : '' }).toEqual({ failures: [], output: '' });
}

describe('the Lua in lua-docs/ and the README', () => {
  const docs = readdirSync(join(REPO, 'lua-docs')).filter((f) => f.endsWith('.md'));
  const blocks = [...docs.flatMap((f) => luaBlocks(`lua-docs/${f}`)), ...luaBlocks('README.md')];

  it("includes the README's tour", () => {
    expect(blocks.filter((b) => b.name.startsWith('README.md,'))).not.toEqual([]);
  });

  it('has a lua example for every published function in sinch.md', () => {
    const sinch = blocks.filter((b) => b.name.startsWith('lua-docs/sinch.md,'));
    for (const fn of publishedFunctions()) {
      const calls = [fn.name, ...fn.aliases].map((name) => `app.integrations.sinch.${name}`);
      expect({ fn: fn.name, example: sinch.some((b) => calls.some((call) => b.code.includes(call))) }).toEqual({ fn: fn.name, example: true });
    }
  });

  it.concurrent('every block that uses only the default account runs through the embedded default', () =>
    expectBlocksRun(blocks.filter((b) => b.accounts.length === 0)));

  it.concurrent('every block that names other accounts runs with those accounts configured', () =>
    withEmulator(async (emulator) => {
      const named = blocks.filter((b) => b.accounts.length > 0);
      expect(named.length).toBeGreaterThan(0); // sinch.md's "Accounts" block at least
      const accounts: Record<string, unknown> = { default: emulatorAccount(emulator.url, 1) };
      for (const name of new Set(named.flatMap((b) => b.accounts))) accounts[name] = emulatorAccount(emulator.url, 2);
      await expectBlocksRun(named, { accounts });
    }));
});

describe('the scripts in examples/', () => {
  const examples = readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.lua'));

  // Each example runs once through the embedded default, whichever test asks first.
  const runs = new Map<string, Promise<LuaRun>>();
  const runExample = (file: string) => {
    if (!runs.has(file)) runs.set(file, runLua(undefined, { file: `examples/${file}` }));
    return runs.get(file)!;
  };

  it('include the quickstart, a multi-account script and a reply to inbound messages', () => {
    expect(examples).toEqual(expect.arrayContaining(['quickstart.lua', 'multi-account.lua', 'reply-to-inbound.lua']));
  });

  it.concurrent('every example runs through the embedded default and its header says how to run it', async () => {
    const results = await Promise.all(examples.map(async (file) => ({ file, run: await runExample(file) })));
    for (const { file, run } of results) {
      expect({ file, error: run.envelope.error, code: run.cli.code }).toEqual({ file, error: null, code: 0 });
      expect(run.cli.stderr).toMatch(EMBEDDED_NOTICE);
      expect(run.envelope.output).not.toBe('');
      const source = readFileSync(join(REPO, 'examples', file), 'utf8');
      expect(source.startsWith('-- ')).toBe(true);
      expect(source).toContain(`npx kosmo-sinch lua examples/${file}`);
    }
  });

  it.concurrent('quickstart sends an SMS, reads it back, and lists groups and rented numbers', async () => {
    const { envelope } = await runExample('quickstart.lua');
    expect(envelope.output).toMatch(/^Sent batch 01[0-9A-Z]{24} from 12025550142 to 12025550134 at /);
    expect(envelope.output).toMatch(/list_batches finds 1 batch\(es\) with client_reference "quickstart-\d+"/);
    expect(envelope.output).toMatch(/\n3 group\(s\):\n.*Newsletter subscribers/s);
    expect(envelope.output).toMatch(/\n4 rented number\(s\):\n.*\+12025550142/s);
    expect(envelope.integration_calls.map((c) => [c.function, c.status])).toEqual([
      ['sinch_send_sms', 'ok'],
      ['sinch_list_batches', 'ok'],
      ['sinch_list_messages', 'ok'],
      ['sinch_list_groups', 'ok'],
      ['sinch_list_phone_numbers', 'ok'],
    ]);
  });

  it.concurrent('multi-account without a "work" account shows the default one and says how to add it', async () => {
    const { envelope } = await runExample('multi-account.lua');
    expect(envelope.result).toEqual({ accounts: 1, sent: false });
    expect(envelope.output).toMatch(/^default +3 group\(s\)/);
    expect(envelope.output).toMatch(/work +not configured/);
    expect(envelope.output).toMatch(/No "work" account/);
  });

  it.concurrent('multi-account with examples/two-accounts.emulator.json sends through work into the second plan only', () =>
    withEmulator(async (emulator) => {
      // The example config points at `kosmo-sinch emulator --port 8080`; point it at this emulator instead.
      const config = readFileSync(join(REPO, 'examples/two-accounts.emulator.json'), 'utf8');
      expect(config).toContain('http://127.0.0.1:8080');
      const { envelope } = await runLua(undefined, {
        file: 'examples/multi-account.lua',
        config: JSON.parse(config.replaceAll('http://127.0.0.1:8080', emulator.url)),
      });
      expect(envelope.error).toBeNull();
      expect(envelope.result).toMatchObject({ accounts: 2, sent: true });
      const state = await emulator.state();
      const inPlan = (plan: string) => state.sms[plan].batches.filter((b) => b.client_reference?.startsWith('multi-account-'));
      expect(inPlan('emulator-plan-2').map((b) => b.id)).toEqual([envelope.result.batch_id]);
      expect(inPlan('emulator-plan')).toEqual([]);
      expect(envelope.output).toMatch(/default +lists 0 batch\(es\)/);
      expect(envelope.output).toMatch(/work +lists 1 batch\(es\)/);
    }));

  it.concurrent('reply-to-inbound answers each sender from the number they wrote to, skips opt-outs, and never answers twice', () =>
    withEmulator(async (emulator) => {
      const config = { accounts: { default: emulatorAccount(emulator.url) } };
      const first = await runLua(undefined, { file: 'examples/reply-to-inbound.lua', config });
      expect(first.envelope.error).toBeNull();

      const state = await emulator.state();
      const inbounds = state.sms['emulator-plan'].inbounds;
      const answerable = inbounds.filter((m) => m.body.trim().toUpperCase() !== 'STOP');
      expect(first.envelope.result).toEqual({ replied: answerable.length, skipped: inbounds.length - answerable.length });
      for (const m of inbounds) {
        const replies = batchesWithReference(state, 'emulator-plan', `reply-${m.id}`);
        if (answerable.includes(m)) {
          expect(replies).toEqual([expect.objectContaining({ from: m.to, to: [m.from] })]);
        } else {
          expect(replies).toEqual([]);
        }
      }

      const second = await runLua(undefined, { file: 'examples/reply-to-inbound.lua', config });
      expect(second.envelope.result).toEqual({ replied: 0, skipped: inbounds.length });
      expect((await emulator.state()).sms['emulator-plan'].batches).toHaveLength(state.sms['emulator-plan'].batches.length);
    }));
});
