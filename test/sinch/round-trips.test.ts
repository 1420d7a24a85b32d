/**
 * Functions that need several requests make no more sequential round trips than they must (issue #9,
 * "Done when"): counted in waves by support/round-counter.ts against the emulator, never by timing. The
 * counts are the ones docs/performance.md, "Round trips", lists.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { FunctionDeclaration } from '../../src/integration/types';
import type { SinchAccountConfig } from '../../src/sinch/config/account-config';
import { nodeHttp } from '../../src/sinch/http/transport';
import { sinchFunctions } from '../../src/sinch/integration';
import { sinchCalls } from './support/fixtures';
import { RoundCounter } from './support/round-counter';

const ONCALL = '01RKYNEY48F3HKH7TTNKWV4YSC';
const NEWS = '01GCQ3MT0J8NBX9N0A2M4A9H14';
const EVERYONE = '01GJ35TXAWW03SRJFJYZZ755FW';
const SCHEDULED = '01V08Y4PWA4SQ8ZP9Z4MJDFGQ9'; // the demo's batch scheduled for tomorrow
const fn = (alias: string) => sinchFunctions.find((f) => f.aliases.includes(alias)) as FunctionDeclaration;

describe('sequential round trips per call', () => {
  let emulator: RunningEmulator;
  let config: SinchAccountConfig;
  const counter = new RoundCounter(nodeHttp);
  const { invoke } = sinchCalls({ http: counter });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, demoData: true });
    config = {
      service_plan_id: 'emulator-plan',
      api_token: 'emulator-token',
      project_id: 'emulator-project',
      key_id: 'emulator-key',
      key_secret: 'emulator-secret',
      region: 'us',
      sms_base_url: emulator.url,
      numbers_base_url: emulator.url,
      auth_base_url: emulator.url,
      timeout_ms: 10_000,
    };
    // 250 more batches, so that a page of list_messages can lie beyond Sinch's first page of 100.
    for (let i = 0; i < 250; i++) {
      await fetch(`${emulator.url}/xms/v1/emulator-plan/batches`, {
        method: 'POST',
        headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
        body: JSON.stringify({ to: ['+12025550111'], body: `Seed ${i}` }),
      });
    }
    // The OAuth2 token for the Numbers API, once, outside the counts.
    await invoke(fn('list_phone_numbers'), { page_size: 1 }, config);
  });
  afterAll(() => emulator.close());

  async function rounds(alias: string, args: Record<string, unknown>): Promise<{ rounds: number; requests: number; waves: string[][] }> {
    counter.reset();
    await invoke(fn(alias), args, config);
    return { rounds: counter.rounds, requests: counter.requests, waves: counter.waves };
  }

  it('send_sms: one round trip to numbers, one more for any number of groups, one more per level of child groups', async () => {
    expect(await rounds('send_sms', { to: '+12025550134', body: 'x' })).toMatchObject({ rounds: 1, requests: 1 });
    const two = await rounds('send_sms', { to: [ONCALL, NEWS, '+12025550134'], body: 'x' });
    expect(two).toMatchObject({ rounds: 2, requests: 5 });
    expect(two.waves[0]).toHaveLength(4);
    expect(await rounds('send_sms', { to: EVERYONE, body: 'x' })).toMatchObject({ rounds: 3, requests: 7 });
  });

  it('preview_sms: none offline, groups and the dry run as for a send', async () => {
    expect(await rounds('preview_sms', { body: 'x', to: '+12025550134' })).toMatchObject({ rounds: 0, requests: 0 });
    expect(await rounds('preview_sms', { body: 'x', to: [ONCALL, '+12025550134'], dry_run: true })).toMatchObject({ rounds: 2, requests: 3 });
  });

  it('list_group_members: one round trip, one more per level of child groups', async () => {
    expect(await rounds('list_group_members', { group_id: ONCALL })).toMatchObject({ rounds: 1, requests: 1 });
    expect(await rounds('list_group_members', { group_id: EVERYONE, include_child_groups: true })).toMatchObject({ rounds: 2, requests: 6 });
  });

  it('batches and delivery reports: one round trip each; cancel_batch two (the batch for its approval, then the DELETE)', async () => {
    expect(await rounds('get_batch', { batch_id: SCHEDULED })).toMatchObject({ rounds: 1 });
    expect(await rounds('get_delivery_report', { batch_id: SCHEDULED })).toMatchObject({ rounds: 1 });
    expect(await rounds('get_recipient_delivery_report', { batch_id: SCHEDULED, recipient: '+12025550121' })).toMatchObject({ rounds: 1 });
    expect(await rounds('list_delivery_reports', { page: 3 })).toMatchObject({ rounds: 1 });
    const cancel = await rounds('cancel_batch', { batch_id: SCHEDULED });
    expect(cancel).toMatchObject({ rounds: 2, requests: 2 });
    expect(cancel.waves.map((w) => w[0].split(' ')[0])).toEqual(['GET', 'DELETE']);
  });

  it('list_phone_numbers: one round trip for a page far from the start, not one per earlier page', async () => {
    expect(await rounds('list_phone_numbers', { page: 3, page_size: 1 })).toMatchObject({ rounds: 1, requests: 1 });
  });

  it('list_messages: two round trips for a page beyond the first 100 of each direction, one for one direction', async () => {
    expect(await rounds('list_messages', { page: 0, page_size: 30 })).toMatchObject({ rounds: 1, requests: 2 });
    expect(await rounds('list_messages', { page: 5, page_size: 50 })).toMatchObject({ rounds: 2 });
    expect(await rounds('list_messages', { direction: 'mt', page: 5, page_size: 50 })).toMatchObject({ rounds: 1, requests: 1 });
  });
});
