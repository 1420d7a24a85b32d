'use strict';
/**
 * The SMS job functions (issue #9) in the benchmark: per call, what each costs on the Lua path beside the
 * floor (raw node:http on the same route, when the function is one request), and how many requests and
 * sequential round trips it makes. Round trips are measured with the emulator's `delay_ms` fault: every
 * request is held back DELAY_MS, so a call that needs k sequential round trips takes about k × DELAY_MS;
 * requests are counted exactly from the fault's remaining uses. (test/sinch/round-trips.test.ts asserts the
 * same counts without any timing.)
 */
const { request, resetServer, benchIds, PLAN } = require('./server');
const { median, summarize } = require('./stats');
const { timeCalls } = require('./js-rounds');

const DELAY_MS = 100;
const ONCALL = '01RKYNEY48F3HKH7TTNKWV4YSC';
const EVERYONE = '01GJ35TXAWW03SRJFJYZZ755FW';
const BODY = 'Maintenance tonight – 22:00 to 23:00 UTC. Sorry for the trouble.';

/**
 * Each measured call: `expr` (Lua, with `ids` as globals), `each` (Lua run before each timed call, untimed),
 * `raw` (the floor's one request, for single-request functions).
 */
function specs(ids) {
  const q = (s) => JSON.stringify(s);
  return [
    { key: 'list_group_members', label: '`list_group_members` (a group)', expr: `sinch.list_group_members({ group_id = ${q(ONCALL)} })`, raw: ['GET', `${PLAN}/groups/${ONCALL}/members`] },
    { key: 'list_group_members_children', label: '`list_group_members`, `include_child_groups` (2 children)', expr: `sinch.list_group_members({ group_id = ${q(EVERYONE)}, include_child_groups = true })` },
    { key: 'get_batch', label: '`get_batch`', expr: `sinch.get_batch({ batch_id = ${q(ids.batchId)} })`, raw: ['GET', `${PLAN}/batches/${ids.batchId}`] },
    { key: 'get_delivery_report', label: '`get_delivery_report` (full, 2 recipients)', expr: `sinch.get_delivery_report({ batch_id = ${q(ids.batchId)} })`, raw: ['GET', `${PLAN}/batches/${ids.batchId}/delivery_report?type=full`] },
    { key: 'get_recipient_delivery_report', label: '`get_recipient_delivery_report`', expr: `sinch.get_recipient_delivery_report({ batch_id = ${q(ids.batchId)}, recipient = "+12025550111" })`, raw: ['GET', `${PLAN}/batches/${ids.batchId}/delivery_report/12025550111`] },
    { key: 'list_delivery_reports', label: '`list_delivery_reports` (30 reports)', expr: 'sinch.list_delivery_reports({ page_size = 30 })', raw: ['GET', `${PLAN}/delivery_reports?page=0&page_size=30&start_date=${encodeURIComponent(ids.startDate)}`] },
    { key: 'preview_sms', label: '`preview_sms` (3 numbers, offline)', expr: `sinch.preview_sms({ body = ${q(BODY)}, to = { "+12025550111", "+12025550112", "+12025550113" } })` },
    { key: 'preview_sms_dry_run', label: '`preview_sms`, `dry_run = true`', expr: `sinch.preview_sms({ body = ${q(BODY)}, to = { "+12025550111", "+12025550112", "+12025550113" }, dry_run = true })`, raw: ['POST', `${PLAN}/batches/dry_run?per_recipient=true&number_of_recipients=3`, { to: ['+12025550111', '+12025550112', '+12025550113'], body: BODY, type: 'mt_text' }] },
    { key: 'send_sms_group', label: '`send_sms` to a group', expr: `sinch.send_sms({ to = { ${q(ONCALL)} }, body = "Bench to a group" })` },
    { key: 'send_sms_personalised', label: '`send_sms` personalised (3 numbers)', expr: 'sinch.send_sms({ to = { "+12025550111", "+12025550112", "+12025550113" }, body = "Hi ${name}", parameters = { name = { ["+12025550111"] = "Ann", default = "there" } } })' },
    { key: 'cancel_batch', label: '`cancel_batch` (a scheduled batch)', each: 'local B = sinch.send_sms({ to = "+12025550111", body = "later", send_at = "+1h" }).id', expr: 'sinch.cancel_batch({ batch_id = B })' },
    { key: 'list_messages_far', label: '`list_messages` page 5 of 50 (both directions)', expr: 'sinch.list_messages({ page = 5, page_size = 50 })', roundsOnly: true },
    { key: 'list_phone_numbers_far', label: '`list_phone_numbers` page 3 of 1', expr: 'sinch.list_phone_numbers({ page = 3, page_size = 1 })', roundsOnly: true },
  ];
}

