/**
 * The embedded guardrails store: one SQLite file (better-sqlite3) that any number of processes on one
 * machine share (docs/guardrails.md, "SQLite"). WAL journal, a busy timeout, and every reservation in one
 * `BEGIN IMMEDIATE` transaction: the write lock is taken before anything is read, so two processes racing
 * for the last messages of a budget are serialised and the second sees what the first took. Loaded only
 * when guardrails are configured (open-store.ts): the CLI's cold start does not pay for the native module.
 *
 * Tables: `usage` (per account: the current hour and day and the messages counted in each), `rate` (per
 * account: the theoretical arrival time of the rate's queue), `reservations` (what `release` gives back),
 * `duplicates` (one mark per recipient and body, until it expires), `ledger` (the audit ledger: indexed
 * columns and the entry as JSON).
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DAY_MS,
  HOUR_MS,
  RESERVATION_TTL_MS,
  StoreUnavailable,
  type GuardrailStore,
  type LedgerEntry,
  type LedgerQuery,
  type ReleaseRequest,
  type ReserveRequest,
  type ReserveResult,
  type Usage,
} from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS usage (account TEXT PRIMARY KEY, hour INTEGER NOT NULL, hour_used INTEGER NOT NULL,
  day INTEGER NOT NULL, day_used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rate (account TEXT PRIMARY KEY, tat REAL NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (account TEXT NOT NULL, id TEXT NOT NULL, messages INTEGER NOT NULL,
  hour INTEGER NOT NULL, day INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (account, id));
CREATE TABLE IF NOT EXISTS duplicates (account TEXT NOT NULL, key TEXT NOT NULL, reservation TEXT NOT NULL,
  expires_at INTEGER NOT NULL, PRIMARY KEY (account, key));
CREATE TABLE IF NOT EXISTS ledger (id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, account TEXT NOT NULL,
  outcome TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ledger_at ON ledger (at_ms);
CREATE INDEX IF NOT EXISTS ledger_account_at ON ledger (account, at_ms);
`;

/** How long a writer waits for another process's transaction before the store counts as unavailable. */
const BUSY_TIMEOUT_MS = 5000;
/** Expired reservations, duplicate marks and old ledger entries are removed at most this often. */
const PRUNE_EVERY_MS = HOUR_MS;

interface UsageRow {
  hour: number;
  hour_used: number;
  day: number;
  day_used: number;
}

export interface SqliteStoreOptions {
  readonly path: string;
  readonly retentionDays: number;
}

export class SqliteStore implements GuardrailStore {
  readonly description: string;
  private readonly db: Database.Database;
  private lastPrune = 0;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly reserveTx: (request: ReserveRequest) => ReserveResult;
  private readonly releaseTx: (request: ReleaseRequest) => void;

  constructor(private readonly options: SqliteStoreOptions) {
    this.description = `sqlite:${options.path}`;
    try {
      // The ledger holds phone numbers (personal data): the directory and the file are the user's alone.
      mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
      this.db = new Database(options.path, { timeout: BUSY_TIMEOUT_MS });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
      // Only once it is known to be a SQLite file (a path that names some other file fails above, untouched).
      chmodSync(options.path, 0o600);
    } catch (error) {
      throw this.unavailable(error);
    }
    this.statements = prepare(this.db);
    this.reserveTx = this.db.transaction((request: ReserveRequest) => this.reserveIn(request)).immediate as never;
    this.releaseTx = this.db.transaction((request: ReleaseRequest) => this.releaseIn(request)).immediate as never;
  }

