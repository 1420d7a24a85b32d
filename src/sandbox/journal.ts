/**
 * A run's journal: what a sandbox worker would otherwise lose with its thread. The worker appends every
 * printed chunk and every call record to a growable SharedArrayBuffer as they happen; when the worker has
 * to be terminated (stuck in one instruction past its deadline, heap exhausted, cancellation unanswered),
 * the main thread reads the journal and reports the run's output and `integration_calls` as far as they
 * went, instead of only its writes (docs/reliability.md, §1 and §7).
 *
 * Why shared memory and not messages: a script stuck in one instruction never gives the worker's event loop
 * another turn, so nothing queued for a message leaves; and a message per read is what the call path cannot
 * afford (docs/performance.md, "Round two (issue #14)"). Appending costs an encode into memory both threads
 * see, and one atomic store of the committed length (so the main thread, reading while the worker may still
 * run, never sees half an entry).
 *
 * Layout: an 8-byte header (Int32 0: bytes committed after the header; Int32 1: 1 once an entry did not fit),
 * then entries: kind (1 byte: 1 output, 2 record), length (4 bytes, little-endian), UTF-8 payload. A record's
 * payload is JSON `[callId or null, record]`.
 */
import type { CallRecord } from '../integration/record';

const HEADER = 8;
const ENTRY_HEAD = 5;
const KIND_OUTPUT = 1;
const KIND_RECORD = 2;
/** What a journal starts with; it grows (doubling) as entries need room. */
const INITIAL_BYTES = 4096;
/**
 * The most a journal may grow to. Output is capped at 1 MiB by the run's limits; records at a few hundred
 * bytes each. A run past this keeps journalling nothing more and says so (`truncated`): the main thread then
 * has the writes from the worker's messages, as without a journal, and the run's error says what is missing
 * (src/sandbox/pool.ts, endAll). Only address space is reserved up front.
 */
export const JOURNAL_MAX_BYTES = 16 * 1024 * 1024;

/** ES2024's growable SharedArrayBuffer (Node 20 has it; the TypeScript lib here predates it). */
interface Growable extends SharedArrayBuffer {
  readonly maxByteLength: number;
  grow(bytes: number): void;
}
const GrowableSharedArrayBuffer = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => Growable;

/** A new, empty journal for one run (made by the main thread, shared with the worker in the run request). */
export function newJournal(maxBytes = JOURNAL_MAX_BYTES): SharedArrayBuffer {
  return new GrowableSharedArrayBuffer(Math.min(INITIAL_BYTES, maxBytes), { maxByteLength: maxBytes });
}

const decoder = new TextDecoder();

/** The worker's side: appends entries. */
export class JournalWriter {
  private readonly header: Int32Array;
  /**
   * The whole buffer as a Buffer, remade when it grows: `Buffer.write(text, offset)` encodes UTF-8 straight
   * into place, where `TextEncoder.encodeInto` needs a new subarray view per entry (an entry is appended per
   * call of every script in a worker: issue #14).
   */
  private bytes: Buffer;
  private committed = 0;
  private full = false;

  constructor(private readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 2);
    this.bytes = Buffer.from(buffer, 0, buffer.byteLength);
  }

  readonly output = (chunk: string): void => this.append(KIND_OUTPUT, chunk);

  readonly record = (record: CallRecord, callId: number | undefined): void => this.append(KIND_RECORD, JSON.stringify([callId ?? null, record]));

  private append(kind: number, text: string): void {
    if (this.full) return;
    const at = HEADER + this.committed;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (!this.room(at + ENTRY_HEAD + text.length * 3)) {
      this.full = true;
      Atomics.store(this.header, 1, 1);
      return;
    }
    const bytes = this.bytes;
    const written = bytes.write(text, at + ENTRY_HEAD, 'utf8');
    bytes[at] = kind;
    bytes.writeUInt32LE(written, at + 1);
    this.committed += ENTRY_HEAD + written;
    Atomics.store(this.header, 0, this.committed);
  }

  private room(needed: number): boolean {
    if (needed <= this.bytes.length) return true;
    const buffer = this.buffer as Growable;
    if (needed > buffer.maxByteLength) return false;
    try {
      buffer.grow(Math.min(buffer.maxByteLength, Math.max(needed, buffer.byteLength * 2)));
      this.bytes = Buffer.from(buffer, 0, buffer.byteLength);
      return true;
    } catch {
      return false; // the address space could not be had: journal nothing more
    }
  }
}

/** What the main thread reads from a journal. */
export interface JournalContents {
  /** Everything printed, as far as it was journalled. */
  readonly output: string;
  /** The records, in the order they joined `integration_calls`, each with its write's call id (when it has one). */
  readonly records: readonly { readonly callId: number | undefined; readonly record: CallRecord }[];
  /** An entry did not fit: what came after it is missing. */
  readonly truncated: boolean;
}

/** The main thread's side: everything committed so far. */
export function readJournal(buffer: SharedArrayBuffer): JournalContents {
  const header = new Int32Array(buffer, 0, 2);
  const end = HEADER + Atomics.load(header, 0);
  const truncated = Atomics.load(header, 1) === 1;
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const output: string[] = [];
  const records: { callId: number | undefined; record: CallRecord }[] = [];
  for (let at = HEADER; at + ENTRY_HEAD <= end; ) {
    const kind = bytes[at];
    const length = view.getUint32(at + 1, true);
    // Copied out of shared memory first: TextDecoder does not read SharedArrayBuffer views.
    const text = decoder.decode(bytes.slice(at + ENTRY_HEAD, at + ENTRY_HEAD + length));
    at += ENTRY_HEAD + length;
    if (kind === KIND_OUTPUT) output.push(text);
    else if (kind === KIND_RECORD) {
      const [callId, record] = JSON.parse(text) as [number | null, CallRecord];
      records.push({ callId: callId ?? undefined, record });
    }
  }
  return { output: output.join(''), records, truncated };
}
