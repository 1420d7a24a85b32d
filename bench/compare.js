'use strict';
/**
 * This checkout's Lua path beside another checkout's, in the same interleaved rounds against one emulator:
 * the floor, our TS client, our Lua function, and the other checkout's Lua function (its own dist/). For a
 * change whose effect is smaller than the drift between two whole runs on a shared machine (issue #14: the
 * SMS-job merge's cost on send_sms was measured this way).
 *
 *   npm run build && node bench/compare.js OTHER_CHECKOUT [getGroup|listBatches|sendSms] [rounds]
 *
 * OTHER_CHECKOUT: a directory with the other code built (`git archive <commit> | tar -x -C DIR`, then
 * `npx tsc -p tsconfig.build.json && node scripts/bundle.js` there, with node_modules linked).
 */
const path = require('node:path');
const { startServer, resetServer, benchIds, runMain } = require('./lib/server');
const { measureOp } = require('./lib/per-call');
const { withRounds } = require('./lib/js-rounds');
const { rawPath } = require('./paths/raw');
const { tsClientPath } = require('./paths/ts-client');
const { luaPath } = require('./paths/lua');

const [other, op = 'sendSms', rounds = '20'] = process.argv.slice(2);
if (!other) {
  console.error('usage: node bench/compare.js OTHER_CHECKOUT [getGroup|listBatches|sendSms] [rounds]');
  process.exit(2);
}
const { luaPath: otherLuaPath } = require(path.resolve(other, 'bench', 'paths', 'lua'));

runMain(async () => {
  const server = await startServer();
  try {
    const { groupId } = await resetServer(server.url);
    const ids = benchIds(groupId);
    const theirs = { ...otherLuaPath(server.url, ids), key: 'other', name: `our Lua function at ${path.basename(path.resolve(other))}` };
    const paths = [withRounds(rawPath(server.url, ids)), withRounds(tsClientPath(server.url, ids)), luaPath(server.url, ids), theirs];
    const results = await measureOp(paths, op, { rounds: Number(rounds), calls: 300, warmup: 300, url: server.url });
    console.log(`${op}, ${rounds} interleaved rounds of 300 calls (ratio: median over rounds of path ÷ floor in the same round)`);
    for (const r of results) {
      const range = r.ratioRange.map((x) => x.toFixed(2)).join('–');
      console.log(`  ${r.name.padEnd(40)} median ${String(Math.round(r.median * 1000)).padStart(4)} µs  ${r.ratio.toFixed(2)}× (${range})`);
    }
  } finally {
    await server.stop();
  }
});
