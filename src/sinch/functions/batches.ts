/**
 * `sinch_get_batch` / `get_batch` (`GET /batches/{id}`) and `sinch_cancel_batch` / `cancel_batch`
 * (`DELETE /batches/{id}`), issue #9 "One batch, its fate".
 *
 * Cancelling is a write (docs/pipeline.md): its plan reads the batch first, so that the approval prompt says
 * what would be cancelled (recipients, body, when it is due) rather than an id; it is executed with one
 * DELETE, never repeated blindly; an answer lost on the way is resolved by reading the batch again
 * (`canceled: true` or not), and so is a reconciliation. A batch already dispatched cannot be cancelled:
 * Sinch answers 403 `batch_already_dispatched`, an `invalid_argument` that says so.
 */
import { z } from 'zod';
import type { ApprovalField } from '../../integration/approval';
import { defineFunction } from '../../integration/types';
import type { TextBatch } from '../../wire/sms';
import type { SinchAccountConfig } from '../config/account-config';
import { AbortedError, NotFoundError, SinchError } from '../http/api-errors';
import { idParam } from '../params/fields';
import type { SinchServices } from '../services';

const BATCH_ID_EXAMPLE = '01W4FFL35P4NC4K35SMSBATCH1';
// Built on first use (src/integration/types.ts, `Declared`): one schema per declaration.
const params = () => z.object({ batch_id: idParam('batch', BATCH_ID_EXAMPLE, 'The batch id: send_sms returns it as id; list_batches shows them.') }).strict();

export const getBatch = defineFunction<ReturnType<typeof params>, SinchAccountConfig, SinchServices>({
  name: 'sinch_get_batch',
  aliases: ['get_batch'],
  description:
    'Get one sent or scheduled SMS batch by id: recipients, body, send_at, canceled, client_reference. get_delivery_report says what became of it.',
  operation: 'read',
  params,
  handler: (input, ctx) => ctx.services.client(ctx.account).getBatch(input.batch_id, ctx),
});

/** The cancel's request: the batch id, and what the batch looked like when the cancel was planned. */
export interface CancelPlanRequest {
  readonly batchId: string;
  readonly batch: TextBatch;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function approvalFields(batch: TextBatch): ApprovalField[] {
  const fields: ApprovalField[] = [
    { kind: 'value', label: 'batch_id', value: batch.id },
    { kind: 'value', label: 'from', value: batch.from ?? '(service plan default)' },
    { kind: 'list', label: 'to', items: batch.to },
    { kind: 'text', label: 'body', text: batch.body ?? '' },
    { kind: 'value', label: 'send_at', value: batch.send_at ?? `(not scheduled: created ${batch.created_at})` },
  ];
  if (batch.client_reference !== undefined) fields.push({ kind: 'value', label: 'client_reference', value: batch.client_reference });
  if (batch.canceled) fields.push({ kind: 'value', label: 'canceled', value: 'already cancelled' });
  return fields;
}

/** Errors of a cancel say whether it happened: `sent` is the pipeline's word for "the write was done". */
function cancelError(error: unknown, batchId: string, sent: false | 'unknown', why?: string): unknown {
  if (!(error instanceof SinchError)) return error;
  const status = error.status;
  let message = `The batch was not cancelled: ${error.message}`;
  if (error.info.sinchCode === 'batch_already_dispatched') {
    message = `Batch ${batchId} was not cancelled: it has already been dispatched (sent), and a dispatched batch cannot be cancelled; get_delivery_report shows what became of it`;
  } else if (status === 404) {
    message = `Batch ${batchId} was not cancelled: there is no such batch in this service plan (list_batches shows the ids; Sinch keeps batches 14 days)`;
  } else if (sent === 'unknown') {
    message = `It is not known whether batch ${batchId} was cancelled: ${error.message}${why ? `, and ${why}` : ''}. get_batch shows it (canceled = true or false).`;
  }
  return error.with(message, { sent, batch_id: batchId }, sent === false ? error.retryable : false);
}

/** An answer that was lost on the way: the DELETE may have been done. */
function ambiguous(error: SinchError): boolean {
  return error.status === undefined ? error.info.mayHaveReachedServer !== false : error.status >= 500;
}

export const cancelBatch = defineFunction<ReturnType<typeof params>, SinchAccountConfig, SinchServices, CancelPlanRequest>({
  name: 'sinch_cancel_batch',
  aliases: ['cancel_batch'],
  description:
    'Cancel a scheduled SMS batch that has not been sent yet (a write, like send_sms). A batch already dispatched cannot be cancelled. Returns the batch with canceled = true.',
  operation: 'write',
  params,
  async plan(input, ctx) {
    const batch = await ctx.services.client(ctx.account).getBatch(input.batch_id, ctx);
    const recipients = Array.isArray(batch.to) ? batch.to.length : 0;
    return {
      request: { batchId: input.batch_id, batch },
      reference: input.batch_id,
      // Cancelling reaches nobody and costs nothing.
      facts: { recipients: [], messages: 0 },
      title: `Cancel the SMS batch ${input.batch_id} to ${plural(recipients, 'recipient')}${batch.canceled ? ' (already cancelled)' : ''}`,
      fields: approvalFields(batch),
    };
  },
  async execute(plan, ctx) {
    const { batchId: id } = plan.request;
    if (ctx.signal.aborted) {
      throw new AbortedError('timeout', `Batch ${id} was not cancelled: the script's run ended first`, {
        retryable: false,
        extra: { sent: false, batch_id: id },
      });
    }
    const client = ctx.services.client(ctx.account);
    try {
      const batch = await client.cancelBatch(id, { countAttempt: () => ctx.countAttempt() });
      return { value: batch, id: batch.id };
    } catch (error) {
      if (!(error instanceof SinchError) || !ambiguous(error)) throw cancelError(error, id, false);
      // The DELETE may have been done: read the batch instead of repeating it.
      let batch: TextBatch;
      try {
        batch = await client.getBatch(id, { countAttempt: () => ctx.countAttempt() });
      } catch (lookup) {
        throw cancelError(error, id, 'unknown', `reading the batch failed too (${lookup instanceof Error ? lookup.message : 'unknown failure'})`);
      }
      if (batch.canceled) return { value: batch, id: batch.id };
      throw cancelError(error, id, false);
    }
  },
  async reconcile(plan, ctx) {
    try {
      const batch = await ctx.services.client(ctx.account).getBatch(plan.request.batchId, ctx);
      return batch.canceled ? { sent: true, id: batch.id } : { sent: false };
    } catch (error) {
      if (error instanceof NotFoundError) return { sent: false };
      const why = error instanceof Error ? error.message : 'the lookup failed';
      return { sent: 'unknown', reason: `reading batch ${plan.request.batchId} failed: ${why}` };
    }
  },
});
