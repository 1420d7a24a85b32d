/**
 * Each recipe of the SMS jobs guide (lua-docs/sms-jobs.md; issue #9, "Done when") through the real CLI
 * against an emulator this test started, checking what it did in the emulator's state — not only that it
 * ran (test/e2e/examples.test.ts runs every block too). The recipes are read from the guide, so the guide
 * cannot drift from what is tested.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, emulatorAccount, requestsTo, runLua, withEmulator, type TestEmulator } from './harness';

const GUIDE = readFileSync(join(REPO, 'lua-docs/sms-jobs.md'), 'utf8');

/** The ```lua block under the `## heading` that starts with `title`. */
function recipe(title: string): string {
  const start = GUIDE.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`no recipe "${title}" in lua-docs/sms-jobs.md`);
  const block = /```lua\n([\s\S]*?)```/.exec(GUIDE.slice(start));
  return block![1];
}

const ONCALL = '01RKYNEY48F3HKH7TTNKWV4YSC';
const PLAN = 'emulator-plan';

async function run(emulator: TestEmulator, title: string) {
  const { envelope } = await runLua(recipe(title), { config: { accounts: { default: emulatorAccount(emulator.url) } } });
  expect({ title, error: envelope.error }).toEqual({ title, error: null });
  return envelope;
}

