/**
 * `kosmo-sinch audit [--account A] [--since TIME] [--until TIME] [--outcome O] [--limit N] [--json] [--config PATH]`:
 * the audit ledger of guarded writes, newest first (docs/guardrails.md, "The audit ledger"). Text goes
 * through the terminal writer, so recipients or bodies kept as text can never drive a terminal.
 */
import { InvalidArgumentError } from 'commander';
import { readAudit } from '../host/audit';
import type { LedgerEntry, LedgerOutcome } from '../guardrails/store';
import { writeOut } from './output';
import { EXIT_OK } from './usage-error';

export interface AuditCommandOptions {
  readonly account?: string;
  readonly since?: number;
  readonly until?: number;
  readonly outcome?: LedgerOutcome;
  readonly limit?: number;
  readonly json?: boolean;
  readonly config?: string;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO 8601 time (`2025-03-10T12:00:00Z`, `2025-03-10`), or a duration back from now (`30m`, `24h`, `7d`). */
export function parseTime(value: string, now = Date.now()): number {
  const relative = /^\s*(\d+)\s*([smhd])\s*$/.exec(value);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]];
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO 8601 time (2025-03-10T12:00:00Z, 2025-03-10) or a time back from now (30m, 24h, 7d).');
  return ms;
}

function describe(entry: LedgerEntry): string {
  const outcome =
    entry.outcome === 'refused'
      ? `refused by ${entry.refused_by}${entry.guardrail ? ` (${entry.guardrail})` : ''}`
      : `${entry.outcome}${entry.error_code ? ` (${entry.error_code})` : ''}${entry.reconciled ? ', reconciled' : ''}`;
  const count = `${entry.recipients.length} recipient${entry.recipients.length === 1 ? '' : 's'}, ${entry.messages} message${entry.messages === 1 ? '' : 's'}`;
  const shown = entry.recipients.slice(0, 3).join(' ') + (entry.recipients.length > 3 ? ` +${entry.recipients.length - 3}` : '');
  const lines = [
    `${entry.at}  ${entry.account}  ${entry.function}  ${outcome}`,
    `    to ${shown} (${count})`,
    `    reference ${entry.reference}${entry.created_id ? `  created ${entry.created_id}` : ''}  run ${entry.run_id} call ${entry.call_id}`,
    entry.body !== null ? `    body: ${entry.body}` : entry.body_sha256 !== null ? `    body sha256: ${entry.body_sha256}` : '',
  ];
  return lines.filter((line) => line !== '').join('\n');
}

export async function auditCommand(options: AuditCommandOptions): Promise<number> {
  const result = await readAudit({
    configPath: options.config,
    account: options.account,
    since: options.since,
    until: options.until,
    outcome: options.outcome,
    limit: options.limit ?? 50,
  });
  if (options.json) {
    // The shape of `accounts --json`: `success` and `error` first, so a failure has the same keys (json-outcome.ts).
    await writeOut(`${JSON.stringify({ success: true, error: null, ...result }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (result.store === null) {
    await writeOut('No audit ledger yet: no account has guardrails, or none has written (README.md, "Guardrails").\n');
    return EXIT_OK;
  }
  const header = `${result.entries.length} write${result.entries.length === 1 ? '' : 's'} from ${result.store}, newest first:`;
  await writeOut(`${[header, ...result.entries.map(describe)].join('\n')}\n`);
  return EXIT_OK;
}
