'use strict';
/**
 * The start-up part of `npm run build` (issue #14), after tsc: bundle the CLI, the Sinch sandbox worker and
 * the embedded emulator each into one file, and save V8's code cache for each.
 *
 *   dist/host/sinch-worker.bundle.js        src/host/sinch-worker.ts and everything it loads at start
 *                                           (the worker, the Lua runtime, the Sinch host, fengari, zod)
 *   dist/host/sinch-worker.bundle.js.cache  bytecode of what a worker compiles to create its host and run
 *                                           a few scripts, saved by such a worker (src/startup/code-cache.ts)
 *   dist/emulator/bundle/emulator.bundle.js the embedded emulator, with its cache likewise
 *   dist/cli/cli.bundle.js                  the command line (src/cli/program.ts), commander and
 *                                           src/terminal, run by the bin's entry (src/cli/main.ts), with the
 *                                           cache of a `lua -e 'return 1'` run
 *
 * zod is inside, but the worker's own modules reach it through a module that requires it when first read
 * (lazyZod below). What is loaded only when needed stays outside: libphonenumber-js on the first number
 * checked, axios for `sinchHttp()`, the guardrails' better-sqlite3 and ioredis when a store is opened.
 * fengari's `io.read` and `os.tmpname` dependencies (readline-sync, tmp) are left out too: the sandbox
 * removes those functions (src/lua/sandbox.ts), so nothing in the bundle can reach them; so is
 * `child_process`, which fengari loads for `os.execute` (also removed).
 */
const path = require('node:path');
const fs = require('node:fs');
const { Worker } = require('node:worker_threads');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'host', 'sinch-worker.bundle.js');
/**
 * The embedded emulator, started by `kosmo-sinch lua`'s main thread when nothing is configured. Three levels
 * below the package root like dist/emulator/inbox/, because the inbox finds its static files from its own
 * directory (src/emulator/inbox/static-files.ts), which in a bundle is the bundle's.
 */
const EMULATOR_BUNDLE = path.join(DIST, 'emulator', 'bundle', 'emulator.bundle.js');

/**
 * Modules the sandbox never reaches (fengari's debug.debug and os.tmpname, both removed): stubs with the
 * functions fengari calls, which fail loudly if one ever were called. (fengari sets readline-sync's prompt at load.)
 */
const STUBS = {
  'readline-sync': 'setDefaultOptions() {}, prompt() { fail(); }',
  tmp: 'tmpNameSync() { fail(); }',
  child_process: 'execSync() { fail(); }', // os.execute, removed too
};
const unreachable = {
  name: 'unreachable',
  setup(build) {
    build.onResolve({ filter: /^(tmp|readline-sync|child_process)$/ }, (args) =>
      // Only fengari's own requires of these: the rest of the bundle must not depend on a stub.
      /node_modules[\\/]fengari[\\/]/.test(args.importer) ? { path: args.path, namespace: 'unreachable' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unreachable' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not part of the sandbox`)}); };\nmodule.exports = { ${STUBS[args.path]} };`,
      loader: 'js',
    }));
  },
};

/** What both bundles are: one CommonJS file for Node 20. */
const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  // Whitespace and comments only (names are kept, so messages and stack traces read the same): a smaller
  // file is read faster at every start.
  minifyWhitespace: true,
  // esbuild's default, said here because start-up relies on it: non-ASCII characters are written as escapes,
  // so src/startup/code-cache.ts reads a bundle as latin1 (a copy) instead of decoding UTF-8.
  charset: 'ascii',
};

async function bundleEmulator() {
  await esbuild.build({ ...COMMON, entryPoints: [path.join(DIST, 'emulator', 'index.js')], outfile: EMULATOR_BUNDLE });
}

/** Start the bundled emulator in this thread, as the CLI does, serve a few requests, and save its code cache. */
async function saveEmulatorCodeCache() {
  const { runBundle, writeCodeCache } = require(path.join(DIST, 'startup', 'code-cache.js'));
  const loaded = runBundle(EMULATOR_BUNDLE, require);
  const emulator = await loaded.exports.startEmulator({ port: 0 });
  try {
    const plan = `${emulator.url}/xms/v1/emulator-plan`;
    const headers = { authorization: 'Bearer emulator-token', 'content-type': 'application/json' };
    const groups = await (await fetch(`${plan}/groups`, { headers })).json();
    await fetch(`${plan}/groups/${groups.groups[0].id}`, { headers });
    await fetch(`${plan}/batches`, { method: 'POST', headers, body: JSON.stringify({ to: ['+12025550111'], from: '+12025550142', body: 'warm-up' }) });
    await fetch(`${plan}/batches?page_size=30`, { headers });
  } finally {
    await emulator.close();
  }
  return writeCodeCache(EMULATOR_BUNDLE, loaded.script);
}