function script(spec, n) {
  return `
local sinch = app.integrations.sinch
local clock = os.clock
local times = {}
for i = 1, ${n} do
  ${spec.each ?? ''}
  local t0 = clock()
  local r = ${spec.expr}
  times[i] = (clock() - t0) * 1000
end
return times`;
}

async function luaTimes(host, spec, n) {
  const result = await host.run(script(spec, n), { limits: { timeoutMs: 600_000 } });
  if (!result.success) throw new Error(`lua ${spec.key}: ${result.error.code}: ${result.error.message}`);
  return Float64Array.from(result.result);
}

/** Requests and sequential round trips of one call, under a `delay_ms` fault on every request. */
async function roundTrips(url, host, spec) {
  const uses = 1000;
  // `each` (a scheduled batch to cancel) runs before the fault exists: only the measured call is counted.
  let prefix = '';
  if (spec.each) {
    const ready = await host.run(`local sinch = app.integrations.sinch\n${spec.each}\nreturn B`, { limits: { timeoutMs: 60_000 } });
    if (!ready.success) throw new Error(`lua ${spec.key}: ${ready.error.message}`);
    prefix = `local B = ${JSON.stringify(ready.result)}\n`;
  }
  const code = `${prefix}local sinch = app.integrations.sinch\nlocal t0 = os.clock()\nlocal r = ${spec.expr}\nreturn (os.clock() - t0) * 1000`;
  await request(url, 'DELETE', '/_emulator/faults');
  await request(url, 'POST', '/_emulator/faults', { delay_ms: DELAY_MS, times: uses });
  const result = await host.run(code, { limits: { timeoutMs: 600_000 } });
  const { faults } = await request(url, 'GET', '/_emulator/faults');
  await request(url, 'DELETE', '/_emulator/faults');
  if (!result.success) throw new Error(`lua ${spec.key}: ${result.error.code}: ${result.error.message}`);
  const remaining = faults.length > 0 ? faults[0].remaining : 0;
  return { requests: uses - remaining, rounds: Math.round(result.result / DELAY_MS) };
}

/**
 * @param lua  the Lua path (bench/paths/lua.js): its `host`
 * @param raw  the floor (bench/paths/raw.js): its `request`
 */
async function measureJobFunctions({ url, lua, raw, rounds, calls, log }) {
  // A batch to read (two recipients), the OAuth2 token and 250 more batches (list_messages beyond page 0).
  await resetServer(url, { batches: 250 });
  const sent = await request(url, 'POST', `${PLAN}/batches`, { to: ['+12025550111', '+12025550112'], body: 'Bench batch', client_reference: 'bench-job' });
  const ids = { batchId: sent.id, startDate: benchIds('').startDate };
  const rows = [];
  for (const spec of specs(ids)) {
    log?.(`job functions: ${spec.key}`);
    await luaTimes(lua.host, spec, 3); // warm-up (and the Numbers token)
    const trips = await roundTrips(url, lua.host, spec);
    const row = { key: spec.key, label: spec.label, requests: trips.requests, rounds: trips.rounds };
    if (!spec.roundsOnly) {
      const luaSamples = [];
      const rawSamples = [];
      const ratios = [];
      for (let r = 0; r < rounds; r++) {
        const l = await luaTimes(lua.host, spec, calls);
        luaSamples.push(...l);
        if (spec.raw) {
          const [method, path, body] = spec.raw;
          const f = await timeCalls(() => raw.request(method, path, body === undefined ? undefined : JSON.stringify(body)), calls);
          rawSamples.push(...f);
          ratios.push(median(l) / median(f));
        }
      }
      row.lua = summarize(Float64Array.from(luaSamples));
      if (spec.raw) {
        row.floor = summarize(Float64Array.from(rawSamples));
        row.ratio = median(ratios);
      }
    }
    rows.push(row);
  }
  await resetServer(url);
  return { delayMs: DELAY_MS, rows };
}

module.exports = { measureJobFunctions };
