/**
 * Guardrails for writes (issue #12; docs/guardrails.md): per-account budgets of messages (per run, hour
 * and day), a maximum of recipients, recipient allow- and deny-lists, a duplicate guard and a rate, checked
 * in the call pipeline before anything is sent; the state they share across processes and hosts (a SQLite
 * file or Redis); and the audit ledger of every write. Knows writes, their facts (recipients, messages,
 * body), write events and stores; must not import src/lua, src/sinch, src/sandbox, src/host, src/cli or the
 * emulator. better-sqlite3 and ioredis are loaded only when a store is opened (open-store.ts).
 */
export {
  guardrailsSchema,
  guardrailFieldsAt,
  storeSchema,
  toPolicy,
  durationMs,
  DEFAULT_RETENTION_DAYS,
  type GuardrailsConfig,
  type GuardrailPolicy,
  type StoreConfig,
} from './config';
export { compilePattern, patternProblem, type RecipientPattern } from './patterns';
export { guardrailCheck, duplicateKeys, realSleep, RATE_WAIT_WITHOUT_DEADLINE_MS, type GuardrailCheckOptions, type Sleep } from './check';
export { ledgerEntry, sha256 } from './ledger';
export { Guardrails, type GuardrailsOptions } from './guardrails';
export { defaultSqlitePath, describeStore, openStore, resolveStore } from './open-store';
export {
  LEDGER_OUTCOMES,
  StoreUnavailable,
  redisOrigin,
  type GuardrailStore,
  type LedgerEntry,
  type LedgerOutcome,
  type LedgerQuery,
  type ReleaseRequest,
  type ReserveRequest,
  type ReserveResult,
  type Usage,
} from './store';
