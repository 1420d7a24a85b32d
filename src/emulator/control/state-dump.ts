/**
 * `GET /_emulator/state` (docs/contract.md): everything stored, for assertions. Wire objects as the API shows
 * them, plus what the API does not show: expanded recipients with their current delivery status, group
 * members, pending faults, the clock. Credentials are the public emulator ones; tokens are only counted.
 */
import { recipientState } from '../state/delivery';
import type { Backend } from '../state/backend';
import type { SmsAccount } from '../state/sms-account';
import { iso } from '../time';

function dumpSms(sms: SmsAccount, nowMs: number) {
  return {
    default_from: sms.defaultFrom,
    batches: sms.batches.items.map((b) => ({
      ...b.wire(),
      recipients: b.recipients().map((r) => {
        const s = recipientState(b, r, nowMs);
        return { recipient: r, status: s.status, code: s.code, at: iso(s.atMs) };
      }),
    })),
    inbounds: sms.inbounds.items.map((i) => i.wire),
    groups: sms.groups.items.map((g) => ({ ...g.wire, members: g.members })),
  };
}

/** What is stored against the limits (state/storage.ts), in the snake_case of the other control routes. */
export function storageDump(backend: Backend) {
  const { used, limits } = backend.storage;
  return {
    used: { batches: used.batches, recipients: used.recipients, inbounds: used.inbounds, body_bytes: used.bodyBytes },
    limits: {
      max_batches: limits.maxBatches,
      max_recipients: limits.maxRecipients,
      max_inbounds: limits.maxInbounds,
      max_body_bytes: limits.maxBodyBytes,
    },
  };
}

export function dumpState(backend: Backend) {
  const nowMs = backend.clock.now();
  const sms: Record<string, ReturnType<typeof dumpSms>> = {};
  for (const account of backend.smsAccounts()) sms[account.id] = dumpSms(account, nowMs);
  return {
    now: iso(nowMs),
    clock_offset_ms: backend.clock.offset,
    service_plans: [...backend.plans.values()].map((p) => ({
      service_plan_id: p.config.servicePlanId,
      api_token: p.config.apiToken,
      default_from: p.sms.defaultFrom,
    })),
    projects: [...backend.projects.values()].map((p) => ({
      project_id: p.id,
      key_id: p.config.keyId,
      sms_state: p.sms.id,
      active_numbers: p.all(),
    })),
    sms,
    faults: backend.faults.list(),
    storage: storageDump(backend),
    access_tokens_issued: backend.tokens.size,
  };
}
