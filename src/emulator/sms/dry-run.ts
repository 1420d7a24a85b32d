/**
 * `POST /batches/dry_run?per_recipient=true&number_of_recipients=N` (docs/sinch-wire.md): validates like a send,
 * counts GSM-7 / UCS-2 segments per recipient (after `${parameter}` substitution), stores nothing.
 */
import { MAX_RECIPIENTS, type DryRunResponse } from '../../wire/sms';
import { constraint } from '../errors';
import { renderBody } from '../state/message-body';
import { json, type SmsHandler } from './handler';
import { parseInteger, queryParam } from './list-query';
import { parseSendRequest } from './send-request';

/** How many per-recipient entries Sinch lists when `number_of_recipients` is not given. */
const DEFAULT_LISTED = 100;

function listedRecipients(query: URLSearchParams): number {
  const n = queryParam(query, 'number_of_recipients', parseInteger, 'an integer') ?? DEFAULT_LISTED;
  if (n < 0 || n > MAX_RECIPIENTS) throw constraint(`'number_of_recipients' must be between 0 and ${MAX_RECIPIENTS}`);
  return n;
}

export const dryRun: SmsHandler = (ctx, account) => {
  const perRecipient = (ctx.query.get('per_recipient') ?? 'false').toLowerCase() === 'true';
  const listed = listedRecipients(ctx.query);
  const input = parseSendRequest(ctx.json(), account, ctx.now);
  let messages = 0;
  const details: NonNullable<DryRunResponse['per_recipient']> = [];
  for (const recipient of input.recipients) {
    const message = renderBody(input.body, input.parameters, recipient);
    messages += message.parts;
    if (perRecipient && details.length < listed) {
      details.push({ recipient, number_of_parts: message.parts, body: message.body, encoding: message.encoding });
    }
  }
  const response: DryRunResponse = {
    number_of_recipients: input.recipients.length,
    number_of_messages: messages,
    per_recipient: perRecipient ? details : undefined,
  };
  return json(response);
};
