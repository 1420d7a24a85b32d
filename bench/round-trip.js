'use strict';
/**
 * The Lua side of one host call, alone: `app.integrations.sinch.get_group{...}` in a loop, with the
 * Sinch client's HTTP layer replaced by one that answers at once with a group. What is left is argument
 * conversion, validation, the yield/resume and the result's conversion into Lua tables.
 *
 *   npm run build && node bench/round-trip.js
 */
const { createSinchHost } = require('../dist/host/sinch-host');

const GROUP = JSON.stringify({
  id: '01GCQ3MT0J8NBX9N0A2M4A9H14',
  name: 'Newsletter subscribers',
  size: 3,
  created_at: '2026-11-20T10:00:00.000Z',
  modified_at: '2026-11-20T10:00:00.000Z',
  child_groups: [],
});
const CALLS = 20000;
const script = `local get = app.integrations.sinch.get_group
local t0 = os.clock()
for i = 1, ${CALLS} do get({ group_id = "01GCQ3MT0J8NBX9N0A2M4A9H14" }) end
return (os.clock() - t0) / ${CALLS} * 1e6`;

async function main() {
  const http = { request: () => Promise.resolve({ data: GROUP, status: 200, statusText: 'OK', headers: {} }) };
  const host = createSinchHost({ emulatorUrl: 'http://127.0.0.1:9' }, { http }); // never contacted
  await host.run(script); // warm-up
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push((await host.run(script)).result);
  runs.sort((a, b) => a - b);
  console.log(`Lua get_group with an instant HTTP layer: median ${runs[2].toFixed(1)} µs per call (5 runs of ${CALLS}: ${runs.map((r) => r.toFixed(1)).join(', ')})`);
}

main();
