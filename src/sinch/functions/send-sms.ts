/**
 * `sinch_send_sms` / `send_sms`: `POST /batches` (`mt_text`), exactly once (src/sinch/client/send-once.ts).
 * A write: planned (the exact batch, its approval view, its facts, its client_reference), executed as
 * planned, and reconcilable by `GET /batches?client_reference=...` (docs/pipeline.md).
 *
 * The plan describes what will really be sent (issue #9): group ids in `to` resolved to their names and
 * members (src/sinch/sms/recipients.ts), `${key}` placeholders checked against `parameters` for every
 * recipient (src/sinch/sms/parameters.ts), and the cost counted per distinct rendered body in GSM-7/UCS-2
 * parts (src/sinch/sms/cost.ts): `facts.recipients` are the numbers reached, `facts.messages` recipients ×
 * parts.
 */
import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { ApprovalField } from '../../integration/approval';
import { defineFunction, type WritePlan } from '../../integration/types';
import { DELIVERY_REPORT_TYPES, MAX_BODY_LENGTH, MAX_EXPIRY_DAYS, type SendTextBatchRequest } from '../../wire/sms';
import type { SinchAccountConfig } from '../config/account-config';
import { AbortedError } from '../http/api-errors';
import { normalizeTime, parseTime } from '../params/iso-time';
import { optionalTime, sender } from '../params/fields';
import type { SinchContext, SinchServices } from '../services';
import { costLine, costOf, encodingLine, partsEach, type SendCost } from '../sms/cost';
import { checkParameters, parametersParam, wireParameters, type Parameters } from '../sms/parameters';
import { describeGroup, resolveRecipients, type ResolvedRecipients } from '../sms/recipients';
import { recipientsParam } from './recipients-param';

const MAX_EXPIRY_MS = MAX_EXPIRY_DAYS * 24 * 60 * 60 * 1000;

const params = z.object({
  from: sender
    .optional()
    .describe('Sender: a phone number, a short code, or an alphanumeric id (1-11 characters, at least one letter). Optional when the service plan has a default sender.'),
  to: recipientsParam,
  body: z
    .string()
    .min(1)
    .max(MAX_BODY_LENGTH)
    .describe(`Message text, 1 to ${MAX_BODY_LENGTH} characters; \${key} placeholders are filled from parameters.`),
  delivery_report: z
    .enum(DELIVERY_REPORT_TYPES)
    .optional()
    .describe('Delivery report callbacks: none (Sinch default), summary, full, per_recipient or per_recipient_final. get_delivery_report works whatever this says.'),
  expire_at: optionalTime('When Sinch stops trying to deliver; after send_at and at most 3 days after it.'),
  send_at: optionalTime('When to send (scheduled); omitted or in the past means now.'),
  client_reference: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe('Your reference for this send, filterable with list_batches. Generated when omitted; used to make the send exactly-once.'),
  parameters: parametersParam,
  allow_duplicate: z
    .boolean()
    .optional()
    .describe(
      'Tells the duplicate guard (when the operator configured one) that sending the same body to the same recipient again is intended. Default false.',
    ),
}).strict();

type Input = z.output<typeof params>;

