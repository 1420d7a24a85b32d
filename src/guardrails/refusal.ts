/**
 * The `guardrail_refused` errors (lua-docs/errors.md, "Guardrails"): each names the guardrail as the
 * configuration writes it (`budget.per_day`), the limit, what the write asked for and what is left, says
 * that nothing was sent (`sent = false`), and what to do. Built from configuration values, counts and the
 * recipients the write was planned with: never from a store's error text.
 */
import { IntegrationError, type ErrorDetail } from '../errors';
import type { CheckedCall } from '../integration/checks';

/** Recipients listed in a refusal at most (the count is always given). */
const LISTED = 20;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listed(recipients: readonly string[]): string {
  const shown = recipients.slice(0, LISTED).join(', ');
  return recipients.length > LISTED ? `${shown} and ${recipients.length - LISTED} more` : shown;
}

export function refusal(
  call: CheckedCall,
  guardrail: string,
  what: string,
  advice: string,
  details: Record<string, ErrorDetail>,
): IntegrationError {
  const fn = call.fn.name;
  return new IntegrationError(
    'guardrail_refused',
    `${fn} was refused by the guardrail ${guardrail} of account '${call.account.name}': ${what}. Nothing was sent. ${advice}`,
    { function: fn, account: call.account.name, guardrail, ...details, sent: false, retryable: details.retryable ?? false },
  );
}

export function budgetRefusal(
  call: CheckedCall,
  guardrail: 'budget.per_run' | 'budget.per_hour' | 'budget.per_day',
  limit: number,
  used: number,
  requested: number,
  now: number,
): IntegrationError {
  const remaining = Math.max(0, limit - used);
  const window = guardrail === 'budget.per_run' ? 'this run' : guardrail === 'budget.per_hour' ? 'this hour (UTC)' : 'this day (UTC)';
  const details: Record<string, ErrorDetail> = { limit, requested, remaining, used };
  let renews = '';
  if (guardrail !== 'budget.per_run') {
    const size = guardrail === 'budget.per_hour' ? 3_600_000 : 86_400_000;
    const resetsAt = new Date((Math.floor(now / size) + 1) * size).toISOString();
    details.resets_at = resetsAt;
    renews = ` It renews at ${resetsAt}.`;
  }
  return refusal(
    call,
    guardrail,
    `it would send ${plural(requested, 'message')}, and ${remaining} of the ${limit} messages allowed ${window} are left`,
    `${remaining > 0 ? `Send at most ${remaining} messages (fewer recipients or a shorter text), or stop here.` : 'Stop sending; do not retry in a loop.'}${renews}`,
    details,
  );
}

export function maxRecipientsRefusal(call: CheckedCall, limit: number, requested: number): IntegrationError {
  return refusal(
    call,
    'max_recipients',
    `it has ${plural(requested, 'recipient')}, and one write may have at most ${limit}`,
    `Split it into writes of at most ${limit} recipients (each is counted against the budgets).`,
    { limit, requested, remaining: limit },
  );
}

export function recipientsRefusal(
  call: CheckedCall,
  guardrail: 'recipients.allow' | 'recipients.deny',
  refused: readonly string[],
  patterns: readonly string[],
  requested: number,
): IntegrationError {
  const what =
    guardrail === 'recipients.deny'
      ? `${plural(refused.length, 'recipient')} match${refused.length === 1 ? 'es' : ''} the deny-list (${listed(refused)})`
      : `${plural(refused.length, 'recipient')} match${refused.length === 1 ? 'es' : ''} none of the allowed patterns ${patterns.join(', ')} (${listed(refused)})`;
  return refusal(call, guardrail, what, 'Remove these recipients and send to the others, or ask the user; the list is the operator\'s.', {
    limit: [...patterns],
    requested,
    remaining: requested - refused.length,
    recipients: refused.slice(0, LISTED),
  });
}

export function duplicateRefusal(call: CheckedCall, window: string, duplicates: readonly string[], requested: number, expiresInMs: number): IntegrationError {
  const retryAfter = Math.max(1, Math.ceil(expiresInMs / 1000));
  return refusal(
    call,
    'duplicate_window',
    `the same text was already sent to ${plural(duplicates.length, 'recipient')} within the last ${window} (${listed(duplicates)})`,
    'It looks like a repeat (a retried loop?). If you mean to send it again, pass allow_duplicate = true; otherwise do not send it.',
    { limit: window, requested, remaining: requested - duplicates.length, recipients: duplicates.slice(0, LISTED), retry_after: retryAfter },
  );
}

export function rateRefusal(call: CheckedCall, rate: number, requested: number, waitMs: number, timeLeftMs: number | undefined, capMs: number): IntegrationError {
  const why =
    timeLeftMs !== undefined
      ? `its turn under ${rate} messages per second comes in ${(waitMs / 1000).toFixed(1)} s, after the run's deadline (${(Math.max(0, timeLeftMs) / 1000).toFixed(1)} s left)`
      : `its turn under ${rate} messages per second comes in ${(waitMs / 1000).toFixed(1)} s, longer than a call may wait (${capMs / 1000} s)`;
  return refusal(call, 'rate_per_second', why, 'Send less at once, or try again later (sends of other runs are queued ahead of it).', {
    limit: rate,
    requested,
    remaining: 0,
    wait_ms: waitMs,
    retry_after: Math.ceil(waitMs / 1000),
    retryable: true,
  });
}

export function storeRefusal(call: CheckedCall, what: string): IntegrationError {
  return refusal(
    call,
    'store',
    `the guardrails' store cannot be reached (${what}), so the account's limits cannot be checked`,
    'Writes under this account fail closed until it is back; reads still work. Try again later, or tell the user.',
    { retryable: true },
  );
}
