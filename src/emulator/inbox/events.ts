/**
 * `GET /_emulator/events`: server-sent events for the web inbox (issue #13, "Live"). Each event says what
 * changed (`batches`, `inbounds`, `clock`, `faults`, `reset`), coalesced (state/changes.ts); the page then
 * fetches the bounded view once. A comment line every 25 s keeps idle connections open through proxies.
 * While no stream is open the feed does nothing at all, so the Sinch routes pay nothing for the inbox.
 */
import type { ServerResponse } from 'node:http';
import type { RequestContext } from '../server/context';
import type { Reply } from '../server/reply';

const HEARTBEAT_MS = 25_000;

export function eventsRoute(ctx: RequestContext): Reply {
  const feed = ctx.backend.changes;
  return {
    status: 200,
    contentType: 'text/event-stream; charset=utf-8',
    headers: { 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    stream(res: ServerResponse) {
      // `retry`: how long the browser waits before reconnecting; the first event tells the page to load.
      res.write('retry: 2000\n\nevent: hello\ndata: []\n\n');
      const unsubscribe = feed.subscribe((kinds) => res.write(`event: change\ndata: ${JSON.stringify(kinds)}\n\n`));
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      res.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
      });
    },
  };
}
