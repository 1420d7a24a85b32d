/**
 * `kosmo-sinch mcp` through the SDK's own client over stdio (issue #11, "Done when"): the tool list derived
 * from the declarations (it must not drift from manifest.json), every function tool called against an emulator
 * this test started, one error per error family as a tool error, execute_lua with the `lua --json` envelope,
 * the docs as resources and tools, the embedded default, and nothing but protocol messages on stdout.
 */
import { GUIDE_FILES } from '../../src/docs/guides';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, cleanEnv, runCli, sandboxDir, writeUserConfig } from '../cli/run-cli';
import { EMBEDDED_NOTICE, REPO, USER_CONFIG_NOTICE, runLua, startTestEmulator, type TestEmulator } from './harness';
import { SECRETS, mcpAccounts, startMcp, until, type McpUnderTest, type ToolResult } from './mcp-harness';

interface ManifestFunction {
  name: string;
  operation: 'read' | 'write';
  parameters: { properties: Record<string, unknown>; required?: string[] } & Record<string, unknown>;
}
const manifest = JSON.parse(readFileSync(join(REPO, 'manifest.json'), 'utf8')) as { functions: ManifestFunction[] };
const OWN_TOOLS = ['execute_lua', 'search_docs', 'read_doc'];
const NO_SUCH_GROUP = '01NOSUCHGROUP0000000000000';

let emulator: TestEmulator;
let mcp: McpUnderTest;
let config: ReturnType<typeof mcpAccounts>;

beforeAll(async () => {
  emulator = await startTestEmulator();
  config = mcpAccounts(emulator.url);
  mcp = await startMcp({ config });
});
afterAll(async () => {
  await mcp?.close();
  await emulator?.close();
});
afterEach(() => {
  // Every line the server wrote to stdout was a protocol message.
  expect(mcp.protocolErrors).toEqual([]);
});

/** The structured content, checked to be what the text content says (for clients that show only text). */
function content(result: ToolResult): Record<string, unknown> {
  expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(result.structuredContent) }]);
  return result.structuredContent;
}

/** The text of a resource read's only content. */
const textOf = (contents: readonly object[]): string => (contents[0] as { text: string }).text;

function expectNoSecret(result: ToolResult): void {
  const text = JSON.stringify(result);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** A tool error: `isError`, our code, and the call's record when there was a call. */
function expectToolError(result: ToolResult, code: string): Record<string, unknown> & { error: Record<string, unknown> } {
  expect(result.isError).toBe(true);
  expectNoSecret(result);
  const body = content(result) as Record<string, unknown> & { error: Record<string, unknown> };
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body;
}

describe('the tool list', () => {
  it('has one tool per declared function with the manifest schema plus account, and the server\'s own tools', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...manifest.functions.map((f) => f.name), ...OWN_TOOLS]);
    for (const fn of manifest.functions) {
      const tool = tools.find((t) => t.name === fn.name)!;
      const { account, ...properties } = tool.inputSchema.properties as Record<string, unknown>;
      expect({ ...tool.inputSchema, properties }).toEqual(fn.parameters);
      expect(account).toEqual({
        type: 'string',
        description: expect.stringContaining("the default account, 'default'"),
        enum: ['default', 'work', 'locked', 'badauth'],
      });
    }
  });

  it('annotates reads as read-only and writes as destructive and open-world, with titles', async () => {
    const { tools } = await mcp.client.listTools();
    for (const fn of manifest.functions) {
      const tool = tools.find((t) => t.name === fn.name)!;
      expect(tool.title).toMatch(/^Sinch: /);
      expect(tool.annotations).toEqual(
        fn.operation === 'read'
          ? { title: tool.title, readOnlyHint: true, openWorldHint: true }
          : { title: tool.title, readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
      );
    }
    expect(tools.find((t) => t.name === 'sinch_send_sms')?.title).toBe('Sinch: send SMS');
    expect(tools.find((t) => t.name === 'execute_lua')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tools.find((t) => t.name === 'search_docs')?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
  });

  it('tells the agent in execute_lua\'s description how to discover the API and the essentials', async () => {
    const { tools } = await mcp.client.listTools();
    const description = tools.find((t) => t.name === 'execute_lua')!.description!;
    expect(description).toContain('lua_read_doc("integrations.sinch")');
    expect(description).toContain('lua_search_docs');
    expect(description).toContain('ONE table of named arguments');
    expect(description).toContain('strings');
    expect(description).toContain('pcall');
    expect(description).toContain('err.code');
    expect(description).toContain('Accounts: default, work, locked, badauth.');
  });
});

