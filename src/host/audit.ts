/**
 * Reading the audit ledger for `kosmo-sinch audit` (docs/guardrails.md, "The audit ledger"): the store the
 * configuration names — the file's `guardrails_store`, else the default SQLite file — opened, queried and
 * closed. With no guardrails configured and no default file yet, there is no ledger (nothing is created).
 */
import { existsSync } from 'node:fs';
import { describeStore, openStore, resolveStore, type LedgerEntry, type LedgerQuery } from '../guardrails';
import { loadSinchAccounts } from '../sinch/config/load-accounts';

export interface AuditRequest extends LedgerQuery {
  readonly configPath?: string;
}

export interface AuditResult {
  /** Where the ledger is (`sqlite:/path`, `redis://host:port`), or null when there is none. */
  readonly store: string | null;
  readonly entries: LedgerEntry[];
}

export async function readAudit(request: AuditRequest): Promise<AuditResult> {
  const loaded = loadSinchAccounts({ configPath: request.configPath });
  const config = resolveStore(loaded.guardrailsStore);
  const store = describeStore(config);
  if (config.type === 'sqlite' && !existsSync(config.path!)) return { store: null, entries: [] };
  const opened = openStore(config);
  try {
    const { account, since, until, outcome, limit } = request;
    return { store, entries: await opened.query({ account, since, until, outcome, limit }) };
  } finally {
    await opened.close();
  }
}
