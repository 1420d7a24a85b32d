import type { WriteAttempt, WriteEvent } from '../../src/integration/events';
import type { CallRecord } from '../../src/integration/record';
import { RunWrites } from '../../src/sandbox/in-flight';
import { JournalWriter, newJournal, readJournal } from '../../src/sandbox/journal';

const read = (fn: string): CallRecord => ({ path: `app.integrations.fake.${fn}`, function: fn, account: 'default', operation: 'read', status: 'ok', duration_ms: 1, attempts: 1 });
const written = (reference: string): CallRecord => ({ ...read('fake_send_message'), operation: 'write', reference, sent: true, created_id: `id-${reference}` });

describe('a run journal', () => {
  it('gives back output and records in the order they were appended, across growth, with non-ASCII text intact', () => {
    const journal = newJournal();
    const writer = new JournalWriter(journal);
    writer.output('héllo ✓ 🙂\n');
    writer.record(read('fake_echo'), undefined);
    writer.output('x'.repeat(100_000)); // past the initial 4 KiB: the buffer grows
    writer.record(written('r1'), 7);
    const contents = readJournal(journal);
    expect(contents.output).toBe(`héllo ✓ 🙂\n${'x'.repeat(100_000)}`);
    expect(contents.records).toEqual([
      { callId: undefined, record: read('fake_echo') },
      { callId: 7, record: written('r1') },
    ]);
    expect(contents.truncated).toBe(false);
  });

  it('stops at its maximum size and says so, keeping every entry before the one that did not fit', () => {
    const journal = newJournal(8192);
    const writer = new JournalWriter(journal);
    writer.record(read('fake_echo'), undefined);
    writer.output('y'.repeat(10_000));
    writer.record(read('fake_later'), undefined); // nothing after the entry that did not fit
    expect(readJournal(journal)).toEqual({ output: '', records: [{ callId: undefined, record: read('fake_echo') }], truncated: true });
  });

  it('reads as empty before anything is appended', () => {
    expect(readJournal(newJournal())).toEqual({ output: '', records: [], truncated: false });
  });
});

describe("a terminated worker's writes with its journal", () => {
  const attempt = (callId: number, reference: string): WriteAttempt =>
    ({
      phase: 'attempt',
      run_id: 'run-1',
      call_id: callId,
      at: '2026-11-30T00:00:00.000Z',
      path: 'app.integrations.fake.send_message',
      function: 'fake_send_message',
      account: 'default',
      plan: { request: {}, reference, facts: {}, title: '', fields: [] },
    }) as unknown as WriteAttempt;

  it('takes a write the journal settled from the journal, tells the listener its outcome, and looks up only the writes still in flight', async () => {
    const writes = new RunWrites();
    writes.note(attempt(1, 'r1')); // settled in the worker; its outcome message never arrived
    writes.note(attempt(2, 'r2')); // still in flight
    const journal = { output: '', truncated: false, records: [{ callId: undefined, record: read('fake_echo') }, { callId: 1, record: written('r1') }] };
    const reconcile = jest.fn(async () => ({ sent: false as const }));
    const events: WriteEvent[] = [];
    const calls = await writes.records('timeout', reconcile, (event) => void events.push(event), journal);
    expect(reconcile).toHaveBeenCalledTimes(1);
    expect(reconcile).toHaveBeenCalledWith(expect.objectContaining({ call_id: 2 }));
    expect(calls).toEqual([read('fake_echo'), written('r1'), expect.objectContaining({ reference: 'r2', sent: false, status: 'error' })]);
    expect(events).toEqual([
      expect.objectContaining({ phase: 'outcome', call_id: 1, record: written('r1'), reconciled: true }),
      expect.objectContaining({ phase: 'outcome', call_id: 2, reconciled: true, record: expect.objectContaining({ sent: false }) }),
    ]);
  });

  it('keeps a settled write the journal lacks (it filled up) after the journalled records, once', async () => {
    const writes = new RunWrites();
    writes.note(attempt(1, 'r1'));
    writes.settle(1, written('r1'));
    writes.note(attempt(2, 'r2'));
    writes.settle(2, written('r2'));
    const journal = { output: '', truncated: true, records: [{ callId: 1, record: written('r1') }] };
    const calls = await writes.records('timeout', undefined, undefined, journal);
    expect(calls).toEqual([written('r1'), written('r2')]);
  });
});