describe('every function tool', () => {
  const REFERENCE = 'mcp-every-tool';

  it('answers each declared function with its value and the call record, the send included', async () => {
    const sent = await mcp.call('sinch_send_sms', {
      to: ['+12025550134'],
      body: 'Every tool',
      client_reference: REFERENCE,
      delivery_report: 'per_recipient',
    });
    expect(sent.isError).toBeUndefined();
    const sentBody = content(sent) as { result: { id: string }; call: Record<string, unknown> };
    expect(sentBody.call).toMatchObject({ function: 'sinch_send_sms', account: 'default', operation: 'write', status: 'ok', sent: true, reference: REFERENCE, created_id: sentBody.result.id });
    const state = await emulator.state();
    expect(state.sms['emulator-plan'].batches.filter((b) => b.client_reference === REFERENCE)).toEqual([
      expect.objectContaining({ id: sentBody.result.id, body: 'Every tool', to: ['12025550134'] }),
    ]);

    const groups = content(await mcp.call('sinch_list_groups', {})) as { result: { groups: Array<{ id: string }> } };
    const numbers = content(await mcp.call('sinch_list_phone_numbers', {})) as { result: { phone_numbers: Array<{ phoneNumber: string }> } };
    // A batch scheduled an hour ahead, for cancel_batch.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = content(await mcp.call('sinch_send_sms', { to: ['+12025550135'], body: 'Later', send_at: later })) as { result: { id: string } };
    const batchId = sentBody.result.id;
    const samples: Record<string, Record<string, unknown>> = {
      sinch_list_messages: { page_size: 5 },
      sinch_list_group_members: { group_id: groups.result.groups[0].id },
      sinch_get_batch: { batch_id: batchId },
      sinch_cancel_batch: { batch_id: scheduled.result.id },
      sinch_get_delivery_report: { batch_id: batchId },
      sinch_get_recipient_delivery_report: { batch_id: batchId, recipient: '+12025550134' },
      sinch_list_delivery_reports: { client_reference: REFERENCE },
      sinch_preview_sms: { to: ['+12025550134'], body: 'Hello there' },
      sinch_list_batches: { client_reference: REFERENCE },
      sinch_list_groups: { page_size: 2 },
      sinch_get_group: { group_id: groups.result.groups[0].id },
      sinch_list_phone_numbers: {},
      sinch_get_phone_number: { phone_number: numbers.result.phone_numbers[0].phoneNumber },
    };
    for (const fn of manifest.functions.filter((f) => f.name !== 'sinch_send_sms')) {
      // A function added without a sample here fails: every tool is called with arguments it accepts.
      expect({ function: fn.name, sample: samples[fn.name] !== undefined }).toEqual({ function: fn.name, sample: true });
      const result = await mcp.call(fn.name, samples[fn.name]);
      const body = content(result) as { result?: unknown; error?: { code: string; message: string }; call: Record<string, unknown> };
      expect({ function: fn.name, error: body.error }).toEqual({ function: fn.name, error: undefined });
      expect(body.call).toMatchObject({ function: fn.name, account: 'default', operation: fn.operation });
      expect(result.isError).toBeUndefined();
      expect(body.call).toMatchObject({ status: 'ok' });
    }
    const batches = content(await mcp.call('sinch_list_batches', { client_reference: REFERENCE })) as { result: { batches: Array<{ id: string }> } };
    expect(batches.result.batches.map((b) => b.id)).toEqual([sentBody.result.id]);
    const group = content(await mcp.call('sinch_get_group', { group_id: groups.result.groups[0].id })) as { result: { id: string } };
    expect(group.result.id).toBe(groups.result.groups[0].id);
  });

  it('calls under the account named in `account`', async () => {
    const result = await mcp.call('sinch_list_groups', { account: 'work' });
    const body = content(result) as { result: { count: number }; call: { account: string; path: string } };
    // Plan 2 has no demo data.
    expect(body.result.count).toBe(0);
    expect(body.call).toMatchObject({ account: 'work', path: 'sinch.work.sinch_list_groups' });
  });
});

