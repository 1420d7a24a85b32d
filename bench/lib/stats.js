'use strict';
/** Order statistics over latency samples (milliseconds). */

/** The q-quantile (0..1) of `samples`, nearest-rank on a sorted copy. */
function quantile(samples, q) {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

const median = (samples) => quantile(samples, 0.5);

function summarize(samples) {
  let max = 0;
  for (const s of samples) if (s > max) max = s;
  return { n: samples.length, median: median(samples), p99: quantile(samples, 0.99), max };
}

module.exports = { quantile, median, summarize };
