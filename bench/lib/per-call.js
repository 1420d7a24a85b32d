'use strict';
/**
 * Per-call latency, the paths interleaved: each round runs every path once (in a rotating order, so that no
 * path always follows the same neighbour), and each path's ratio to the floor is the median of its per-round
 * ratios — pair by pair, minutes apart at most, so load from elsewhere on the machine mostly cancels out.
 */
const { resetServer } = require('./server');
const { median, summarize } = require('./stats');

/**
 * @param paths   the floor first, then the others (each with `round(op, n)`)
 * @param op      'getGroup' | 'listBatches' | 'sendSms'
 * @param options {rounds, calls, warmup, url, log}
 */
async function measureOp(paths, op, { rounds, calls, warmup, url, log }) {
  const fresh = op === 'sendSms';
  // Sends grow the emulator's state: every path's round starts from the same, freshly reset state.
  const prepare = async () => {
    if (fresh) await resetServer(url, { batches: 0 });
  };

  for (const path of paths) {
    await prepare();
    await path.round(op, warmup);
  }

  const samples = new Map(paths.map((p) => [p.key, []]));
  const perRound = new Map(paths.map((p) => [p.key, []]));
  for (let r = 0; r < rounds; r++) {
    const order = paths.map((_, i) => paths[(i + r) % paths.length]);
    for (const path of order) {
      await prepare();
      const round = await path.round(op, calls);
      samples.get(path.key).push(round);
      perRound.get(path.key).push(median(round));
    }
    log?.(`  ${op}: round ${r + 1}/${rounds}`);
  }

  const floor = perRound.get(paths[0].key);
  return paths.map((path) => {
    const all = Float64Array.from(samples.get(path.key).flatMap((round) => Array.from(round)));
    const medians = perRound.get(path.key);
    return {
      key: path.key,
      name: path.name,
      ...summarize(all),
      ratio: median(medians.map((m, r) => m / floor[r])),
      ratioRange: [Math.min(...medians.map((m, r) => m / floor[r])), Math.max(...medians.map((m, r) => m / floor[r]))],
    };
  });
}

module.exports = { measureOp };
