/**
 * One behaviour for both stores (issue #12: "same behaviour and the same test suite for both"): every
 * store test is written once here and run against SQLite (sqlite-store.test.ts) and a real Redis
 * (redis-store.test.ts). Time is passed in (`now`), so windows are crossed without waiting.
 */
import { randomUUID } from 'node:crypto';
import { StoreUnavailable, type GuardrailStore, type LedgerEntry, type ReserveRequest } from '../../src/guardrails';

const T0 = Date.parse('2025-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface StoreFixture {
  /** A fresh connection to the suite's store (several may be open at once). */
  open(): GuardrailStore;
  /** A store that cannot be reached; undefined when opening it already throws (returned as the error). */
  unreachable(): GuardrailStore | StoreUnavailable;
}

let sequence = 0;
const accountName = () => `acct_${++sequence}_${randomUUID().slice(0, 8)}`;

function request(account: string, extra: Partial<ReserveRequest> = {}): ReserveRequest {
  return { account, id: `run:${++sequence}`, messages: 1, maxWaitMs: 60_000, now: T0, ...extra };
}

function entry(account: string, id: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id,
    at: new Date(T0).toISOString(),
    settled_at: null,
    run_id: id.split(':')[0],
    call_id: 1,
    account,
    integration: 'sinch',
    function: 'sinch_send_sms',
    recipients: ['+12025550111'],
    messages: 1,
    body: null,
    body_sha256: 'ab'.repeat(32),
    reference: `ref-${id}`,
    created_id: null,
    outcome: 'pending',
    sent: null,
    error_code: null,
    refused_by: null,
    guardrail: null,
    reconciled: false,
    ...extra,
  };
}

