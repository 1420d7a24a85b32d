/**
 * Delivery reports (docs/sinch-wire.md, "SMS: batches"), derived from the clock by state/delivery.ts:
 * `GET /batches/{id}/delivery_report?type=summary|full&status=..&code=..`,
 * `GET /batches/{id}/delivery_report/{msisdn}` and the paged `GET /delivery_reports`.
 *
 * Shapes follow Sinch's SMS reference (and `@sinch/sms`'s models): a batch report lists only the statuses
 * that have at least one recipient, `recipients` only with `type=full`; a recipient report carries
 * `number_of_message_parts` only when the batch set `max_number_of_message_parts`, and no `encoding`
 * (Sinch sends it only with smart encoding, which the emulator does not do).
 */
import type { BatchDeliveryReport, RecipientDeliveryReport } from '../../wire/sms';
import { badFormat, smsNotFound } from '../errors';
import { normalizeMsisdn } from '../phone';
import type { StoredBatch } from '../state/batch';
import { eachRecipientState, outcome, recipientState, type Outcome, type RecipientState } from '../state/delivery';
import { iso } from '../time';
import { findBatch } from './batches';
import { json, jsonText, type SmsHandler } from './handler';
import { inWindow, isRetained, listJson, paging, stringList, window } from './list-query';

/** `status` (case-insensitive) and `code` filters, comma lists; absent keeps everything. */
function statusFilter(query: URLSearchParams): (s: Outcome) => boolean {
  const statuses = stringList(query, 'status');
  const codes = stringList(query, 'code');
  if (!statuses && !codes) return () => true;
  const lowered = statuses && new Set([...statuses].map((s) => s.toLowerCase()));
  return (s) => (!lowered || lowered.has(s.status.toLowerCase())) && (!codes || codes.has(String(s.code)));
}

export const batchDeliveryReport: SmsHandler = (ctx, account) => {
  const batch = findBatch(account, ctx.params[0], ctx.now);
  const type = ctx.query.get('type') ?? 'summary';
  if (type !== 'summary' && type !== 'full') throw badFormat(`'type' must be 'summary' or 'full', got '${type}'`);
  const keep = statusFilter(ctx.query);
  const buckets = new Map<number, BatchDeliveryReport['statuses'][number]>();
  eachRecipientState(batch, ctx.now, (state) => {
    if (!keep(state)) return;
    let bucket = buckets.get(state.code);
    if (!bucket) {
      bucket = { code: state.code, status: state.status, count: 0, recipients: type === 'full' ? [] : undefined };
      buckets.set(state.code, bucket);
    }
    bucket.count += 1;
    bucket.recipients?.push(state.recipient);
  });
  const report: BatchDeliveryReport = {
    type: 'delivery_report_sms',
    batch_id: batch.id,
    total_message_count: batch.recipientCount,
    statuses: [...buckets.values()],
    client_reference: batch.fields.client_reference,
  };
  return json(report);
};

function recipientReport(batch: StoredBatch, state: RecipientState): RecipientDeliveryReport {
  const maxParts = batch.fields.max_number_of_message_parts;
  return {
    type: 'recipient_delivery_report_sms',
    batch_id: batch.id,
    recipient: state.recipient,
    code: state.code,
    status: state.status,
    at: iso(state.atMs),
    operator_status_at: state.status === 'Delivered' ? iso(state.atMs) : undefined,
    client_reference: batch.fields.client_reference,
    number_of_message_parts: maxParts === undefined ? undefined : batch.messageFor(state.recipient).parts,
  };
}

export const recipientDeliveryReport: SmsHandler = (ctx, account) => {
  const batch = findBatch(account, ctx.params[0], ctx.now);
  const msisdn = normalizeMsisdn(ctx.params[1]);
  if (msisdn === undefined || !batch.hasRecipient(msisdn)) {
    throw smsNotFound('Delivery report for recipient', ctx.params[1]);
  }
  return json(recipientReport(batch, recipientState(batch, msisdn, ctx.now)));
};

/**
 * `GET /delivery_reports`: one entry per recipient, newest batch first (recipients in batch order),
 * windowed on the report's `at` (default the last 24 hours), filtered by `status`, `code` and exact
 * `client_reference`. Counts without building an entry per recipient: a uniform batch is counted whole
 * (issue #10: a full emulator holds a million recipients).
 */
export const listDeliveryReports: SmsHandler = (ctx, account) => {
  const p = paging(ctx.query);
  const w = window(ctx.query, ctx.now);
  const keep = statusFilter(ctx.query);
  const reference = ctx.query.get('client_reference') ?? undefined;
  const from = p.page * p.pageSize;
  const to = from + p.pageSize;
  const items: string[] = [];
  let count = 0;
  const matches = (state: Outcome) => inWindow(state.atMs, w) && keep(state);
  const batches = account.batches.items;
  for (let b = batches.length - 1; b >= 0; b--) {
    const batch = batches[b];
    if (!isRetained(batch.createdMs, ctx.now)) continue;
    if (reference !== undefined && batch.fields.client_reference !== reference) continue;
    const n = batch.recipientCount;
    if (batch.isUniform && n > 0) {
      const shared = outcome(batch, batch.recipientAt(0), ctx.now);
      if (!matches(shared)) continue;
      // Only the recipients that fall on the requested page are turned into reports.
      for (let i = Math.max(0, from - count); i < n && count + i < to; i++) {
        items.push(JSON.stringify(recipientReport(batch, { recipient: batch.recipientAt(i), ...shared })));
      }
      count += n;
      continue;
    }
    eachRecipientState(batch, ctx.now, (state) => {
      if (!matches(state)) return;
      if (count >= from && count < to) items.push(JSON.stringify(recipientReport(batch, state)));
      count += 1;
    });
  }
  return jsonText(listJson('delivery_reports', count, p.page, items));
};