  private unavailable(error: unknown): StoreUnavailable {
    const code = (error as { code?: string }).code ?? (error instanceof Error ? error.message : 'error');
    return new StoreUnavailable(`the SQLite file ${this.options.path} (${code})`);
  }

  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof StoreUnavailable ? error : this.unavailable(error));
    }
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.run(() => {
      this.pruneNow(request.now ?? Date.now());
      return this.reserveTx(request);
    });
  }

  /** Inside BEGIN IMMEDIATE: the same steps, in the same order, as the Redis script (redis-scripts.ts). */
  private reserveIn(request: ReserveRequest): ReserveResult {
    const s = this.statements;
    const now = request.now ?? Date.now();
    const { account, messages } = request;
    if (request.duplicateWindowMs !== undefined && request.duplicateKeys !== undefined) {
      const duplicates: number[] = [];
      let expiresInMs = 0;
      request.duplicateKeys.forEach((key, index) => {
        const mark = s.duplicate.get(account, key, now) as { expires_at: number } | undefined;
        if (mark === undefined) return;
        if (duplicates.length === 0) expiresInMs = mark.expires_at - now;
        duplicates.push(index);
      });
      if (duplicates.length > 0) return { ok: false, guardrail: 'duplicate_window', now, duplicates, expiresInMs };
    }
    const hour = Math.floor(now / HOUR_MS);
    const day = Math.floor(now / DAY_MS);
    const row = s.usage.get(account) as UsageRow | undefined;
    const hourUsed = row?.hour === hour ? row.hour_used : 0;
    const dayUsed = row?.day === day ? row.day_used : 0;
    if (request.perHour !== undefined && hourUsed + messages > request.perHour) return { ok: false, guardrail: 'budget.per_hour', now, used: hourUsed };
    if (request.perDay !== undefined && dayUsed + messages > request.perDay) return { ok: false, guardrail: 'budget.per_day', now, used: dayUsed };
    let waitMs = 0;
    if (request.ratePerSecond !== undefined) {
      const tat = (s.rate.get(account) as { tat: number } | undefined)?.tat ?? 0;
      const start = Math.max(tat, now);
      waitMs = Math.ceil(start - now);
      if (waitMs > request.maxWaitMs) return { ok: false, guardrail: 'rate_per_second', now, waitMs };
      s.setRate.run(account, start + (messages * 1000) / request.ratePerSecond);
    }
    s.setUsage.run(account, hour, hourUsed + messages, day, dayUsed + messages);
    s.addReservation.run(account, request.id, messages, hour, day, now + RESERVATION_TTL_MS);
    if (request.duplicateWindowMs !== undefined) {
      for (const key of request.duplicateKeys ?? []) s.setDuplicate.run(account, key, request.id, now + request.duplicateWindowMs);
    }
    return { ok: true, waitMs, now };
  }

  release(request: ReleaseRequest): Promise<void> {
    return this.run(() => this.releaseTx(request));
  }

  private releaseIn(request: ReleaseRequest): void {
    const s = this.statements;
    const { account, id } = request;
    const reservation = s.reservation.get(account, id) as { messages: number; hour: number; day: number } | undefined;
    if (reservation === undefined) return;
    const row = s.usage.get(account) as UsageRow | undefined;
    if (row !== undefined) {
      // Given back only to the window it was taken from: a reservation of yesterday does not lend to today.
      const hourUsed = row.hour === reservation.hour ? Math.max(0, row.hour_used - reservation.messages) : row.hour_used;
      const dayUsed = row.day === reservation.day ? Math.max(0, row.day_used - reservation.messages) : row.day_used;
      s.setUsage.run(account, row.hour, hourUsed, row.day, dayUsed);
    }
    for (const key of request.duplicateKeys ?? []) s.dropDuplicate.run(account, key, id);
    s.dropReservation.run(account, id);
  }

  record(entry: LedgerEntry): Promise<void> {
    return this.run(() => {
      this.statements.record.run(entry.id, Date.parse(entry.at), entry.account, entry.outcome, JSON.stringify(entry));
    });
  }

  query(query: LedgerQuery): Promise<LedgerEntry[]> {
    return this.run(() => {
      const where: string[] = [];
      const values: unknown[] = [];
      if (query.account !== undefined) (where.push('account = ?'), values.push(query.account));
      if (query.since !== undefined) (where.push('at_ms >= ?'), values.push(query.since));
      if (query.until !== undefined) (where.push('at_ms < ?'), values.push(query.until));
      if (query.outcome !== undefined) (where.push('outcome = ?'), values.push(query.outcome));
      const sql = `SELECT entry FROM ledger ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at_ms DESC, id DESC LIMIT ?`;
      const rows = this.db.prepare(sql).all(...values, query.limit) as Array<{ entry: string }>;
      return rows.map((row) => JSON.parse(row.entry) as LedgerEntry);
    });
  }

  usage(account: string, now = Date.now()): Promise<Usage> {
    return this.run(() => {
      const row = this.statements.usage.get(account) as UsageRow | undefined;
      return {
        hour: row?.hour === Math.floor(now / HOUR_MS) ? row.hour_used : 0,
        day: row?.day === Math.floor(now / DAY_MS) ? row.day_used : 0,
      };
    });
  }

  private pruneNow(now: number): void {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const s = this.statements;
    s.pruneReservations.run(now);
    s.pruneDuplicates.run(now);
    s.pruneLedger.run(now - this.options.retentionDays * DAY_MS);
  }

  close(): Promise<void> {
    try {
      this.db.close();
    } catch {
      // Closing twice, or a file that went away: nothing left to do.
    }
    return Promise.resolve();
  }
}

function prepare(db: Database.Database) {
  return {
    usage: db.prepare('SELECT hour, hour_used, day, day_used FROM usage WHERE account = ?'),
    setUsage: db.prepare(
      'INSERT INTO usage (account, hour, hour_used, day, day_used) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (account) DO UPDATE SET hour = excluded.hour, hour_used = excluded.hour_used, day = excluded.day, day_used = excluded.day_used',
    ),
    rate: db.prepare('SELECT tat FROM rate WHERE account = ?'),
    setRate: db.prepare('INSERT INTO rate (account, tat) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET tat = excluded.tat'),
    duplicate: db.prepare('SELECT expires_at FROM duplicates WHERE account = ? AND key = ? AND expires_at > ?'),
    setDuplicate: db.prepare(
      'INSERT INTO duplicates (account, key, reservation, expires_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (account, key) DO UPDATE SET reservation = excluded.reservation, expires_at = excluded.expires_at',
    ),
    dropDuplicate: db.prepare('DELETE FROM duplicates WHERE account = ? AND key = ? AND reservation = ?'),
    reservation: db.prepare('SELECT messages, hour, day FROM reservations WHERE account = ? AND id = ?'),
    addReservation: db.prepare('INSERT OR REPLACE INTO reservations (account, id, messages, hour, day, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
    dropReservation: db.prepare('DELETE FROM reservations WHERE account = ? AND id = ?'),
    // A pending entry never replaces an outcome; an outcome keeps the time of the attempt it completes.
    record: db.prepare(
      'INSERT INTO ledger (id, at_ms, account, outcome, entry) VALUES (?, ?, ?, ?, ?) ' +
        "ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, entry = json_set(excluded.entry, '$.at', json_extract(ledger.entry, '$.at')) " +
        "WHERE excluded.outcome <> 'pending'",
    ),
    pruneReservations: db.prepare('DELETE FROM reservations WHERE expires_at <= ?'),
    pruneDuplicates: db.prepare('DELETE FROM duplicates WHERE expires_at <= ?'),
    pruneLedger: db.prepare('DELETE FROM ledger WHERE at_ms < ?'),
  };
}
