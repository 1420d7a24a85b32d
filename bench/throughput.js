'use strict';
/**
 * Throughput arrangements side by side: 200 scripts (or JavaScript loops) of 50 `get_group`s in flight,
 * interleaved rounds in a rotating order, calls/s and the ratio to the floor per round (median) — the
 * floor, the SDK, our TS client, the in-process Lua host, and the sandbox pool with one, two and three
 * workers; and the client process's CPU time a call (all its threads: the pool's workers too). With `--profile`, a CPU profile of each path's main thread afterwards (written to DIR) and its CPU
 * time a call. Behind docs/performance.md, "The pool's arrangement".
 *
 *   npm run build && node bench/throughput.js [rounds] [paths, e.g. raw,lua,pool2] [--profile DIR]
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');
const { startServer, resetServer, benchIds, runMain } = require('./lib/server');
const { withRounds } = require('./lib/js-rounds');
const { median } = require('./lib/stats');
const { rawPath } = require('./paths/raw');
const { sdkPath } = require('./paths/sdk');
const { tsClientPath } = require('./paths/ts-client');
const { luaPath } = require('./paths/lua');
const { luaPoolPath } = require('./paths/lua-pool');

const args = process.argv.slice(2);
const profileAt = args.indexOf('--profile');
const profileDir = profileAt === -1 ? undefined : args.splice(profileAt, 2)[1];
const rounds = Number(args[0] ?? 8);
const wanted = (args[1] ?? 'raw,sdk,ts,lua,pool1,pool2').split(',');
const SCRIPTS = 200;
const CALLS = 50;

/** Calls per second of one round; `cpu` collects the process's CPU time a call (all its threads), in µs. */
async function round(p, cpu) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: SCRIPTS }, () => p.script('getGroup', CALLS)));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  cpu?.push((used.user + used.system) / (SCRIPTS * CALLS));
  return (SCRIPTS * CALLS) / seconds;
}

const post = (session, method, params) =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

runMain(async () => {
  const server = await startServer();
  const made = [];
  try {
    const { groupId } = await resetServer(server.url);
    const ids = benchIds(groupId);
    const factories = {
      raw: () => withRounds(rawPath(server.url, ids)),
      sdk: () => withRounds(sdkPath(server.url, ids)),
      ts: () => withRounds(tsClientPath(server.url, ids)),
      lua: () => luaPath(server.url, ids),
      pool1: () => luaPoolPath(server.url, ids, { workers: 1, scriptsPerWorker: 200 }),
      pool2: () => luaPoolPath(server.url, ids, { workers: 2, scriptsPerWorker: 100 }),
      pool3: () => luaPoolPath(server.url, ids, { workers: 3, scriptsPerWorker: 67 }),
    };
    const paths = wanted.map((key) => {
      const p = factories[key]();
      made.push(p);
      return [key, p];
    });
    for (let w = 0; w < 3; w++) for (const [, p] of paths) await round(p);
    const rates = new Map(paths.map(([key]) => [key, []]));
    const cpus = new Map(paths.map(([key]) => [key, []]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < paths.length; i++) {
        const [key, p] = paths[(i + r) % paths.length];
        rates.get(key).push(await round(p, cpus.get(key)));
      }
    }
    const floor = rates.get(paths[0][0]);
    for (const [key] of paths) {
      const values = rates.get(key);
      const ratio = median(values.map((v, r) => v / floor[r]));
      const cpu = median(cpus.get(key)).toFixed(0);
      console.log(`${key.padEnd(6)} ${String(Math.round(median(values))).padStart(6)} calls/s  ${ratio.toFixed(2)}× ${paths[0][0]}  CPU ${cpu} µs a call (the client process)  rounds: ${values.map(Math.round).join(' ')}`);
    }
    if (profileDir === undefined) return;
    fs.mkdirSync(profileDir, { recursive: true });
    for (const [key, p] of paths) {
      const session = new inspector.Session();
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
      await post(session, 'Profiler.start');
      const cpu0 = process.cpuUsage();
      let calls = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 5000) {
        await round(p);
        calls += SCRIPTS * CALLS;
      }
      const cpu = process.cpuUsage(cpu0);
      const { profile } = await post(session, 'Profiler.stop');
      session.disconnect();
      fs.writeFileSync(path.join(profileDir, `${key}.cpuprofile`), JSON.stringify(profile));
      console.log(`${key}: process CPU (all threads; the profile is the main thread's) ${((cpu.user + cpu.system) / calls).toFixed(1)} µs a call (user ${(cpu.user / calls).toFixed(1)}, system ${(cpu.system / calls).toFixed(1)}), profiler on`);
    }
  } finally {
    for (const p of made) await p.close?.();
    await server.stop();
  }
});