export function storeConformance(fixture: () => StoreFixture): void {
  let store: GuardrailStore;
  const others: GuardrailStore[] = [];
  beforeEach(() => {
    store = fixture().open();
  });
  afterEach(async () => {
    await store.close();
    for (const other of others.splice(0)) await other.close();
  });
  const another = () => {
    const opened = fixture().open();
    others.push(opened);
    return opened;
  };

  describe('budgets', () => {
    it('reserves within the daily budget and refuses the write that would pass it, saying how much is used', async () => {
      const account = accountName();
      expect(await store.reserve(request(account, { messages: 3, perDay: 5 }))).toMatchObject({ ok: true, waitMs: 0 });
      expect(await store.reserve(request(account, { messages: 3, perDay: 5 }))).toEqual({ ok: false, guardrail: 'budget.per_day', now: T0, used: 3 });
      expect(await store.reserve(request(account, { messages: 2, perDay: 5 }))).toMatchObject({ ok: true });
      expect(await store.usage(account, T0)).toEqual({ hour: 5, day: 5 });
    });

    it('refuses by the hourly budget before the daily one, and a refused write takes nothing', async () => {
      const account = accountName();
      await store.reserve(request(account, { messages: 2, perHour: 2, perDay: 10 }));
      expect(await store.reserve(request(account, { messages: 1, perHour: 2, perDay: 10 }))).toMatchObject({ ok: false, guardrail: 'budget.per_hour', used: 2 });
      expect(await store.usage(account, T0)).toEqual({ hour: 2, day: 2 });
    });

    it('counts hours and days as UTC calendar windows: the budget renews at the top of the hour and at midnight UTC', async () => {
      const account = accountName();
      const lastMs = Date.parse('2025-03-10T23:59:59.999Z');
      await store.reserve(request(account, { messages: 4, perHour: 4, perDay: 4, now: lastMs }));
      expect(await store.reserve(request(account, { perHour: 4, perDay: 4, now: lastMs }))).toMatchObject({ ok: false, guardrail: 'budget.per_hour' });
      expect(await store.reserve(request(account, { perHour: 4, perDay: 4, now: lastMs + 1 }))).toMatchObject({ ok: true });
      expect(await store.usage(account, lastMs + 1)).toEqual({ hour: 1, day: 1 });
      const hourly = accountName();
      await store.reserve(request(hourly, { messages: 4, perHour: 4, now: T0 + 59 * 60_000 }));
      expect(await store.reserve(request(hourly, { perHour: 4, now: T0 + HOUR }))).toMatchObject({ ok: true });
      expect(await store.usage(hourly, T0 + HOUR)).toEqual({ hour: 1, day: 5 });
    });

    it('gives a released reservation back exactly once', async () => {
      const account = accountName();
      const first = request(account, { messages: 3, perDay: 3 });
      await store.reserve(first);
      await store.release({ account, id: first.id });
      await store.release({ account, id: first.id });
      expect(await store.usage(account, T0)).toEqual({ hour: 0, day: 0 });
      await store.reserve(request(account, { messages: 2, perDay: 3 }));
      await store.release({ account, id: first.id });
      expect(await store.usage(account, T0)).toEqual({ hour: 2, day: 2 });
    });

    it('does not lend a reservation of a past window to the current one when it is released late', async () => {
      const account = accountName();
      const yesterday = request(account, { messages: 3, perDay: 5, now: T0 - DAY });
      await store.reserve(yesterday);
      await store.reserve(request(account, { messages: 4, perDay: 5 }));
      await store.release({ account, id: yesterday.id });
      expect(await store.usage(account, T0)).toEqual({ hour: 4, day: 4 });
    });

    it('never lets racing connections take more than the budget together', async () => {
      const account = accountName();
      const stores = [store, another(), another(), another()];
      const attempts = Array.from({ length: 40 }, (_, i) => stores[i % stores.length].reserve(request(account, { perDay: 7 })));
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.ok)).toHaveLength(7);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.guardrail === 'budget.per_day')).toBe(true);
      expect(await store.usage(account, T0)).toEqual({ hour: 7, day: 7 });
    });
  });

  describe('duplicate marks', () => {
    const window = 10 * 60_000;

    it('refuses a key already marked in the window, naming which ones and when the first mark expires', async () => {
      const account = accountName();
      await store.reserve(request(account, { duplicateKeys: ['a', 'b'], duplicateWindowMs: window }));
      const again = await store.reserve(request(account, { duplicateKeys: ['c', 'b'], duplicateWindowMs: window, now: T0 + 60_000 }));
      expect(again).toMatchObject({ ok: false, guardrail: 'duplicate_window', duplicates: [1] });
      if (again.ok) throw new Error('unreachable');
      // Redis keeps expiry by its own clock: the mark expires `window` after it was set, in real time.
      expect(again.expiresInMs).toBeGreaterThan(0);
      expect(again.expiresInMs).toBeLessThanOrEqual(window);
      expect(await store.usage(account, T0)).toEqual({ hour: 1, day: 1 });
    });

    it('lets the same key through once its mark is released', async () => {
      const account = accountName();
      const first = request(account, { duplicateKeys: ['a'], duplicateWindowMs: window });
      await store.reserve(first);
      await store.release({ account, id: first.id, duplicateKeys: ['a'] });
      expect(await store.reserve(request(account, { duplicateKeys: ['a'], duplicateWindowMs: window }))).toMatchObject({ ok: true });
    });

    it("does not remove a later reservation's mark when an earlier one is released", async () => {
      const account = accountName();
      const first = request(account, { duplicateKeys: ['a'], duplicateWindowMs: window });
      await store.reserve(first);
      await store.release({ account, id: first.id, duplicateKeys: ['a'] });
      await store.reserve(request(account, { duplicateKeys: ['a'], duplicateWindowMs: window }));
      await store.release({ account, id: first.id, duplicateKeys: ['a'] });
      expect(await store.reserve(request(account, { duplicateKeys: ['a'], duplicateWindowMs: window }))).toMatchObject({ ok: false, guardrail: 'duplicate_window' });
    });

    it('ignores keys when no window is asked for', async () => {
      const account = accountName();
      await store.reserve(request(account, { duplicateKeys: ['a'], duplicateWindowMs: window }));
      expect(await store.reserve(request(account, { duplicateKeys: ['a'] }))).toMatchObject({ ok: true });
    });
  });

  describe('rate', () => {
    it('gives each write its turn: messages / rate seconds after the previous one', async () => {
      const account = accountName();
      expect(await store.reserve(request(account, { messages: 5, ratePerSecond: 10 }))).toMatchObject({ ok: true, waitMs: 0 });
      expect(await store.reserve(request(account, { messages: 2, ratePerSecond: 10 }))).toMatchObject({ ok: true, waitMs: 500 });
      expect(await store.reserve(request(account, { messages: 1, ratePerSecond: 10, now: T0 + 100 }))).toMatchObject({ ok: true, waitMs: 600 });
      expect(await store.reserve(request(account, { messages: 1, ratePerSecond: 10, now: T0 + 10_000 }))).toMatchObject({ ok: true, waitMs: 0 });
    });

    it('refuses a write whose turn would come after its longest wait, and takes neither a turn nor budget', async () => {
      const account = accountName();
      await store.reserve(request(account, { messages: 10, ratePerSecond: 2, perDay: 100 }));
      expect(await store.reserve(request(account, { ratePerSecond: 2, perDay: 100, maxWaitMs: 4999 }))).toMatchObject({
        ok: false,
        guardrail: 'rate_per_second',
        waitMs: 5000,
      });
      expect(await store.usage(account, T0)).toEqual({ hour: 10, day: 10 });
      expect(await store.reserve(request(account, { ratePerSecond: 2, maxWaitMs: 5000 }))).toMatchObject({ ok: true, waitMs: 5000 });
    });

    it('checks budgets before the rate: a write the budget refuses takes no turn', async () => {
      const account = accountName();
      await store.reserve(request(account, { messages: 2, ratePerSecond: 1, perDay: 2 }));
      expect(await store.reserve(request(account, { ratePerSecond: 1, perDay: 2 }))).toMatchObject({ ok: false, guardrail: 'budget.per_day' });
      expect(await store.reserve(request(account, { ratePerSecond: 1 }))).toMatchObject({ ok: true, waitMs: 2000 });
    });
  });

  describe('the ledger', () => {
    it('completes a pending entry with its outcome, keeping the time of the attempt', async () => {
      const account = accountName();
      await store.record(entry(account, 'r1:1'));
      await store.record(entry(account, 'r1:1', { at: new Date(T0 + 5000).toISOString(), outcome: 'sent', sent: true, created_id: 'B1' }));
      expect(await store.query({ account, limit: 10 })).toEqual([
        entry(account, 'r1:1', { outcome: 'sent', sent: true, created_id: 'B1' }),
      ]);
    });

    it('never lets a pending entry replace an outcome', async () => {
      const account = accountName();
      await store.record(entry(account, 'r2:1', { outcome: 'not_sent', sent: false }));
      await store.record(entry(account, 'r2:1'));
      expect((await store.query({ account, limit: 10 }))[0]).toMatchObject({ outcome: 'not_sent', sent: false });
    });

    it('lists newest first, filtered by account, time and outcome, at most `limit`', async () => {
      const account = accountName();
      const other = accountName();
      const at = (ms: number) => new Date(T0 + ms).toISOString();
      await store.record(entry(account, 'a:1', { at: at(0), outcome: 'sent', sent: true }));
      await store.record(entry(account, 'a:2', { at: at(1000), outcome: 'refused', sent: false, refused_by: 'guardrails', guardrail: 'budget.per_day' }));
      await store.record(entry(account, 'a:3', { at: at(2000), outcome: 'unknown', sent: 'unknown' }));
      await store.record(entry(other, 'b:1', { at: at(1500), outcome: 'sent', sent: true }));
      const ids = (entries: LedgerEntry[]) => entries.map((e) => e.id);
      expect(ids(await store.query({ account, limit: 10 }))).toEqual(['a:3', 'a:2', 'a:1']);
      expect(ids(await store.query({ account, limit: 2 }))).toEqual(['a:3', 'a:2']);
      expect(ids(await store.query({ account, since: T0 + 1000, until: T0 + 2000, limit: 10 }))).toEqual(['a:2']);
      expect(ids(await store.query({ account, outcome: 'sent', limit: 10 }))).toEqual(['a:1']);
      const both = ids(await store.query({ since: T0, until: T0 + 3000, limit: 100 })).filter((id) => id.startsWith('a:') || id.startsWith('b:'));
      expect(both).toEqual(['a:3', 'b:1', 'a:2', 'a:1']);
    });
  });

  describe('when the store cannot be reached', () => {
    it('fails with StoreUnavailable, naming what it could not reach without a password', async () => {
      const unreachable = fixture().unreachable();
      const error = unreachable instanceof StoreUnavailable ? unreachable : await unreachable.reserve(request(accountName())).catch((e: unknown) => e);
      if (!(unreachable instanceof StoreUnavailable)) await unreachable.close();
      expect(error).toBeInstanceOf(StoreUnavailable);
      expect((error as StoreUnavailable).what).not.toMatch(/secret-password/);
    });
  });
}
