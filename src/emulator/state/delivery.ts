/**
 * Delivery statuses derived from the clock (issue #4): nothing is stored per recipient, so advancing the
 * clock moves every batch at once.
 *
 *   before dispatch (scheduled `send_at` in the future)   Queued     400   at = created_at
 *   from dispatch                                          Dispatched 401   at = dispatch time
 *   from dispatch + DELIVERY_DELAY_MS                      Delivered    0   at = dispatch + delay
 *   cancelled (only possible before dispatch)              Cancelled  407   at = cancel time
 *   unmatched `${parameter}` for this recipient            Aborted    405   at = dispatch time
 *   more parts than `max_number_of_message_parts`          Aborted    411   at = dispatch time
 *
 * Codes from Sinch's delivery report error code table (docs/sinch-wire.md, "SMS: delivery reports").
 */
import type { DeliveryStatus } from '../../wire/sms';
import type { Encoding } from '../segments';
import type { StoredBatch } from './batch';

/** Dispatched → Delivered after this long. Fixed so that scripts and tests can rely on it. */
export const DELIVERY_DELAY_MS = 2_000;

export interface RecipientState {
  recipient: string;
  status: DeliveryStatus;
  code: number;
  atMs: number;
  encoding: Encoding;
  parts: number;
}

export function isDispatched(batch: StoredBatch, nowMs: number): boolean {
  return batch.canceledMs === undefined && nowMs >= batch.dispatchMs;
}

function outcome(batch: StoredBatch, recipient: string, nowMs: number): [DeliveryStatus, number, number] {
  if (batch.canceledMs !== undefined) return ['Cancelled', 407, batch.canceledMs];
  if (nowMs < batch.dispatchMs) return ['Queued', 400, batch.createdMs];
  const message = batch.messageFor(recipient);
  if (message.unmatched) return ['Aborted', 405, batch.dispatchMs];
  const maxParts = batch.wire.max_number_of_message_parts;
  // With truncate_concat Sinch shortens the message instead of refusing it.
  if (maxParts !== undefined && message.parts > maxParts && !batch.wire.truncate_concat) {
    return ['Aborted', 411, batch.dispatchMs];
  }
  const deliveredMs = batch.dispatchMs + DELIVERY_DELAY_MS;
  if (nowMs < deliveredMs) return ['Dispatched', 401, batch.dispatchMs];
  return ['Delivered', 0, deliveredMs];
}

export function recipientState(batch: StoredBatch, recipient: string, nowMs: number): RecipientState {
  const [status, code, atMs] = outcome(batch, recipient, nowMs);
  const message = batch.messageFor(recipient);
  return { recipient, status, code, atMs, encoding: message.encoding, parts: message.parts };
}
