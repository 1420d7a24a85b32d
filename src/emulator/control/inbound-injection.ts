/**
 * `POST /_emulator/inbounds` (docs/contract.md): `{"from", "to", "body", "received_at"?}` creates an MO message,
 * as if a phone had texted one of the plan's numbers. Extensions: `service_plan_id` (default: the first
 * plan, `emulator-plan`; a project id works too), `operator_id`, `sent_at`, `client_reference`; `to`
 * defaults to the plan's default originator. Answers 201 with the inbound as `GET /inbounds/{id}` shows it.
 */
import { gatewayError } from '../errors';
import { isNumberLike, normalizeMsisdn } from '../phone';
import type { RequestContext } from '../server/context';
import { jsonText, type Reply } from '../server/reply';
import { refuseOverflow } from '../sms/batches';
import { buildInbound } from '../sms/inbounds';
import { parseTimestamp } from '../time';
import { controlBody, optionalStringField, type JsonObject } from './body';

function time(body: JsonObject, name: string): number | undefined {
  const raw = optionalStringField(body, name);
  if (raw === undefined) return undefined;
  const ms = parseTimestamp(raw);
  if (ms === undefined) throw gatewayError(400, `'${name}' must be an ISO 8601 date-time, got '${raw}'`);
  return ms;
}

export function injectInbound(ctx: RequestContext): Reply {
  const body = controlBody(ctx);
  const planId = optionalStringField(body, 'service_plan_id');
  const account = planId === undefined ? ctx.backend.defaultPlan().sms : ctx.backend.smsAccount(planId);
  if (!account) throw gatewayError(404, `Unknown service plan or project '${planId}'`);

  const rawFrom = optionalStringField(body, 'from');
  const from = rawFrom === undefined ? undefined : normalizeMsisdn(rawFrom);
  if (from === undefined) throw gatewayError(400, "'from' must be an international phone number");
  const rawTo = optionalStringField(body, 'to');
  if (rawTo !== undefined && !isNumberLike(rawTo)) throw gatewayError(400, "'to' must be a number or short code");
  const to = rawTo === undefined ? account.defaultFrom : rawTo.replace(/[^\d]/g, '');
  const text = optionalStringField(body, 'body');
  if (text === undefined) throw gatewayError(400, "'body' is required");

  const inbound = buildInbound(ctx.backend.ids.next(), {
    from,
    to,
    body: text,
    receivedMs: time(body, 'received_at') ?? ctx.now,
    sentMs: time(body, 'sent_at'),
    operatorId: optionalStringField(body, 'operator_id'),
    clientReference: optionalStringField(body, 'client_reference'),
  });
  refuseOverflow(account.addInbound(inbound), ctx);
  ctx.backend.changes.notify('inbounds');
  return jsonText(inbound.json, 201);
}
