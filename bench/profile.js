'use strict';
/**
 * Where a call's time goes: CPU-profiles N sequential calls through the floor, our TS client and our Lua
 * path against the emulator (its own process), and prints, per call, the client process's busy time by
 * component and the top functions. The profiles behind docs/performance.md's notes on missed targets.
 *
 *   npm run build && node bench/profile.js [getGroup|listBatches|sendSms] [calls]
 */
const inspector = require('node:inspector');
const { startServer, resetServer, benchIds, runMain } = require('./lib/server');
const { withRounds } = require('./lib/js-rounds');
const { rawPath } = require('./paths/raw');
const { tsClientPath } = require('./paths/ts-client');
const { luaPath } = require('./paths/lua');

const op = process.argv[2] ?? 'getGroup';
const calls = Number(process.argv[3] ?? 3000);

const post = (session, method, params) =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

function component(frame) {
  const { url, functionName: fn } = frame;
  if (fn === '(idle)') return 'idle (waiting for the server)';
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)' || fn === '(root)') return 'V8 / native, unattributed';
  if (url.includes('fengari')) return 'fengari (Lua VM, yield/resume)';
  if (url.includes('/zod/')) return 'zod (validation)';
  if (url.includes('/dist/lua/')) return 'our Lua bridge, conversion, sandbox';
  if (url.includes('/dist/integration/')) return 'our call preparation (invoke, validate)';
  if (url.includes('/dist/sinch/')) return 'our Sinch client and transport';
  if (url.includes('/bench/')) return 'benchmark harness';
  if (url.startsWith('node:')) return 'Node http/net/streams/timers';
  if (url === '' && /^write|^read/.test(fn)) return 'socket syscalls';
  return url === '' ? 'V8 / native, unattributed' : 'other';
}

function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byComponent = new Map();
  const byFunction = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]).callFrame;
    const us = profile.timeDeltas[i];
    const c = component(frame);
    byComponent.set(c, (byComponent.get(c) ?? 0) + us);
    if (c.startsWith('idle')) continue;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(dist|bench)\//, '$1/')}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  return { byComponent, byFunction };
}

async function profileRound(path) {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(session, 'Profiler.start');
  const samples = await path.round(op, calls);
  const { profile } = await post(session, 'Profiler.stop');
  session.disconnect();
  const sorted = Float64Array.from(samples).sort();
  return { median: sorted[sorted.length >> 1], ...summarize(profile) };
}

runMain(async () => {
  const server = await startServer();
  try {
    const { groupId } = await resetServer(server.url);
    const ids = benchIds(groupId, 'Your order has shipped.');
    const paths = [withRounds(rawPath(server.url, ids)), withRounds(tsClientPath(server.url, ids)), luaPath(server.url, ids)];
    for (const path of paths) await path.round(op, 500); // warm-up
    for (const path of paths) {
      if (op === 'sendSms') await resetServer(server.url, { batches: 0 });
      const { median, byComponent, byFunction } = await profileRound(path);
      let busy = 0;
      for (const [c, us] of byComponent) if (!c.startsWith('idle')) busy += us;
      console.log(`\n${path.name}: median ${Math.round(median * 1000)} µs per call; client busy ${(busy / calls).toFixed(1)} µs per call`);
      for (const [c, us] of [...byComponent].sort((a, b) => b[1] - a[1])) console.log(`  ${(us / calls).toFixed(1).padStart(7)} µs  ${c}`);
      console.log('  top functions (self time per call):');
      for (const [f, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 12))) console.log(`  ${(us / calls).toFixed(1).padStart(7)} µs  ${f}`);
    }
  } finally {
    await server.stop();
  }
});
