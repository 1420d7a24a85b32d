/**
 * The integration layer: what an integration declares (functions with zod schemas, reads and planned
 * writes), how accounts and permissions work, and the call pipeline every adapter (Lua, MCP) calls through.
 * Knows neither Lua nor Sinch: it must not import from src/lua, src/sinch, src/sandbox, src/host or src/cli.
 * docs/pipeline.md describes the pipeline and its extension points.
 */
export * from './types';
export type { ApprovalField, ApprovalList, ApprovalRequest, ApprovalText, ApprovalValue, Approver } from './approval';
export type { CallCheck, CheckedCall, CheckFactory, Settle } from './checks';
export type { WriteAttempt, WriteEvent, WriteListener, WriteOutcome } from './events';
export { elapsedSince, type CallRecord, type SentState } from './record';
export { RunContext, cancelledError, newRunId, type RunClock, type RunContextOptions } from './run-context';
export { accountNameOf, findTarget, resolveAccount, type CallTarget, type NamedCall } from './target';
export { PipelineCall, invoke, prepare, refuse, toIntegrationError, type CallOutcome, type CallResult } from './pipeline';
export { permissionChecks, type PermissionChecks, type PermissionOptions } from './permission-check';
export { describeParams, paramsJsonSchema, type ParamDescription } from './describe';
export { bindArguments, parameterNames, prepareCall, validateInput, type Validated } from './validate';
