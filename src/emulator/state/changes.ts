/**
 * Change notifications for the web inbox's live updates (issue #13): what changed — batches, inbounds, the
 * clock, faults, a reset — coalesced and handed to subscribers (the server-sent event streams).
 *
 * Costs nothing when no browser is connected: `notify` is one size check and returns; no timer, no
 * payload, no allocation (test/emulator/inbox-events.test.ts). With subscribers, bursts (a script sending
 * hundreds of batches a second) are coalesced into at most one event per `COALESCE_MS`.
 */

export type ChangeKind = 'batches' | 'inbounds' | 'clock' | 'faults' | 'reset';

export type ChangeListener = (kinds: readonly ChangeKind[]) => void;

/** At most one event per subscriber this often. */
export const COALESCE_MS = 100;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly pending = new Set<ChangeKind>();
  private timer: NodeJS.Timeout | undefined;

  /** How many subscribers are connected. */
  get subscribers(): number {
    return this.listeners.size;
  }

  notify(kind: ChangeKind): void {
    if (this.listeners.size === 0) return;
    this.pending.add(kind);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), COALESCE_MS);
      this.timer.unref();
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.cancel();
    };
  }

  /** Drops subscribers and anything pending (the server is closing). */
  close(): void {
    this.listeners.clear();
    this.cancel();
  }

  private cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const kinds = [...this.pending];
    this.pending.clear();
    for (const listener of this.listeners) listener(kinds);
  }
}
