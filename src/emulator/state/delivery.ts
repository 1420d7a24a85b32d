/**
 * Delivery statuses derived from the clock (issue #4): nothing is stored per recipient, so advancing the
 * clock moves every batch at once, and a stored recipient costs 8 bytes (state/batch.ts).
 *
 *   before dispatch (scheduled `send_at` in the future)   Queued     400   at = created_at
 *   from dispatch                                          Dispatched 401   at = dispatch time
 *   from dispatch + DELIVERY_DELAY_MS                      Delivered    0   at = dispatch + delay
 *   cancelled (only possible before dispatch)              Cancelled  407   at = cancel time
 *   a `${parameter}` with no value for this recipient      Aborted    405   at = dispatch time
 *   more parts than `max_number_of_message_parts`          Aborted    411   at = dispatch time
 *
 * Codes from Sinch's delivery report error code table (docs/sinch-wire.md, "SMS: batches").
 */
import type { DeliveryStatus } from '../../wire/sms';
import type { StoredBatch } from './batch';

/** Dispatched → Delivered after this long. Fixed so that scripts and tests can rely on it. */
export const DELIVERY_DELAY_MS = 2_000;

export interface Outcome {
  status: DeliveryStatus;
  code: number;
  atMs: number;
}

export interface RecipientState extends Outcome {
  recipient: string;
}

export function isDispatched(batch: StoredBatch, nowMs: number): boolean {
  return batch.canceledMs === undefined && nowMs >= batch.dispatchMs;
}

/** The status of `recipient` at `nowMs`. For a uniform batch (no parameters) any recipient gives the same. */
export function outcome(batch: StoredBatch, recipient: string, nowMs: number): Outcome {
  if (batch.canceledMs !== undefined) return { status: 'Cancelled', code: 407, atMs: batch.canceledMs };
  if (nowMs < batch.dispatchMs) return { status: 'Queued', code: 400, atMs: batch.createdMs };
  const message = batch.messageFor(recipient);
  if (message.unmatched) return { status: 'Aborted', code: 405, atMs: batch.dispatchMs };
  const maxParts = batch.fields.max_number_of_message_parts;
  // With truncate_concat Sinch shortens the message instead of refusing it.
  if (maxParts !== undefined && message.parts > maxParts && !batch.fields.truncate_concat) {
    return { status: 'Aborted', code: 411, atMs: batch.dispatchMs };
  }
  const deliveredMs = batch.dispatchMs + DELIVERY_DELAY_MS;
  if (nowMs < deliveredMs) return { status: 'Dispatched', code: 401, atMs: batch.dispatchMs };
  return { status: 'Delivered', code: 0, atMs: deliveredMs };
}

export function recipientState(batch: StoredBatch, recipient: string, nowMs: number): RecipientState {
  return { recipient, ...outcome(batch, recipient, nowMs) };
}

/**
 * Calls `visit` with each recipient's state, in recipient order. A uniform batch computes its status once;
 * `visit` returning `false` stops the walk.
 */
export function eachRecipientState(
  batch: StoredBatch,
  nowMs: number,
  visit: (state: RecipientState, index: number) => boolean | void,
): void {
  const count = batch.recipientCount;
  const shared = batch.isUniform && count > 0 ? outcome(batch, batch.recipientAt(0), nowMs) : undefined;
  for (let i = 0; i < count; i++) {
    const recipient = batch.recipientAt(i);
    const state = shared ? { recipient, ...shared } : recipientState(batch, recipient, nowMs);
    if (visit(state, i) === false) return;
  }
}

/**
 * When the next status change of this batch happens (epoch ms on the emulator clock), or `undefined` when
 * every status is final. The inbox uses it to refresh without polling.
 */
export function nextChangeMs(batch: StoredBatch, nowMs: number): number | undefined {
  if (batch.canceledMs !== undefined) return undefined;
  if (nowMs < batch.dispatchMs) return batch.dispatchMs;
  const deliveredMs = batch.dispatchMs + DELIVERY_DELAY_MS;
  return nowMs < deliveredMs ? deliveredMs : undefined;
}
