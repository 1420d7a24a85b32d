/**
 * The MCP server against hostile scripts (issue #11, "Done when"): the hostile corpus's worst cases through
 * execute_lua on the real `kosmo-sinch mcp` — memory bombs, instructions nothing inside the VM interrupts, loops
 * that catch their own errors, an output flood, and an instruction only the pool's watchdog can end — all at
 * once, with direct tool calls beside them. Each ends with its own error as a tool error; the server answers
 * everything else meanwhile and afterwards, and writes nothing but protocol messages. Then: execute_lua calls
 * run side by side, two at a time (docs/mcp.md, "Concurrency").
 */
import { startTestEmulator, type TestEmulator } from '../e2e/harness';
import { mcpAccounts, startMcp, until, type McpUnderTest } from '../e2e/mcp-harness';
import { deadlineOf, HOSTILE_CORPUS, UNINTERRUPTIBLE, UNINTERRUPTIBLE_LIMITS, type HostileCase } from './hostile-corpus';
import { JS_STACK } from './support';

const WORST = [
  'string doubling',
  'unbounded array',
  'json.decode of a huge document',
  'a catastrophic pattern',
  'table.concat over a C __index',
  'an infinite loop inside pcall',
  'errors caught in an endless loop',
  'a print flood',
  'deep recursion',
].map((name) => HOSTILE_CORPUS.find((c) => c.name === name) as HostileCase);

let emulator: TestEmulator;
let mcp: McpUnderTest;

beforeAll(async () => {
  emulator = await startTestEmulator();
  mcp = await startMcp({ config: mcpAccounts(emulator.url) });
});
afterAll(async () => {
  await mcp?.close();
  await emulator?.close();
});

function argumentsOf(hostile: HostileCase): Record<string, unknown> {
  return {
    code: hostile.script,
    timeout_ms: deadlineOf(hostile),
    ...(hostile.memoryLimitBytes ? { memory_limit_mb: Math.max(1, Math.round(hostile.memoryLimitBytes / 1024 ** 2)) } : {}),
  };
}

it('ends every worst case of the hostile corpus with its error and keeps serving other calls meanwhile and afterwards', async () => {
  const hostile = WORST.map((c) => mcp.call('execute_lua', argumentsOf(c)).then((result) => ({ c, result })));
  const stuck = mcp.call('execute_lua', {
    code: UNINTERRUPTIBLE,
    timeout_ms: UNINTERRUPTIBLE_LIMITS.timeoutMs,
    memory_limit_mb: UNINTERRUPTIBLE_LIMITS.memoryLimitBytes / 1024 ** 2,
  });
  // Direct calls sent while the scripts are queued or running are answered correctly. (Whether they are
  // answered before the stuck script ends is not asserted: that would race its deadline, whose length must
  // stay short of the uninterruptible work on any machine — hostile-corpus.ts, UNINTERRUPTIBLE.)
  const direct = await Promise.all(Array.from({ length: 5 }, () => mcp.call('sinch_list_groups', {})));
  for (const result of direct) expect(result.structuredContent).toMatchObject({ result: { count: 3 } });

  for (const { c, result } of await Promise.all(hostile)) {
    expect({ name: c.name, isError: result.isError, code: result.structuredContent.error?.code }).toEqual({ name: c.name, isError: true, code: c.code });
    if (c.limit) expect(result.structuredContent.error.limit).toBe(c.limit);
    expect(JSON.stringify(result)).not.toMatch(JS_STACK);
  }
  const terminated = await stuck;
  expect(terminated.structuredContent).toMatchObject({ success: false, error: { code: 'timeout', message: expect.stringMatching(/sandbox was terminated/) } });

  const after = await mcp.call('execute_lua', { code: 'return app.integrations.sinch.list_groups({}).count' });
  expect(after.structuredContent).toMatchObject({ success: true, result: 3 });
  expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(0);
  expect(mcp.protocolErrors).toEqual([]);
}, 120_000);

it('runs two execute_lua calls at once: a script waiting for what another sends sees it', async () => {
  const reference = 'mcp-side-by-side';
  const lookups = () => emulator.requests.filter((line) => line.includes(`client_reference=${reference}`)).length;
  // The first script waits (up to its 20 s deadline) for a batch the second one sends: run one after the
  // other, it could never see it.
  const waiting = mcp.call('execute_lua', {
    timeout_ms: 20_000,
    code: `
      local sinch = app.integrations.sinch
      while sinch.list_batches({ client_reference = "${reference}" }).count == 0 do end
      return "seen"`,
  });
  await until(() => lookups() > 0, 'the first script to be looking');
  const sending = await mcp.call('execute_lua', {
    code: `return app.integrations.sinch.send_sms({ to = "+12025550134", body = "side by side", client_reference = "${reference}" }).id`,
  });
  expect(sending.structuredContent).toMatchObject({ success: true });
  expect((await waiting).structuredContent).toMatchObject({ success: true, result: 'seen' });
}, 60_000);
