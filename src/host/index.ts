/**
 * The host module: assembles integrations, accounts, docs, each run's checks and the sandbox pool, and runs
 * scripts (in process or in a worker) or calls functions directly. The top of the library: it may import any
 * layer below it (src/integration, src/lua, src/sandbox, src/sinch, src/docs, src/emulator); nothing but
 * src/cli and src/index.ts imports it. docs/pipeline.md, "The host".
 */
export { Host, DirectRun, createHost, type DirectCall, type DirectRunOptions, type HostOptions } from './host';
export { createSinchHost, createSinchDocs, sinchAccounts, sinchHostFor, type SinchHostOptions } from './sinch-host';
export { prestartSandbox, startScriptRunner, type ScriptRunnerHandle, type ScriptRunnerOptions } from './script-runner';
export { failedResult, runData, runErrorOf, type RunData, type RunError, type RunOptions, type RunResult } from './run-options';
export { describeAccounts, type AccountsDescription, type AccountsReport, type DescribeAccountsOptions, type AccountSummary, type BrokenAccountSummary, type AccountHosts } from './accounts';
export { configAnnouncement } from './config-notices';
