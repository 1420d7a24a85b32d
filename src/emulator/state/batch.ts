/**
 * A stored outbound batch: the wire fields the API returns, plus what the emulator needs to answer delivery
 * reports (the recipients after expanding groups, and the times that drive the status clock).
 *
 * Stored lean (issue #10, item 6: a script flooding 1000-recipient sends grew the CLI past 1.4 GB): the
 * recipients are one Float64Array (an MSISDN has at most 15 digits and no leading zero, so a double holds
 * it exactly: 8 bytes a recipient instead of a string and a pointer, ~40), the request's `to` is kept only
 * when it differs from the recipients (group ids, duplicates), and the JSON is cached only for small
 * batches (list pages of small batches are the benchmark's hot path). Measured: ~79 KB a 1000-recipient
 * batch before, see docs/emulator.md ("Limits") for after.
 */
import type { DeliveryReportType, TextBatch } from '../../wire/sms';
import { iso } from '../time';
import { renderBody, type Parameters, type RenderedBody } from './message-body';
import type { Usage } from './storage';

/** A send request after validation and normalization (sms/send-request.ts). */
export interface BatchInput {
  /** As given, normalized: numbers without `+`, group ids as they are. */
  to: string[];
  /** `to` with groups expanded to their members, without duplicates (digits, no `+`). */
  recipients: string[];
  from: string;
  body: string;
  deliveryReport: DeliveryReportType;
  sendAtMs?: number;
  expireAtMs: number;
  callbackUrl?: string;
  clientReference?: string;
  feedbackEnabled: boolean;
  flashMessage: boolean;
  truncateConcat?: boolean;
  maxNumberOfMessageParts?: number;
  parameters?: Parameters;
}

/** The batch's wire fields but `to`, in the key order of Sinch's response sample (docs/sinch-wire.md). */
export type BatchFields = Omit<TextBatch, 'to'>;

/** JSON up to this length is kept after the first serialization (a small batch: ~100 recipients). */
const CACHED_JSON_MAX = 2048;

/** UTF-8 bytes of the message text a batch stores: its body and its parameter values. */
function textBytes(input: BatchInput): number {
  let bytes = Buffer.byteLength(input.body);
  for (const values of Object.values(input.parameters ?? {})) {
    for (const value of Object.values(values)) bytes += Buffer.byteLength(value);
  }
  return bytes;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class StoredBatch {
  readonly fields: BatchFields;
  /** What storing it counts against the limits (state/storage.ts). */
  readonly usage: Usage;
  readonly createdMs: number;
  /** When the batch leaves the queue: `send_at`, or creation when `send_at` is absent or in the past. */
  readonly dispatchMs: number;
  canceledMs: number | undefined;
  private readonly numbers: Float64Array;
  /** The request's `to` when it is not simply the recipients in order. */
  private readonly toAsGiven: readonly string[] | undefined;
  /** The same for every recipient when the body has no parameters. */
  private readonly uniform: RenderedBody | undefined;
  private cachedJson: string | undefined;

  constructor(id: string, input: BatchInput, createdMs: number) {
    this.numbers = Float64Array.from(input.recipients, Number);
    this.toAsGiven = sameList(input.to, input.recipients) ? undefined : input.to;
    this.usage = { batches: 1, recipients: this.numbers.length, inbounds: 0, bodyBytes: textBytes(input) };
    this.createdMs = createdMs;
    this.dispatchMs = Math.max(createdMs, input.sendAtMs ?? createdMs);
    const created = iso(createdMs);
    // Undefined keys are dropped by JSON.
    this.fields = {
      id,
      from: input.from,
      canceled: false,
      body: input.body,
      type: 'mt_text',
      created_at: created,
      modified_at: created,
      delivery_report: input.deliveryReport,
      send_at: input.sendAtMs === undefined ? undefined : iso(input.sendAtMs),
      expire_at: iso(input.expireAtMs),
      callback_url: input.callbackUrl,
      client_reference: input.clientReference,
      feedback_enabled: input.feedbackEnabled,
      flash_message: input.flashMessage,
      truncate_concat: input.truncateConcat,
      max_number_of_message_parts: input.maxNumberOfMessageParts,
      parameters: input.parameters,
    };
    this.uniform = input.parameters ? undefined : renderBody(input.body, undefined, '');
  }

  get id(): string {
    return this.fields.id;
  }

  /** How many recipients the batch has after expanding groups. */
  get recipientCount(): number {
    return this.numbers.length;
  }

  /** The recipients (digits, no `+`), in the order of `to`. */
  recipients(): string[] {
    return Array.from(this.numbers, String);
  }

  /** `to` as the API shows it: numbers without `+` and group ids, as given. */
  to(): string[] {
    return this.toAsGiven === undefined ? this.recipients() : [...this.toAsGiven];
  }

  /** The group ids among `to` (an MSISDN is at most 15 digits; an id is 26 characters). */
  groupIds(): string[] {
    return this.toAsGiven === undefined ? [] : this.toAsGiven.filter((entry) => entry.length > 15 || /\D/.test(entry));
  }

  hasRecipient(msisdn: string): boolean {
    return /^\d+$/.test(msisdn) && this.numbers.indexOf(Number(msisdn)) >= 0;
  }

  /** The batch as `GET /batches/{id}` shows it (a new object each time). */
  wire(): TextBatch {
    const { id, ...rest } = this.fields;
    return { id, to: this.to(), ...rest };
  }

  /** Whether every recipient gets the same message (no parameters), so the same delivery status. */
  get isUniform(): boolean {
    return this.uniform !== undefined;
  }

  /** The recipient at `index` (digits, no `+`). */
  recipientAt(index: number): string {
    return String(this.numbers[index]);
  }

  /** The message one recipient gets (parameters substituted) and its segment count. */
  messageFor(recipient: string): RenderedBody {
    return this.uniform ?? renderBody(this.fields.body, this.fields.parameters, recipient);
  }

  cancel(nowMs: number): void {
    this.canceledMs = nowMs;
    this.fields.canceled = true;
    this.fields.modified_at = iso(nowMs);
    this.cachedJson = undefined;
  }

  toJson(): string {
    if (this.cachedJson !== undefined) return this.cachedJson;
    const json = JSON.stringify(this.wire());
    if (json.length <= CACHED_JSON_MAX) this.cachedJson = json;
    return json;
  }
}