describe('errors are tool errors with our code and details', () => {
  it('invalid_argument names the field and nothing is requested', async () => {
    const body = expectToolError(await mcp.call('sinch_get_group', { group_id: 'not a group!' }), 'invalid_argument');
    expect(body.error).toMatchObject({ function: 'sinch_get_group', field: 'group_id' });
    expect(body.call).toMatchObject({ status: 'error', attempts: 0 });
  });

  it('an unknown parameter is invalid_argument naming it', async () => {
    const body = expectToolError(await mcp.call('sinch_list_groups', { pagesize: 2 }), 'invalid_argument');
    expect(body.error).toMatchObject({ field: 'pagesize' });
    expect(body.error.message).toContain('page_size');
  });

  it('not_found from Sinch carries status and retryable', async () => {
    const body = expectToolError(await mcp.call('sinch_get_group', { group_id: NO_SUCH_GROUP }), 'not_found');
    expect(body.error).toMatchObject({ status: 404, retryable: false });
  });

  it('auth_failed when Sinch refuses the credentials, without the credentials', async () => {
    const body = expectToolError(await mcp.call('sinch_list_groups', { account: 'badauth' }), 'auth_failed');
    expect(body.error).toMatchObject({ status: 401 });
  });

  it('rate_limited after an emulator fault, retryable with retry_after', async () => {
    await emulator.fault({ route: '/xms/v1/emulator-plan/groups', method: 'GET', status: 429, retry_after: 120 });
    const body = expectToolError(await mcp.call('sinch_list_groups', {}), 'rate_limited');
    expect(body.error).toMatchObject({ status: 429, retryable: true, retry_after: 120 });
  });

  it('a send Sinch refuses carries sent: false and its client_reference', async () => {
    await emulator.fault({ route: '/xms/v1/emulator-plan/batches', method: 'POST', status: 400 });
    const body = expectToolError(await mcp.call('sinch_send_sms', { to: '+12025550134', body: 'refused', client_reference: 'mcp-refused' }), 'invalid_argument');
    expect(body.error).toMatchObject({ status: 400, sent: false, client_reference: 'mcp-refused', retryable: false });
    expect(body.call).toMatchObject({ sent: false, reference: 'mcp-refused', attempts: 1 });
  });

  it('permission_denied by a deny policy, refused by the permission check', async () => {
    const body = expectToolError(await mcp.call('sinch_list_groups', { account: 'locked' }), 'permission_denied');
    expect(body.call).toMatchObject({ refused_by: 'permission', attempts: 0 });
    const send = expectToolError(await mcp.call('sinch_send_sms', { account: 'locked', to: '+12025550134', body: 'no' }), 'permission_denied');
    expect(send.call).toMatchObject({ sent: false, refused_by: 'permission' });
  });

  it('an unknown account is unknown_function listing the accounts', async () => {
    const body = expectToolError(await mcp.call('sinch_list_groups', { account: 'nosuch' }), 'unknown_function');
    expect(body.error).toMatchObject({ accounts: ['default', 'work', 'locked', 'badauth'] });
    expect(body.error.message).toContain("Unknown account 'nosuch'");
  });

  it('an account that is not a string is invalid_argument naming `account`', async () => {
    const body = expectToolError(await mcp.call('sinch_list_groups', { account: 5 }), 'invalid_argument');
    expect(body.error).toMatchObject({ field: 'account' });
  });

  it('an unknown tool is unknown_function with a suggestion, not a protocol error', async () => {
    const body = expectToolError(await mcp.call('sinch_send_sm', {}), 'unknown_function');
    expect(body.error.message).toContain('Did you mean: sinch_send_sms');
  });
});