describe('the SMS jobs guide, recipe by recipe', () => {
  it('has the seven recipes the issue asks for', () => {
    const headings = [...GUIDE.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Send to a group',
      'Send and confirm delivery',
      'Schedule, then cancel',
      'Personalise',
      'Check the cost before a bulk send',
      'Reply to inbound messages (the inbox)',
      'Wait out a rate limit',
    ]);
  });

  it.concurrent('send to a group: one batch to the group id, reaching each member', () =>
    withEmulator(async (emulator) => {
      const envelope = await run(emulator, 'Send to a group');
      expect(envelope.output).toMatch(/^On-call engineers: 2 member\(s\): 12025550121, 447700900871\n/);
      const sent = (await emulator.state()).sms[PLAN].batches.filter((b) => b.to.includes(ONCALL) && b.body.startsWith('Database failover'));
      expect(sent).toHaveLength(1);
      expect(sent[0].recipients.map((r) => r.recipient).sort()).toEqual(['12025550121', '447700900871']);
      expect(envelope.integration_calls.map((c) => c.function)).toEqual(['sinch_list_groups', 'sinch_list_group_members', 'sinch_send_sms']);
    }));

  it.concurrent('send and confirm delivery: waits with sleep until the report is done, and reads one recipient', () =>
    withEmulator(async (emulator) => {
      const envelope = await run(emulator, 'Send and confirm delivery');
      expect(envelope.output).toMatch(/^delivered 2, pending 0, failed 0\n12025550134\tDelivered\tdelivered\n$/);
    }));

  it.concurrent('schedule, then cancel: the reminder is cancelled and its recipient reported Cancelled', () =>
    withEmulator(async (emulator) => {
      const envelope = await run(emulator, 'Schedule, then cancel');
      expect(envelope.output).toMatch(/^scheduled for \d{4}-\d\d-\d\dT08:00:00\.000Z\ncancelled: true\nits report now says Cancelled\n$/);
      const [reminder] = (await emulator.state()).sms[PLAN].batches.filter((b) => b.client_reference === 'reminder-appointment-42');
      expect(reminder.recipients).toEqual([expect.objectContaining({ recipient: '12025550134', status: 'Cancelled' })]);
      expect(envelope.integration_calls.filter((c) => c.operation === 'write').map((c) => [c.function, c.sent])).toEqual([
        ['sinch_send_sms', true],
        ['sinch_cancel_batch', true],
      ]);
    }));

  it.concurrent('personalise: one batch with parameters, nobody aborted; a missing key refused before sending', () =>
    withEmulator(async (emulator) => {
      const envelope = await run(emulator, 'Personalise');
      expect(envelope.output).toMatch(/\ninvalid_argument\tbody\t.*uses \$\{place\} but parameters has "name"/);
      const batches = (await emulator.state()).sms[PLAN].batches.filter((b) => b.body.startsWith('Hi ${name}'));
      expect(batches).toHaveLength(1);
      expect(batches[0].recipients.map((r) => r.status).filter((s) => s === 'Aborted')).toEqual([]);
      expect(requestsTo(emulator, 'POST', `/xms/v1/${PLAN}/batches`)).toHaveLength(1);
    }));

  it.concurrent('check the cost: the en dash is named and the GSM-7 body is what gets sent', () =>
    withEmulator(async (emulator) => {
      const envelope = await run(emulator, 'Check the cost before a bulk send');
      expect(envelope.output).toMatch(/^UCS-2, 2 part\(s\) each, 6 message\(s\) in all\n {2}– \(U\+2013\) forces UCS-2; write "-" instead\n {2}sending the GSM-7 version: 1 part\(s\) each\n/);
      const [sent] = (await emulator.state()).sms[PLAN].batches.filter((b) => b.body.startsWith('Big news'));
      expect(sent.body).toContain('Big news - our spring sale');
      expect(requestsTo(emulator, 'POST', `/xms/v1/${PLAN}/batches/dry_run`)).toEqual([]);
    }));

  it.concurrent('reply to inbound messages: from the number written to, to the sender, once, skipping STOP', () =>
    withEmulator(async (emulator) => {
      await run(emulator, 'Reply to inbound messages (the inbox)');
      const state = await emulator.state();
      const recent = state.sms[PLAN].inbounds.filter((m) => Date.parse(state.now) - Date.parse((m as unknown as { received_at: string }).received_at) < 86_400_000);
      const replies = state.sms[PLAN].batches.filter((b) => b.client_reference?.startsWith('reply-'));
      const answerable = recent.filter((m) => m.body.trim().toUpperCase() !== 'STOP');
      expect(replies.map((b) => [b.from, b.to[0], b.client_reference]).sort()).toEqual(
        answerable.map((m) => [m.to, m.from, `reply-${m.id}`]).sort(),
      );
      await run(emulator, 'Reply to inbound messages (the inbox)');
      expect((await emulator.state()).sms[PLAN].batches.filter((b) => b.client_reference?.startsWith('reply-'))).toHaveLength(replies.length);
    }));

  it.concurrent('wait out a rate limit: a 429 with Retry-After is slept through and the SMS sent once', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: `/xms/v1/${PLAN}/batches`, method: 'POST', status: 429, retry_after: 1, times: 2 });
      const envelope = await run(emulator, 'Wait out a rate limit');
      expect(envelope.output).toMatch(/^rate limited, waiting 1 s\nsent 01[0-9A-Z]{24}\n$/);
      const sent = (await emulator.state()).sms[PLAN].batches.filter((b) => b.body.startsWith('Delivered as soon as'));
      expect(sent).toHaveLength(1);
      // The send repeats a 429 once itself (provably not sent), then the recipe's sleep and second call.
      expect(envelope.integration_calls.map((c) => [c.function, c.status, c.attempts])).toEqual([
        ['sinch_send_sms', 'error', 2],
        ['sinch_send_sms', 'ok', 1],
      ]);
    }));
});

describe('sleep through the CLI (its sandbox worker)', () => {
  it.concurrent('a sleep past --timeout-ms ends the run with timeout at the deadline, on the calling line', async () => {
    const started = performance.now();
    const { envelope, cli } = await runLua('print("before")\nsleep(600)\nprint("after")', { flags: ['--timeout-ms', '500'] });
    expect(cli.code).toBe(1);
    expect(envelope.error).toMatchObject({ code: 'timeout', line: 2 });
    expect(envelope.output).toBe('before\n');
    // Far below the 600 s the script asked for, and inside the test's own 30 s timeout: the deadline cut the
    // sleep short.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
