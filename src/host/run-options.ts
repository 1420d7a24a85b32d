/**
 * The run's options and result as the host's users see them (defined beside the Lua runtime that consumes
 * them, src/lua/run-options.ts). A light module: the CLI imports it at start-up.
 */
export { failedResult, runData, runErrorOf, type RunData, type RunError, type RunOptions, type RunResult } from '../lua/run-options';
