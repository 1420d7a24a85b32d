/**
 * `sinch_send_sms` / `send_sms`: `POST /batches` (`mt_text`), exactly once (src/sinch/client/send-once.ts).
 * A write: planned (the exact batch, its approval view, its facts, its client_reference), executed as
 * planned, and reconcilable by `GET /batches?client_reference=...` (docs/pipeline.md).
 */
import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { ApprovalField } from '../../integration/approval';
import { defineFunction } from '../../integration/types';
import { DELIVERY_REPORT_TYPES, MAX_BODY_LENGTH, MAX_EXPIRY_DAYS, MAX_RECIPIENTS, type SendTextBatchRequest } from '../../wire/sms';
import type { SinchAccountConfig } from '../config/account-config';
import { AbortedError } from '../http/api-errors';
import { normalizeIsoTime, parseIsoTime } from '../params/iso-time';
import { e164, optionalIsoTime, sender } from '../params/fields';
import { normalizeE164 } from '../params/phone';
import type { SinchServices } from '../services';

const MAX_EXPIRY_MS = MAX_EXPIRY_DAYS * 24 * 60 * 60 * 1000;

const params = z.object({
  from: sender
    .optional()
    .describe('Sender: a phone number, a short code, or an alphanumeric id (1-11 characters, at least one letter). Optional when the service plan has a default sender.'),
  to: z
    .union([z.array(e164).min(1).max(MAX_RECIPIENTS), e164], {
      error: (issue) =>
        Array.isArray(issue.input)
          ? `is a list of ${issue.input.length} recipients; expected 1 to ${MAX_RECIPIENTS}`
          : `expected a phone number string or a list of 1 to ${MAX_RECIPIENTS} of them`,
    })
    .describe(`Recipients in E.164 form ("+12025550134"): a list of 1 to ${MAX_RECIPIENTS}, or one string.`),
  body: z.string().min(1).max(MAX_BODY_LENGTH).describe(`Message text, 1 to ${MAX_BODY_LENGTH} characters.`),
  delivery_report: z
    .enum(DELIVERY_REPORT_TYPES)
    .optional()
    .describe('Delivery report kind: none (Sinch default), summary, full, per_recipient or per_recipient_final.'),
  expire_at: optionalIsoTime('ISO 8601 time after which Sinch stops trying; after send_at and at most 3 days after it.'),
  send_at: optionalIsoTime('ISO 8601 time to send at (scheduled); omitted or in the past means now.'),
  client_reference: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe('Your reference for this send, filterable with list_batches. Generated when omitted; used to make the send exactly-once.'),
}).strict();

type Input = z.output<typeof params>;

function recipients(input: Input): string[] {
  const list = typeof input.to === 'string' ? [input.to] : input.to;
  return list.map((number) => normalizeE164(number) as string);
}

/** expire_at after send_at (or now) and at most 3 days later (docs/sinch-wire.md, `expire_at`). */
function checkTimes(input: Input, now: number): void {
  if (input.expire_at === undefined) return;
  const sendAt = input.send_at !== undefined ? (parseIsoTime(input.send_at) as number) : now;
  const expireAt = parseIsoTime(input.expire_at) as number;
  const relative = input.send_at !== undefined ? 'send_at' : 'now (send_at is not set)';
  let problem: string | undefined;
  if (expireAt <= sendAt) problem = `is not after ${relative}`;
  else if (expireAt - sendAt > MAX_EXPIRY_MS) problem = `is more than ${MAX_EXPIRY_DAYS} days after ${relative}`;
  if (problem) {
    throw new IntegrationError('invalid_argument', `sinch_send_sms: invalid argument 'expire_at' ${problem}; expected a time after send_at and at most ${MAX_EXPIRY_DAYS} days later`, {
      function: 'sinch_send_sms',
      field: 'expire_at',
      expected: `after send_at, at most ${MAX_EXPIRY_DAYS} days later`,
    });
  }
}

