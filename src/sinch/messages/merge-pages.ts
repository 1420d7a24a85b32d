/**
 * `list_messages` pages: consistent slices of the merged, filtered, newest-first sequence of both
 * directions (the issue: "Pages are consistent slices of that merged, filtered sequence; `count` is exact
 * when it can be, with a flag when it is a lower bound").
 *
 * Page p is items [p·k, (p+1)·k) of that sequence, computed from its start on every call, so page p+1
 * always continues page p (while the data does not change). Ties in time keep a fixed order (mt before mo,
 * then server order), so slices do not shift between calls.
 */
import { MAX_PAGE_SIZE } from '../../wire/sms';
import { MessageStream, ScanBudget, type Message, type MessageSource } from './message-stream';

export interface MessagePage {
  readonly count: number;
  /** False when `count` is a lower bound (a client-side filter and messages not scanned yet). */
  readonly count_exact: boolean;
  readonly page: number;
  /** The number of messages on this page. */
  readonly page_size: number;
  readonly messages: Message[];
}

export async function readMessagePage(sources: readonly MessageSource[], page: number, pageSize: number): Promise<MessagePage> {
  // One direction that the server filters fully: Sinch's own paging is the slice; one request.
  if (sources.length === 1 && !sources[0].keep) {
    const source = sources[0];
    const { count, items } = await source.fetch(page, pageSize);
    const messages = items.map((item) => ({ direction: source.direction, ...item, timestamp: String(item[source.timeField] ?? '') }) as Message);
    return { count, count_exact: true, page, page_size: messages.length, messages };
  }

  const budget = new ScanBudget();
  const streams = sources.map((source) => new MessageStream(source));
  const first = page * pageSize;
  const end = first + pageSize;
  const messages: Message[] = [];
  // Round trip 1: the first page of each direction (which says how many there are); round trip 2: every
  // further page the slice surely needs, side by side. Only a client-side filter can need more, one by one.
  await Promise.all(streams.map((stream) => stream.fill(budget)));
  if (end > MAX_PAGE_SIZE) await Promise.all(streams.map((stream) => stream.prefetch(budget, end)));

  for (let index = 0; index < end; index++) {
    for (const stream of streams) if (stream.needsFill()) await stream.fill(budget);
    let newest: MessageStream | undefined;
    let newestKey = -Infinity;
    for (const stream of streams) {
      const key = stream.headKey();
      // Strictly newer wins: on a tie the earlier stream (mt) keeps its place.
      if (key !== undefined && (newest === undefined || key > newestKey)) {
        newest = stream;
        newestKey = key;
      }
    }
    if (!newest) break;
    const message = newest.take();
    if (index >= first) messages.push(message);
  }

  let count = 0;
  let exact = true;
  for (const stream of streams) {
    const part = stream.count();
    count += part.value;
    exact &&= part.exact;
  }
  return { count, count_exact: exact, page, page_size: messages.length, messages };
}
