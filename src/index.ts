/**
 * kosmokrator-sinch as a library: the Sinch integration declaration (what a KosmoKrator-compatible host
 * registers), the Lua host that runs scripts against it in-process or in a worker pool, the runtime docs,
 * and the local Sinch emulator.
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
} from './integration/types';
export { defineFunction } from './integration/types';
export type { ApprovalRequest, Approver, CallRecord } from './integration/invoke';
export { LuaHost, type RunOptions, type RunResult, type RunError } from './lua/runtime';
export { DEFAULT_LIMITS, type RunLimits } from './lua/limits-config';
export { DocsCatalogue } from './docs/catalogue';
export { SandboxPool, type SandboxPoolOptions } from './sandbox/pool';
export { createSinchHost, type SinchHostOptions } from './cli/sinch-host';
export { sinchIntegration, loadSinchAccounts, emulatorAccounts, describeAccount, type SinchAccountConfig } from './sinch';
export { startEmulator } from './emulator';