describe('execute_lua', () => {
  const SCRIPT = `
    print("groups:")
    local g = app.integrations.sinch.list_groups({})
    local ok, err = pcall(app.integrations.sinch.get_group, { group_id = "${NO_SUCH_GROUP}" })
    return { count = g.count, ok = ok, code = err.code }`;

  const stable = (envelope: Record<string, unknown>) => ({
    ...envelope,
    execution_time_ms: undefined,
    integration_calls: (envelope.integration_calls as Array<Record<string, unknown>>).map((c) => ({ ...c, duration_ms: undefined })),
  });

  it('returns the envelope `kosmo-sinch lua --json` prints for the same script', async () => {
    const result = await mcp.call('execute_lua', { code: SCRIPT });
    expect(result.isError).toBeUndefined();
    const envelope = content(result);
    expect(envelope).toMatchObject({ success: true, output: 'groups:\n', result: { count: 3, ok: false, code: 'not_found' }, meta: { emulator: false } });
    const { envelope: cli } = await runLua(SCRIPT, { config });
    expect(stable(envelope)).toEqual(stable(cli as unknown as Record<string, unknown>));
  });

  it('a failing script is a tool error carrying the whole envelope', async () => {
    const result = await mcp.call('execute_lua', { code: 'local x = 1\nerror("boom")' });
    expect(result.isError).toBe(true);
    expect(content(result)).toMatchObject({ success: false, error: { code: 'runtime_error', line: 2 }, result: null });
  });

  it('honours timeout_ms and memory_limit_mb, and refuses values past the CLI\'s maxima', async () => {
    const slow = await mcp.call('execute_lua', { code: 'while true do end', timeout_ms: 300 });
    expect(content(slow)).toMatchObject({ success: false, error: { code: 'timeout' } });
    const big = await mcp.call('execute_lua', { code: 'local s = ("x"):rep(4 * 1024 * 1024) return #s', memory_limit_mb: 1 });
    expect(content(big)).toMatchObject({ success: false, error: { code: 'limit_exceeded', limit: 'memory' } });
    const tooLong = expectToolError(await mcp.call('execute_lua', { code: 'return 1', timeout_ms: 3_600_001 }), 'invalid_argument');
    expect(tooLong.error).toMatchObject({ function: 'execute_lua', field: 'timeout_ms' });
    expect(tooLong.call).toBeUndefined();
    const noCode = expectToolError(await mcp.call('execute_lua', {}), 'invalid_argument');
    expect(noCode.error).toMatchObject({ field: 'code' });
  });
});