const CLI_DIR = path.join(DIST, 'cli');
const CLI_BUNDLE = path.join(CLI_DIR, 'cli.bundle.js');
/** What the CLI's bundle holds: the command line and its terminal output (and, of the packages, commander). */
const IN_CLI_BUNDLE = [path.join(DIST, 'cli') + path.sep, path.join(DIST, 'terminal') + path.sep];

/**
 * Everything else stays outside the CLI's bundle, required at run time by its path from dist/cli/ (where the
 * bin's entry is, whose require the bundle gets): src/host's script runner, which the entry has already
 * loaded to prestart the worker and which finds the worker's files from its own directory; src/errors,
 * whose classes must be the same ones its callers throw (`instanceof`); the other commands' layers (the
 * emulator, the MCP server, the docs, the guardrails), loaded only by those commands; and every package but
 * commander.
 */
const cliOutside = {
  name: 'cli-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path === 'commander' || args.path.startsWith('commander/') ? undefined : { path: args.path, external: true },
    );
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      if (!target.startsWith(DIST + path.sep)) return undefined; // inside a package (commander's own files)
      if (IN_CLI_BUNDLE.some((dir) => target.startsWith(dir) || `${target}${path.sep}` === dir)) return undefined;
      const relative = path.relative(CLI_DIR, target).split(path.sep).join('/');
      return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
    });
  },
};

async function bundleCli() {
  await esbuild.build({ ...COMMON, entryPoints: [path.join(CLI_DIR, 'program.js')], outfile: CLI_BUNDLE, plugins: [cliOutside] });
}

/**
 * Run the CLI's bundle as the bin does, in a child process where nothing is configured (an empty HOME and
 * working directory, no SINCH_* variables): `lua -e 'return 1'` with the embedded emulator, then with a
 * configuration file; then save the cache of what those runs compiled.
 */
