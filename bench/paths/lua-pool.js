'use strict';
/**
 * Our Lua path through the sandbox pool (src/sandbox/pool.ts): scripts run in worker threads, as the CLI
 * runs them, here two workers of up to 100 scripts each. Used for throughput only: a script's calls are
 * the same as in the in-process host (paths/lua.js), plus the message round trip per script.
 */
const path = require('node:path');
const { SandboxPool } = require('../../dist/sandbox/pool');
const { LIMITS } = require('./lua');

const SCRIPT = (n, groupId) => `
local sinch = app.integrations.sinch
for i = 1, ${n} do local r = sinch.get_group({ group_id = ${JSON.stringify(groupId)} }) end`;

function luaPoolPath(url, ids, { workers = 2, scriptsPerWorker = 100 } = {}) {
  const pool = new SandboxPool({
    host: { module: path.join(__dirname, '..', '..', 'dist', 'host', 'sinch-host.js'), exportName: 'createSinchHost', options: { emulatorUrl: url } },
    size: workers,
    scriptsPerWorker,
  });
  return {
    name: `our Lua function (sandbox pool, ${workers} workers)`,
    key: 'luaPool',
    warm: () => pool.warm(workers),
    async script(op, n) {
      if (op !== 'getGroup') throw new Error('the pool path is measured on get_group only');
      const result = await pool.run(SCRIPT(n, ids.groupId), { limits: LIMITS });
      if (!result.success) throw new Error(`lua pool: ${result.error.code}: ${result.error.message}`);
    },
    close: () => pool.close(),
  };
}

module.exports = { luaPoolPath };
