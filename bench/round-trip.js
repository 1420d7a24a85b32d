'use strict';
/**
 * The Lua side of one host call, alone: `app.integrations.sinch.<fn>{...}` in a loop, with the Sinch
 * client's HTTP layer replaced by one that answers at once (a group, a created batch, or a 30-batch page).
 * What is left is argument conversion, validation, the plan of a send, the yield/resume and the result's
 * conversion into Lua tables.
 *
 *   npm run build && node bench/round-trip.js [getGroup|sendSms|listBatches]
 */
const { createSinchHost } = require('../dist/host/sinch-host');

const op = process.argv[2] ?? 'getGroup';
const CREATED = '2026-11-20T10:00:00.000Z';
function batch(i) {
  return {
    id: `01HW${String(i).padStart(22, '0')}`,
    to: ['12025550111'],
    from: '12025550142',
    canceled: false,
    body: 'Your order 1234 has shipped and will arrive tomorrow.',
    type: 'mt_text',
    created_at: CREATED,
    modified_at: CREATED,
    delivery_report: 'none',
    expire_at: '2026-11-23T10:00:00.000Z',
    flash_message: false,
    client_reference: `kosmo-${i}-7f3a9c`,
  };
}
const OPS = {
  getGroup: {
    calls: 20000,
    expr: 'f({ group_id = "01GCQ3MT0J8NBX9N0A2M4A9H14" })',
    fn: 'get_group',
    answer: { id: '01GCQ3MT0J8NBX9N0A2M4A9H14', name: 'Newsletter subscribers', size: 3, created_at: CREATED, modified_at: CREATED, child_groups: [] },
  },
  sendSms: {
    calls: 20000,
    expr: 'f({ to = "+12025550111", from = "+12025550142", body = "Your order 1234 has shipped and will arrive tomorrow." })',
    fn: 'send_sms',
    answer: batch(0),
  },
  listBatches: {
    calls: 5000,
    expr: 'f({ page_size = 30 })',
    fn: 'list_batches',
    answer: { count: 30, page: 0, page_size: 30, batches: Array.from({ length: 30 }, (_, i) => batch(i)) },
  },
};
const { calls, expr, fn, answer } = OPS[op];
const data = JSON.stringify(answer);
const script = `local f = app.integrations.sinch.${fn}
local t0 = os.clock()
for i = 1, ${calls} do ${expr} end
return (os.clock() - t0) / ${calls} * 1e6`;

async function main() {
  const http = { request: () => Promise.resolve({ data, status: 200, statusText: 'OK', headers: {} }) };
  const host = createSinchHost({ emulatorUrl: 'http://127.0.0.1:9' }, { http }); // never contacted
  const first = await host.run(script); // warm-up
  if (!first.success) throw new Error(`${first.error.code}: ${first.error.message}`);
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push((await host.run(script)).result);
  runs.sort((a, b) => a - b);
  console.log(`Lua ${fn} with an instant HTTP layer: median ${runs[2].toFixed(1)} µs per call (5 runs of ${calls}: ${runs.map((r) => r.toFixed(1)).join(', ')})`);
}

main();
