'use strict';
/**
 * The independent-harness shape (issue #14): the CLI binary running a Lua loop — `kosmo-sinch lua --json` with a
 * script that calls `get_group` n times — timed from the envelope's `execution_time_ms`, against Sinch's SDK
 * doing the same n calls in a fresh process of its own, timed the same way (from just before its first call to
 * just after its last). Both pay what a one-shot process pays: cold JIT, the first connection; the CLI's figure
 * also includes creating the sandbox and compiling the script (what execution_time_ms covers), not the
 * process start (that is the cold-start row). Runs alternate, so both see the same machine load.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('./stats');

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const SDK_CHILD = path.join(__dirname, 'sdk-loop-child.js');

function run(args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}: ${err}${out}`))));
  });
}

/**
 * @param options {url, groupId, calls, runs, log}
 * @returns {{calls, runs, lua: {perCallMs, samples}, sdk: {perCallMs, samples}, ratio}}
 */
async function measureCliLoop({ url, groupId, calls, runs, log }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-bench-loop-'));
  try {
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ accounts: { default: { service_plan_id: 'emulator-plan', api_token: 'emulator-token', sms_base_url: url, permissions: { read: 'allow', write: 'allow' } } } }),
    );
    const script = path.join(dir, 'loop.lua');
    fs.writeFileSync(
      script,
      `local sinch = app.integrations.sinch\nfor i = 1, ${calls} do\n  local group = sinch.get_group({ group_id = ${JSON.stringify(groupId)} })\n  assert(group.id == ${JSON.stringify(groupId)})\nend\nreturn ${calls}\n`,
    );
    const options = { cwd: dir, env: { ...process.env, HOME: dir } };
    const lua = async () => {
      const envelope = JSON.parse(await run([CLI, 'lua', '--json', '--config', config, script], options));
      if (!envelope.success) throw new Error(`lua loop: ${JSON.stringify(envelope.error)}`);
      return envelope.execution_time_ms / calls;
    };
    const sdk = async () => JSON.parse(await run([SDK_CHILD, url, groupId, String(calls)], options)).elapsedMs / calls;
    await lua(); // warm the file cache
    await sdk();
    const samples = { lua: [], sdk: [] };
    for (let r = 0; r < runs; r++) {
      // Alternate which goes first.
      const order = r % 2 === 0 ? ['lua', 'sdk'] : ['sdk', 'lua'];
      for (const which of order) samples[which].push(await (which === 'lua' ? lua() : sdk()));
      if ((r + 1) % 5 === 0) log?.(`  CLI loop: ${r + 1}/${runs}`);
    }
    const ratios = samples.lua.map((l, i) => l / samples.sdk[i]);
    return {
      calls,
      runs,
      lua: { perCallMs: median(samples.lua), samples: samples.lua },
      sdk: { perCallMs: median(samples.sdk), samples: samples.sdk },
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { measureCliLoop };
