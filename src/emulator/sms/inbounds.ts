/**
 * Inbound (MO) messages (docs/sinch-wire.md, "SMS: inbounds"): `GET /inbounds` (newest first, windowed on
 * `received_at`, filtered by `to` and exact `client_reference`; there is no `from` filter) and
 * `GET /inbounds/{id}`. They are created by `POST /_emulator/inbounds` and the demo data.
 */
import type { InboundText } from '../../wire/sms';
import { smsNotFound } from '../errors';
import { comparableNumber } from '../phone';
import type { StoredInbound } from '../state/sms-account';
import { iso } from '../time';
import { jsonText, type SmsHandler } from './handler';
import { inWindow, isRetained, listJson, numberList, pageNewestFirst, paging, window } from './list-query';

export interface InboundInput {
  from: string;
  to: string;
  body: string;
  receivedMs: number;
  operatorId?: string;
  sentMs?: number;
  clientReference?: string;
}

/** The inbound as stored; `SmsAccount.addInbound` stores it (or refuses it when storage is full). */
export function buildInbound(id: string, input: InboundInput): StoredInbound {
  const wire: InboundText = {
    id,
    from: input.from,
    to: input.to,
    body: input.body,
    type: 'mo_text',
    received_at: iso(input.receivedMs),
    operator_id: input.operatorId,
    sent_at: input.sentMs === undefined ? undefined : iso(input.sentMs),
    client_reference: input.clientReference,
  };
  const usage = { batches: 0, recipients: 0, inbounds: 1, bodyBytes: Buffer.byteLength(input.body) };
  return { id, wire, receivedMs: input.receivedMs, json: JSON.stringify(wire), usage };
}

export const listInbounds: SmsHandler = (ctx, account) => {
  const p = paging(ctx.query);
  const w = window(ctx.query, ctx.now);
  const to = numberList(ctx.query, 'to');
  const reference = ctx.query.get('client_reference') ?? undefined;
  const { count, page } = pageNewestFirst(
    account.inbounds.items,
    (i) =>
      inWindow(i.receivedMs, w) &&
      (to === undefined || to.has(comparableNumber(i.wire.to))) &&
      (reference === undefined || i.wire.client_reference === reference),
    p,
  );
  return jsonText(listJson('inbounds', count, p.page, page.map((i) => i.json)));
};

export const getInbound: SmsHandler = (ctx, account) => {
  const inbound = account.inbounds.get(ctx.params[0]);
  if (!inbound || !isRetained(inbound.receivedMs, ctx.now)) throw smsNotFound('Inbound message', ctx.params[0]);
  return jsonText(inbound.json);
};
