/**
 * What a guardrails store does (docs/guardrails.md, "The stores"): reserve a write's messages against the
 * account's hourly and daily budgets, its duplicate marks and its rate — all or nothing, atomically across
 * every process and host that shares the store — release a reservation whose write provably did not happen,
 * and keep the audit ledger. Two engines implement it with the same behaviour, checked by one conformance
 * suite (test/guardrails/store-conformance.ts): SQLite (sqlite-store.ts) and Redis (redis-store.ts).
 */

/** Guardrails a store decides on (the others are decided without it, in check.ts). */
export type StoreGuardrail = 'budget.per_hour' | 'budget.per_day' | 'duplicate_window' | 'rate_per_second';

export interface ReserveRequest {
  readonly account: string;
  /** The reservation's id: `${run_id}:${call_id}`, unique per write; `release` takes it. */
  readonly id: string;
  readonly messages: number;
  readonly perHour?: number;
  readonly perDay?: number;
  /** One mark per recipient (duplicateKey(recipient, body)); checked and set when `duplicateWindowMs` is. */
  readonly duplicateKeys?: readonly string[];
  readonly duplicateWindowMs?: number;
  readonly ratePerSecond?: number;
  /** The longest the write may wait for its turn under the rate; a longer wait refuses it. */
  readonly maxWaitMs: number;
  /** Milliseconds since the epoch; default the store's own clock (Redis: the server's `TIME`). Tests set it. */
  readonly now?: number;
}

export type ReserveResult =
  /** Reserved: wait `waitMs` (the rate's queue) before sending. `now` is the store's time of the decision. */
  | { readonly ok: true; readonly waitMs: number; readonly now: number }
  | {
      readonly ok: false;
      readonly guardrail: StoreGuardrail;
      readonly now: number;
      /** Budgets: messages already counted in the window. */
      readonly used?: number;
      /** Rate: how long the write would have had to wait. */
      readonly waitMs?: number;
      /** Duplicates: the indexes (into `duplicateKeys`) of the recipients already sent this body in the window. */
      readonly duplicates?: readonly number[];
      /** Duplicates: milliseconds until the first duplicate's mark expires. */
      readonly expiresInMs?: number;
    };

export interface ReleaseRequest {
  readonly account: string;
  readonly id: string;
  /** The same keys the reservation set (their marks are removed only if they are still this reservation's). */
  readonly duplicateKeys?: readonly string[];
}

/** Messages counted in the current windows of an account (what `release` gives back, what sends take). */
export interface Usage {
  readonly hour: number;
  readonly day: number;
}

/** `sent`, `not_sent`, `unknown` (ambiguous: the reservation is kept), `refused` (by a check), `pending` (no outcome yet). */
export type LedgerOutcome = 'sent' | 'not_sent' | 'unknown' | 'refused' | 'pending';

export const LEDGER_OUTCOMES: readonly LedgerOutcome[] = ['sent', 'not_sent', 'unknown', 'refused', 'pending'];

/** One write attempt and its outcome (docs/guardrails.md, "The audit ledger"). */
export interface LedgerEntry {
  /** `${run_id}:${call_id}`. */
  readonly id: string;
  /** When the write was attempted (or refused), ISO 8601 UTC. */
  readonly at: string;
  /** When its outcome was known; null while pending. */
  readonly settled_at: string | null;
  readonly run_id: string;
  readonly call_id: number;
  readonly account: string;
  readonly integration: string;
  readonly function: string;
  readonly recipients: readonly string[];
  readonly messages: number;
  /** The body itself when the account's `ledger_body` is `text`; null otherwise. */
  readonly body: string | null;
  /** SHA-256 of the body's UTF-8 bytes, hex; null when the write has no body. */
  readonly body_sha256: string | null;
  /** The idempotency reference (Sinch: `client_reference`). */
  readonly reference: string;
  /** What the write created (Sinch: the batch id), when known. */
  readonly created_id: string | null;
  readonly outcome: LedgerOutcome;
  readonly sent: boolean | 'unknown' | null;
  /** The error code the write ended with, if it failed. */
  readonly error_code: string | null;
  /** The check that refused it (`permission`, `approval`, `guardrails`). */
  readonly refused_by: string | null;
  /** Which guardrail refused it (`budget.per_day`, `recipients.allow`, `store`...). */
  readonly guardrail: string | null;
  /** The outcome was found by reconciliation after the sandbox was terminated. */
  readonly reconciled: boolean;
}

export interface LedgerQuery {
  readonly account?: string;
  /** Inclusive, ms since the epoch. */
  readonly since?: number;
  /** Exclusive, ms since the epoch. */
  readonly until?: number;
  readonly outcome?: LedgerOutcome;
  /** Newest first; at most this many. */
  readonly limit: number;
}

export interface GuardrailStore {
  /** `sqlite:/path` or `redis://host:port/db` — never a password. */
  readonly description: string;
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Gives back a reservation whose write provably did not happen. Idempotent: a second call does nothing. */
  release(request: ReleaseRequest): Promise<void>;
  /** Adds or completes a ledger entry: an outcome replaces a pending entry of the same id, never the reverse. */
  record(entry: LedgerEntry): Promise<void>;
  query(query: LedgerQuery): Promise<LedgerEntry[]>;
  usage(account: string, now?: number): Promise<Usage>;
  close(): Promise<void>;
}

/** The store could not be reached or used: guarded writes are refused (fail closed), reads go on. */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  constructor(
    /** What could not be reached and why, without credentials: `Redis at redis://10.0.0.5:6379/0 (ECONNREFUSED)`. */
    readonly what: string,
  ) {
    super(what);
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** How long a reservation is remembered for `release`: past a day its window has closed anyway. */
export const RESERVATION_TTL_MS = 2 * DAY_MS;

/** `redis://host:port/db` without user name or password: what messages may show. */
export function redisOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'Redis (an unreadable URL)';
  }
}
