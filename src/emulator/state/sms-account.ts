/**
 * The SMS state of one service plan (moto-style: one backend object per account). Lists are kept in
 * creation order and read newest first; ids are indexed for the `GET /{resource}/{id}` routes. Batches and
 * inbounds are counted against the emulator's storage limits (storage.ts).
 */
import type { Group, InboundText } from '../../wire/sms';
import type { StoredBatch } from './batch';
import { StorageMeter, type Overflow, type Usage } from './storage';

export interface StoredInbound {
  readonly id: string;
  wire: InboundText;
  receivedMs: number;
  json: string;
  usage: Usage;
}

export interface StoredGroup {
  readonly id: string;
  wire: Group;
  /** Own members (digits, no `+`); `child_groups` members are not listed here, as in Sinch. */
  members: string[];
  createdMs: number;
}

/**
 * A list kept in time order (oldest first) with an id index. Appending is the common case; an item dated
 * in the past (a demo item, or an inbound injected with `received_at`) is inserted at its place so that
 * lists stay newest first. Equal times keep insertion order.
 */
class Collection<T extends { readonly id: string }> {
  readonly items: T[] = [];
  private readonly index = new Map<string, T>();

  constructor(private readonly timeOf: (item: T) => number) {}

  add(item: T): T {
    const t = this.timeOf(item);
    let i = this.items.length;
    while (i > 0 && this.timeOf(this.items[i - 1]) > t) i--;
    if (i === this.items.length) this.items.push(item);
    else this.items.splice(i, 0, item);
    this.index.set(item.id, item);
    return item;
  }

  get(id: string): T | undefined {
    return this.index.get(id);
  }

  /** Removes the items older than `ms` (a prefix: items are in time order) and returns them. */
  dropOlderThan(ms: number): T[] {
    let n = 0;
    while (n < this.items.length && this.timeOf(this.items[n]) < ms) n++;
    const dropped = this.items.splice(0, n);
    for (const item of dropped) this.index.delete(item.id);
    return dropped;
  }

  clear(): void {
    this.items.length = 0;
    this.index.clear();
  }
}

export class SmsAccount {
  readonly batches = new Collection<StoredBatch>((b) => b.createdMs);
  readonly inbounds = new Collection<StoredInbound>((i) => i.receivedMs);
  readonly groups = new Collection<StoredGroup>((g) => g.createdMs);

  constructor(
    /** The service plan id (or project id for a project with SMS state of its own). */
    readonly id: string,
    /** Used when a batch has no `from`. */
    readonly defaultFrom: string,
    /** Shared by every plan: the limits are on the whole emulator. */
    private readonly meter: StorageMeter = new StorageMeter(),
  ) {}

  /** Stores the batch, or returns the limit storing it would cross (and stores nothing). */
  addBatch(batch: StoredBatch): Overflow | undefined {
    const over = this.meter.admit(batch.usage);
    if (over === undefined) this.batches.add(batch);
    return over;
  }

  /** Stores the inbound, or returns the limit storing it would cross (and stores nothing). */
  addInbound(inbound: StoredInbound): Overflow | undefined {
    const over = this.meter.admit(inbound.usage);
    if (over === undefined) this.inbounds.add(inbound);
    return over;
  }

  /** Forgets batches and inbounds older than `ms` (beyond retention: no route shows them any more). */
  dropOlderThan(ms: number): void {
    for (const batch of this.batches.dropOlderThan(ms)) this.meter.release(batch.usage);
    for (const inbound of this.inbounds.dropOlderThan(ms)) this.meter.release(inbound.usage);
  }

  clear(): void {
    for (const batch of this.batches.items) this.meter.release(batch.usage);
    for (const inbound of this.inbounds.items) this.meter.release(inbound.usage);
    this.batches.clear();
    this.inbounds.clear();
    this.groups.clear();
  }
}
