/**
 * The guardrails as one pipeline check (src/integration/checks.ts; docs/guardrails.md): it sees every
 * write under a guarded account after the permission policy and before a person is asked, and lets it
 * through, refuses it with `guardrail_refused`, or makes it wait for its turn under the rate.
 *
 * In order: max_recipients, recipients.deny, recipients.allow (no store), budget.per_run (this run's
 * memory), then one atomic reservation in the store for budget.per_hour, budget.per_day, duplicate_window
 * and rate_per_second — taken whole or not at all. The settle hook gives everything back when the write
 * provably did not happen (`sent === false`); `true` and `"unknown"` keep it (issue #12: an ambiguous
 * outcome must not free budget for a second send). Reads, and writes under accounts without guardrails,
 * pass synchronously without touching anything.
 */
import { isIntegrationError } from '../errors';
import type { CallCheck, CheckedCall, Settle } from '../integration/checks';
import type { GuardrailPolicy } from './config';
import { sha256 } from './ledger';
import { firstMatch } from './patterns';
import {
  budgetRefusal,
  duplicateRefusal,
  maxRecipientsRefusal,
  rateRefusal,
  recipientsRefusal,
  storeRefusal,
} from './refusal';
import { StoreUnavailable, type GuardrailStore, type ReserveRequest } from './store';

/** How long a write of a run without a deadline (a direct call) may wait for its turn under the rate. */
export const RATE_WAIT_WITHOUT_DEADLINE_MS = 30_000;

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface GuardrailCheckOptions {
  readonly policyOf: (account: string) => GuardrailPolicy | undefined;
  /** The store, opened on first use; throws StoreUnavailable when it cannot be. */
  readonly store: () => GuardrailStore;
  /** Time for the store's windows (tests); default the store's own clock. */
  readonly now?: () => number;
  readonly sleep?: Sleep;
  /** Told which guardrail refused a call (`${run_id}:${call_id}`), for the ledger. */
  readonly onRefused?: (id: string, guardrail: string) => void;
}

/** A mark per recipient for this body: the duplicate guard's key (the body itself is not stored). */
export function duplicateKeys(recipients: readonly string[], body: string): string[] {
  const text = sha256(body);
  return recipients.map((recipient) => sha256(`${recipient}\n${text}`));
}

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
  });

interface RunBudget {
  /** Messages this run reserved per account (given back when a write provably did not happen). */
  readonly used: Map<string, number>;
}

