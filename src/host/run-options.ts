/**
 * The run's options and result as the host's users see them (defined beside the Lua runtime that consumes
 * them, src/lua/run-options.ts). A light module: the CLI imports it at start-up.
 */
import type { RunResult } from '../lua/run-options';

export { failedResult, runData, runErrorOf, type RunData, type RunError, type RunOptions, type RunResult } from '../lua/run-options';

/**
 * What `kosmo-sinch lua --json` prints and MCP's `execute_lua` returns (docs/contract.md, "The --json
 * envelope"): the run's result and how it ran. One type for both, so that they cannot drift apart.
 */
export interface RunEnvelope extends RunResult {
  /** `emulator`: the built-in emulator answered the calls; `sandbox`: scripts run in a worker thread. */
  meta: { emulator: boolean; sandbox: 'worker' };
}
