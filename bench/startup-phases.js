'use strict';
/**
 * Where `kosmo-sinch lua -e 'return 1'` spends its start-up, step by step (docs/performance.md, "Start-up:
 * each measure, measured"; issue #14). Runs the built CLI N times with this file as a `-r` preload in both
 * threads (NODE_OPTIONS reaches the sandbox worker too), which timestamps the main module's first line, the
 * worker's spawn, the worker's own first line, its bundle's compile, and the messages between the threads;
 * prints each step's median (min–max) in ms. Several checkouts side by side alternate run by run.
 *
 *   npm run build && node bench/startup-phases.js [N=9] [--config FILE] [ROOT...]   (ROOT: a built checkout; default this one)
 *
 * The preload adds a little to every step it brackets: compare checkouts measured together, not with
 * `bench/run.js`'s wall times.
 */
const { isMainThread, parentPort } = require('node:worker_threads');
const path = require('node:path');

const ORIGIN_VARIABLE = 'KOSMO_SINCH_PHASES_ORIGIN';

/** As a preload: record the steps, and print them on stderr when the process exits. */
function instrument() {
  const vm = require('node:vm');
  const now = () => performance.timeOrigin + performance.now();
  const marks = [];
  if (isMainThread) {
    process.env[ORIGIN_VARIABLE] = String(performance.timeOrigin);
    const origin = performance.timeOrigin;
    const mark = (name) => marks.push([now() - origin, name]);
    const Module = require('node:module');
    const load = Module._load;
    let first = true;
    Module._load = function (...args) {
      if (first && args[2]) {
        first = false;
        mark('main');
      }
      return load.apply(this, args);
    };
    const workerThreads = require('node:worker_threads');
    const { Worker } = workerThreads;
    workerThreads.Worker = class extends Worker {
      constructor(...args) {
        mark('spawn');
        super(...args);
        const post = this.postMessage.bind(this);
        this.postMessage = (message, ...rest) => {
          if (message?.type === 'init') mark('init posted');
          return post(message, ...rest);
        };
        this.on('message', (message) => {
          if (message?.phases) marks.push(...message.phases);
        });
      }
    };
    const exit = process.exit;
    process.exit = (code) => {
      mark('exit');
      require('node:fs').writeSync(2, `\nPHASES ${JSON.stringify(marks)}\n`);
      exit(code);
    };
    return;
  }
  const origin = Number(process.env[ORIGIN_VARIABLE]);
  const mark = (name) => marks.push([now() - origin, name]);
  mark('worker first line');
  const Script = vm.Script;
  vm.Script = class extends Script {
    constructor(...args) {
      mark('worker compile');
      super(...args);
      mark('worker compiled');
    }
  };
  // Every message the worker sends carries the marks so far, ahead of it (the main thread prints them at exit).
  const post = parentPort.postMessage.bind(parentPort);
  const on = parentPort.on.bind(parentPort);
  let listening = false;
  parentPort.on = (event, listener) => {
    if (event === 'message' && !listening) {
      listening = true;
      on('message', (message) => mark(`worker got ${message?.type}`));
    }
    return on(event, listener);
  };
  parentPort.postMessage = (message, ...rest) => {
    mark(`worker sent ${message?.type === 'batch' ? message.messages[0]?.type : message?.type}`);
    post({ phases: marks.splice(0) });
    return post(message, ...rest);
  };
}

const STEPS = [
  ['main module\'s first line', (t) => t.main],
  ['worker spawned, after it', (t) => t.spawn - t.main],
  ['worker boot (Node\'s)', (t) => t['worker first line'] - t.spawn],
  ['worker: its entry, reading the bundle', (t) => t['worker compile'] - t['worker first line']],
  ['worker: code cache deserialised', (t) => t['worker compiled'] - t['worker compile']],
  ['worker: bundle top-level (to init)', (t) => t['worker got init'] - t['worker compiled']],
  ['worker: init to ready', (t) => t['worker sent ready'] - t['worker got init']],
  ['worker: ready to result', (t) => t['worker sent result'] - t['worker sent ready']],
  ['main: init posted, after the spawn', (t) => t['init posted'] - t.spawn],
  ['process.exit() called', (t) => t.exit],
];

/** As a program: run the CLI(s) and print the steps' medians. */
function main(argv) {
  const { spawnSync } = require('node:child_process');
  const n = Number(argv.find((a) => /^\d+$/.test(a)) ?? 9);
  const configAt = argv.indexOf('--config');
  const extra = configAt >= 0 ? ['--config', argv[configAt + 1]] : [];
  const roots = argv.filter((a, i) => !/^\d+$/.test(a) && a !== '--config' && i !== configAt + 1);
  if (roots.length === 0) roots.push(path.join(__dirname, '..'));
  const samples = roots.map(() => []);
  for (let run = 0; run < n; run++) {
    roots.forEach((root, r) => {
      const child = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'lua', ...extra, '-e', 'return 1'], {
        env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r ${__filename}` },
        encoding: 'utf8',
      });
      const line = /PHASES (.*)/.exec(child.stderr ?? '');
      if (!line) throw new Error(`no timestamps from ${root}: ${child.stderr}`);
      const times = {};
      for (const [at, name] of JSON.parse(line[1])) times[name] ??= at;
      samples[r].push(STEPS.map(([, step]) => step(times)));
    });
  }
  const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  process.stdout.write(`${n} runs each, ms; load average ${require('node:os').loadavg()[0].toFixed(2)}\n`);
  STEPS.forEach(([name], i) => {
    const cells = samples.map((runs) => {
      const values = runs.map((row) => row[i]);
      return `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`.padEnd(22);
    });
    process.stdout.write(`${name.padEnd(40)} ${cells.join(' ')}\n`);
  });
  if (roots.length > 1) process.stdout.write(`columns: ${roots.join(', ')}\n`);
}

if (require.main === module) main(process.argv.slice(2));
else instrument();
