/**
 * Demo data (issue #4, item 4), loaded by default and by `POST /_emulator/reset {"demo": true}`: groups,
 * rented numbers, past batches and inbound replies in the default plan and project, dated relative to the
 * clock. Ids come from a generator of their own seeded from the emulator seed, so with the same seed the
 * demo ids are the same on every start and every reset (docs/emulator.md lists them for the default seed).
 *
 * What a script sees by default (the list routes show the last 24 hours):
 * - batches: a scheduled one (still Queued), an OTP (2 h ago), a maintenance notice in UCS-2 (5 h ago);
 *   with `start_date` also a UK parcel notice (30 h), a cancelled reminder (2 days), a newsletter sent to a
 *   group (3 days);
 * - inbounds: three replies to the maintenance notice and the OTP (to +1 202-555-0142); with `start_date`
 *   a UK reply (29 h).
 */
import { IdGenerator } from '../ids';
import type { Backend } from '../state/backend';
import { StoredBatch } from '../state/batch';
import type { SmsAccount } from '../state/sms-account';
import { parseSendRequest } from '../sms/send-request';
import { buildInbound } from '../sms/inbounds';
import { DAY_MS, HOUR_MS, iso } from '../time';
import { DEMO_NUMBERS, demoActiveNumber } from './demo-numbers';

const MINUTE_MS = 60_000;

function addGroups(sms: SmsAccount, ids: IdGenerator, nowMs: number): string[] {
  const specs = [
    { name: 'Newsletter subscribers', members: ['12025550111', '12025550112', '12025550113'], age: 10 * DAY_MS },
    { name: 'On-call engineers', members: ['12025550121', '447700900871'], age: 6 * DAY_MS },
    { name: 'Everyone', members: ['12025550131'], age: 3 * DAY_MS + HOUR_MS },
  ];
  const groupIds = specs.map(() => ids.next());
  specs.forEach((spec, i) => {
    const createdMs = nowMs - spec.age;
    sms.groups.add({
      id: groupIds[i],
      members: spec.members,
      createdMs,
      wire: {
        id: groupIds[i],
        name: spec.name,
        size: spec.members.length,
        created_at: iso(createdMs),
        modified_at: iso(createdMs),
        // The newsletter group keeps itself up to date from keywords texted to the support line.
        auto_update:
          i === 0
            ? { to: '12025550142', add: { first_word: 'JOIN' }, remove: { first_word: 'STOP' } }
            : undefined,
        child_groups: i === 2 ? [groupIds[0], groupIds[1]] : undefined,
      },
    });
  });
  return groupIds;
}

function addBatches(sms: SmsAccount, ids: IdGenerator, nowMs: number, groups: string[]): void {
  const specs: Array<{ age: number; request: Record<string, unknown>; cancelAfter?: number }> = [
    {
      age: 3 * DAY_MS,
      request: {
        from: 'Acme',
        to: [groups[0]],
        body: 'Spring sale: 20% off everything until Sunday. Reply STOP to opt out.',
        delivery_report: 'summary',
        client_reference: 'demo-newsletter-spring',
      },
    },
    {
      age: 2 * DAY_MS,
      request: {
        to: ['+12025550112'],
        body: 'Reminder: dentist appointment tomorrow at 09:30.',
        send_at: iso(nowMs - DAY_MS),
        client_reference: 'demo-reminder-cancelled',
      },
      cancelAfter: HOUR_MS,
    },
    {
      age: 30 * HOUR_MS,
      request: {
        from: '+447700900461',
        to: ['+447700900871'],
        body: 'Your parcel is out for delivery today.',
        delivery_report: 'full',
      },
    },
    {
      age: 5 * HOUR_MS,
      request: {
        to: ['+12025550111', '+12025550112', '+12025550113'],
        // The en dash is not GSM-7: this one is encoded as UCS-2.
        body: 'Maintenance tonight 22:00–23:00 UTC. Reply with questions.',
        delivery_report: 'per_recipient',
        client_reference: 'demo-maintenance',
      },
    },
    {
      age: 2 * HOUR_MS,
      request: {
        to: ['+12025550111'],
        body: 'Your verification code is 482913',
        delivery_report: 'summary',
        client_reference: 'demo-otp-0001',
      },
    },
    {
      age: HOUR_MS,
      request: {
        to: [groups[1]],
        body: 'On-call handover tomorrow at 08:00.',
        send_at: iso(nowMs + DAY_MS),
        client_reference: 'demo-scheduled-handover',
      },
    },
  ];
  for (const spec of specs) {
    const createdMs = nowMs - spec.age;
    const batch = new StoredBatch(ids.next(), parseSendRequest(spec.request, sms, createdMs), createdMs);
    if (spec.cancelAfter !== undefined) batch.cancel(createdMs + spec.cancelAfter);
    sms.addBatch(batch); // the demo data is far below any limit a caller can set
  }
}

function addInbounds(sms: SmsAccount, ids: IdGenerator, nowMs: number): void {
  const replies = [
    { ago: 29 * HOUR_MS, from: '447700900871', to: '447700900461', body: 'Please leave it with the neighbour.' },
    { ago: 4 * HOUR_MS + 40 * MINUTE_MS, from: '12025550112', to: '12025550142', body: 'Can we move it to 23:00?' },
    { ago: 4 * HOUR_MS, from: '12025550113', to: '12025550142', body: 'STOP' },
    { ago: HOUR_MS + 50 * MINUTE_MS, from: '12025550111', to: '12025550142', body: 'Thanks, got it!' },
  ];
  for (const r of replies) {
    sms.addInbound(buildInbound(ids.next(), { from: r.from, to: r.to, body: r.body, receivedMs: nowMs - r.ago }));
  }
}

export function seedDemoData(backend: Backend): void {
  const ids = new IdGenerator(`${backend.seed}:demo`);
  const nowMs = backend.clock.now();
  const plan = backend.defaultPlan();
  const groups = addGroups(plan.sms, ids, nowMs);
  addBatches(plan.sms, ids, nowMs, groups);
  addInbounds(plan.sms, ids, nowMs);
  // The project that shares the default plan's SMS state (emulator-project), else the first project.
  const projects = [...backend.projects.values()];
  const project = projects.find((p) => p.sms === plan.sms) ?? projects[0];
  if (!project) return;
  for (const n of DEMO_NUMBERS) {
    project.addNumber(demoActiveNumber(n, project.id, plan.config.servicePlanId, nowMs));
  }
}
