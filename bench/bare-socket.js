'use strict';
/**
 * How much of a call is `node:http` itself: the floor (raw `node:http`, keep-alive agent) beside a bare
 * HTTP/1.1 client written on `node:net` in a few lines (GET only, content-length bodies, no error handling:
 * a measuring stick, not a client), 200 loops of 50 `get_group`s in flight and then one call after another,
 * against the emulator in its own process. What led to src/sinch/http/socket-transport.ts (issue #14;
 * docs/performance.md, "A transport of our own").
 *
 *   npm run build && node bench/bare-socket.js
 */
const net = require('node:net');
const { startServer, resetServer, benchIds, runMain } = require('./lib/server');
const { withRounds } = require('./lib/js-rounds');
const { rawPath } = require('./paths/raw');

function bareSocketPath(url, ids) {
  const { hostname, port } = new URL(url);
  const idle = [];
  function connect() {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setNoDelay(true);
    let waiting = null;
    let buffered = null;
    socket.on('data', (data) => {
      buffered = buffered ? Buffer.concat([buffered, data]) : data;
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(buffered.toString('latin1', 0, headEnd))[1]);
      if (buffered.length < headEnd + 4 + length) return;
      const body = buffered.toString('utf8', headEnd + 4, headEnd + 4 + length);
      buffered = null;
      const { resolve } = waiting;
      waiting = null;
      idle.push(connection);
      resolve(JSON.parse(body));
    });
    socket.on('error', (error) => waiting?.reject(error));
    const connection = {
      request(text) {
        return new Promise((resolve, reject) => {
          waiting = { resolve, reject };
          socket.write(text, 'latin1');
        });
      },
    };
    return connection;
  }
  const head = (path) => `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer emulator-token\r\nAccept: application/json\r\n\r\n`;
  const groupRequest = head(`/xms/v1/emulator-plan/groups/${ids.groupId}`);
  return { name: 'bare node:net client', getGroup: () => (idle.pop() ?? connect()).request(groupRequest) };
}

const SCRIPTS = 200;
const CALLS = 50;

async function throughput(path) {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: SCRIPTS }, () => path.script('getGroup', CALLS)));
  return (SCRIPTS * CALLS) / ((performance.now() - t0) / 1000);
}

runMain(async () => {
  const server = await startServer();
  try {
    const { groupId } = await resetServer(server.url);
    const ids = benchIds(groupId);
    const paths = [withRounds(rawPath(server.url, ids)), withRounds(bareSocketPath(server.url, ids))];
    for (let i = 0; i < 3; i++) for (const path of paths) await throughput(path);
    for (let round = 0; round < 5; round++) {
      const line = [];
      for (const path of paths) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const rate = await throughput(path);
        const cpu = process.cpuUsage(cpu0);
        line.push(`${path.name}: ${Math.round(rate)} calls/s (CPU/wall ${((cpu.user + cpu.system) / 1000 / (performance.now() - t0)).toFixed(2)})`);
      }
      console.log(`round ${round + 1}: ${line.join('; ')}`);
    }
    for (const path of paths) {
      const sorted = Float64Array.from(await path.round('getGroup', 2000)).sort();
      console.log(`${path.name}: one call after another, median ${Math.round(sorted[1000] * 1000)} µs`);
    }
  } finally {
    await server.stop();
  }
});
