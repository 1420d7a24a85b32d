/**
 * Validation and normalization of `POST /batches` and `POST /batches/dry_run` bodies (docs/sinch-wire.md,
 * batch request table). Errors use Sinch's codes: `syntax_invalid_parameter_format` for a value of the
 * wrong type or shape, `syntax_constraint_violation` for a missing field or a broken limit, 403
 * `unknown_group` for a group id in `to` that this plan does not have.
 */
import {
  DELIVERY_REPORT_TYPES,
  MAX_BODY_LENGTH,
  MAX_EXPIRY_DAYS,
  MAX_RECIPIENTS,
  type DeliveryReportType,
} from '../../wire/sms';
import { badFormat, constraint, smsError } from '../errors';
import { looksLikeId } from '../ids';
import { isNumberLike, normalizeMsisdn, parseSender } from '../phone';
import type { BatchInput } from '../state/batch';
import type { Parameters } from '../state/message-body';
import type { SmsAccount } from '../state/sms-account';
import { DAY_MS, parseTimestamp } from '../time';

type Json = Record<string, unknown>;

const MAX_CLIENT_REFERENCE = 2048;
const MAX_CALLBACK_URL = 2048;

function optionalBoolean(body: Json, name: string): boolean | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badFormat(`'${name}' must be a boolean`);
  return v;
}

function optionalString(body: Json, name: string, max: number): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badFormat(`'${name}' must be a string`);
  if (v.length > max) throw constraint(`'${name}' must be at most ${max} characters, got ${v.length}`);
  return v;
}

function optionalTime(body: Json, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'string' ? parseTimestamp(v) : undefined;
  if (ms === undefined) throw badFormat(`'${name}' must be an ISO 8601 date-time, got ${JSON.stringify(v)}`);
  return ms;
}

/** Members of a group and of its child groups, once each (child groups may form cycles: visit once). */
export function expandGroup(account: SmsAccount, id: string, into: Set<string>, seen: Set<string>): void {
  if (seen.has(id)) return;
  seen.add(id);
  const group = account.groups.get(id);
  if (!group) return;
  for (const member of group.members) into.add(member);
  for (const child of group.wire.child_groups ?? []) expandGroup(account, child, into, seen);
}

function recipients(body: Json, account: SmsAccount): { to: string[]; recipients: string[] } {
  const raw = body.to;
  if (raw === undefined || raw === null) throw constraint("'to' is required");
  if (!Array.isArray(raw)) throw badFormat("'to' must be an array of numbers or group ids");
  if (raw.length === 0) throw constraint("'to' must contain at least one recipient");
  if (raw.length > MAX_RECIPIENTS) {
    throw constraint(`'to' must contain at most ${MAX_RECIPIENTS} recipients, got ${raw.length}`);
  }
  const to: string[] = [];
  const expanded = new Set<string>();
  const seen = new Set<string>();
  for (const entry of raw) {
    if (typeof entry !== 'string') throw badFormat("'to' entries must be strings");
    const msisdn = normalizeMsisdn(entry);
    if (msisdn !== undefined) {
      to.push(msisdn);
      expanded.add(msisdn);
    } else if (!isNumberLike(entry) && looksLikeId(entry.trim())) {
      const id = entry.trim();
      if (!account.groups.get(id)) throw smsError(403, 'unknown_group', `Unknown group id '${id}' in 'to'`);
      to.push(id);
      expandGroup(account, id, expanded, seen);
    } else {
      throw badFormat(`'${entry}' in 'to' is neither an international phone number nor a group id`);
    }
  }
  return { to, recipients: [...expanded] };
}

