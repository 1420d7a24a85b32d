'use strict';
/**
 * axios on the call path, measured: `get_group` through the floor (raw `node:http`), our TS client and our
 * Lua function, each with the client's default HTTP layer (the keep-alive transport behind axios's request
 * API) and with `http: sinchHttp()` (axios itself over the same adapter). Interleaved rounds against the
 * emulator in its own process; each ratio is the median over rounds of (path median ÷ floor median).
 *
 *   npm run build && node bench/axios-ab.js [rounds]
 */
const http = require('node:http');
const { startServer, resetServer } = require('./lib/server');
const { SinchClient, emulatorAccounts, sinchHttp } = require('../dist/sinch');
const { createSinchHost } = require('../dist/host/sinch-host');
const { timedScript, LIMITS } = require('./paths/lua');

const ROUNDS = Number(process.argv[2] ?? 15);
const CALLS = 400;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeJs(call, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    out.push(performance.now() - t0);
  }
  return out;
}

/** A Lua host whose Sinch clients use `http` (undefined: the default). */
function luaWith(url, ids, http) {
  const host = createSinchHost({ emulatorUrl: url }, http ? { http } : {});
  return async (n) => {
    const result = await host.run(timedScript('getGroup', n, ids), { limits: LIMITS });
    if (!result.success) throw new Error(result.error.message);
    return result.result;
  };
}

async function main() {
  const server = await startServer();
  try {
    const { groupId } = await resetServer(server.url);
    const ids = { groupId, smsBody: 'x' };
    const config = emulatorAccounts(server.url).get('default').config;
    const agent = new http.Agent({ keepAlive: true });
    const floor = () =>
      new Promise((resolve, reject) => {
        const req = http.request(`${server.url}/xms/v1/emulator-plan/groups/${groupId}`, {
          agent,
          headers: { authorization: 'Bearer emulator-token', accept: 'application/json' },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text)));
        });
        req.end();
      });
    const tsDefault = new SinchClient(config);
    const tsAxios = new SinchClient(config, { http: sinchHttp() });
    const paths = {
      'raw node:http (floor)': (n) => timeJs(floor, n),
      'TS client, default transport': (n) => timeJs(() => tsDefault.getGroup(groupId), n),
      'TS client through axios': (n) => timeJs(() => tsAxios.getGroup(groupId), n),
      'Lua, default transport': luaWith(server.url, ids, undefined),
      'Lua through axios': luaWith(server.url, ids, sinchHttp()),
    };
    const names = Object.keys(paths);
    for (const name of names) await paths[name](300); // warm-up
    const medians = new Map(names.map((n) => [n, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        medians.get(name).push(median(await paths[name](CALLS)) * 1000);
      }
    }
    const floorMedians = medians.get(names[0]);
    console.log(`get_group, ${ROUNDS} interleaved rounds × ${CALLS} calls`);
    for (const name of names) {
      const values = medians.get(name);
      const ratio = median(values.map((v, i) => v / floorMedians[i]));
      console.log(`${name.padEnd(30)} ${median(values).toFixed(0).padStart(5)} µs  ${ratio.toFixed(2)}×`);
    }
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