function saveCliCodeCache() {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kosmo-sinch-build-'));
  try {
    const config = path.join(dir, 'config.json');
    // An address nothing listens on: `return 1` makes no call anyway.
    fs.writeFileSync(config, JSON.stringify({ accounts: { default: { service_plan_id: 'plan', api_token: 'token', sms_base_url: 'http://127.0.0.1:9' } } }));
    const entry = path.join(CLI_DIR, 'main.js');
    const code = `
      const { runBundle, writeCodeCache } = require(${JSON.stringify(path.join(DIST, 'startup', 'code-cache.js'))});
      const loaded = runBundle(${JSON.stringify(CLI_BUNDLE)}, require('node:module').createRequire(${JSON.stringify(entry)}));
      const run = (...args) => loaded.exports.main([process.execPath, ${JSON.stringify(entry)}, 'lua', ...args, '-e', 'return 1']);
      run().then(() => run('--config', ${JSON.stringify(config)})).then((code) => {
        process.stderr.write('\\ncode-cache-bytes ' + writeCodeCache(${JSON.stringify(CLI_BUNDLE)}, loaded.script) + ' exit ' + code + '\\n');
        process.exit(0);
      });`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SINCH_') && key !== 'KOSMO_SINCH_CONFIG' && key !== 'XDG_CONFIG_HOME'));
    const child = require('node:child_process').spawnSync(process.execPath, ['-e', code], { cwd: dir, env: { ...env, HOME: dir }, encoding: 'utf8', timeout: 60_000 });
    const saved = /code-cache-bytes (\d+) exit (\d+)/.exec(child.stderr ?? '');
    if (!saved || saved[2] !== '0') throw new Error(`the CLI's bundle did not run: ${child.stderr}${child.error ?? ''}`);
    return Number(saved[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * zod, loaded when first used rather than when the worker starts (issue #14, cold start): our modules'
 * `require("zod")` (tsc's output for `import { z } from 'zod'`, read as `zod_1.z.<name>` where used) gets a
 * module whose properties are the real module's, which is required on the first read. A script that calls no
 * function and a host built without a configuration file never load it.
 */
const lazyZod = {
  name: 'lazy-zod',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, (args) => (args.importer.startsWith(DIST + path.sep) ? { path: 'zod', namespace: 'lazy-zod' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, () => ({
      resolveDir: ROOT,
      loader: 'js',
      contents: `let real;
const load = () => (real ??= require('zod'));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(load(), key); return d && { ...d, configurable: true }; },
});`,
    }));
  },
};

async function bundle() {
  await esbuild.build({
    ...COMMON,
    entryPoints: [path.join(DIST, 'host', 'sinch-worker.js')],
    outfile: BUNDLE,
    // Loaded only when needed, from node_modules as they are: libphonenumber-js, axios, and the guardrails'
    // stores (better-sqlite3 finds its native addon from its own directory, so it cannot be bundled at all).
    external: ['libphonenumber-js', 'axios', 'better-sqlite3', 'ioredis'],
    plugins: [unreachable, lazyZod],
  });
}

/** Warm-up scripts: what every run does (a sandbox, a call, results, docs, an error), compiled before saving. */
const WARM_UP = [
  'return 1',
  'local ok, e = pcall(app.integrations.sinch.get_group, { group_id = "01W4FFL35P4NC4K35SMSGROUP1" }) return e.code',
  'print(json.encode({ a = 1, b = { 1, 2 } })) return lua_read_doc("integrations.sinch.send_sms"):sub(1, 10)',
  'local t = {} for i = 1, 100 do t[i] = tostring(i) end return #t',
  'error("warm-up")',
];

/** Start a worker from the bundle as the pool does, run the warm-up scripts in it, and have it save its code cache. */
function saveCodeCache() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(DIST, 'sandbox', 'bundle-worker.js'), {
      workerData: { bundle: BUNDLE, produceCodeCache: true, preload: path.join(DIST, 'host', 'sinch-host.js') },
      resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 },
    });
    let next = 0;
    const runNext = () => {
      if (next < WARM_UP.length) worker.postMessage({ type: 'run', id: ++next, request: { code: WARM_UP[next - 1], data: { limits: { timeoutMs: 10_000 } }, canApprove: false, streamOutput: false, forwardWrites: false } });
      else worker.postMessage({ type: 'write-code-cache' });
    };
    const onMessage = (message) => {
      if (message.type === 'batch') return message.messages.forEach(onMessage);
      if (message.type === 'ready') return runNext();
      if (message.type === 'init-failed') return reject(new Error(`the bundled worker could not start: ${message.error.message}`));
      if (message.type === 'result') return runNext();
      if (message.type === 'code-cache-written') {
        void worker.terminate();
        resolve(message.bytes);
      }
    };
    worker.on('message', onMessage);
    worker.on('error', reject);
    // An address nothing listens on: the warm-up's call fails fast (connection refused), without leaving the machine.
    worker.postMessage({ type: 'init', host: { module: path.join(DIST, 'host', 'sinch-host.js'), exportName: 'createSinchHost', options: { emulatorUrl: 'http://127.0.0.1:9' } } });
  });
}

(async () => {
  fs.rmSync(`${BUNDLE}.cache`, { force: true });
  fs.rmSync(`${EMULATOR_BUNDLE}.cache`, { force: true });
  fs.rmSync(`${CLI_BUNDLE}.cache`, { force: true });
  await Promise.all([bundle(), bundleEmulator(), bundleCli()]);
  const size = (file) => `${(fs.statSync(file).size / 1024).toFixed(0)} KiB`;
  const bytes = await saveCodeCache();
  process.stderr.write(`bundle: ${path.relative(ROOT, BUNDLE)} (${size(BUNDLE)}), code cache ${(bytes / 1024).toFixed(0)} KiB\n`);
  const emulatorBytes = await saveEmulatorCodeCache();
  process.stderr.write(`bundle: ${path.relative(ROOT, EMULATOR_BUNDLE)} (${size(EMULATOR_BUNDLE)}), code cache ${(emulatorBytes / 1024).toFixed(0)} KiB\n`);
  // Last: its runs use the worker's and the emulator's bundles with their caches, as the bin does.
  const cliBytes = saveCliCodeCache();
  process.stderr.write(`bundle: ${path.relative(ROOT, CLI_BUNDLE)} (${size(CLI_BUNDLE)}), code cache ${(cliBytes / 1024).toFixed(0)} KiB\n`);
})().catch((error) => {
  process.stderr.write(`bundle: ${error.stack ?? error}\n`);
  process.exit(1);
});
