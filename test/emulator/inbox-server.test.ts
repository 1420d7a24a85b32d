/**
 * The web inbox's server side (issue #13), over HTTP without a browser: the files and their security
 * headers, the bounded view, the change events, the control routes the page uses, and the guard that keeps
 * other websites from driving the emulator (test/browser/inbox.test.ts drives the page itself).
 */
import { request } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../src/emulator/inbox';
import { DAY, HOUR, PLAN, iso, useEmulator } from './harness';

describe('the web inbox, server side', () => {
  const h = useEmulator({ demoData: true });
  beforeEach(() => h.reset(true));

  const control = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.call(method, `/_emulator${path}`, { auth: null, body, headers });

  describe('files', () => {
    it('leads from / to the inbox page, served as HTML with a strict Content-Security-Policy', async () => {
      const root = await fetch(`${h.emulator.url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/_emulator/inbox/');
      const page = await control('GET', '/inbox/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      // No inline script or style: the page only loads its own files.
      expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]|<style|\son[a-z]+=/i);
    });

    it('serves the script, the style and the icon with their own types, and nothing else', async () => {
      expect((await control('GET', '/inbox/inbox.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await control('GET', '/inbox/inbox.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect((await control('GET', '/inbox/icon.svg')).headers.get('content-type')).toBe('image/svg+xml');
      expect((await control('GET', '/inbox/..%2Fpackage.json')).status).toBe(404);
      expect((await control('GET', '/inbox/secrets.txt')).status).toBe(404);
    });

    it('never puts data into the page as HTML: the script uses no innerHTML, outerHTML, insertAdjacentHTML or document.write', async () => {
      const script = (await control('GET', '/inbox/inbox.js')).text;
      expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    });

    it('is not used up by a fault meant for the API', async () => {
      await control('POST', '/faults', { status: 503 });
      expect((await fetch(`${h.emulator.url}/`, { redirect: 'manual' })).status).toBe(302);
      expect((await control('GET', '/faults')).json.faults).toHaveLength(1);
    });
  });

  describe('the view', () => {
    it('shows batches newest first with group ids resolved, encoding, parts and each recipient status', async () => {
      const view = (await control('GET', '/view')).json;
      expect(view.plan).toEqual({ id: PLAN, default_from: '12025550142', project_id: 'emulator-project' });
      expect(view.batches.count).toBe(6);
      const [scheduled, otp, maintenance] = view.batches.items;
      expect(scheduled).toMatchObject({
        body: 'On-call handover tomorrow at 08:00.',
        to: [{ type: 'group', name: 'On-call engineers', members: ['12025550121', '447700900871'], known: true }],
        cancellable: true,
        status_counts: [{ status: 'Queued', code: 400, count: 2 }],
      });
      expect(otp).toMatchObject({ encoding: 'GSM', parts: 1, recipients: [{ recipient: '12025550111', status: 'Delivered' }] });
      expect(maintenance).toMatchObject({ encoding: 'UNICODE', parts: 1, messages: 3, recipient_count: 3 });
      expect(view.next_change_ms).toBe(Date.parse(scheduled.send_at));
      expect(view.inbounds.items[0]).toMatchObject({ from: '12025550111', body: 'Thanks, got it!' });
      expect(view.groups.map((g: { name: string }) => g.name)).toEqual(['Everyone', 'On-call engineers', 'Newsletter subscribers']);
      expect(view.numbers).toHaveLength(4);
    });

    it('shows a personalised message per recipient and moves statuses with the clock', async () => {
      const sent = await h.send({ to: ['12025550111', '12025550112'], body: 'Hi ${name}', parameters: { name: { '12025550111': 'Ann', default: 'you' } }, send_at: iso(h.emulator.clock.now() + HOUR) });
      const batch = () => control('GET', '/view').then((r) => r.json.batches.items.find((b: { id: string }) => b.id === sent.id));
      expect((await batch()).recipients.map((r: { body: string; status: string }) => [r.body, r.status])).toEqual([
        ['Hi Ann', 'Queued'],
        ['Hi you', 'Queued'],
      ]);
      await h.advance(HOUR);
      expect((await batch()).status_counts).toEqual([{ status: 'Dispatched', code: 401, count: 2 }]);
      await h.advance(2000);
      expect((await batch()).status_counts).toEqual([{ status: 'Delivered', code: 0, count: 2 }]);
    });

    it('is bounded: limit batches and inbounds, and refuses a limit out of range', async () => {
      const view = (await control('GET', '/view?limit=2')).json;
      expect(view.batches).toMatchObject({ count: 6 });
      expect(view.batches.items).toHaveLength(2);
      expect(view.inbounds.items).toHaveLength(2);
      expect((await control('GET', '/view?limit=0')).status).toBe(400);
      expect((await control('GET', '/view?plan=nope')).status).toBe(404);
    });
  });

  describe('control routes for the page', () => {
    it('cancels a queued batch of any plan, and refuses once it is dispatched', async () => {
      const view = (await control('GET', '/view')).json;
      const scheduled = view.batches.items[0];
      const res = await control('POST', `/batches/${scheduled.id}/cancel`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id: scheduled.id, canceled: true });
      const otp = view.batches.items[1];
      expect((await control('POST', `/batches/${otp.id}/cancel`)).json.code).toBe('batch_already_dispatched');
      expect((await control('POST', '/batches/01AAAAAAAAAAAAAAAAAAAAAAAA/cancel')).status).toBe(404);
    });

    it('removes one pending fault by id', async () => {
      const a = (await control('POST', '/faults', { status: 503 })).json;
      await control('POST', '/faults', { status: 429 });
      expect((await control('DELETE', `/faults/${a.id}`)).json).toEqual({ removed: a.id });
      expect((await control('GET', '/faults')).json.faults.map((f: { status: number }) => f.status)).toEqual([429]);
      expect((await control('DELETE', `/faults/${a.id}`)).status).toBe(404);
    });
  });

  describe('live events', () => {
    /** Opens the event stream and collects the events it sends. */
    function subscribe(): Promise<{ events: string[]; close(): void }> {
      return new Promise((resolve, reject) => {
        const events: string[] = [];
        const req = request(`${h.emulator.url}/_emulator/events`, (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
          let buffer = '';
          res.setEncoding('utf8').on('data', (chunk: string) => {
            buffer += chunk;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const name = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (name) events.push(`${name} ${data}`);
            }
          });
          resolve({ events, close: () => req.destroy() });
        });
        req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
        req.end();
      });
    }

    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 10));
    };

    it('says hello, then what changed — a send, the clock, faults, a reset — coalesced', async () => {
      const stream = await subscribe();
      try {
        await until(() => stream.events.length === 1);
        expect(stream.events).toEqual(['hello []']);
        await h.send({ to: ['12025550111'] });
        await until(() => stream.events.length === 2);
        expect(stream.events[1]).toBe('change ["batches"]');
        await h.advance(1000);
        await control('POST', '/faults', { status: 503 });
        await until(() => stream.events.some((e) => e.includes('faults')));
        const kinds = stream.events.slice(2).flatMap((e) => JSON.parse(e.slice('change '.length)));
        expect(kinds.sort()).toEqual(['clock', 'faults']);
        await h.reset(false);
        await until(() => stream.events.some((e) => e.includes('reset')));
      } finally {
        stream.close();
      }
      await until(() => h.emulator.backend.changes.subscribers === 0);
    });
  });

  describe('the browser guard', () => {
    const batches = async () => (await control('GET', '/state')).json.sms[PLAN].batches.length;

    it('leaves requests without Origin (curl, tests, SDKs) as the contract documents them', async () => {
      expect((await control('POST', '/reset', { demo: false })).status).toBe(200);
      expect(await batches()).toBe(0);
    });

    it('refuses a state change from another website, even one that sends the inbox header', async () => {
      const cases: Array<Record<string, string>> = [
        { origin: 'http://evil.example' },
        { origin: 'http://evil.example', 'x-sinch-emulator': 'inbox' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', 'x-sinch-emulator': 'inbox' },
      ];
      for (const headers of cases) {
        const res = await control('POST', '/reset', { demo: false }, headers);
        expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
      }
      expect(await batches()).toBe(6);
    });

    it('refuses a state change from its own origin without the inbox header (a plain form post)', async () => {
      const origin = h.emulator.url;
      const res = await control('POST', '/reset', { demo: false }, { origin, 'sec-fetch-site': 'same-origin' });
      expect(res.status).toBe(403);
      expect(res.json.error.message).toContain('X-Sinch-Emulator: inbox');
      const page = await control('POST', '/reset', { demo: false }, { origin, 'sec-fetch-site': 'same-origin', 'x-sinch-emulator': 'inbox' });
      expect(page.status).toBe(200);
    });

    it('refuses browser requests that name the emulator by another host name (DNS rebinding), reads included', async () => {
      // fetch() will not send another Host: node:http does.
      const get = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${h.emulator.url}/_emulator/view`, { headers: { host, 'sec-fetch-site': 'same-origin' } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', reject);
          req.end();
        });
      const port = new URL(h.emulator.url).port;
      expect(await get(`evil.example:${port}`)).toBe(403);
      expect(await get(`localhost:${port}`)).toBe(200);
      expect(await get(`127.0.0.1:${port}`)).toBe(200);
    });
  });

  it('keeps batches older than a day in the view (the whole retention), unlike the API lists', async () => {
    await h.advance(2 * DAY);
    expect((await control('GET', '/view')).json.batches.count).toBe(6);
  });
});
