/**
 * Delivery reports (sinch-wire.md, "SMS: batches"), derived from the clock by state/delivery.ts:
 * `GET /batches/{id}/delivery_report?type=summary|full&status=..&code=..`,
 * `GET /batches/{id}/delivery_report/{msisdn}` and the paged `GET /delivery_reports`.
 */
import type { BatchDeliveryReport, RecipientDeliveryReport } from '../../wire/sms';
import { badFormat, smsNotFound } from '../errors';
import { normalizeMsisdn } from '../phone';
import type { StoredBatch } from '../state/batch';
import { recipientState, type RecipientState } from '../state/delivery';
import { iso } from '../time';
import { findBatch } from './batches';
import { json, jsonText, type SmsHandler } from './handler';
import { inWindow, isRetained, listJson, pageNewestFirst, paging, stringList, window } from './list-query';

/** `status` and `code` filters (comma lists); `undefined` keeps everything. */
function statusFilter(query: URLSearchParams): (s: RecipientState) => boolean {
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
  const buckets = new Map<string, BatchDeliveryReport['statuses'][number]>();
  for (const recipient of batch.recipients) {
    const state = recipientState(batch, recipient, ctx.now);
    if (!keep(state)) continue;
    const key = `${state.status}:${state.code}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { code: state.code, status: state.status, count: 0, recipients: type === 'full' ? [] : undefined };
      buckets.set(key, bucket);
    }
    bucket.count += 1;
    bucket.recipients?.push(recipient);
  }
  const report: BatchDeliveryReport = {
    type: 'delivery_report_sms',
    batch_id: batch.id,
    total_message_count: batch.recipients.length,
    statuses: [...buckets.values()],
    client_reference: batch.wire.client_reference,
  };
  return json(report);
};

function recipientReport(batch: StoredBatch, state: RecipientState): RecipientDeliveryReport {
  return {
    type: 'recipient_delivery_report_sms',
    batch_id: batch.id,
    recipient: state.recipient,
    code: state.code,
    status: state.status,
    at: iso(state.atMs),
    operator_status_at: state.status === 'Delivered' ? iso(state.atMs) : undefined,
    client_reference: batch.wire.client_reference,
    encoding: state.encoding,
    number_of_message_parts: state.parts,
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
 * `GET /delivery_reports`: one entry per recipient, newest batch first, windowed on the report's `at`
 * (default the last 24 hours), filtered by `status`, `code` and exact `client_reference`.
 */
export const listDeliveryReports: SmsHandler = (ctx, account) => {
  const p = paging(ctx.query);
  const w = window(ctx.query, ctx.now);
  const keep = statusFilter(ctx.query);
  const reference = ctx.query.get('client_reference') ?? undefined;
  const entries: Array<{ batch: StoredBatch; state: RecipientState }> = [];
  for (const batch of account.batches.items) {
    if (!isRetained(batch.createdMs, ctx.now)) continue;
    if (reference !== undefined && batch.wire.client_reference !== reference) continue;
    for (const recipient of batch.recipients) {
      const state = recipientState(batch, recipient, ctx.now);
      if (inWindow(state.atMs, w) && keep(state)) entries.push({ batch, state });
    }
  }
  const { count, page } = pageNewestFirst(entries, () => true, p);
  const items = page.map((e) => JSON.stringify(recipientReport(e.batch, e.state)));
  return jsonText(listJson('delivery_reports', count, p.page, items));
};
