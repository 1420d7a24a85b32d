'use strict';
/**
 * The server every client talks to: the Sinch emulator (src/emulator), built to dist/, in its own process
 * (`kosmo-sinch emulator --port 0`), so that no client shares an event loop or a core with it. Helpers to
 * reset its state and to seed the 30 batches that the list benchmark pages through.
 */
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const READY = /^Sinch emulator listening on (http:\/\/\S+)$/m;

/** Start the emulator; resolves to `{url, pid, stop()}` once it prints its ready line. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const match = READY.exec(out);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        url: match[1],
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited early (code ${code}): ${out}`)));
  });
}

/** One request to the emulator outside any measurement (a fresh connection, no keep-alive). */
function request(url, method, route, body, token = 'emulator-token') {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${url}${route}`, {
      method,
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if (res.statusCode >= 300) return reject(new Error(`${method} ${route} -> ${res.statusCode}: ${text}`));
        resolve(text === '' ? undefined : JSON.parse(text));
      });
    });
    req.end(data);
  });
}

const PLAN = '/xms/v1/emulator-plan';

/**
 * Empty the emulator and load its demo data again, plus enough sent batches that a 30-item page is full.
 * Resolves to the ids the benchmark uses.
 */
async function resetServer(url, { batches = 30 } = {}) {
  await request(url, 'POST', '/_emulator/reset', { demo: true });
  for (let i = 0; i < batches; i++) {
    await request(url, 'POST', `${PLAN}/batches`, {
      to: ['+12025550111', '+12025550112'],
      from: '+12025550142',
      body: `Benchmark seed message ${i}: your order has shipped and will arrive tomorrow.`,
      delivery_report: 'summary',
      client_reference: `bench-seed-${i}`,
    });
  }
  const groups = await request(url, 'GET', `${PLAN}/groups`);
  return { groupId: groups.groups[0].id };
}

/**
 * What every path's calls use: the demo group, the window our list_batches sends by default (the whole
 * 14-day retention, so every path asks the server the same question), a body, and a counter for references.
 */
function benchIds(groupId, smsBody = 'Your order 1234 has shipped and will arrive tomorrow.') {
  const { toIsoUtc } = require(path.join(ROOT, 'dist', 'sinch', 'params', 'iso-time'));
  const { DEFAULT_LOOKBACK_MS } = require(path.join(ROOT, 'dist', 'sinch', 'functions', 'list-window'));
  let sequence = 0;
  return { groupId, startDate: toIsoUtc(Date.now() - DEFAULT_LOOKBACK_MS), smsBody, next: () => ++sequence };
}

/** Run a bench script's `main`: exit 0 when it ends, 1 with the error when it fails (servers left behind die with the process). */
function runMain(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

module.exports = { startServer, resetServer, request, benchIds, runMain, PLAN };
