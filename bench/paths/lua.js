'use strict';
/**
 * Our Lua path: `app.integrations.sinch.<fn>{...}` called from a script in the sandbox (the in-process
 * LuaHost that `kosmo-sinch` workers use). Each call is timed inside the script with `os.clock()` (process
 * uptime, from a monotonic nanosecond clock) around the call expression, so a sample covers everything a
 * script waits for: argument conversion, account and validation, the yield to the driver, the HTTP call,
 * the resume and the conversion of the result into Lua tables. Creating the sandbox and compiling the
 * script are outside the samples (they are fixed costs, measured apart).
 */
const { createSinchHost } = require('../../dist/host/sinch-host');

/** Generous limits: the benchmark must not be cut short; nothing here is loosened for speed. */
const LIMITS = { timeoutMs: 600_000 };

const CALLS = {
  getGroup: { expr: 'sinch.get_group({ group_id = GROUP_ID })', check: 'r.id == GROUP_ID' },
  listBatches: { expr: 'sinch.list_batches({ page_size = 30 })', check: '#r.batches == 30' },
  sendSms: { expr: 'sinch.send_sms({ to = "+12025550111", from = "+12025550142", body = SMS_BODY })', check: 'r.id ~= nil' },
};

function timedScript(op, n, ids) {
  const { expr, check } = CALLS[op];
  return `
local sinch = app.integrations.sinch
local clock = os.clock
local GROUP_ID, SMS_BODY = ${JSON.stringify(ids.groupId)}, ${JSON.stringify(ids.smsBody)}
local times = {}
for i = 1, ${n} do
  local t0 = clock()
  local r = ${expr}
  times[i] = (clock() - t0) * 1000
  if i == 1 and not (${check}) then error("unexpected result: " .. json.encode(r)) end
end
return times`;
}

function untimedScript(op, n, ids) {
  const { expr } = CALLS[op];
  return `
local sinch = app.integrations.sinch
local GROUP_ID, SMS_BODY = ${JSON.stringify(ids.groupId)}, ${JSON.stringify(ids.smsBody)}
for i = 1, ${n} do local r = ${expr} end`;
}

async function runOrThrow(host, code) {
  const result = await host.run(code, { limits: LIMITS });
  if (!result.success) throw new Error(`lua: ${result.error.code}: ${result.error.message}`);
  return result.result;
}

function luaPath(url, ids) {
  const host = createSinchHost({ emulatorUrl: url });
  return {
    name: 'our Lua function (sandbox)',
    key: 'lua',
    host,
    /** n sequential calls in one script; per-call samples in ms. */
    async round(op, n) {
      return Float64Array.from(await runOrThrow(host, timedScript(op, n, ids)));
    },
    /** One script of n sequential calls, untimed inside (for throughput). */
    script: (op, n) => runOrThrow(host, untimedScript(op, n, ids)),
    timedScript: (op, n) => runOrThrow(host, timedScript(op, n, ids)).then((t) => Float64Array.from(t)),
    close() {},
  };
}

module.exports = { luaPath, timedScript, LIMITS };
