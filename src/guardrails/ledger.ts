/**
 * The audit ledger's entries, made from the pipeline's write events (src/integration/events.ts;
 * docs/guardrails.md, "The audit ledger"): every write attempt of a guarded account, and its outcome —
 * done, not done, unknown, or refused by a check (and which guardrail). The body is kept as its SHA-256
 * unless the account's `ledger_body` is `text`: bodies may be personal data (codes, names, health), and the
 * ledger is kept for months and shared by every host; the hash still shows which text went out (hash a
 * candidate and compare) and ties repeats together.
 */
import { createHash } from 'node:crypto';
import type { WriteEvent } from '../integration/events';
import type { LedgerEntry, LedgerOutcome } from './store';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function outcomeOf(event: WriteEvent): LedgerOutcome {
  if (event.phase === 'attempt') return 'pending';
  const { record } = event;
  if (record.refused_by !== undefined) return 'refused';
  if (record.sent === true) return 'sent';
  if (record.sent === false) return 'not_sent';
  return 'unknown';
}

export function ledgerEntry(event: WriteEvent, ledgerBody: 'sha256' | 'text', guardrail: string | undefined): LedgerEntry {
  const { facts } = event.plan;
  const record = event.phase === 'outcome' ? event.record : undefined;
  return {
    id: `${event.run_id}:${event.call_id}`,
    at: event.at,
    settled_at: record !== undefined ? event.at : null,
    run_id: event.run_id,
    call_id: event.call_id,
    account: event.account,
    integration: event.integration,
    function: event.function,
    recipients: [...facts.recipients],
    messages: facts.messages,
    body: ledgerBody === 'text' && facts.body !== undefined ? facts.body : null,
    body_sha256: facts.body !== undefined ? sha256(facts.body) : null,
    reference: event.plan.reference,
    created_id: record?.created_id ?? null,
    outcome: outcomeOf(event),
    sent: record?.sent ?? null,
    error_code: record?.error?.code ?? null,
    refused_by: record?.refused_by ?? null,
    guardrail: guardrail ?? null,
    reconciled: event.phase === 'outcome' && event.reconciled === true,
  };
}
