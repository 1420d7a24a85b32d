/** `sinch_send_sms` / `send_sms`: `POST /batches` (`mt_text`), exactly once (src/sinch/client/send-once.ts). */
import { z } from 'zod';
import { IntegrationError } from '../../errors';
import { defineFunction } from '../../integration/types';
import { DELIVERY_REPORT_TYPES, MAX_BODY_LENGTH, MAX_EXPIRY_DAYS, MAX_RECIPIENTS, type SendTextBatchRequest } from '../../wire/sms';
import type { SinchAccountConfig } from '../config/account-config';
import { AbortedError } from '../http/api-errors';
import { normalizeIsoTime, parseIsoTime } from '../params/iso-time';
import { e164, optionalIsoTime, sender } from '../params/fields';
import { normalizeE164 } from '../params/phone';
import { clientFor } from './client-for';

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

export const sendSms = defineFunction<typeof params, SinchAccountConfig>({
  name: 'sinch_send_sms',
  aliases: ['send_sms'],
  description:
    'Send an SMS (a text batch) to one or more recipients. Exactly once: a send whose answer is lost is looked up by client_reference, never blindly repeated. Returns the created batch.',
  operation: 'write',
  params,
  summarize: (input) => ({
    from: input.from ?? '(service plan default)',
    to: recipients(input).join(', '), // the numbers as they will be sent (issue #10)
    body: input.body,
  }),
  async handler(input, ctx) {
    const client = clientFor(ctx.account);
    checkTimes(input, client.now());
    // Once under way a send is finished or resolved, not abandoned (types.ts, CallContext.signal).
    if (ctx.signal.aborted) {
      throw new AbortedError('timeout', "The SMS was not sent: the script's run ended first", { retryable: false, extra: { sent: false } });
    }
    const request: SendTextBatchRequest = { to: recipients(input), body: input.body };
    if (input.from !== undefined) request.from = input.from;
    if (input.delivery_report !== undefined) request.delivery_report = input.delivery_report;
    if (input.send_at !== undefined) request.send_at = normalizeIsoTime(input.send_at);
    if (input.expire_at !== undefined) request.expire_at = normalizeIsoTime(input.expire_at);
    if (input.client_reference !== undefined) request.client_reference = input.client_reference;
    return client.sendBatch(request);
  },
});
