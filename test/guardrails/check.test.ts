/**
 * The guardrails check in the call pipeline (src/guardrails/check.ts), through a host's direct calls on a
 * fake integration, against both stores: what is refused, with which error, what is reserved and given
 * back, what waits for its turn, and what the ledger says.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Guardrails, openStore, type GuardrailsConfig, type GuardrailStore, type StoreConfig } from '../../src/guardrails';
import { notifyHost, sendCall, NotifyServices } from './notify';
import { useRedis } from './redis-server';

const T0 = Date.parse('2025-03-10T12:00:00.000Z');

describe.each(['sqlite', 'redis'] as const)('guardrails over %s', (kind) => {
  const redis = kind === 'redis' ? useRedis() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kosmo-guard-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const storeConfig = (): StoreConfig =>
    redis ? { type: 'redis', url: redis.url(), prefix: `check-${randomUUID().slice(0, 8)}:` } : { type: 'sqlite', path: join(dir, `${randomUUID()}.sqlite`) };

  /** A plain file: a store path under it cannot be made. */
  const blocker = () => {
    const file = join(dir, `file-${randomUUID()}`);
    writeFileSync(file, '');
    return file;
  };
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0)) await item.close();
  });

  /** A host whose `default` account has `config`; `open` has none. `waits` collects the rate's waits. */
  function setup(config: GuardrailsConfig, options: { store?: StoreConfig; now?: () => number } = {}) {
    const store = options.store ?? storeConfig();
    const waits: number[] = [];
    const guardrails = new Guardrails({
      accounts: new Map([['default', config]]),
      store,
      now: options.now ?? (() => T0),
      sleep: async (ms) => void waits.push(ms),
    });
    const { host, services } = notifyHost(guardrails);
    opened.push(host);
    const ledger = (): GuardrailStore => {
      const s = openStore(store);
      opened.push(s);
      return s;
    };
    return { host, services, guardrails, waits, ledger, store };
  }

  it('lets reads and writes of unguarded accounts through without opening the store', async () => {
    const { host } = setup({ budget: { per_day: 1 } }, { store: { type: 'redis', url: 'redis://127.0.0.1:1', prefix: 'x:' } });
    expect(await host.call({ integration: 'notify', function: 'status' })).toMatchObject({ ok: true, value: 'fine' });
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'hi' }, 'open'))).toMatchObject({ ok: true });
  });

  it('refuses more recipients than max_recipients, naming the guardrail, the limit, what was asked and that nothing was sent', async () => {
    const { host, services } = setup({ max_recipients: 2 });
    const result = await host.call(sendCall({ to: ['+12025550111', '+12025550112', '+12025550113'], body: 'hi' }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'guardrail_refused', details: { guardrail: 'max_recipients', limit: 2, requested: 3, sent: false, account: 'default' } },
      record: { refused_by: 'guardrails', sent: false, attempts: 0 },
    });
    expect(result.ok ? '' : result.error.message).toMatch(/refused by the guardrail max_recipients of account 'default'.*3 recipients.*at most 2.*Nothing was sent/);
    expect(services.sent).toEqual([]);
  });

  it('applies the deny-list before the allow-list, by exact numbers, prefixes and one-digit wildcards', async () => {
    const { host } = setup({ recipients: { allow: ['+1202555????', '+46701234567'], deny: ['+12025550666'] } });
    expect(await host.call(sendCall({ to: ['+12025550111', '+46701234567'], body: 'a' }))).toMatchObject({ ok: true });
    expect(await host.call(sendCall({ to: ['+12025550111', '+12025550666'], body: 'b' }))).toMatchObject({
      ok: false,
      error: { details: { guardrail: 'recipients.deny', recipients: ['+12025550666'], requested: 2, remaining: 1 } },
    });
    expect(await host.call(sendCall({ to: ['+120255501111', '+46701234568'], body: 'c' }))).toMatchObject({
      ok: false,
      error: { details: { guardrail: 'recipients.allow', recipients: ['+120255501111', '+46701234568'], limit: ['+1202555????', '+46701234567'] } },
    });
  });

  it('counts a run budget per run and gives back what a write that provably failed reserved', async () => {
    const { host, services } = setup({ budget: { per_run: 3 } });
    const run = host.openRun();
    expect(await run.call(sendCall({ to: ['+12025550111', '+12025550112'], body: 'a' }))).toMatchObject({ ok: true });
    services.outcome = 'not_sent';
    expect(await run.call(sendCall({ to: ['+12025550113'], body: 'b' }))).toMatchObject({ ok: false, record: { sent: false } });
    services.outcome = 'sent';
    expect(await run.call(sendCall({ to: ['+12025550113'], body: 'c' }))).toMatchObject({ ok: true });
    const refused = await run.call(sendCall({ to: ['+12025550114'], body: 'd' }));
    expect(refused).toMatchObject({ ok: false, error: { details: { guardrail: 'budget.per_run', limit: 3, requested: 1, remaining: 0, used: 3 } } });
    await run.close();
    expect(await host.call(sendCall({ to: ['+12025550114'], body: 'e' }))).toMatchObject({ ok: true });
  });

  it('holds the daily budget across runs; a write not sent gives its messages back, an unknown one keeps them', async () => {
    const { host, services, ledger } = setup({ budget: { per_day: 5 } });
    const send = (n: number, body: string) => host.call(sendCall({ to: Array.from({ length: n }, (_, i) => `+1202555010${i}`), body, parts: 1 }));
    expect(await send(2, 'a')).toMatchObject({ ok: true });
    services.outcome = 'not_sent';
    expect(await send(3, 'b')).toMatchObject({ record: { sent: false } });
    services.outcome = 'unknown';
    expect(await send(2, 'c')).toMatchObject({ record: { sent: 'unknown' } });
    services.outcome = 'sent';
    expect(await ledger().usage('default', T0)).toEqual({ hour: 4, day: 4 });
    const refused = await send(2, 'd');
    expect(refused).toMatchObject({ ok: false, error: { details: { guardrail: 'budget.per_day', limit: 5, requested: 2, remaining: 1, resets_at: '2025-03-11T00:00:00.000Z' } } });
    expect(await send(1, 'e')).toMatchObject({ ok: true });
  });

  it('counts messages, not recipients: recipients × parts', async () => {
    const { host } = setup({ budget: { per_hour: 5 } });
    expect(await host.call(sendCall({ to: ['+12025550111', '+12025550112'], body: 'long', parts: 3 }))).toMatchObject({
      ok: false,
      error: { details: { guardrail: 'budget.per_hour', requested: 6, remaining: 5 } },
    });
  });

  it('refuses the same body to the same recipient within the window, unless allow_duplicate says it is meant', async () => {
    const { host } = setup({ duplicate_window: '10m' });
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'Your code is 1234' }))).toMatchObject({ ok: true });
    const again = await host.call(sendCall({ to: ['+12025550112', '+12025550111'], body: 'Your code is 1234' }));
    expect(again).toMatchObject({ ok: false, error: { details: { guardrail: 'duplicate_window', limit: '10m', recipients: ['+12025550111'], requested: 2 } } });
    expect(again.ok ? '' : again.error.message).toMatch(/allow_duplicate = true/);
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'Your code is 5678' }))).toMatchObject({ ok: true });
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'Your code is 1234', allow_duplicate: true }))).toMatchObject({ ok: true });
  });

  it('lets a write whose duplicate check passed but which was not sent be sent again', async () => {
    const { host, services } = setup({ duplicate_window: '1h' });
    services.outcome = 'not_sent';
    await host.call(sendCall({ to: ['+12025550111'], body: 'hello' }));
    services.outcome = 'sent';
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'hello' }))).toMatchObject({ ok: true });
  });

  it('queues writes under the rate: each waits its turn, and a turn further than a call may wait is refused', async () => {
    const { host, waits } = setup({ rate_per_second: 2 });
    for (let i = 0; i < 3; i++) expect(await host.call(sendCall({ to: ['+12025550111', '+12025550112'], body: `m${i}` }))).toMatchObject({ ok: true });
    expect(waits).toEqual([1000, 2000]);
    const { host: slow } = setup({ rate_per_second: 0.05 });
    expect(await slow.call(sendCall({ to: ['+12025550111', '+12025550112'], body: 'x' }))).toMatchObject({ ok: true });
    const refused = await slow.call(sendCall({ to: ['+12025550111'], body: 'y' }));
    expect(refused).toMatchObject({ ok: false, error: { details: { guardrail: 'rate_per_second', limit: 0.05, wait_ms: 40_000, retryable: true } } });
  });

  it("bounds a script's wait for its turn by the run's deadline: a turn past it is refused, saying so", async () => {
    const { host } = setup({ rate_per_second: 0.1 });
    const result = await host.run(
      `app.integrations.notify.send({ to = { "+12025550111" }, body = "a" })
       local ok, err = pcall(app.integrations.notify.send, { to = { "+12025550111" }, body = "b" })
       return { err.guardrail, err.wait_ms, tostring(err) }`,
      { limits: { timeoutMs: 5000 } },
    );
    expect(result.result).toEqual(['rate_per_second', 10_000, expect.stringMatching(/comes in 10\.0 s, after the run's deadline \(\d\.\d s left\)/)]);
  });

  it('gives the reservation back when the run is cancelled while a write waits for its turn', async () => {
    const store = storeConfig();
    const guardrails = new Guardrails({
      accounts: new Map([['default', { rate_per_second: 1, budget: { per_day: 5 } }]]),
      store,
      now: () => T0,
      sleep: (_ms, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const { host } = notifyHost(guardrails);
    opened.push(host);
    expect(await host.call(sendCall({ to: ['+12025550111', '+12025550112'], body: 'first' }))).toMatchObject({ ok: true });
    const cancel = new AbortController();
    const waiting = host.call(sendCall({ to: ['+12025550111'], body: 'second' }), { signal: cancel.signal });
    const ledger = openStore(store);
    opened.push(ledger);
    while ((await ledger.usage('default', T0)).day < 3) await new Promise((resolve) => setImmediate(resolve));
    cancel.abort();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'cancelled' }, record: { sent: false } });
    expect(await ledger.usage('default', T0)).toEqual({ hour: 2, day: 2 });
  });

  it('fails closed when the store cannot be reached: guarded writes are refused, reads still work', async () => {
    const { host, services } = setup({ budget: { per_day: 10 } }, { store: kind === 'redis' ? { type: 'redis', url: 'redis://:pw-secret@127.0.0.1:1/0' } : { type: 'sqlite', path: join(blocker(), 'x.sqlite') } });
    const result = await host.call(sendCall({ to: ['+12025550111'], body: 'hi' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'guardrail_refused', details: { guardrail: 'store', retryable: true, sent: false } } });
    expect(result.ok ? '' : result.error.message).not.toContain('pw-secret');
    expect(services.sent).toEqual([]);
    expect(await host.call({ integration: 'notify', function: 'status' })).toMatchObject({ ok: true });
  });

  it('gives the reservation back when the person asked refuses the write after the guardrails let it through', async () => {
    const store = storeConfig();
    const guardrails = new Guardrails({ accounts: new Map([['default', { budget: { per_day: 1 } }]]), store, now: () => T0 });
    const { host } = notifyHost(guardrails, new NotifyServices(), { write: 'ask' });
    opened.push(host);
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'a' }), { approve: async () => false })).toMatchObject({ record: { refused_by: 'approval' } });
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'a' }), { approve: async () => true })).toMatchObject({ ok: true });
  });

  it('keeps a ledger of every attempt and outcome, with the body as its SHA-256 unless configured as text', async () => {
    const { host, services, ledger } = setup({ budget: { per_day: 2 } });
    const runId = randomUUID();
    const run = host.openRun({ runId });
    await run.call(sendCall({ to: ['+12025550111'], body: 'hello' }));
    services.outcome = 'unknown';
    await run.call(sendCall({ to: ['+12025550112'], body: 'again' }));
    await run.call(sendCall({ to: ['+12025550113'], body: 'third' }));
    await run.close();
    const entries = await ledger().query({ account: 'default', limit: 10 });
    expect(entries.map((e) => [e.call_id, e.outcome, e.sent, e.guardrail, e.error_code])).toEqual([
      [3, 'refused', false, 'budget.per_day', 'guardrail_refused'],
      [2, 'unknown', 'unknown', null, 'network_error'],
      [1, 'sent', true, null, null],
    ]);
    expect(entries[2]).toMatchObject({
      id: `${runId}:1`,
      run_id: runId,
      function: 'notify_send',
      recipients: ['+12025550111'],
      messages: 1,
      body: null,
      body_sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      created_id: 'id-1',
      refused_by: null,
    });
    const { host: texts, ledger: textLedger } = setup({ ledger_body: 'text' });
    await texts.call(sendCall({ to: ['+12025550111'], body: 'kept as text' }));
    expect((await textLedger().query({ account: 'default', limit: 1 }))[0]).toMatchObject({ body: 'kept as text', outcome: 'sent' });
  });

  it('settles a write reconciled after its sandbox was terminated: the ledger has its outcome, and not sent gives back', async () => {
    const { guardrails, ledger } = setup({ budget: { per_day: 1 }, duplicate_window: '1h' });
    const { host } = notifyHost(guardrails);
    const events: Array<Parameters<typeof guardrails.onWrite>[0]> = [];
    await host.call(sendCall({ to: ['+12025550111'], body: 'a' }), { onWrite: (e) => void events.push(e) });
    expect(await ledger().usage('default', T0)).toEqual({ hour: 1, day: 1 });
    const attempt = events.find((e) => e.phase === 'outcome')!;
    if (attempt.phase !== 'outcome') throw new Error('unreachable');
    await guardrails.onWrite({ ...attempt, record: { ...attempt.record, sent: false, status: 'error' }, reconciled: true });
    expect(await ledger().usage('default', T0)).toEqual({ hour: 0, day: 0 });
    expect((await ledger().query({ account: 'default', limit: 1 }))[0]).toMatchObject({ outcome: 'not_sent', reconciled: true });
    expect(await host.call(sendCall({ to: ['+12025550111'], body: 'a' }))).toMatchObject({ ok: true });
  });
});
