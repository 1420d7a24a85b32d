/**
 * `GET /_emulator/view`: what the web inbox shows (issue #13), built for the page rather than for Sinch
 * clients: one SMS state (a service plan's) with its newest batches — recipients and group ids resolved,
 * encoding and parts, every recipient's status on the emulator clock — its inbounds and groups, the
 * project's rented numbers, pending faults, storage use and the clock. Bounded (`limit` batches and
 * inbounds, `RECIPIENTS_SHOWN` recipients a batch), so a full emulator does not make a huge page.
 *
 * `next_change_ms` is when the next shown status changes on the emulator clock (a scheduled batch
 * dispatching, a dispatched one delivered): the page refreshes then, without polling.
 */
import { gatewayError } from '../errors';
import type { Backend } from '../state/backend';
import type { StoredBatch } from '../state/batch';
import { eachRecipientState, isDispatched, nextChangeMs } from '../state/delivery';
import type { SmsAccount } from '../state/sms-account';
import { storageDump } from '../control/state-dump';
import { expandGroup } from '../sms/send-request';
import { isRetained, parseInteger, queryParam } from '../sms/list-query';
import { iso } from '../time';
import type { RequestContext } from '../server/context';
import { json, type Reply } from '../server/reply';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** Recipients listed per batch; the status counts cover all of them. */
export const RECIPIENTS_SHOWN = 100;

type Destination =
  | { type: 'number'; number: string }
  | { type: 'group'; id: string; name?: string; members: string[]; known: boolean };

function destinations(batch: StoredBatch, sms: SmsAccount): Destination[] {
  const groups = new Set(batch.groupIds());
  return batch.to().map((entry): Destination => {
    if (!groups.has(entry)) return { type: 'number', number: entry };
    const group = sms.groups.get(entry);
    const members = new Set<string>();
    expandGroup(sms, entry, members, new Set());
    return { type: 'group', id: entry, name: group?.wire.name, members: [...members], known: group !== undefined };
  });
}

function batchView(batch: StoredBatch, sms: SmsAccount, nowMs: number) {
  const counts = new Map<number, { status: string; code: number; count: number }>();
  const recipients: Array<Record<string, unknown>> = [];
  let messages = 0;
  eachRecipientState(batch, nowMs, (state) => {
    const message = batch.messageFor(state.recipient);
    messages += message.parts;
    const bucket = counts.get(state.code) ?? { status: state.status, code: state.code, count: 0 };
    bucket.count += 1;
    counts.set(state.code, bucket);
    if (recipients.length < RECIPIENTS_SHOWN) {
      recipients.push({
        recipient: state.recipient,
        status: state.status,
        code: state.code,
        at: iso(state.atMs),
        // Only when it differs from the batch body: a personalised message.
        body: batch.isUniform ? undefined : message.body,
        encoding: batch.isUniform ? undefined : message.encoding,
        parts: batch.isUniform ? undefined : message.parts,
      });
    }
  });
  const first = batch.messageFor(batch.recipientCount > 0 ? batch.recipientAt(0) : '');
  const f = batch.fields;
  return {
    id: batch.id,
    from: f.from,
    to: destinations(batch, sms),
    body: f.body,
    personalised: !batch.isUniform,
    encoding: first.encoding,
    parts: first.parts,
    messages,
    created_at: f.created_at,
    send_at: f.send_at,
    expire_at: f.expire_at,
    canceled: f.canceled,
    cancellable: batch.canceledMs === undefined && !isDispatched(batch, nowMs),
    client_reference: f.client_reference,
    delivery_report: f.delivery_report,
    status_counts: [...counts.values()],
    recipient_count: batch.recipientCount,
    recipients,
  };
}

function newest<T>(items: readonly T[], keep: (item: T) => boolean, limit: number): { count: number; items: T[] } {
  const out: T[] = [];
  let count = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!keep(items[i])) continue;
    count += 1;
    if (out.length < limit) out.push(items[i]);
  }
  return { count, items: out };
}

export function buildView(backend: Backend, planId: string | undefined, limit: number) {
  const nowMs = backend.clock.now();
  const plans = [...backend.plans.values()];
  const plan = planId === undefined ? plans[0] : backend.plans.get(planId);
  if (!plan) throw gatewayError(404, `Unknown service plan '${planId}'`);
  const sms = plan.sms;
  const batches = newest(sms.batches.items, (b) => isRetained(b.createdMs, nowMs), limit);
  const inbounds = newest(sms.inbounds.items, (i) => isRetained(i.receivedMs, nowMs), limit);
  let next: number | undefined;
  for (const batch of batches.items) {
    const at = nextChangeMs(batch, nowMs);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  const project = [...backend.projects.values()].find((p) => p.sms === sms);
  return {
    now: iso(nowMs),
    now_ms: nowMs,
    offset_ms: backend.clock.offset,
    next_change_ms: next ?? null,
    plans: plans.map((p) => ({ id: p.config.servicePlanId, default_from: p.sms.defaultFrom })),
    plan: { id: plan.config.servicePlanId, default_from: sms.defaultFrom, project_id: project?.id ?? null },
    batches: { count: batches.count, items: batches.items.map((b) => batchView(b, sms, nowMs)) },
    inbounds: { count: inbounds.count, items: inbounds.items.map((i) => i.wire) },
    groups: [...sms.groups.items].reverse().map((g) => {
      const members = new Set<string>();
      expandGroup(sms, g.id, members, new Set());
      return { ...g.wire, members: g.members, all_members: [...members] };
    }),
    numbers: project?.all() ?? [],
    faults: backend.faults.list(),
    storage: storageDump(backend),
  };
}

export function viewRoute(ctx: RequestContext): Reply {
  const limit = queryParam(ctx.query, 'limit', parseInteger, 'an integer') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) throw gatewayError(400, `'limit' must be between 1 and ${MAX_LIMIT}`);
  return json(buildView(ctx.backend, ctx.query.get('plan') ?? undefined, limit), 200, { 'cache-control': 'no-store' });
}
