/**
 * One direction of `list_messages` as a lazily fetched, newest-first stream: Sinch's pages of up to 100
 * items, a client-side filter where the server cannot filter (`to` on batches, `from` on inbounds:
 * docs/sinch-wire.md), and each item turned into a message with `direction` and one `timestamp` for ordering.
 */
import { IntegrationError } from '../../errors';
import { MAX_PAGE_SIZE } from '../../wire/sms';

export type Direction = 'mt' | 'mo';

/** A batch or inbound as Sinch sent it, plus `direction` and `timestamp` (`created_at` / `received_at`). */
export type Message = Record<string, unknown> & { direction: Direction; timestamp: string };

export interface SourcePage {
  readonly count: number;
  readonly items: readonly Record<string, unknown>[];
}

export interface MessageSource {
  readonly direction: Direction;
  /** The field that orders this stream on the server (and our merge). */
  readonly timeField: 'created_at' | 'received_at';
  fetch(page: number, pageSize: number): Promise<SourcePage>;
  /** Client-side filter; undefined when the server filtered everything asked for. */
  readonly keep?: (item: Record<string, unknown>) => boolean;
}

/** Upstream requests one `list_messages` call may spend scanning. */
export const MAX_SCAN_REQUESTS = 50;

export class ScanBudget {
  private used = 0;

  spend(): void {
    if (++this.used > MAX_SCAN_REQUESTS) {
      throw new IntegrationError(
        'limit_exceeded',
        `sinch_list_messages: filling this page needs more than ${MAX_SCAN_REQUESTS} requests to Sinch (${MAX_SCAN_REQUESTS * MAX_PAGE_SIZE} messages scanned); narrow start_date/end_date or choose a direction`,
        { function: 'sinch_list_messages', field: 'page' },
      );
    }
  }
}

export class MessageStream {
  private readonly buffer: Message[] = [];
  private readonly keys: number[] = [];
  private position = 0;
  private nextPage = 0;
  private serverCount = 0;
  /** Items kept by the filter so far (all items when there is no filter). */
  private kept = 0;
  exhausted = false;

  constructor(readonly source: MessageSource) {}

  /** Make sure the head is buffered, fetching pages as needed. */
  async fill(budget: ScanBudget): Promise<void> {
    while (this.position >= this.buffer.length && !this.exhausted) {
      budget.spend();
      const page = this.nextPage++;
      this.add(page, await this.source.fetch(page, MAX_PAGE_SIZE));
    }
  }

  /**
   * Fetch, side by side, every further page that reading the first `items` items surely needs — no more than
   * the server says it has — so that a page far from the start costs one more round trip, not one per page
   * (issue #9). A filtered stream may need more later: `fill` fetches those one by one.
   */
  async prefetch(budget: ScanBudget, items: number): Promise<void> {
    if (this.exhausted) return;
    const last = Math.min(Math.ceil(items / MAX_PAGE_SIZE), Math.ceil(this.serverCount / MAX_PAGE_SIZE));
    const pages: number[] = [];
    for (let page = this.nextPage; page < last; page++) {
      budget.spend();
      pages.push(page);
    }
    if (pages.length === 0) return;
    this.nextPage = last;
    const results = await Promise.all(pages.map((page) => this.source.fetch(page, MAX_PAGE_SIZE)));
    results.forEach((result, i) => {
      if (!this.exhausted) this.add(pages[i], result);
    });
  }

  private add(page: number, { count, items }: SourcePage): void {
    this.serverCount = count;
    for (const item of items) {
      if (this.source.keep && !this.source.keep(item)) continue;
      const timestamp = String(item[this.source.timeField] ?? '');
      this.buffer.push({ direction: this.source.direction, ...item, timestamp } as Message);
      this.keys.push(Date.parse(timestamp) || 0);
      this.kept++;
    }
    this.exhausted = items.length < MAX_PAGE_SIZE || (page + 1) * MAX_PAGE_SIZE >= count;
  }

  needsFill(): boolean {
    return this.position >= this.buffer.length && !this.exhausted;
  }

  /** The head's time in ms, or undefined when the stream is done. */
  headKey(): number | undefined {
    return this.position < this.buffer.length ? this.keys[this.position] : undefined;
  }

  take(): Message {
    return this.buffer[this.position++];
  }

  /** Messages matching the filters in this stream: exact, or a lower bound while a filtered stream is unread. */
  count(): { value: number; exact: boolean } {
    if (this.exhausted) return { value: this.kept, exact: true };
    if (!this.source.keep) return { value: this.serverCount, exact: true };
    return { value: this.kept, exact: false };
  }
}
