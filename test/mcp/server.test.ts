/**
 * The MCP server in process (src/mcp/), over the SDK's in-memory transport, on fake integrations: tool
 * definitions when there is no default account, declarations a tool cannot be made from, a defect in a tool
 * handler, cancellation of a direct call, and the approver's answers. End-to-end behaviour through the real
 * binary is in test/e2e/mcp-*.test.ts.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { DocsCatalogue } from '../../src/docs/catalogue';
import { createHost, type Host, type HostOptions } from '../../src/host/host';
import type { CallCheck } from '../../src/integration/checks';
import type { CallRecord } from '../../src/integration/record';
import { defineFunction, type Account, type FunctionDeclaration, type IntegrationBinding } from '../../src/integration/types';
import { createMcpServer, functionToolDefinition, serverTools } from '../../src/mcp';
import type { ServerParts } from '../../src/mcp/tool';
import { shopBinding } from '../integration/fake-shop';

/** A read that waits until its call is cancelled, and says when it started and when it was cancelled. */
function waitingRead(cancelled: (reason: unknown) => void, started: () => void = () => undefined) {
  return defineFunction({
    name: 'slow_wait',
    aliases: ['wait'],
    description: 'Waits until cancelled.',
    operation: 'read',
    params: z.object({}),
    handler: (_input, ctx) =>
      new Promise((_resolve, reject) => {
        started();
        ctx.signal.addEventListener('abort', () => {
          cancelled(ctx.signal.reason);
          reject(ctx.signal.reason);
        });
      }),
  });
}

function binding(functions: FunctionDeclaration[], names: string[], defaultName: string | undefined): IntegrationBinding {
  const accounts = new Map<string, Account>(names.map((name) => [name, { name, permissions: { read: 'allow', write: 'ask' }, config: null }]));
  return {
    integration: { name: 'slow', description: 'Slow things.', category: 'testing', docs: { reference: '# Slow' }, functions },
    accounts: { names, defaultName, get: (name) => accounts.get(name) },
    services: null,
  };
}

function hostOf(bindings: IntegrationBinding[], checks?: HostOptions['checks']): Host {
  const docs = new DocsCatalogue(bindings.map((b) => ({ integration: b.integration, accounts: b.accounts.names })), []);
  return createHost({ bindings, docs, checks });
}

async function connect(parts: ServerParts, answer?: () => Promise<ElicitResult>): Promise<Client> {
  const server = createMcpServer(parts);
  const client = new Client({ name: 'test', version: '1' }, { capabilities: answer ? { elicitation: {} } : {} });
  if (answer) client.setRequestHandler(ElicitRequestSchema, answer);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

const noScripts: ServerParts['runScript'] = () => Promise.reject(new Error('no scripts here'));

describe('tool definitions', () => {
  it('require `account` and say so when no account is the default', () => {
    const slow = binding([waitingRead(() => undefined)], ['a', 'b'], undefined);
    const tool = functionToolDefinition(slow, slow.integration.functions[0]);
    expect(tool.inputSchema.required).toEqual(['account']);
    expect(tool.inputSchema.properties!.account).toEqual({
      type: 'string',
      description: expect.stringContaining('There is no default account'),
      enum: ['a', 'b'],
    });
  });

  it('refuse a declaration with a parameter named `account`', () => {
    const clash = defineFunction({
      name: 'slow_clash',
      aliases: [],
      description: 'Has an account parameter.',
      operation: 'read',
      params: z.object({ account: z.string() }),
      handler: async () => null,
    });
    const slow = binding([clash], ['a'], 'a');
    expect(() => functionToolDefinition(slow, clash)).toThrow(/parameter named "account"/);
  });

  it('refuse two tools of one name', () => {
    const named = defineFunction({ name: 'execute_lua', aliases: [], description: 'A clash.', operation: 'read', params: z.object({}), handler: async () => null });
    expect(() => serverTools({ host: hostOf([binding([named], ['a'], 'a')]), runScript: noScripts, emulator: false, sandbox: 'worker' })).toThrow(/Two MCP tools are named execute_lua/);
  });
});

describe('tool calls', () => {
  it('a defect in a tool handler is internal_error without its JavaScript message', async () => {
    const client = await connect({ host: hostOf([shopBinding()]), runScript: () => Promise.reject(new Error('at /secret/path.js:1')), emulator: false, sandbox: 'worker' });
    const result = await client.callTool({ name: 'execute_lua', arguments: { code: 'return 1' } });
    expect(result).toMatchObject({ isError: true, structuredContent: { error: { code: 'internal_error' } } });
    expect(JSON.stringify(result)).not.toContain('/secret/path.js');
  });

  it('a cancelled direct call aborts its function and is recorded as cancelled', async () => {
    const started = deferred<void>();
    const aborted = deferred<unknown>();
    const settled = deferred<CallRecord>();
    const recorder: CallCheck = { name: 'recorder', check: () => (record) => settled.resolve(record) };
    const host = hostOf([binding([waitingRead(aborted.resolve, started.resolve)], ['a'], 'a')], () => [recorder]);
    const client = await connect({ host, runScript: noScripts, emulator: false, sandbox: 'worker' });
    const cancel = new AbortController();
    const call = client.callTool({ name: 'slow_wait', arguments: {} }, undefined, { signal: cancel.signal });
    await started.promise;
    cancel.abort('stop');
    await expect(call).rejects.toThrow();
    await aborted.promise;
    expect(await settled.promise).toMatchObject({ function: 'slow_wait', status: 'error', error: { code: 'cancelled' } });
  });
});

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('asking through the client', () => {
  const ask = (answer: () => Promise<ElicitResult>) =>
    connect({ host: hostOf([shopBinding({ write: 'ask' })]), runScript: noScripts, emulator: false, sandbox: 'worker' }, answer).then((client) =>
      client.callTool({ name: 'shop_place_order', arguments: { to: ['x'], note: 'hello' } }),
    );

  it('allows only accept with approve checked', async () => {
    expect(await ask(async () => ({ action: 'accept', content: { approve: true } }))).toMatchObject({ structuredContent: { call: { sent: true } } });
    for (const answer of [
      async () => ({ action: 'accept' as const, content: { approve: false } }),
      async () => ({ action: 'decline' as const }),
      async () => ({ action: 'cancel' as const }),
      async () => {
        throw new Error('the client failed');
      },
    ]) {
      expect(await ask(answer)).toMatchObject({ isError: true, structuredContent: { error: { code: 'approval_denied' }, call: { sent: false } } });
    }
  });

  it('without the capability, the policy refuses with approval_required', async () => {
    const client = await connect({ host: hostOf([shopBinding({ write: 'ask' })]), runScript: noScripts, emulator: false, sandbox: 'worker' });
    const result = await client.callTool({ name: 'shop_place_order', arguments: { to: ['x'], note: 'hello' } });
    expect(result).toMatchObject({ isError: true, structuredContent: { error: { code: 'approval_required' }, call: { refused_by: 'permission' } } });
  });
});
