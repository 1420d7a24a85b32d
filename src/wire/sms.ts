/**
 * Sinch SMS (xms v1) wire formats, shared by the client (src/sinch) and the emulator (src/emulator).
 * Source: docs/sinch-wire.md. Responses omit nulls and may carry fields not listed here: readers
 * must tolerate unknown fields. Numbers in responses have no leading `+`; timestamps are ISO 8601 strings.
 */

export const DELIVERY_REPORT_TYPES = ['none', 'summary', 'full', 'per_recipient', 'per_recipient_final'] as const;
export type DeliveryReportType = (typeof DELIVERY_REPORT_TYPES)[number];

/** Maximum recipients in one batch, body length, and `page_size` for list routes. */
export const MAX_RECIPIENTS = 1000;
export const MAX_BODY_LENGTH = 2000;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 30;
/** Sinch keeps batches and inbounds for 14 days. */
export const RETENTION_DAYS = 14;
/** `expire_at` defaults to, and may be at most, `send_at` + 3 days. */
export const MAX_EXPIRY_DAYS = 3;

/** `POST /batches` with `type: "mt_text"`. */
export interface SendTextBatchRequest {
  to: string[];
  from?: string;
  body: string;
  type?: 'mt_text';
  delivery_report?: DeliveryReportType;
  send_at?: string;
  expire_at?: string;
  callback_url?: string;
  client_reference?: string;
  feedback_enabled?: boolean;
  flash_message?: boolean;
  truncate_concat?: boolean;
  max_number_of_message_parts?: number;
  /** `{key: {"<msisdn>": value, "default": value}}`, substituted as `${key}` in the body. */
  parameters?: Record<string, Record<string, string>>;
}

/** A batch as returned by `POST /batches`, `GET /batches/{id}`, list pages and `DELETE`. */
export interface TextBatch {
  id: string;
  to: string[];
  from?: string;
  canceled: boolean;
  body: string;
  type: 'mt_text' | 'mt_binary' | 'mt_media';
  created_at: string;
  modified_at: string;
  delivery_report: DeliveryReportType;
  send_at?: string;
  expire_at?: string;
  callback_url?: string;
  client_reference?: string;
  feedback_enabled?: boolean;
  flash_message?: boolean;
  truncate_concat?: boolean;
  max_number_of_message_parts?: number;
  parameters?: Record<string, Record<string, string>>;
}

export interface BatchList {
  count: number;
  page: number;
  /** The number of items actually returned on this page. */
  page_size: number;
  batches: TextBatch[];
}

/** `POST /batches/dry_run?per_recipient=true&number_of_recipients=N`. */
export interface DryRunResponse {
  number_of_recipients: number;
  number_of_messages: number;
  per_recipient?: Array<{
    recipient: string;
    number_of_parts: number;
    body: string;
    encoding: 'GSM' | 'UNICODE';
  }>;
}

export const DELIVERY_STATUSES = [
  'Queued',
  'Dispatched',
  'Aborted',
  'Cancelled',
  'Rejected',
  'Deleted',
  'Delivered',
  'Failed',
  'Expired',
  'Unknown',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** `GET /batches/{id}/delivery_report?type=summary|full`. */
export interface BatchDeliveryReport {
  type: 'delivery_report_sms';
  batch_id: string;
  total_message_count: number;
  statuses: Array<{
    code: number;
    status: DeliveryStatus;
    count: number;
    /** Only with `type=full`. */
    recipients?: string[];
  }>;
  client_reference?: string;
}

/** `GET /batches/{id}/delivery_report/{msisdn}` and items of `GET /delivery_reports`. */
export interface RecipientDeliveryReport {
  type: 'recipient_delivery_report_sms';
  batch_id: string;
  recipient: string;
  code: number;
  status: DeliveryStatus;
  at: string;
  operator_status_at?: string;
  client_reference?: string;
  encoding?: 'GSM' | 'UNICODE';
  number_of_message_parts?: number;
}

export interface DeliveryReportList {
  count: number;
  page: number;
  page_size: number;
  delivery_reports: RecipientDeliveryReport[];
}

/** An inbound (MO) message. `to` is a single string here. */
export interface InboundText {
  id: string;
  from: string;
  to: string;
  body: string;
  type: 'mo_text';
  received_at: string;
  operator_id?: string;
  sent_at?: string;
  client_reference?: string;
}

export interface InboundList {
  count: number;
  page: number;
  page_size: number;
  inbounds: InboundText[];
}

export interface Group {
  id: string;
  name?: string;
  size: number;
  created_at: string;
  modified_at: string;
  child_groups?: string[];
  auto_update?: {
    /** A number in some of Sinch's samples and a string in others: accept both. */
    to: string | number;
    add?: { first_word: string; second_word?: string };
    remove?: { first_word: string; second_word?: string };
  };
}

export interface GroupList {
  count: number;
  page: number;
  page_size: number;
  groups: Group[];
}

/** SMS API error body for 400 and 403. */
export interface SmsErrorBody {
  code: string;
  text: string;
}

export const SMS_400_CODES = [
  'syntax_invalid_json',
  'syntax_invalid_parameter_format',
  'syntax_constraint_violation',
] as const;

export const SMS_403_CODES = [
  'unknown_group',
  'unknown_campaign',
  'missing_callback_url',
  'illegal_number_type',
  'conflict_group_name',
  'batch_already_dispatched',
  'blocked_account',
] as const;

/** Gateway / Numbers API error body. */
export interface GatewayErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    details?: unknown[];
  };
}
