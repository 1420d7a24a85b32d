/**
 * The change feed behind the inbox's live updates (issue #13): with no browser connected it does nothing —
 * no timer, no payload, nothing kept — so the Sinch routes that notify it (a send, a cancel) cost what
 * they cost before the inbox existed; with subscribers, bursts are coalesced.
 */
import { ChangeFeed, COALESCE_MS } from '../../src/emulator/state/changes';

describe('the change feed', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does nothing while nobody subscribes: no timer is started and nothing is kept', () => {
    const feed = new ChangeFeed();
    for (let i = 0; i < 1000; i++) feed.notify('batches');
    expect(jest.getTimerCount()).toBe(0);
    const heard: unknown[] = [];
    feed.subscribe((kinds) => heard.push(kinds));
    jest.advanceTimersByTime(10 * COALESCE_MS);
    expect(heard).toEqual([]);
  });

  it('coalesces a burst into one event per subscriber, listing each kind once', () => {
    const feed = new ChangeFeed();
    const a: unknown[] = [];
    const b: unknown[] = [];
    feed.subscribe((kinds) => a.push(kinds));
    feed.subscribe((kinds) => b.push(kinds));
    for (let i = 0; i < 500; i++) feed.notify('batches');
    feed.notify('clock');
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(COALESCE_MS);
    expect(a).toEqual([['batches', 'clock']]);
    expect(b).toEqual([['batches', 'clock']]);
    feed.notify('faults');
    jest.advanceTimersByTime(COALESCE_MS);
    expect(a).toEqual([['batches', 'clock'], ['faults']]);
  });

  it('stops its timer and forgets pending changes when the last subscriber leaves', () => {
    const feed = new ChangeFeed();
    const heard: unknown[] = [];
    const unsubscribe = feed.subscribe((kinds) => heard.push(kinds));
    feed.notify('inbounds');
    unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    feed.subscribe((kinds) => heard.push(kinds));
    jest.advanceTimersByTime(COALESCE_MS);
    expect(heard).toEqual([]);
    expect(feed.subscribers).toBe(1);
  });
});
