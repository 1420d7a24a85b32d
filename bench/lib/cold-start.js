'use strict';
/**
 * The CLI's cold start: `kosmo-sinch lua -e 'return 1'` against `node -e 0`, each a fresh process, spawned
 * alternately (so both see the same machine load), wall time from spawn to exit; medians reported.
 *
 * Run where nothing is configured (an empty HOME and working directory, no SINCH_* or KOSMO_SINCH_CONFIG):
 * that is the embedded-emulator default a first-time user gets. A second CLI row uses a config file (an
 * account pointing at the benchmark's emulator), where the CLI starts no emulator.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('./stats');

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

function timeSpawn(args, options) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', () => undefined);
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`));
      resolve(ms);
    });
  });
}

function cleanEnv(home) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('SINCH_') || key === 'KOSMO_SINCH_CONFIG' || key === 'XDG_CONFIG_HOME') continue;
    env[key] = value;
  }
  return { ...env, HOME: home };
}

async function measureColdStart({ runs, serverUrl, log }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kosmo-sinch-bench-'));
  try {
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        accounts: {
          default: {
            service_plan_id: 'emulator-plan',
            api_token: 'emulator-token',
            sms_base_url: serverUrl,
            permissions: { read: 'allow', write: 'allow' },
          },
        },
      }),
    );
    const options = { cwd: dir, env: cleanEnv(dir) };
    const kinds = [
      { key: 'node', label: '`node -e 0`', args: ['-e', '0'] },
      { key: 'cli', label: "`kosmo-sinch lua -e 'return 1'` (nothing configured: embedded emulator)", args: [CLI, 'lua', '-e', 'return 1'] },
      { key: 'cliConfigured', label: "`kosmo-sinch lua --config FILE -e 'return 1'` (an account configured)", args: [CLI, 'lua', '--config', config, '-e', 'return 1'] },
    ];
    for (const kind of kinds) await timeSpawn(kind.args, options); // warm the file cache
    const samples = new Map(kinds.map((k) => [k.key, []]));
    for (let r = 0; r < runs; r++) {
      for (const kind of kinds) samples.get(kind.key).push(await timeSpawn(kind.args, options));
      if ((r + 1) % 5 === 0) log?.(`  cold start: ${r + 1}/${runs}`);
    }
    const node = median(samples.get('node'));
    return kinds.map((kind) => {
      const values = samples.get(kind.key);
      return { key: kind.key, label: kind.label, median: median(values), ratio: median(values) / node, runs: values.length };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { measureColdStart };
