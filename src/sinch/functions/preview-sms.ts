/**
 * `sinch_preview_sms` / `preview_sms` (issue #9, "Preview before paying"): what a send would cost, without
 * sending — per distinct rendered body the encoding (GSM-7 or UCS-2), the parts, which characters forced
 * UCS-2 (with GSM-7 stand-ins), and the total in messages. Computed locally (src/sinch/sms/segments.ts), so it
 * works offline; with `to` it resolves groups and personalises per recipient, as send_sms's plan does. With
 * `dry_run = true` it also asks Sinch (`POST /batches/dry_run`) and says whether Sinch agrees.
 */
import { z } from 'zod';
import { IntegrationError } from '../../errors';
import { defineFunction } from '../../integration/types';
import { MAX_BODY_LENGTH, MAX_RECIPIENTS, type DryRunResponse, type SendTextBatchRequest } from '../../wire/sms';
import type { RequestOptions, SinchClient } from '../client/sinch-client';
import type { SinchAccountConfig } from '../config/account-config';
import type { SinchServices } from '../services';
import { costOf, type SendCost } from '../sms/cost';
import { checkParameters, parametersParam, placeholders, renderFor, wireParameters, type Parameters } from '../sms/parameters';
import { resolveRecipients, type ResolvedRecipients } from '../sms/recipients';
import { countSegments, gsmAlternative, sinchEncodingName } from '../sms/segments';
import { recipientsParam } from './recipients-param';
import { digitsOf } from '../params/phone';

const params = () => z.object({
  body: z.string().min(1).max(MAX_BODY_LENGTH).describe(`The message text as send_sms would take it, 1 to ${MAX_BODY_LENGTH} characters.`),
  to: recipientsParam().optional().describe('Recipients as for send_sms (numbers and/or group ids). Omitted: the body alone, as one message (${key} filled from defaults).'),
  parameters: parametersParam(),
  dry_run: z
    .boolean()
    .default(false)
    .describe("Also ask Sinch's dry run (POST /batches/dry_run; nothing is sent) and report whether it agrees. Needs to."),
}).strict();

type Input = z.output<ReturnType<typeof params>>;

/** Without recipients, each `${key}` needs a default (there is nobody to look a value up for). */
function checkDefaults(body: string, parameters: Parameters | undefined): void {
  for (const key of placeholders(body)) {
    if (parameters !== undefined && Object.hasOwn(parameters, key) && Object.hasOwn(parameters[key], 'default')) continue;
    throw new IntegrationError(
      'invalid_argument',
      `sinch_preview_sms: invalid argument 'body': it uses \${${key}}, which has no default to preview it with; expected parameters.${key}.default, or to (then each recipient's value is used)`,
      { function: 'sinch_preview_sms', field: 'body', expected: `parameters.${key}.default, or to` },
    );
  }
}

function bodiesOf(cost: SendCost) {
  return cost.bodies.map((entry) => {
    const gsm = gsmAlternative(entry.body, entry.segments);
    const count = Math.max(1, entry.recipients.length);
    return {
      body: entry.body,
      ...entry.segments,
      recipient_count: entry.recipients.length,
      recipients: entry.recipients.map(digitsOf),
      messages: entry.segments.parts * count,
      ...(gsm !== undefined ? { gsm_body: gsm, gsm_parts: countSegments(gsm).parts } : {}),
    };
  });
}

interface DryRunComparison {
  number_of_recipients: number;
  number_of_messages: number;
  agrees: boolean;
  differences?: Array<{ recipient: string; parts: number; encoding: string; sinch_parts: number; sinch_encoding: string }>;
}

/** Sinch's dry run beside ours: the totals, and each listed recipient's parts and encoding. */
function compare(cost: SendCost, dry: DryRunResponse): DryRunComparison {
  const ours = new Map<string, { parts: number; encoding: string }>();
  for (const entry of cost.bodies) {
    for (const r of entry.recipients) ours.set(digitsOf(r), { parts: entry.segments.parts, encoding: sinchEncodingName(entry.segments.encoding) });
  }
  const differences: NonNullable<DryRunComparison['differences']> = [];
  for (const listed of dry.per_recipient ?? []) {
    const mine = ours.get(digitsOf(String(listed.recipient)));
    if (mine === undefined || mine.parts !== listed.number_of_parts || mine.encoding !== listed.encoding) {
      differences.push({
        recipient: digitsOf(String(listed.recipient)),
        parts: mine?.parts ?? 0,
        encoding: mine?.encoding ?? '(not a recipient here)',
        sinch_parts: listed.number_of_parts,
        sinch_encoding: listed.encoding,
      });
    }
  }
  const agrees = differences.length === 0 && dry.number_of_messages === cost.messages;
  return {
    number_of_recipients: dry.number_of_recipients,
    number_of_messages: dry.number_of_messages,
    agrees,
    ...(differences.length > 0 ? { differences: differences.slice(0, 10) } : {}),
  };
}

async function preview(input: Input, resolved: ResolvedRecipients | undefined, client: SinchClient, options: RequestOptions) {
  const parameters = input.parameters !== undefined ? wireParameters(input.parameters) : undefined;
  if (resolved === undefined) checkDefaults(input.body, parameters);
  else checkParameters('sinch_preview_sms', input.body, parameters, resolved.recipients);
  const numbers = resolved?.recipients.map((r) => r.number) ?? [];
  const cost = resolved === undefined ? costOf(renderFor(input.body, parameters, ''), undefined, []) : costOf(input.body, parameters, numbers);
  const result: Record<string, unknown> = {
    recipients: numbers.length,
    messages: cost.messages,
    encoding: cost.encoding,
    parts: cost.maxParts,
    bodies: bodiesOf(cost),
  };
  if (resolved !== undefined && resolved.groups.length > 0) {
    result.groups = resolved.groups.map((g) => ({ id: g.id, ...(g.name !== undefined ? { name: g.name } : {}), members: g.members.length, child_groups: g.child_groups }));
  }
  if (input.dry_run) {
    const batch: SendTextBatchRequest = { to: (resolved as ResolvedRecipients).to, body: input.body };
    if (parameters !== undefined) batch.parameters = parameters;
    const dry = await client.dryRun(batch, Math.min(MAX_RECIPIENTS, Math.max(1, numbers.length)), options);
    result.sinch_dry_run = compare(cost, dry);
  }
  return result;
}

export const previewSms = defineFunction<ReturnType<typeof params>, SinchAccountConfig, SinchServices>({
  name: 'sinch_preview_sms',
  aliases: ['preview_sms'],
  description:
    'What a send would cost, without sending: per distinct body the encoding (GSM-7 or UCS-2), parts, the characters that forced UCS-2 (with GSM-7 stand-ins), and the total in messages (recipients × parts). Optionally checked against Sinch\'s dry run.',
  operation: 'read',
  params,
  async handler(input, ctx) {
    if (input.dry_run && input.to === undefined) {
      throw new IntegrationError('invalid_argument', "sinch_preview_sms: invalid argument 'dry_run': Sinch's dry run needs recipients; expected to as well", {
        function: 'sinch_preview_sms',
        field: 'dry_run',
        expected: 'to, with dry_run = true',
      });
    }
    const client = ctx.services.client(ctx.account);
    const entries = input.to === undefined ? undefined : typeof input.to === 'string' ? [input.to] : input.to;
    const resolved = entries === undefined ? undefined : await resolveRecipients('sinch_preview_sms', entries, client, ctx);
    return preview(input, resolved, client, ctx);
  },
});
