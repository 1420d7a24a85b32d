'use strict';
/**
 * `npm run bench` (issue #5): the Lua bridge side by side with raw `node:http`, Sinch's official SDK and our
 * TypeScript client, against one emulator process; then concurrency, fairness and fixed costs. Prints tables
 * and writes the figures into docs/performance.md.
 *
 *   node bench/run.js [--quick] [--no-write] [--json FILE]
 *
 * Ends with one line per target of issue #14, `met` or `MISSED`, and exits 0 either way (a benchmark is
 * not a test). `--json FILE` also saves every figure (bench/spread.js runs several times and tabulates).
 *
 * Plain JavaScript over dist/ (npm run bench builds first), so nothing but Node is needed at bench time.
 * Noise: the machine may be shared; ratios are taken pair by pair within a round, and rounds interleave the
 * paths, so that load from elsewhere affects every path alike. Benchmarks are never timed assertions in tests.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { startServer, resetServer, benchIds, runMain } = require('./lib/server');
const { measureOp } = require('./lib/per-call');
const { measureThroughput, measureFairness } = require('./lib/concurrency');
const { measureColdStart } = require('./lib/cold-start');
const { measureJobFunctions } = require('./lib/job-functions');
const { measureCliLoop } = require('./lib/cli-loop');
const { describeMachine, loadAverage } = require('./lib/machine');
const { withRounds } = require('./lib/js-rounds');
const { writeDoc, terminal } = require('./lib/report');
const { rawPath } = require('./paths/raw');
const { sdkPath } = require('./paths/sdk');
const { tsClientPath } = require('./paths/ts-client');
const { luaPath } = require('./paths/lua');
const { luaPoolPath } = require('./paths/lua-pool');
const { mcpPath } = require('./paths/mcp');
const { luaGuardedPath, GUARDRAILS } = require('./paths/lua-guarded');
const { startRedis } = require('./lib/redis');

const argv = process.argv.slice(2);
const args = new Set(argv);
const quick = args.has('--quick');
const jsonFile = args.has('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
const SETTINGS = quick
  ? { rounds: 3, calls: 200, warmup: 100, scripts: 200, callsPerScript: 10, throughputRounds: 2, fairnessCalls: 50, busySeconds: 2, coldRuns: 5, loopCalls: 200, loopRuns: 4 }
  : { rounds: 10, calls: 400, warmup: 300, scripts: 200, callsPerScript: 50, throughputRounds: 5, fairnessCalls: 200, busySeconds: 6, coldRuns: 21, loopCalls: 300, loopRuns: 10 };

const log = (line) => process.stderr.write(`${line}\n`);

async function fixedCosts() {
  const child = path.join(__dirname, 'lib', 'fixed-costs-child.js');
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', child], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

async function main() {
  const started = performance.now();
  const loadBefore = loadAverage();
  log(`kosmo-sinch bench${quick ? ' (quick)' : ''}: load average ${loadBefore}`);
  const server = await startServer();
  try {
    const { groupId } = await resetServer(server.url);
    const ids = benchIds(groupId);
    const lua = luaPath(server.url, ids);
    const mcp = mcpPath(server.url, ids);
    await mcp.start();
    const paths = [
      withRounds(rawPath(server.url, ids)),
      withRounds(sdkPath(server.url, ids)),
      withRounds(tsClientPath(server.url, ids)),
      withRounds(tsClientPath(server.url, ids, true)),
      lua,
      withRounds(mcp),
    ];

    const perCall = {};
    for (const op of ['getGroup', 'listBatches', 'sendSms']) {
      log(`per-call: ${op}`);
      await resetServer(server.url);
      perCall[op] = await measureOp(paths, op, { ...SETTINGS, url: server.url, log });
    }
    await resetServer(server.url);

    // What guardrails cost a send: the unguarded Lua path is the floor here (docs/guardrails.md).
    log('guarded sends');
    const redis = await startRedis();
    const guardedPaths = [lua, luaGuardedPath(server.url, ids, 'sqlite'), luaGuardedPath(server.url, ids, redis.url)];
    let guarded;
    try {
      guarded = await measureOp(guardedPaths, 'sendSms', { ...SETTINGS, url: server.url, log });
    } finally {
      for (const p of guardedPaths.slice(1)) await p.close();
      await redis.stop();
    }
    await resetServer(server.url);
    log('SMS job functions');
    const rawForJobs = rawPath(server.url, ids);
    const jobFunctions = await measureJobFunctions({
      url: server.url,
      lua,
      raw: rawForJobs,
      rounds: quick ? 2 : 5,
      calls: quick ? 50 : 200,
      log,
    });
    rawForJobs.close();

    log('concurrency');
    const pool = luaPoolPath(server.url, ids);
    await pool.warm();
    // Per-call only for the MCP path: an agent's tool calls come one at a time.
    const throughputPaths = [...paths.filter((p) => p.key !== 'ts-axios' && p.key !== 'mcp' && (p.key !== 'ts' || !quick)), pool];
    const throughput = await measureThroughput(throughputPaths, {
      scripts: SETTINGS.scripts,
      callsPerScript: SETTINGS.callsPerScript,
      rounds: SETTINGS.throughputRounds,
      log,
    });
    const fairness = await measureFairness(lua, { calls: SETTINGS.fairnessCalls, busySeconds: SETTINGS.busySeconds });

    log('fixed costs');
    const fixed = await fixedCosts();
    const coldStart = await measureColdStart({ runs: SETTINGS.coldRuns, serverUrl: server.url, log });
    log('the CLI running a Lua loop (the independent-harness shape)');
    await resetServer(server.url);
    const cliLoop = await measureCliLoop({ url: server.url, groupId, calls: SETTINGS.loopCalls, runs: SETTINGS.loopRuns, log });
    for (const p of paths) p.close();
    await pool.close();

    const results = {
      command: quick ? 'npm run bench -- --quick' : 'npm run bench',
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      elapsedSeconds: (performance.now() - started) / 1000,
      machine: describeMachine(),
      loadBefore,
      loadAfter: loadAverage(),
      server: `the Sinch emulator (\`src/emulator\`), started as its own process with \`node dist/cli/main.js emulator --port 0\`, demo data plus 30 sent batches; reset before every \`send_sms\` round`,
      settings: SETTINGS,
      guardrails: GUARDRAILS,
      perCall,
      guarded,
      jobFunctions,
      throughput,
      fairness,
      fixed,
      coldStart,
      cliLoop,
    };
    process.stdout.write(`${terminal(results)}\n`);
    if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2));
    if (!args.has('--no-write')) {
      const file = path.join(__dirname, '..', 'docs', 'performance.md');
      writeDoc(file, results);
      log(`\nwrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await server.stop();
  }
}

runMain(main);