function parameters(body: Json): Parameters | undefined {
  const v = body.parameters;
  if (v === undefined || v === null) return undefined;
  const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isMap(v)) throw badFormat("'parameters' must be an object of objects");
  // Without a prototype, so that a key named `__proto__` is stored as a key like any other.
  const out: Parameters = Object.create(null);
  for (const [key, values] of Object.entries(v)) {
    if (!isMap(values)) throw badFormat(`'parameters.${key}' must be an object`);
    const normalized: Record<string, string> = Object.create(null);
    for (const [who, value] of Object.entries(values)) {
      if (typeof value !== 'string') throw badFormat(`'parameters.${key}.${who}' must be a string`);
      // Recipient keys may carry a `+`; `default` stays as it is.
      normalized[who === 'default' ? who : (normalizeMsisdn(who) ?? who)] = value;
    }
    out[key] = normalized;
  }
  return out;
}

export function parseSendRequest(input: unknown, account: SmsAccount, nowMs: number): BatchInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw smsError(400, 'syntax_invalid_json', 'The request body must be a JSON object');
  }
  const body = input as Json;

  const type = body.type ?? 'mt_text';
  if (type === 'mt_binary' || type === 'mt_media') {
    // A documented non-goal (docs/emulator.md): only text batches are emulated.
    throw constraint(`The Sinch emulator supports only 'mt_text' batches, got '${type}'`);
  }
  if (type !== 'mt_text') throw badFormat(`'type' must be 'mt_text', got ${JSON.stringify(type)}`);

  const { to, recipients: expanded } = recipients(body, account);

  let from = account.defaultFrom;
  if (body.from !== undefined && body.from !== null) {
    if (typeof body.from !== 'string') throw badFormat("'from' must be a string");
    const sender = parseSender(body.from);
    if (!sender.ok) throw constraint(`Invalid 'from' '${body.from}': ${sender.reason}`);
    from = sender.value;
  }

  const text = body.body;
  if (text === undefined || text === null) throw constraint("'body' is required");
  if (typeof text !== 'string') throw badFormat("'body' must be a string");
  if (text.length > MAX_BODY_LENGTH) {
    throw constraint(`'body' must be at most ${MAX_BODY_LENGTH} characters, got ${text.length}`);
  }

  const report = body.delivery_report ?? 'none';
  if (!DELIVERY_REPORT_TYPES.includes(report as DeliveryReportType)) {
    const allowed = DELIVERY_REPORT_TYPES.join(', ');
    throw badFormat(`'delivery_report' must be one of ${allowed}, got ${JSON.stringify(report)}`);
  }

  // `send_at` in the past means "send now" (docs/sinch-wire.md); `expire_at` must come after the send time and
  // is capped at send time + 3 days. Approximation: a later `expire_at` is capped, not refused.
  const sendAtMs = optionalTime(body, 'send_at');
  const sendMs = Math.max(nowMs, sendAtMs ?? nowMs);
  const maxExpireMs = sendMs + MAX_EXPIRY_DAYS * DAY_MS;
  const expireAtMs = optionalTime(body, 'expire_at');
  if (expireAtMs !== undefined && expireAtMs <= sendMs) {
    throw constraint("'expire_at' must be after the send time ('send_at', or now when absent or past)");
  }

  const maxParts = body.max_number_of_message_parts;
  if (maxParts !== undefined && maxParts !== null && !(Number.isInteger(maxParts) && (maxParts as number) >= 1)) {
    throw constraint("'max_number_of_message_parts' must be an integer of at least 1");
  }

  return {
    to,
    recipients: expanded,
    from,
    body: text,
    deliveryReport: report as DeliveryReportType,
    sendAtMs,
    expireAtMs: Math.min(expireAtMs ?? maxExpireMs, maxExpireMs),
    callbackUrl: optionalString(body, 'callback_url', MAX_CALLBACK_URL),
    clientReference: optionalString(body, 'client_reference', MAX_CLIENT_REFERENCE),
    feedbackEnabled: optionalBoolean(body, 'feedback_enabled') ?? false,
    flashMessage: optionalBoolean(body, 'flash_message') ?? false,
    truncateConcat: optionalBoolean(body, 'truncate_concat'),
    maxNumberOfMessageParts: (maxParts ?? undefined) as number | undefined,
    parameters: parameters(body),
  };
}
