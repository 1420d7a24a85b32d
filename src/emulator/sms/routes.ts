/** The SMS (xms) routes under `/xms/v1/{service_plan_id | project_id}` (docs/sinch-wire.md, "SMS"). */
import { routes } from '../server/router';
import { cancelBatch, getBatch, listBatches, sendBatch } from './batches';
import { batchDeliveryReport, listDeliveryReports, recipientDeliveryReport } from './delivery-reports';
import { dryRun } from './dry-run';
import { getGroup, groupMembers, listGroups } from './groups';
import type { SmsHandler } from './handler';
import { getInbound, listInbounds } from './inbounds';

export const SMS_ROUTES = routes<SmsHandler>([
  ['batches', { GET: listBatches, POST: sendBatch }],
  ['batches/dry_run', { POST: dryRun }],
  ['batches/:id', { GET: getBatch, DELETE: cancelBatch }],
  ['batches/:id/delivery_report', { GET: batchDeliveryReport }],
  ['batches/:id/delivery_report/:msisdn', { GET: recipientDeliveryReport }],
  ['delivery_reports', { GET: listDeliveryReports }],
  ['inbounds', { GET: listInbounds }],
  ['inbounds/:id', { GET: getInbound }],
  ['groups', { GET: listGroups }],
  ['groups/:id', { GET: getGroup }],
  ['groups/:id/members', { GET: groupMembers }],
]);
