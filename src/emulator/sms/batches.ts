/**
 * `/batches` routes (docs/sinch-wire.md, "SMS: batches"): send (201), list (newest first, windowed, filtered),
 * get, cancel.
 */
import { smsError, smsNotFound, storageFull } from '../errors';
import type { RequestContext } from '../server/context';
import { limitFlag, type Overflow } from '../state/storage';
import { comparableNumber } from '../phone';
import { StoredBatch } from '../state/batch';
import { isDispatched } from '../state/delivery';
import type { SmsAccount } from '../state/sms-account';
import { jsonText, type SmsHandler } from './handler';
import { inWindow, isRetained, listJson, numberList, pageNewestFirst, paging, window } from './list-query';
import { parseSendRequest } from './send-request';

/** Sinch-shaped 409 `emulator_storage_full` when a write did not fit the storage limits (issue #10). */
export function refuseOverflow(over: Overflow | undefined, ctx: RequestContext): void {
  if (over !== undefined) throw storageFull(over.what, over.limit, limitFlag(over.option), ctx.origin);
}

export const sendBatch: SmsHandler = (ctx, account) => {
  const input = parseSendRequest(ctx.json(), account, ctx.now);
  const batch = new StoredBatch(ctx.backend.ids.next(), input, ctx.now);
  refuseOverflow(account.addBatch(batch), ctx);
  ctx.backend.changes.notify('batches');
  return jsonText(batch.toJson(), 201);
};

export const listBatches: SmsHandler = (ctx, account) => {
  const p = paging(ctx.query);
  const w = window(ctx.query, ctx.now);
  const from = numberList(ctx.query, 'from');
  // Exact match: clients use it to find out whether a send they lost the answer to went through.
  const reference = ctx.query.get('client_reference') ?? undefined;
  const { count, page } = pageNewestFirst(
    account.batches.items,
    (b) =>
      inWindow(b.createdMs, w) &&
      (from === undefined || from.has(comparableNumber(b.fields.from ?? ''))) &&
      (reference === undefined || b.fields.client_reference === reference),
    p,
  );
  return jsonText(listJson('batches', count, p.page, page.map((b) => b.toJson())));
};

/** A batch of this plan, within retention, or Sinch's 404. */
export function findBatch(account: SmsAccount, id: string, nowMs: number): StoredBatch {
  const batch = account.batches.get(id);
  if (!batch || !isRetained(batch.createdMs, nowMs)) throw smsNotFound('Batch', id);
  return batch;
}

export const getBatch: SmsHandler = (ctx, account) => jsonText(findBatch(account, ctx.params[0], ctx.now).toJson());

/**
 * `DELETE /batches/{id}`: only a batch still queued (scheduled, `send_at` not reached) can be cancelled;
 * once the clock passes its send time it is dispatched and Sinch answers 403 `batch_already_dispatched`.
 * Cancelling twice returns the cancelled batch again.
 */
export const cancelBatch: SmsHandler = (ctx, account) =>
  jsonText(cancelQueued(findBatch(account, ctx.params[0], ctx.now), ctx).toJson());

/** Cancels `batch` if still queued (also from the inbox's control route); 403 once dispatched. */
export function cancelQueued(batch: StoredBatch, ctx: RequestContext): StoredBatch {
  if (batch.canceledMs === undefined) {
    if (isDispatched(batch, ctx.now)) {
      throw smsError(403, 'batch_already_dispatched', `Batch '${batch.id}' has already been dispatched`);
    }
    batch.cancel(ctx.now);
    ctx.backend.changes.notify('batches');
  }
  return batch;
}
