/**
 * Delivery reports (issue #9, "One batch, its fate"; docs/sinch-wire.md, "SMS: delivery reports"):
 * `sinch_get_delivery_report` (`GET /batches/{id}/delivery_report`), `sinch_get_recipient_delivery_report`
 * (`GET /batches/{id}/delivery_report/{msisdn}`) and `sinch_list_delivery_reports` (`GET /delivery_reports`).
 * Sinch's JSON with plain fields added: delivered / pending / failed / cancelled counts and recipients, `done`, and each
 * recipient report's `outcome` (src/sinch/sms/delivery.ts).
 */
import { z } from 'zod';
import { defineFunction } from '../../integration/types';
import type { SinchAccountConfig } from '../config/account-config';
import {
  e164,
  filterList,
  idParam,
  optionalCodeFilter,
  optionalStatusFilter,
  optionalTime,
  page,
  pageSize,
} from '../params/fields';
import type { SinchServices } from '../services';
import { listWithOutcomes, recipientWithOutcome, withOutcomes } from '../sms/delivery';
import { hintWhenEmpty, listWindow } from './list-window';

const batchId = () => idParam('batch', '01W4FFL35P4NC4K35SMSBATCH1', 'The batch id: send_sms returns it as id; list_batches shows them.');

const reportParams = () => z.object({
  batch_id: batchId(),
  type: z
    .enum(['full', 'summary'])
    .default('full')
    .describe('full (default): the recipients of each status too; summary: counts only (Sinch\'s own default).'),
  status: optionalStatusFilter('Only these statuses (Queued, Dispatched, Delivered, Failed, ...); one or a list.'),
  code: optionalCodeFilter('Only these delivery codes (0 = delivered, 400 = queued, 401 = dispatched, ...); one or a list.'),
}).strict();

export const getDeliveryReport = defineFunction<ReturnType<typeof reportParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_get_delivery_report',
  aliases: ['get_delivery_report'],
  description:
    "What became of a batch: Sinch's report (statuses with counts and, by default, recipients) plus delivered, pending, failed and cancelled counts, who is in each (delivered_recipients, ...), and done (nothing pending).",
  operation: 'read',
  params: reportParams,
  async handler(input, ctx) {
    const report = await ctx.services
      .client(ctx.account)
      .getDeliveryReport(input.batch_id, { type: input.type, status: filterList(input.status), code: filterList(input.code) }, ctx);
    return withOutcomes(report);
  },
});

const recipientParams = () => z.object({
  batch_id: batchId(),
  recipient: e164().describe('The recipient\'s number, with or without "+" (e.g. "+12025550134").'),
}).strict();

export const getRecipientDeliveryReport = defineFunction<ReturnType<typeof recipientParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_get_recipient_delivery_report',
  aliases: ['get_recipient_delivery_report'],
  description:
    "One recipient's delivery status in a batch: Sinch's report (status, code, at) plus outcome: delivered, pending, failed or cancelled.",
  operation: 'read',
  params: recipientParams,
  async handler(input, ctx) {
    const report = await ctx.services.client(ctx.account).getRecipientDeliveryReport(input.batch_id, input.recipient, ctx);
    return recipientWithOutcome(report);
  },
});

const listParams = () => z.object({
  start_date: optionalTime('Only reports whose status changed at or after it. Default: 14 days ago (all Sinch keeps).'),
  end_date: optionalTime('Only reports whose status changed before it. Default: now.'),
  status: optionalStatusFilter('Only these statuses (Queued, Dispatched, Delivered, Failed, ...); one or a list.'),
  code: optionalCodeFilter('Only these delivery codes; one or a list.'),
  client_reference: z.string().min(1).max(2048).optional().describe('Only reports of batches sent with this client_reference.'),
  page: page(),
  page_size: pageSize(),
}).strict();

export const listDeliveryReports = defineFunction<ReturnType<typeof listParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_delivery_reports',
  aliases: ['list_delivery_reports'],
  description:
    'Recipient delivery reports across batches in a time window, newest batch first, filtered by status, code or client_reference. Returns {count, page, page_size, delivery_reports}; each report has outcome added.',
  operation: 'read',
  params: listParams,
  async handler(input, ctx) {
    const client = ctx.services.client(ctx.account);
    const window = listWindow('sinch_list_delivery_reports', input.start_date, input.end_date, client.now());
    const list = await client.listDeliveryReports(
      {
        page: input.page,
        page_size: input.page_size,
        ...window,
        status: filterList(input.status),
        code: filterList(input.code),
        client_reference: input.client_reference,
      },
      ctx,
    );
    return hintWhenEmpty(listWithOutcomes(list));
  },
});
