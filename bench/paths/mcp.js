'use strict';
/**
 * Our MCP path (issue #11): a `tools/call` of `sinch_get_group` (and `sinch_list_batches`, `sinch_send_sms`)
 * from the official SDK's client to `kosmo-sinch mcp` as a subprocess over stdio, with a config file whose
 * account points at the benchmark's emulator (writes allowed). A sample runs from before `callTool` to its
 * answer: the JSON-RPC request over a pipe, the server's pipeline call (validation, checks, the HTTP call, the
 * record), the structured result and its text copy back over the pipe, and the client's parsing.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

function mcpPath(url, ids) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-bench-mcp-'));
  const config = path.join(home, 'config.json');
  const account = {
    service_plan_id: 'emulator-plan',
    api_token: 'emulator-token',
    sms_base_url: url,
    numbers_base_url: url,
    auth_base_url: url,
    permissions: { read: 'allow', write: 'allow' },
  };
  fs.writeFileSync(config, JSON.stringify({ accounts: { default: account } }));
  const client = new Client({ name: 'kosmo-sinch-bench', version: '1.0.0' });
  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`mcp: ${name}: ${result.content[0].text}`);
    return result.structuredContent.result;
  };
  return {
    name: 'our MCP tool call (`kosmo-sinch mcp`, stdio)',
    key: 'mcp',
    start: () =>
      client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [CLI, 'mcp', '--config', config],
          env: { HOME: home, PATH: process.env.PATH ?? '' },
          cwd: home,
          stderr: 'ignore',
        }),
      ),
    getGroup: () => call('sinch_get_group', { group_id: ids.groupId }),
    listBatches: () => call('sinch_list_batches', { page_size: 30 }),
    sendSms: () => call('sinch_send_sms', { to: ['+12025550111'], from: '+12025550142', body: ids.smsBody, client_reference: `mcp-${ids.next()}` }),
    close: () => {
      void client.close().finally(() => fs.rmSync(home, { recursive: true, force: true }));
    },
  };
}

module.exports = { mcpPath };
