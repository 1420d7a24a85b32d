/**
 * Control routes under `/_emulator/` (docs/contract.md, "The emulator's control routes"; not part of Sinch).
 * They need no credentials and are never subject to injected faults.
 *
 * | route                          | does |
 * |--------------------------------|------|
 * | POST   /_emulator/reset        | empties state; `{"demo": true}` loads the demo data again |
 * | POST   /_emulator/inbounds     | creates an inbound (MO) message (inbound-injection.ts) |
 * | POST   /_emulator/faults       | queues a fault (faults.ts); GET lists pending ones, DELETE clears them |
 * | GET    /_emulator/state        | everything stored (state-dump.ts) |
 * | GET    /_emulator/clock        | `{"now", "offset_ms"}` |
 * | POST   /_emulator/clock        | `{"advance_ms": N}` or `{"advance_seconds": N}` moves the clock forward |
 *
 * For the web inbox (issue #13; src/emulator/inbox/):
 *
 * | GET    /_emulator/inbox/[file]          | the page, its script and style |
 * | GET    /_emulator/view                  | what the page shows (inbox/view.ts) |
 * | GET    /_emulator/events                | server-sent events: what changed (inbox/events.ts) |
 * | POST   /_emulator/batches/{id}/cancel   | cancels a queued batch of any plan, as `DELETE /batches/{id}` |
 * | DELETE /_emulator/faults/{id}           | removes one pending fault |
 *
 * Browsers pass server/browser-guard.ts first; clients without an `Origin` header are not affected.
 */
import { gatewayError } from '../errors';
import type { RequestContext } from '../server/context';
import { json, jsonText, type Reply } from '../server/reply';
import { eventsRoute } from '../inbox/events';
import { staticFile } from '../inbox/static-files';
import { viewRoute } from '../inbox/view';
import { cancelQueued } from '../sms/batches';
import { routes } from '../server/router';
import { seedDemoData } from '../seed/demo-data';
import { iso } from '../time';
import { controlBody } from './body';
import { parseFaultSpec } from './faults';
import { injectInbound } from './inbound-injection';
import { dumpState } from './state-dump';

export type ControlHandler = (ctx: RequestContext) => Reply;

/** Reset without a body empties everything (docs/contract.md: "empty state"); demo data only on request. */
const reset: ControlHandler = (ctx) => {
  const { demo = false } = controlBody(ctx);
  if (typeof demo !== 'boolean') throw gatewayError(400, "'demo' must be a boolean");
  ctx.backend.clear();
  if (demo) seedDemoData(ctx.backend);
  return json({ reset: true, demo });
};

const clockBody = (ctx: RequestContext): Reply => {
  const clock = ctx.backend.clock;
  return json({ now: iso(clock.now()), offset_ms: clock.offset });
};

const advanceClock: ControlHandler = (ctx) => {
  const { advance_ms, advance_seconds } = controlBody(ctx);
  const ms = advance_ms ?? (typeof advance_seconds === 'number' ? advance_seconds * 1000 : advance_seconds);
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw gatewayError(400, "give 'advance_ms' or 'advance_seconds', a number >= 0");
  }
  ctx.backend.clock.advance(ms);
  return clockBody(ctx);
};

/** The inbox's cancel: the batch is looked up in every plan (ids are unique across the emulator). */
const cancelFromInbox: ControlHandler = (ctx) => {
  const id = ctx.params[0];
  for (const sms of ctx.backend.smsAccounts()) {
    const batch = sms.batches.get(id);
    if (batch) return jsonText(cancelQueued(batch, ctx).toJson());
  }
  throw gatewayError(404, `No batch with id '${id}'`);
};

const removeFault: ControlHandler = (ctx) => {
  const id = Number(ctx.params[0]);
  if (!Number.isInteger(id) || !ctx.backend.faults.remove(id)) throw gatewayError(404, `No pending fault with id '${ctx.params[0]}'`);
  return json({ removed: id });
};

const addFault: ControlHandler = (ctx) => {
  const fault = ctx.backend.faults.add(parseFaultSpec(controlBody(ctx)));
  return json(fault, 201);
};

export const CONTROL_ROUTES = routes<ControlHandler>([
  ['reset', { POST: reset }],
  ['inbounds', { POST: injectInbound }],
  [
    'faults',
    {
      POST: addFault,
      GET: (ctx) => json({ faults: ctx.backend.faults.list() }),
      DELETE: (ctx) => json({ cleared: ctx.backend.faults.clear() }),
    },
  ],
  ['state', { GET: (ctx) => json(dumpState(ctx.backend)) }],
  ['clock', { GET: clockBody, POST: advanceClock }],
  ['faults/:id', { DELETE: removeFault }],
  ['batches/:id/cancel', { POST: cancelFromInbox }],
  ['view', { GET: viewRoute }],
  ['events', { GET: eventsRoute }],
  ['inbox', { GET: () => staticFile(undefined) }],
  ['inbox/:file', { GET: (ctx) => staticFile(ctx.params[0]) }],
]);
