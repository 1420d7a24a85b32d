'use strict';
/**
 * Fixed costs, measured in a process of their own started with --expose-gc (so memory can be measured after
 * a full collection, and nothing the other benchmarks left on the heap counts): sandbox creation with the
 * Sinch integration registered, an empty run end to end, retained memory per idle sandbox, and docs reads.
 * Prints one JSON object.
 */
const { createSinchHost } = require('../../dist/host/sinch-host');
const { createSandbox } = require('../../dist/lua/sandbox');
const { RunState, DEFAULT_LIMITS } = require('../../dist/lua/run-state');
const { RunContext } = require('../../dist/integration/run-context');
const { summarize } = require('./stats');

const gc = global.gc;
if (typeof gc !== 'function') throw new Error('run with --expose-gc');

// No request is made here: the account only has to exist for the integration to be registered.
const host = createSinchHost({ emulatorUrl: 'http://127.0.0.1:9' });
const newRun = () => new RunState(DEFAULT_LIMITS, new RunContext(), host.docs);

function sandboxCreation(count) {
  for (let i = 0; i < 200; i++) createSandbox(newRun(), host.lua.layout); // warm-up
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const run = newRun();
    const t0 = performance.now();
    createSandbox(run, host.lua.layout);
    samples[i] = performance.now() - t0;
  }
  return summarize(samples);
}

/** Heap (and off-heap buffers) retained per sandbox that was created and is kept, idle. */
function memoryPerSandbox(count) {
  const kept = [];
  gc();
  gc();
  const before = process.memoryUsage();
  for (let i = 0; i < count; i++) kept.push(createSandbox(newRun(), host.lua.layout));
  gc();
  gc();
  const after = process.memoryUsage();
  const heap = (after.heapUsed - before.heapUsed) / count;
  const external = (after.external - before.external) / count;
  if (kept.length !== count) throw new Error('unreachable');
  return { bytes: heap + external, heapBytes: heap, externalBytes: external, kept: count };
}

async function emptyRuns(count) {
  for (let i = 0; i < 100; i++) await host.run('return 1');
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const result = await host.run('return 1');
    samples[i] = performance.now() - t0;
    if (!result.success) throw new Error(result.error.message);
  }
  return summarize(samples);
}

async function readDoc(page, calls) {
  const code = `
local times, clock = {}, os.clock
for i = 1, ${calls} do
  local t0 = clock()
  local text = lua_read_doc(${JSON.stringify(page)})
  times[i] = (clock() - t0) * 1000
  if i == 1 and #text < 100 then error("short page") end
end
return times`;
  await host.run(code.replace(String(calls), '50'));
  const result = await host.run(code, { limits: { timeoutMs: 600_000 } });
  if (!result.success) throw new Error(result.error.message);
  return { page, ...summarize(Float64Array.from(result.result)) };
}

(async () => {
  const out = {
    sandbox: sandboxCreation(Number(process.env.SANDBOXES ?? 2000)),
    emptyRun: await emptyRuns(Number(process.env.EMPTY_RUNS ?? 1000)),
    memory: memoryPerSandbox(Number(process.env.KEPT_SANDBOXES ?? 500)),
    docs: [await readDoc('integrations.sinch', 2000), await readDoc('integrations.sinch.send_sms', 2000)],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