/** expire_at after send_at (or now) and at most 3 days later (docs/sinch-wire.md, `expire_at`). */
function checkTimes(input: Input, now: number): void {
  if (input.expire_at === undefined) return;
  const sendAt = input.send_at !== undefined ? (parseTime(input.send_at, now) as number) : now;
  const expireAt = parseTime(input.expire_at, now) as number;
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

/** `+12025550134: Ann` lines of one parameter, the default last. */
function parameterItems(values: Record<string, string>): string[] {
  const items = Object.entries(values)
    .filter(([who]) => who !== 'default')
    .map(([who, text]) => `+${who}: ${text}`);
  if (values.default !== undefined) items.push(`default: ${values.default}`);
  return items;
}

/** The approval view: every field as it will be sent (src/integration/approval.ts). */
function approvalFields(batch: SendTextBatchRequest, resolved: ResolvedRecipients, cost: SendCost, allowDuplicate: boolean): ApprovalField[] {
  const groups = new Map(resolved.groups.map((g) => [g.id, g]));
  const fields: ApprovalField[] = [
    { kind: 'value', label: 'from', value: batch.from ?? '(service plan default)' },
    { kind: 'list', label: 'to', items: batch.to.map((entry) => (groups.has(entry) ? describeGroup(groups.get(entry)!) : entry)) },
  ];
  if (resolved.groups.length > 0) {
    fields.push({ kind: 'list', label: 'recipients', items: resolved.recipients.map((r) => r.number) });
  }
  fields.push({ kind: 'text', label: 'body', text: batch.body });
  for (const [key, values] of Object.entries(batch.parameters ?? {})) {
    fields.push({ kind: 'list', label: `parameters.${key}`, items: parameterItems(values) });
  }
  fields.push({ kind: 'value', label: 'encoding', value: encodingLine(cost) });
  fields.push({ kind: 'value', label: 'cost', value: costLine(cost, resolved.recipients.length) });
  if (batch.send_at !== undefined) fields.push({ kind: 'value', label: 'send_at', value: batch.send_at });
  if (batch.expire_at !== undefined) fields.push({ kind: 'value', label: 'expire_at', value: batch.expire_at });
  if (batch.delivery_report !== undefined) fields.push({ kind: 'value', label: 'delivery_report', value: batch.delivery_report });
  fields.push({ kind: 'value', label: 'client_reference', value: batch.client_reference ?? '' });
  if (allowDuplicate) fields.push({ kind: 'value', label: 'allow_duplicate', value: 'true' });
  return fields;
}

function buildPlan(input: Input, ctx: SinchContext, plannedAt: number, resolved: ResolvedRecipients): WritePlan<SendPlanRequest> {
  const client = ctx.services.client(ctx.account);
  if (resolved.recipients.length === 0) {
    throw new IntegrationError(
      'invalid_argument',
      "sinch_send_sms: invalid argument 'to': the groups in it have no members, so nobody would receive the SMS; expected at least one recipient",
      { function: 'sinch_send_sms', field: 'to', expected: 'a number, or a group with members' },
    );
  }
  const parameters: Parameters | undefined = input.parameters !== undefined ? wireParameters(input.parameters) : undefined;
  checkParameters('sinch_send_sms', input.body, parameters, resolved.recipients);
  const numbers = resolved.recipients.map((r) => r.number);
  const cost = costOf(input.body, parameters, numbers);

  const referenceGenerated = input.client_reference === undefined;
  const batch: SendTextBatchRequest = { to: resolved.to, body: input.body };
  if (input.from !== undefined) batch.from = input.from;
  if (parameters !== undefined) batch.parameters = parameters;
  if (input.delivery_report !== undefined) batch.delivery_report = input.delivery_report;
  if (input.send_at !== undefined) batch.send_at = normalizeTime(input.send_at, plannedAt);
  if (input.expire_at !== undefined) batch.expire_at = normalizeTime(input.expire_at, plannedAt);
  batch.client_reference = input.client_reference ?? client.newClientReference();
  const allowDuplicate = input.allow_duplicate === true;
  return {
    request: { batch, referenceGenerated, plannedAt },
    reference: batch.client_reference,
    facts: { recipients: numbers, messages: cost.messages, body: batch.body, ...(allowDuplicate ? { allow_duplicate: true as const } : {}) },
    title: `Send an SMS to ${plural(numbers.length, 'recipient')} (${partsEach(cost)}, ${plural(cost.messages, 'message')})`,
    fields: approvalFields(batch, resolved, cost, allowDuplicate),
  };
}

export const sendSms = defineFunction<typeof params, SinchAccountConfig, SinchServices, SendPlanRequest>({
  name: 'sinch_send_sms',
  aliases: ['send_sms'],
  description:
    'Send an SMS (a text batch) to phone numbers and/or groups, optionally personalised with ${key} parameters. Exactly once: a send whose answer is lost is looked up by client_reference, never blindly repeated. Returns the created batch.',
  operation: 'write',
  params,
  plan(input, ctx) {
    const client = ctx.services.client(ctx.account);
    const plannedAt = client.now();
    checkTimes(input, plannedAt);
    const entries = typeof input.to === 'string' ? [input.to] : input.to;
    // Without group ids this is synchronous and makes no request (the common case stays on the fast path).
    const resolved = resolveRecipients('sinch_send_sms', entries, client, ctx);
    if (resolved instanceof Promise) return resolved.then((r) => buildPlan(input, ctx, plannedAt, r));
    return buildPlan(input, ctx, plannedAt, resolved);
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
