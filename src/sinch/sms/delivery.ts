/**
 * Delivery reports in plain words (issue #9, "One batch, its fate"): beside Sinch's `statuses`, how many
 * recipients were delivered, are still pending, failed, or were cancelled — and, with `type = "full"`, which
 * ones. These fields are ours, added to Sinch's JSON (lua-docs/sinch.md says so).
 *
 * - delivered: `Delivered`;
 * - pending: `Queued`, `Dispatched` (the status may still change);
 * - cancelled: `Cancelled` (the batch was cancelled before it was sent);
 * - failed: every other status — `Aborted`, `Deleted`, `Expired`, `Failed`, `Rejected`, `Unknown` — final,
 *   and not delivered (`statuses` says which).
 */
import type { BatchDeliveryReport, DeliveryReportList, RecipientDeliveryReport } from '../../wire/sms';

export type Outcome = 'delivered' | 'pending' | 'failed' | 'cancelled';

export function outcomeOf(status: string): Outcome {
  const s = status.toLowerCase();
  if (s === 'delivered') return 'delivered';
  if (s === 'queued' || s === 'dispatched') return 'pending';
  if (s === 'cancelled' || s === 'canceled') return 'cancelled';
  return 'failed';
}

export interface ReportSummary {
  delivered: number;
  pending: number;
  failed: number;
  cancelled: number;
  /** No recipient is pending: the report will not change any more. */
  done: boolean;
  delivered_recipients?: string[];
  pending_recipients?: string[];
  failed_recipients?: string[];
  cancelled_recipients?: string[];
}

/** Sinch's batch report with the counts (and, for a full report, the recipients) per outcome added. */
export function withOutcomes(report: BatchDeliveryReport): BatchDeliveryReport & ReportSummary {
  const counts = { delivered: 0, pending: 0, failed: 0, cancelled: 0 };
  const full = report.statuses.some((s) => Array.isArray(s.recipients));
  const lists: Record<Outcome, string[]> = { delivered: [], pending: [], failed: [], cancelled: [] };
  for (const entry of report.statuses) {
    const outcome = outcomeOf(String(entry.status));
    counts[outcome] += typeof entry.count === 'number' ? entry.count : 0;
    if (Array.isArray(entry.recipients)) lists[outcome].push(...entry.recipients);
  }
  return {
    ...report,
    ...counts,
    done: counts.pending === 0,
    ...(full
      ? {
          delivered_recipients: lists.delivered,
          pending_recipients: lists.pending,
          failed_recipients: lists.failed,
          cancelled_recipients: lists.cancelled,
        }
      : {}),
  };
}

/** One recipient's report with `outcome` added. */
export function recipientWithOutcome<T extends Pick<RecipientDeliveryReport, 'status'>>(report: T): T & { outcome: Outcome } {
  return { ...report, outcome: outcomeOf(String(report.status)) };
}

/** A page of recipient reports, each with `outcome`. */
export function listWithOutcomes(list: DeliveryReportList): DeliveryReportList {
  return { ...list, delivery_reports: list.delivery_reports.map(recipientWithOutcome) };
}
