/**
 * Caps on what the emulator stores (issue #10, item 6). The embedded emulator runs inside the CLI process,
 * so a script looping `send_sms` to 1000 recipients must meet a clear error, not grow the process until V8
 * runs out of heap (it reached 1.4 GB in 25 s, then crashed with all output lost).
 *
 * Counted across every service plan: batches, their recipients after expanding groups, inbound messages,
 * and the UTF-8 bytes of message text (batch bodies, parameter values, inbound bodies). A write past a cap
 * is refused whole — nothing is stored — with `emulator_storage_full` (errors.ts, `storageFull`). Before
 * refusing, what lies beyond the 14-day retention (invisible anyway) is dropped to make room.
 *
 * Measured (docs/emulator.md, "Limits"): a stored 1000-recipient batch costs ~10 KB, a 1-recipient batch
 * ~2.4 KB, so the defaults bound the state to well under 100 MB.
 */

export interface StorageLimits {
  /** Batches stored, all plans together. */
  maxBatches: number;
  /** Recipients stored across all batches, after expanding groups. */
  maxRecipients: number;
  /** Inbound (MO) messages stored. */
  maxInbounds: number;
  /** UTF-8 bytes of message text stored: batch bodies and parameter values, inbound bodies. */
  maxBodyBytes: number;
}

export const DEFAULT_STORAGE_LIMITS: Readonly<StorageLimits> = Object.freeze({
  maxBatches: 10_000,
  maxRecipients: 1_000_000,
  maxInbounds: 10_000,
  maxBodyBytes: 16 * 1024 * 1024,
});

/** What one stored item adds to the counters. */
export interface Usage {
  batches: number;
  recipients: number;
  inbounds: number;
  bodyBytes: number;
}

/** The limit a write would cross: what is counted, the limit, and the option that sets it. */
export type Overflow = { what: string; limit: number; option: keyof StorageLimits };

/** The `kosmo-sinch emulator` flag for a limit: `maxBodyBytes` → `--max-body-bytes`. */
export function limitFlag(option: keyof StorageLimits): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const EMPTY: Usage = { batches: 0, recipients: 0, inbounds: 0, bodyBytes: 0 };

export class StorageMeter {
  readonly used: Usage = { ...EMPTY };
  readonly limits: StorageLimits;
  /** Frees room (drops what lies beyond retention); set by the backend, which knows every plan. */
  makeRoom: () => void = () => undefined;

  constructor(limits: Partial<StorageLimits> = {}) {
    this.limits = { ...DEFAULT_STORAGE_LIMITS, ...limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`);
    }
  }

  private overflow(add: Usage): Overflow | undefined {
    const { used, limits } = this;
    if (used.batches + add.batches > limits.maxBatches) return { what: 'batches', limit: limits.maxBatches, option: 'maxBatches' };
    if (used.recipients + add.recipients > limits.maxRecipients) {
      return { what: 'recipients', limit: limits.maxRecipients, option: 'maxRecipients' };
    }
    if (used.inbounds + add.inbounds > limits.maxInbounds) return { what: 'inbound messages', limit: limits.maxInbounds, option: 'maxInbounds' };
    if (used.bodyBytes + add.bodyBytes > limits.maxBodyBytes) {
      return { what: 'bytes of message text', limit: limits.maxBodyBytes, option: 'maxBodyBytes' };
    }
    return undefined;
  }

  /** Counts `add`, or returns the limit it would cross (after trying to make room) and counts nothing. */
  admit(add: Usage): Overflow | undefined {
    if (this.overflow(add) !== undefined) this.makeRoom();
    const over = this.overflow(add);
    if (over === undefined) this.change(add, 1);
    return over;
  }

  release(remove: Usage): void {
    this.change(remove, -1);
  }

  clear(): void {
    Object.assign(this.used, EMPTY);
  }

  private change(delta: Usage, sign: 1 | -1): void {
    this.used.batches += sign * delta.batches;
    this.used.recipients += sign * delta.recipients;
    this.used.inbounds += sign * delta.inbounds;
    this.used.bodyBytes += sign * delta.bodyBytes;
  }
}
