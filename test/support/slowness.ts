/**
 * Margins that grow with the machine's load (BRIEF: "a test that depends on a timing margin or machine speed
 * is a defect"; issue #10, "Done when": two suites at once on 2 shared cores). A test that must bound how long
 * something took — a deadline that must hold inside one long instruction — scales its margin by how much
 * slower than a quiet run a fixed piece of work runs right now, measured just before it asserts: on a loaded
 * machine the work and the measurement are slowed alike, so the bound keeps proving the behaviour (stopped
 * near the deadline, not minutes later) without failing because the machine was busy.
 */

/** A fixed piece of CPU work the JIT cannot remove. */
function work(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 31 + i) | 0;
  return x;
}

const ITERATIONS = 5_000_000;
/** Wall time of `work(ITERATIONS)` on this project's 2-core machine with nothing else running. */
const QUIET_MS = 22;

// Compiled before the first measurement; every result is folded in, so no loop is optimised away.
let sink = work(100_000);

/** How many times slower than quiet this process runs now: at least 1 (a faster machine gets no less). */
export function slowdown(): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    sink ^= work(ITERATIONS);
    times.push(performance.now() - started);
  }
  // The median of three: one preemption does not decide it, a sustained load does.
  const median = times.sort((a, b) => a - b)[1];
  return Math.max(1, median / QUIET_MS);
}

/** `ms` on a quiet machine, scaled by the slowdown measured now. */
export function scaled(ms: number): number {
  return ms * slowdown();
}
