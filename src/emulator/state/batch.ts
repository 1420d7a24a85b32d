/**
 * A stored outbound batch: the wire object the API returns, plus what the emulator needs to answer delivery
 * reports (the recipients after expanding groups, and the times that drive the status clock).
 */
import type { DeliveryReportType, TextBatch } from '../../wire/sms';
import { iso } from '../time';
import { renderBody, type Parameters, type RenderedBody } from './message-body';

/** A send request after validation and normalization (sms/send-request.ts). */
export interface BatchInput {
  /** As given, normalized: numbers without `+`, group ids as they are. */
  to: string[];
  /** `to` with groups expanded to their members, without duplicates. */
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

export class StoredBatch {
  readonly wire: TextBatch;
  readonly recipients: readonly string[];
  readonly createdMs: number;
  /** When the batch leaves the queue: `send_at`, or creation when `send_at` is absent or in the past. */
  readonly dispatchMs: number;
  canceledMs: number | undefined;
  /** The same for every recipient when the body has no parameters. */
  private readonly uniform: RenderedBody | undefined;
  private cachedJson: string | undefined;

  constructor(id: string, input: BatchInput, createdMs: number) {
    this.recipients = input.recipients;
    this.createdMs = createdMs;
    this.dispatchMs = Math.max(createdMs, input.sendAtMs ?? createdMs);
    const created = iso(createdMs);
    // Key order follows Sinch's response sample (docs/sinch-wire.md); undefined keys are dropped by JSON.
    this.wire = {
      id,
      to: input.to,
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
    return this.wire.id;
  }

  /** The message one recipient gets (parameters substituted) and its segment count. */
  messageFor(recipient: string): RenderedBody {
    return this.uniform ?? renderBody(this.wire.body, this.wire.parameters, recipient);
  }

  hasRecipient(msisdn: string): boolean {
    return this.recipients.includes(msisdn);
  }

  cancel(nowMs: number): void {
    this.canceledMs = nowMs;
    this.wire.canceled = true;
    this.wire.modified_at = iso(nowMs);
    this.cachedJson = undefined;
  }

  /** Serialized once: list pages are the hot path of the benchmark. */
  toJson(): string {
    return (this.cachedJson ??= JSON.stringify(this.wire));
  }
}
