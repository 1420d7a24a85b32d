import { request } from 'node:http';
import { createBackend, startEmulator, type RunningEmulator } from '../../src/emulator';
import { T0 } from './harness';

// docs/emulator.md lists these ids ("Demo data"): examples may rely on them.
const DEMO_GROUP_IDS = ['01GCQ3MT0J8NBX9N0A2M4A9H14', '01RKYNEY48F3HKH7TTNKWV4YSC', '01GJ35TXAWW03SRJFJYZZ755FW'];
const DEMO_BATCH_IDS = [
  '01P0F2X19RR7N1E43AGBRRVZTD',
  '01YPPF694BHNM6J64FFGPXWZG3',
  '01BVENTGZPATV53ZEKSVRAV02V',
  '01MQGW68Z1E9038ZGSGMBQA4N6',
  '017BW41P4KSAKP5994D3RHCVV3',
  '01V08Y4PWA4SQ8ZP9Z4MJDFGQ9',
];
const DEMO_INBOUND_IDS = [
  '01XFR5RY5KSZ2Q0GW2HTXBJED0',
  '01TKWKEN4G9BQPHCF7QZH84ERC',
  '01D90YWEYDY3S869VTFZBMM0XX',
  '01XH6HDC8FSE4PC3Y70HKSRK6H',
];

async function sendVia(emulator: RunningEmulator, plan = 'emulator-plan', token = 'emulator-token'): Promise<string> {
  const res = await fetch(`${emulator.url}/xms/v1/${plan}/batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: ['12025550111'], body: 'x' }),
  });
  return ((await res.json()) as { id: string }).id;
}

describe('startEmulator', () => {
  it('listens on a free loopback port and gives a URL without a trailing slash', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      expect(emulator.host).toBe('127.0.0.1');
      expect(emulator.port).toBeGreaterThan(0);
      expect(emulator.credentials.service_plan_id).toBe('emulator-plan');
    } finally {
      await emulator.close();
    }
  });

  it('loads the demo data by default, with stable ids for the default seed', () => {
    const sms = createBackend().defaultPlan().sms;
    expect(sms.groups.items.map((g) => g.id)).toEqual(DEMO_GROUP_IDS);
    expect(sms.batches.items.map((b) => b.id)).toEqual(DEMO_BATCH_IDS);
    expect(sms.inbounds.items.map((i) => i.id)).toEqual(DEMO_INBOUND_IDS);
  });

  it('starts empty with demoData false', () => {
    const backend = createBackend({ demoData: false });
    expect(backend.defaultPlan().sms.batches.items).toHaveLength(0);
    expect(backend.projects.get('emulator-project')?.all()).toHaveLength(0);
  });

  it('gives the same ids for the same seed and requests, and other ids for another seed', async () => {
    const run = async (seed: string) => {
      const emulator = await startEmulator({ seed, demoData: false });
      try {
        return [await sendVia(emulator), await sendVia(emulator)];
      } finally {
        await emulator.close();
      }
    };
    const a = await run('alpha');
    expect(await run('alpha')).toEqual(a);
    expect(await run('beta')).not.toEqual(a);
    expect(a[0]).toMatch(/^01[0-9A-HJKMNP-TV-Z]{24}$/);
  });

  it('takes its time from the injected clock and exposes the state for tests', async () => {
    const emulator = await startEmulator({ now: () => T0, demoData: false });
    try {
      const id = await sendVia(emulator);
      const batch = emulator.backend.defaultPlan().sms.batches.get(id);
      expect(batch?.fields.created_at).toBe('2025-03-10T12:00:00.000Z');
      emulator.advanceClock(1000);
      expect(emulator.clock.now()).toBe(T0 + 1000);
      emulator.reset();
      expect(emulator.backend.defaultPlan().sms.batches.items).toHaveLength(0);
    } finally {
      await emulator.close();
    }
  });

  it('registers extra service plans and projects from the options', async () => {
    const emulator = await startEmulator({
      demoData: false,
      servicePlans: [{ servicePlanId: 'plan-x', apiToken: 'token-x', defaultFrom: '15550001111' }],
      projects: [{ projectId: 'project-x', keyId: 'key-x', keySecret: 'secret-x' }],
    });
    try {
      expect(await sendVia(emulator, 'plan-x', 'token-x')).toHaveLength(26);
      const auth = `Basic ${Buffer.from('key-x:secret-x').toString('base64')}`;
      const res = await fetch(`${emulator.url}/v1/projects/project-x/activeNumbers`, { headers: { authorization: auth } });
      expect(res.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('logs one line per request only when asked', async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({ demoData: false, logRequests: true, log: (l) => lines.push(l) });
    try {
      await fetch(`${emulator.url}/_emulator/clock`);
      expect(lines).toEqual([expect.stringMatching(/^GET \/_emulator\/clock -> 200 \(/)]);
    } finally {
      await emulator.close();
    }
  });

  it('logs requests that an injected fault answers or drops, too', async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({ demoData: false, logRequests: true, log: (l) => lines.push(l) });
    try {
      const groups = `${emulator.url}/xms/v1/emulator-plan/groups`;
      const headers = { authorization: 'Bearer emulator-token' };
      for (const fault of [{ status: 503 }, { drop: 'after' }, { drop: 'before' }]) {
        await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ route: '/xms/v1/**', ...fault }) });
        await fetch(groups, { headers }).catch(() => undefined);
      }
      expect(lines.filter((l) => !l.includes('/_emulator/'))).toEqual([
        expect.stringMatching(/^GET \/xms\/v1\/emulator-plan\/groups -> 503 \(fault\) \(/),
        expect.stringMatching(/^GET \/xms\/v1\/emulator-plan\/groups -> 200, dropped \(fault: drop after\) \(/),
        expect.stringMatching(/^GET \/xms\/v1\/emulator-plan\/groups -> dropped \(fault: drop before\) \(/),
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('closes idle keep-alive connections on close', async () => {
    const emulator = await startEmulator({ demoData: false });
    const { hostname, port } = new URL(emulator.url);
    const agent = new (await import('node:http')).Agent({ keepAlive: true });
    // Wrapped in an object: resolving with a bare promise would wait for the socket to close right here.
    const { closed } = await new Promise<{ closed: Promise<void> }>((resolve, reject) => {
      const req = request({ hostname, port, path: '/_emulator/clock', agent }, (res) => {
        const closed = new Promise<void>((done) => res.socket.once('close', () => done()));
        res.resume();
        res.on('end', () => resolve({ closed }));
      });
      req.on('error', reject);
      req.end();
    });
    const started = Date.now();
    await emulator.close();
    await closed;
    // Well before the server's 5 s keep-alive timeout could have ended it (that timer started when the answer
    // ended, just before \`started\`, so a connection left to time out closes a little under 5 s after it): the
    // connection was ended by close(). Half the timeout is the bound: close() itself takes milliseconds.
    expect(Date.now() - started).toBeLessThan(2500);
    agent.destroy();
  });

  it('refuses a second listener on a port in use', async () => {
    const first = await startEmulator({ demoData: false });
    try {
      await expect(startEmulator({ port: first.port, demoData: false })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