/**
 * The plan's request: the batch exactly as it will be posted (client_reference included), whether that
 * reference was generated (then it identifies the batch alone), and when the send was planned (the start of
 * the window a reconciliation looks in). Plain data: it crosses to the main thread with a write in flight.
 */
export interface SendPlanRequest {
  readonly batch: SendTextBatchRequest;
  readonly referenceGenerated: boolean;
  readonly plannedAt: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The approval view: every field as it will be sent (src/integration/approval.ts). */
function approvalFields(batch: SendTextBatchRequest): ApprovalField[] {
  const fields: ApprovalField[] = [
    { kind: 'value', label: 'from', value: batch.from ?? '(service plan default)' },
    { kind: 'list', label: 'to', items: batch.to },
    { kind: 'text', label: 'body', text: batch.body },
  ];
  if (batch.send_at !== undefined) fields.push({ kind: 'value', label: 'send_at', value: batch.send_at });
  if (batch.expire_at !== undefined) fields.push({ kind: 'value', label: 'expire_at', value: batch.expire_at });
  if (batch.delivery_report !== undefined) fields.push({ kind: 'value', label: 'delivery_report', value: batch.delivery_report });
  fields.push({ kind: 'value', label: 'client_reference', value: batch.client_reference ?? '' });
  return fields;
}

export const sendSms = defineFunction<typeof params, SinchAccountConfig, SinchServices, SendPlanRequest>({
  name: 'sinch_send_sms',
  aliases: ['send_sms'],
  description:
    'Send an SMS (a text batch) to one or more recipients. Exactly once: a send whose answer is lost is looked up by client_reference, never blindly repeated. Returns the created batch.',
  operation: 'write',
  params,
  plan(input, ctx) {
    const client = ctx.services.client(ctx.account);
    const plannedAt = client.now();
    checkTimes(input, plannedAt);
    const to = recipients(input);
    const referenceGenerated = input.client_reference === undefined;
    const batch: SendTextBatchRequest = { to, body: input.body };
    if (input.from !== undefined) batch.from = input.from;
    if (input.delivery_report !== undefined) batch.delivery_report = input.delivery_report;
    if (input.send_at !== undefined) batch.send_at = normalizeIsoTime(input.send_at);
    if (input.expire_at !== undefined) batch.expire_at = normalizeIsoTime(input.expire_at);
    batch.client_reference = input.client_reference ?? client.newClientReference();
    // Approximation (flagged): one message per recipient. Counting GSM-7/UCS-2 parts and expanding groups
    // into their members is a later step (issue #10, "a prompt built from what will be sent").
    const messages = to.length;
    return {
      request: { batch, referenceGenerated, plannedAt },
      reference: batch.client_reference,
      facts: { recipients: to, messages, body: batch.body },
      title: `Send an SMS to ${plural(to.length, 'recipient')} (${plural(messages, 'message')})`,
      fields: approvalFields(batch),
    };
  },
  async execute(plan, ctx) {
    // Once under way a send is finished or resolved, not abandoned (types.ts, CallContext.signal).
    if (ctx.signal.aborted) {
      throw new AbortedError('timeout', "The SMS was not sent: the script's run ended first", {
        retryable: false,
        extra: { sent: false, client_reference: plan.reference },
      });
    }
    const batch = await ctx.services.client(ctx.account).sendBatch(plan.request.batch, {
      countAttempt: () => ctx.countAttempt(),
      referenceGenerated: plan.request.referenceGenerated,
    });
    return { value: batch, id: batch.id };
  },
  async reconcile(plan, ctx) {
    const { batch, referenceGenerated, plannedAt } = plan.request;
    try {
      const found = await ctx.services.client(ctx.account).findSentBatch(batch, referenceGenerated, plannedAt, ctx);
      return found !== undefined ? { sent: true, id: found.id } : { sent: false };
    } catch (error) {
      const why = error instanceof Error ? error.message : 'the lookup failed';
      return { sent: 'unknown', reason: `looking the batch up by client_reference "${plan.reference}" failed: ${why}` };
    }
  },
});
