/**
 * The SMS state of one service plan (moto-style: one backend object per account). Lists are kept in
 * creation order and read newest first; ids are indexed for the `GET /{resource}/{id}` routes.
 */
import type { Group, InboundText } from '../../wire/sms';
import type { StoredBatch } from './batch';

export interface StoredInbound {
  readonly id: string;
  wire: InboundText;
  receivedMs: number;
  json: string;
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
  ) {}

  clear(): void {
    this.batches.clear();
    this.inbounds.clear();
    this.groups.clear();
  }
}
