'use strict';
/** Timing JavaScript clients: one awaited call after another, each sample from just before to just after. */

/** n sequential calls of `call`, per-call samples in ms. The first result is checked by `check`. */
async function timeCalls(call, n, check) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const result = await call();
    out[i] = performance.now() - t0;
    if (i === 0 && check && !check(result)) throw new Error(`unexpected result: ${JSON.stringify(result).slice(0, 200)}`);
  }
  return out;
}

const CHECKS = {
  getGroup: (r) => typeof r.id === 'string',
  listBatches: (r) => (Array.isArray(r) ? r : r.batches).length === 30,
  sendSms: (r) => typeof r.id === 'string',
};

/** Give a per-call client (raw, SDK, TS client) the same `round` interface as the Lua path. */
function withRounds(path) {
  return {
    ...path,
    round: (op, n) => timeCalls(path[op], n, CHECKS[op]),
    /** n sequential calls, untimed (for throughput). */
    script: async (op, n) => {
      for (let i = 0; i < n; i++) await path[op]();
    },
  };
}

module.exports = { timeCalls, withRounds };