describe('the docs', () => {
  it('lists every page lua_read_doc serves as a resource, and a template for any page', async () => {
    const { resources } = await mcp.client.listResources();
    const pages = ['index', ...Object.keys(GUIDE_FILES), 'integrations.sinch', ...manifest.functions.map((f) => `integrations.sinch.${f.name}`)];
    expect(resources.map((r) => r.uri)).toEqual(pages.map((p) => `kosmo-sinch://docs/${p}`));
    expect(resources.every((r) => r.mimeType === 'text/markdown' && typeof r.title === 'string')).toBe(true);
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'kosmo-sinch://docs/{page}' })]);
  });

  it('reads a page as `kosmo-sinch docs` prints it, through the resource and through read_doc', async () => {
    const cli = await runCli(['docs', 'integrations.sinch.send_sms']);
    const { contents } = await mcp.client.readResource({ uri: 'kosmo-sinch://docs/integrations.sinch.send_sms' });
    expect(contents).toEqual([{ uri: 'kosmo-sinch://docs/integrations.sinch.send_sms', mimeType: 'text/markdown', text: expect.any(String) }]);
    const page = textOf(contents);
    expect(`${page}\n`.replace(/\n\n$/, '\n')).toBe(cli.stdout);
    const tool = await mcp.call('read_doc', { page: 'integrations.sinch.send_sms' });
    expect(tool.content).toEqual([{ type: 'text', text: page }]);
    const reference = await mcp.client.readResource({ uri: 'kosmo-sinch://docs/integrations.sinch' });
    expect(textOf(reference.contents)).toBe(readFileSync(join(REPO, 'lua-docs/sinch.md'), 'utf8'));
  });

  it('answers an unknown page as lua_read_doc does, with the pages that exist', async () => {
    const { contents } = await mcp.client.readResource({ uri: 'kosmo-sinch://docs/integrations.sinch.send_message' });
    expect(textOf(contents)).toContain("Function 'send_message' not found in app.integrations.sinch. Did you mean: send_sms?");
    await expect(mcp.client.readResource({ uri: 'file:///etc/passwd' })).rejects.toThrow(/Resource not found/);
  });

  it('searches as `kosmo-sinch docs --search` does, pointing at the read_doc tool', async () => {
    const cli = await runCli(['docs', '--search', 'received messages']);
    const result = await mcp.call('search_docs', { query: 'received messages' });
    const worded = cli.stdout.replace(/\n$/, '').replace(/\(kosmo-sinch docs (\S+)\)/g, '(read_doc {"page": "$1"})');
    expect(worded).toContain('(read_doc {"page": "integrations.sinch.sinch_list_messages"})');
    expect(result.content).toEqual([{ type: 'text', text: worded }]);
    expectToolError(await mcp.call('search_docs', { query: 'x'.repeat(1025) }), 'invalid_argument');
  });
});

describe('where the accounts come from', () => {
  it('says on stderr that the accounts come from the user\'s file, and nothing else', () => {
    expect(mcp.stderr()).toMatch(USER_CONFIG_NOTICE);
  });

  it('with nothing configured, uses the built-in emulator with writes allowed and says so once on stderr', async () => {
    const embedded = await startMcp();
    try {
      expect(embedded.stderr()).toMatch(EMBEDDED_NOTICE);
      const { tools } = await embedded.client.listTools();
      expect((tools[0].inputSchema.properties as Record<string, { enum?: string[] }>).account.enum).toEqual(['default']);
      const sent = await embedded.call('sinch_send_sms', { to: '+12025550134', body: 'embedded' });
      expect(sent.isError).toBeUndefined();
      const run = await embedded.call('execute_lua', { code: 'return 1' });
      expect(run.structuredContent).toMatchObject({ success: true, result: 1, meta: { emulator: true } });
      expect(embedded.protocolErrors).toEqual([]);
    } finally {
      await embedded.close();
    }
  });

  it('when standard input closes, cancels a script still running, answers it, and exits 0', async () => {
    const home = sandboxDir();
    const child = spawn(process.execPath, [BIN, 'mcp', '--emulator'], { cwd: home, env: cleanEnv(home), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'execute_lua', arguments: { code: 'while true do end' } } });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'sinch_list_groups', arguments: {} } });
    await until(() => stdout.includes('"id":3'), 'the answer to the direct call');
    child.stdin.end();
    expect(await exited).toBe(0);
    rmSync(home, { recursive: true, force: true });
    // Nothing but protocol messages on stdout: one JSON-RPC message a line.
    const answers = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result: Record<string, unknown> });
    expect(answers.map((a) => [a.jsonrpc, a.id])).toEqual([['2.0', 1], ['2.0', 3], ['2.0', 2]]);
    expect(answers[0].result).toMatchObject({ serverInfo: { name: 'kosmo-sinch' } });
    expect(answers[1].result).toMatchObject({ structuredContent: { result: { count: 3 } } });
    expect(answers[2].result).toMatchObject({ isError: true, structuredContent: { success: false, error: { code: 'cancelled' } } });
    expect(stderr).toMatch(EMBEDDED_NOTICE);
  });

  it('a configuration file broken as a whole ends the command with exit 1 and its message on stderr', async () => {
    const home = sandboxDir();
    writeFileSync(writeUserConfig(home, {}), '{ not json');
    const run = await runCli(['mcp'], { cwd: home });
    rmSync(home, { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/config\.json is not valid JSON/);
  });
});
