/// <reference path="./lua/fengari.d.ts" preserve="true" />
/**
 * kosmokrator-sinch as a library: the host (src/host/: run Lua scripts in process or in a worker pool, call
 * functions directly), the call pipeline and its extension points (src/integration/: checks, plans, write
 * events), the Sinch integration declaration (what a KosmoKrator-compatible host registers), the runtime
 * docs, and the local Sinch emulator.
 */
export { IntegrationError, ERROR_CODES, type ErrorCode } from './errors';
export type {
  Account,
  AccountDirectory,
  CallContext,
  FunctionDeclaration,
  IntegrationBinding,
  IntegrationDeclaration,
  Operation,
  Permissions,
  Policy,
  ReadFunction,
  Reconciliation,
  WriteFacts,
  WriteFunction,
  WritePlan,
  WriteResult,
} from './integration/types';
export { defineFunction } from './integration/types';
export type { ApprovalField, ApprovalRequest, Approver } from './integration/approval';
export type { CallCheck, CheckedCall, Settle } from './integration/checks';
export type { WriteAttempt, WriteEvent, WriteListener, WriteOutcome } from './integration/events';
export type { CallRecord, SentState } from './integration/record';
export { RunContext, type RunContextOptions } from './integration/run-context';
export { permissionChecks, type PermissionChecks, type PermissionOptions } from './integration/permission-check';
export type { CallOutcome, CallResult } from './integration/pipeline';
export {
  Host,
  DirectRun,
  createHost,
  createSinchHost,
  createSinchDocs,
  sinchHostFor,
  startScriptRunner,
  failedResult,
  describeAccounts,
  type AccountsDescription,
  type AccountsReport,
  type DescribeAccountsOptions,
  type AccountSummary,
  type BrokenAccountSummary,
  type DirectCall,
  type DirectRunOptions,
  type HostOptions,
  type SinchHostOptions,
  type ScriptRunnerHandle,
  type ScriptRunnerOptions,
  type RunOptions,
  type RunResult,
  type RunError,
} from './host';
export { LuaHost } from './lua/runtime';
export { DEFAULT_LIMITS, type RunLimits } from './lua/limits-config';
export { DocsCatalogue } from './docs/catalogue';
export { SandboxPool, type SandboxPoolOptions } from './sandbox/pool';
export {
  sinchIntegration,
  sinchBinding,
  SinchServices,
  loadSinchAccounts,
  emulatorAccounts,
  describeAccount,
  type SinchAccountConfig,
} from './sinch';
export { startEmulator } from './emulator';
