'use strict';
/**
 * Value conversion alone, in-process (no HTTP, no VM loop): what every host call pays on its way in
 * (`luaToJs` of the arguments) and on its way out (`pushJs` of the result). Three shapes:
 *
 * - send_sms's arguments (a record with a list, ~5 fields), Lua → JS;
 * - list_messages's arguments with a few more fields, Lua → JS;
 * - a 30-batch page as list_batches returns it (~13 KB of JSON), JS → Lua.
 *
 *   npm run build && node bench/convert.js [rounds]
 *
 * Prints the median over rounds of the mean time per conversion. Not a test: figures for docs/performance.md.
 */
const { lauxlib, lua, to_luastring } = require('fengari');
const { luaToJs, pushJs } = require('../dist/lua/convert');

const rounds = Number(process.argv[2] ?? 15);

function batch(i) {
  return {
    id: `01HW${String(i).padStart(22, '0')}`,
    to: ['+46701234567', '+46701234568'],
    from: '+12025550142',
    canceled: false,
    body: 'Your order has shipped and will arrive on Thursday between 10:00 and 14:00.',
    type: 'mt_text',
    created_at: '2026-11-20T10:00:00.000Z',
    modified_at: '2026-11-20T10:00:00.000Z',
    delivery_report: 'none',
    expire_at: '2026-11-23T10:00:00.000Z',
    flash_message: false,
    client_reference: `kosmo-${i}-7f3a9c`,
  };
}
const PAGE = JSON.parse(JSON.stringify({ count: 30, page: 0, page_size: 30, batches: Array.from({ length: 30 }, (_, i) => batch(i)) }));

const L = lauxlib.luaL_newstate();
function pushChunkValue(code) {
  if (lauxlib.luaL_loadstring(L, to_luastring(code)) !== lua.LUA_OK) throw new Error('bad chunk');
  lua.lua_call(L, 0, 1);
}

function time(n, fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1000 / n; // µs
}

const CASES = [
  {
    name: 'send_sms arguments, Lua → JS',
    n: 20000,
    setup: () => pushChunkValue('return { from = "+12025550142", to = { "+46701234567", "+46701234568" }, body = "Your order has shipped.", client_reference = "order-1234" }'),
    run: () => luaToJs(L, -1, 'strict'),
  },
  {
    name: 'list_messages arguments, Lua → JS',
    n: 20000,
    setup: () => pushChunkValue('return { direction = "mo", page_size = 10, to = "+12025550142", from = "+46701234567", start_date = "2026-11-20T00:00:00Z", end_date = "2026-11-21T00:00:00Z" }'),
    run: () => luaToJs(L, -1, 'strict'),
  },
  {
    name: '30-batch page (list_batches), JS → Lua',
    n: 2000,
    setup: () => lua.lua_pushnil(L),
    run: () => {
      pushJs(L, PAGE);
      lua.lua_pop(L, 1);
    },
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const c of CASES) {
  lua.lua_settop(L, 0);
  c.setup();
  time(c.n, c.run); // warm-up
  const samples = [];
  for (let r = 0; r < rounds; r++) samples.push(time(c.n, c.run));
  console.log(`${c.name}: median ${median(samples).toFixed(2)} µs (${rounds} rounds of ${c.n}; min ${Math.min(...samples).toFixed(2)})`);
}