export function guardrailCheck(options: GuardrailCheckOptions): CallCheck {
  const sleep = options.sleep ?? realSleep;
  const runKey = {};

  const refuse = (call: CheckedCall, error: Error): never => {
    if (isIntegrationError(error) && typeof error.details.guardrail === 'string') {
      options.onRefused?.(`${call.run.id}:${call.id}`, error.details.guardrail);
    }
    throw error;
  };

  return {
    name: 'guardrails',
    check(call) {
      if (call.operation !== 'write' || call.plan === undefined) return undefined;
      const policy = options.policyOf(call.account.name);
      if (policy === undefined) return undefined;
      const { facts } = call.plan;
      const recipients = facts.recipients;
      const messages = facts.messages;

      if (policy.maxRecipients !== undefined && recipients.length > policy.maxRecipients) {
        refuse(call, maxRecipientsRefusal(call, policy.maxRecipients, recipients.length));
      }
      if (policy.deny !== undefined && policy.deny.length > 0) {
        const denied = recipients.filter((r) => firstMatch(policy.deny!, r) !== undefined);
        if (denied.length > 0) refuse(call, recipientsRefusal(call, 'recipients.deny', denied, policy.deny.map((p) => p.source), recipients.length));
      }
      if (policy.allow !== undefined) {
        const outside = recipients.filter((r) => firstMatch(policy.allow!, r) === undefined);
        if (outside.length > 0) refuse(call, recipientsRefusal(call, 'recipients.allow', outside, policy.allow.map((p) => p.source), recipients.length));
      }

      const account = call.account.name;
      let runBudget: RunBudget | undefined;
      if (policy.perRun !== undefined) {
        runBudget = call.run.stateOf<RunBudget>(runKey, () => ({ used: new Map() }));
        const used = runBudget.used.get(account) ?? 0;
        if (used + messages > policy.perRun) refuse(call, budgetRefusal(call, 'budget.per_run', policy.perRun, used, messages, Date.now()));
        runBudget.used.set(account, used + messages);
      }
      const giveBackRun = () => {
        if (runBudget !== undefined) runBudget.used.set(account, (runBudget.used.get(account) ?? messages) - messages);
      };

      const duplicates =
        policy.duplicateWindowMs !== undefined && facts.body !== undefined && facts.allow_duplicate !== true
          ? duplicateKeys(recipients, facts.body)
          : undefined;
      const counted = messages > 0 && (policy.perHour !== undefined || policy.perDay !== undefined || policy.ratePerSecond !== undefined);
      if (!counted && duplicates === undefined) {
        if (runBudget === undefined) return undefined;
        return (record) => {
          if (record.sent === false) giveBackRun();
        };
      }

      const timeLeft = call.run.timeLeft();
      const maxWaitMs = timeLeft !== undefined ? Math.max(0, timeLeft) : RATE_WAIT_WITHOUT_DEADLINE_MS;
      const request: ReserveRequest = {
        account,
        id: `${call.run.id}:${call.id}`,
        messages: counted ? messages : 0,
        perHour: counted ? policy.perHour : undefined,
        perDay: counted ? policy.perDay : undefined,
        ratePerSecond: counted ? policy.ratePerSecond : undefined,
        duplicateKeys: duplicates,
        duplicateWindowMs: duplicates !== undefined ? policy.duplicateWindowMs : undefined,
        maxWaitMs,
        ...(options.now !== undefined ? { now: options.now() } : {}),
      };
      return reserve(call, policy, request, timeLeft, giveBackRun);
    },
  };

  async function reserve(
    call: CheckedCall,
    policy: GuardrailPolicy,
    request: ReserveRequest,
    timeLeft: number | undefined,
    giveBackRun: () => void,
  ): Promise<Settle> {
    let store: GuardrailStore;
    let result;
    try {
      store = options.store();
      result = await store.reserve(request);
    } catch (error) {
      giveBackRun();
      if (error instanceof StoreUnavailable) return refuse(call, storeRefusal(call, error.what));
      throw error;
    }
    const release = () => {
      giveBackRun();
      return store.release({ account: request.account, id: request.id, duplicateKeys: request.duplicateKeys }).catch(() => undefined);
    };
    if (!result.ok) {
      giveBackRun();
      const recipients = call.plan!.facts.recipients;
      switch (result.guardrail) {
        case 'duplicate_window':
          return refuse(
            call,
            duplicateRefusal(call, policyWindow(policy), (result.duplicates ?? []).map((i) => recipients[i]), recipients.length, result.expiresInMs ?? 0),
          );
        case 'rate_per_second':
          return refuse(call, rateRefusal(call, policy.ratePerSecond!, request.messages, result.waitMs ?? 0, timeLeft, RATE_WAIT_WITHOUT_DEADLINE_MS));
        default: {
          const limit = result.guardrail === 'budget.per_hour' ? policy.perHour! : policy.perDay!;
          return refuse(call, budgetRefusal(call, result.guardrail, limit, result.used ?? 0, request.messages, result.now));
        }
      }
    }
    if (result.waitMs > 0) {
      try {
        // Its turn under the rate: queued, not refused (the store gave it a slot within the deadline).
        await sleep(result.waitMs, call.run.signal);
      } catch (error) {
        // The run ended while the write waited: the pipeline refuses the call at once, and the run waits for
        // this release before it reports (it is tracked like a settle hook).
        const released = release();
        call.run.track(released);
        await released;
        throw error;
      }
    }
    return (record) => (record.sent === false ? release() : undefined);
  }
}

function policyWindow(policy: GuardrailPolicy): string {
  const ms = policy.duplicateWindowMs ?? 0;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}
