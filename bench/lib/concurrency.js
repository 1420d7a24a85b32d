'use strict';
/**
 * Throughput with many scripts in flight in one process: `scripts` concurrent loops of `callsPerScript`
 * sequential calls each (for the Lua path: that many `host.run` scripts at once on one event loop), the paths
 * interleaved round by round like the per-call benchmark. And fairness: the worst call latency a light script
 * sees while a CPU-bound script runs beside it in the same host.
 */
const { median, summarize } = require('./stats');

async function throughputRound(path, op, scripts, callsPerScript) {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: scripts }, () => path.script(op, callsPerScript)));
  const seconds = (performance.now() - t0) / 1000;
  return (scripts * callsPerScript) / seconds;
}

/** Warm-up rounds per path before measuring: a sandbox worker's code is optimised only after a few thousand calls. */
const WARM_UP_ROUNDS = 3;

async function measureThroughput(paths, { op = 'getGroup', scripts, callsPerScript, rounds, log }) {
  // Warm-up: open the connections and compile the code paths — whole rounds for every path, so that a path
  // whose code runs in fresh isolates (the pool's workers, which the per-call rounds never warmed) is measured
  // warm like the others (issue #14: warmed with 2 calls per script, the pool went from 2.3k to 9.8k calls/s
  // over its first five rounds of 2000 calls, and was measured at 0.2× the floor).
  for (let w = 0; w < WARM_UP_ROUNDS; w++) for (const path of paths) await throughputRound(path, op, scripts, callsPerScript);
  log?.(`  throughput: warmed up (${WARM_UP_ROUNDS} rounds per path)`);
  const perRound = new Map(paths.map((p) => [p.key, []]));
  for (let r = 0; r < rounds; r++) {
    const order = paths.map((_, i) => paths[(i + r) % paths.length]);
    for (const path of order) perRound.get(path.key).push(await throughputRound(path, op, scripts, callsPerScript));
    log?.(`  throughput: round ${r + 1}/${rounds}`);
  }
  const floor = perRound.get(paths[0].key);
  return paths.map((path) => {
    const values = perRound.get(path.key);
    return { key: path.key, name: path.name, callsPerSecond: median(values), ratio: median(values.map((v, r) => v / floor[r])) };
  });
}

/** A script that keeps the VM busy for `seconds` of wall time (only Lua arithmetic; os.clock now and then). */
const busyScript = (seconds) => `
local t0, x = os.clock(), 0
while os.clock() - t0 < ${seconds} do
  for i = 1, 2000 do x = x + i % 7 end
end
return x`;

/**
 * The light script's per-call latency alone, then with a CPU-bound script started just before it in the
 * same LuaHost; the busy script outlasts the light one.
 */
async function measureFairness(lua, { calls, busySeconds }) {
  const alone = summarize(await lua.timedScript('getGroup', calls));
  const busy = lua.host.run(busyScript(busySeconds), { limits: { timeoutMs: 600_000 } });
  await new Promise((resolve) => setImmediate(resolve)); // let the busy script start first
  const t0 = performance.now();
  const beside = summarize(await lua.timedScript('getGroup', calls));
  const lightSeconds = (performance.now() - t0) / 1000;
  const busyResult = await busy;
  if (!busyResult.success) throw new Error(`busy script: ${busyResult.error.message}`);
  return { alone, beside, lightSeconds, busySeconds };
}

module.exports = { measureThroughput, measureFairness };
