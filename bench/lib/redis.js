'use strict';
/**
 * A redis-server for the guarded benchmark, on a free loopback port, without persistence (as the tests
 * start theirs: test/guardrails/redis-server.ts). Missing redis-server fails the benchmark loudly.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const BINARY = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
  });
}

async function startRedis() {
  if (!BINARY) throw new Error('redis-server is not installed (apt-get install redis-server): the guarded benchmark needs it.');
  const port = await freePort();
  const child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let up = false;
  for (let i = 0; i < 500 && !(up = await answers(port)); i++) await new Promise((r) => setTimeout(r, 10));
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on port ${port} within 5 s`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))),
  };
}

module.exports = { startRedis };
