/**
 * Sinch's official Node SDK (`@sinch/sdk-core`) against the emulator: on these paths the SDK must not be able
 * to tell the difference. The SDK builds `{smsHostname}/xms/v1/{servicePlanId}/...` with `Bearer {apiToken}`
 * when a service plan is configured (else `{projectId}` with an OAuth2 token), and
 * `{numbersHostname}/v1/projects/{projectId}/...` with a token from `{authHostname}/oauth2/token`.
 * It revives ISO strings in responses as `Date`s, so timestamps are compared as dates here.
 */
import { SinchClient } from '@sinch/sdk-core';
import { DELIVERY_DELAY_MS, DEFAULT_TOKEN_TTL_SECONDS, EMULATOR_CREDENTIALS, startEmulator, type RunningEmulator } from '../../src/emulator';

const C = EMULATOR_CREDENTIALS;

describe("Sinch's official Node SDK against the emulator", () => {
  let emulator: RunningEmulator;
  let sinch: SinchClient;
  const warnings: string[] = [];
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: unknown) => void warnings.push(String(m)),
    error: (m: unknown) => void warnings.push(String(m)),
  };

  const client = (credentials: Record<string, string>) =>
    new SinchClient({
      ...credentials,
      smsHostname: emulator.url,
      numbersHostname: emulator.url,
      authHostname: emulator.url,
      logger,
    });

  beforeAll(async () => {
    // The real clock: the SDK checks token expiry against Date.now(). Tests only ever advance it.
    emulator = await startEmulator();
    sinch = client({
      projectId: C.project_id,
      keyId: C.key_id,
      keySecret: C.key_secret,
      servicePlanId: C.service_plan_id,
      apiToken: C.api_token,
    });
  });
  afterAll(() => emulator.close());

  const send = (body: Record<string, unknown>) =>
    sinch.sms.batches.send({
      sendSMSRequestBody: { to: ['+12025550111'], from: '+12025550142', body: 'Hello from the SDK', ...body },
    });

  describe('SMS with a service plan and API token', () => {
    it('sends a batch and gets it back by id', async () => {
      const sent = await send({ client_reference: 'sdk-send' });
      expect(sent).toMatchObject({ to: ['12025550111'], from: '12025550142', canceled: false, type: 'mt_text' });
      expect(sent.id).toHaveLength(26);
      expect(sent.created_at).toBeInstanceOf(Date);
      const got = await sinch.sms.batches.get({ batch_id: sent.id! });
      expect(got).toEqual(sent);
    });

    it('lists batches page by page with the SDK paginator', async () => {
      const reference = 'sdk-paged';
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await send({ client_reference: reference, body: `page ${i}` })).id!);
      const first = await sinch.sms.batches.list({ page_size: 2, client_reference: reference });
      expect(first.data.map((b) => b.id)).toEqual([ids[4], ids[3]]);
      expect(first.hasNextPage).toBe(true);
      const second = await first.nextPage();
      expect(second.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
      const seen: string[] = [];
      for await (const batch of sinch.sms.batches.list({ page_size: 2, client_reference: reference })) seen.push(batch.id!);
      expect(seen).toEqual([...ids].reverse());
    });

    it('lists with dates, from and raw plus signs the way the SDK sends them', async () => {
      const sent = await send({ from: '+447700900461', client_reference: 'sdk-filters' });
      const page = await sinch.sms.batches.list({
        start_date: new Date(emulator.clock.now() - 60_000),
        end_date: new Date(emulator.clock.now() + 60_000),
        from: '+447700900461',
        client_reference: 'sdk-filters',
      });
      expect(page.data.map((b) => b.id)).toEqual([sent.id]);
    });

    it('cancels a scheduled batch', async () => {
      const sent = await send({ send_at: new Date(emulator.clock.now() + 3_600_000) });
      const cancelled = await sinch.sms.batches.cancel({ batch_id: sent.id! });
      expect(cancelled).toMatchObject({ id: sent.id, canceled: true });
    });

    it('surfaces 403 batch_already_dispatched and 404 as SDK errors', async () => {
      const sent = await send({});
      await expect(sinch.sms.batches.cancel({ batch_id: sent.id! })).rejects.toMatchObject({ statusCode: 403 });
      await expect(sinch.sms.batches.get({ batch_id: '01AAAAAAAAAAAAAAAAAAAAAAAA' })).rejects.toMatchObject({ statusCode: 404 });
    });

    it('dry-runs a batch with segment counts per recipient', async () => {
      const result = await sinch.sms.batches.dryRun({
        per_recipient: true,
        number_of_recipients: 10,
        dryRunRequestBody: { to: ['+12025550111', '+12025550112'], from: '+12025550142', body: 'ж'.repeat(71) },
      });
      expect(result).toEqual({
        number_of_recipients: 2,
        number_of_messages: 4,
        per_recipient: [
          { recipient: '12025550111', number_of_parts: 2, body: 'ж'.repeat(71), encoding: 'UNICODE' },
          { recipient: '12025550112', number_of_parts: 2, body: 'ж'.repeat(71), encoding: 'UNICODE' },
        ],
      });
    });

    it('reads delivery reports for a batch, a recipient and the paged list', async () => {
      const sent = await send({ to: ['+12025550111', '+12025550112'], client_reference: 'sdk-dlr' });
      const dispatched = await sinch.sms.deliveryReports.get({ batch_id: sent.id!, type: 'full' });
      expect(dispatched).toEqual({
        type: 'delivery_report_sms',
        batch_id: sent.id,
        total_message_count: 2,
        statuses: [{ code: 401, status: 'Dispatched', count: 2, recipients: ['12025550111', '12025550112'] }],
        client_reference: 'sdk-dlr',
      });
      emulator.advanceClock(DELIVERY_DELAY_MS);
      const one = await sinch.sms.deliveryReports.getForNumber({ batch_id: sent.id!, phone_number: '+12025550112' });
      expect(one).toMatchObject({ recipient: '12025550112', status: 'Delivered', code: 0, batch_id: sent.id });
      expect(one.at).toBeInstanceOf(Date);
      const list = await sinch.sms.deliveryReports.list({ client_reference: 'sdk-dlr', page_size: 1 });
      expect(list.data).toHaveLength(1);
      expect(list.hasNextPage).toBe(true);
      const all = [];
      for await (const r of sinch.sms.deliveryReports.list({ client_reference: 'sdk-dlr', page_size: 1 })) all.push(r);
      expect(all.map((r) => r.recipient).sort()).toEqual(['12025550111', '12025550112']);
    });

    it('filters delivery reports by status and code lists as the SDK joins them', async () => {
      const sent = await send({
        to: ['+12025550111', '+12025550112'],
        body: 'Hi ${name}',
        parameters: { name: { '+12025550111': 'Ann' } },
        client_reference: 'sdk-dlr-filters',
      });
      const aborted = await sinch.sms.deliveryReports.get({ batch_id: sent.id!, type: 'full', status: ['Aborted', 'Failed'], code: [405] });
      expect(aborted.statuses).toEqual([{ code: 405, status: 'Aborted', count: 1, recipients: ['12025550112'] }]);
      // Aborted is final: this holds however long the (real-time) clock of this suite runs.
      const list = await sinch.sms.deliveryReports.list({ client_reference: 'sdk-dlr-filters', status: ['Aborted'], code: [405, 406] });
      expect(list.data.map((r) => r.recipient)).toEqual(['12025550112']);
    });

    it('sends to a group id, and gets 403 unknown_group for an unknown one', async () => {
      const [group] = (await sinch.sms.groups.list({ page_size: 1 })).data;
      const sent = await send({ to: [group.id!], client_reference: 'sdk-group' });
      expect(sent.to).toEqual([group.id]);
      const report = await sinch.sms.deliveryReports.get({ batch_id: sent.id! });
      expect(report.total_message_count).toBeGreaterThan(0);
      await expect(send({ to: ['01AAAAAAAAAAAAAAAAAAAAAAAA'] })).rejects.toMatchObject({ statusCode: 403 });
    });

    it('lists, gets and reads the members of groups', async () => {
      const groups = [];
      for await (const g of sinch.sms.groups.list({ page_size: 2 })) groups.push(g);
      expect(groups.map((g) => g.name)).toEqual(['Everyone', 'On-call engineers', 'Newsletter subscribers']);
      const group = await sinch.sms.groups.get({ group_id: groups[2].id! });
      expect(group).toMatchObject({ name: 'Newsletter subscribers', size: 3 });
      expect(await sinch.sms.groups.listMembers({ group_id: group.id! })).toEqual(['12025550111', '12025550112', '12025550113']);
    });

    it('lists inbounds, filtered by to, and gets one', async () => {
      const page = await sinch.sms.inbounds.list({ to: ['+12025550142'], page_size: 2 });
      expect(page.data).toHaveLength(2);
      expect(page.hasNextPage).toBe(true);
      const all = [];
      for await (const i of sinch.sms.inbounds.list({ to: ['+12025550142'], page_size: 2 })) all.push(i);
      expect(all.map((i) => (i as { body: string }).body)).toEqual(['Thanks, got it!', 'STOP', 'Can we move it to 23:00?']);
      const one = await sinch.sms.inbounds.get({ inbound_id: all[0].id! });
      expect(one).toMatchObject({ from: '12025550111', to: '12025550142', type: 'mo_text' });
    });
  });

  describe('Numbers with OAuth2', () => {
    it('lists active numbers with token paging and gets one', async () => {
      const first = await sinch.numbers.activeNumber.list({ pageSize: 3 });
      expect(first.data.map((n) => n.phoneNumber)).toEqual(['+12025550142', '+12025550173', '+18885550100']);
      expect(first.hasNextPage).toBe(true);
      const all = [];
      for await (const n of sinch.numbers.activeNumber.list({ pageSize: 3 })) all.push(n.phoneNumber);
      expect(all).toHaveLength(4);
      const filtered = await sinch.numbers.activeNumber.list({ regionCode: 'GB', type: 'MOBILE' });
      expect(filtered.data.map((n) => n.phoneNumber)).toEqual(['+447700900461']);
      const one = await sinch.numbers.activeNumber.get({ phoneNumber: '+12025550142' });
      expect(one).toMatchObject({ phoneNumber: '+12025550142', money: { currencyCode: 'USD', amount: '2.00' } });
    });

    it('refreshes an expired token once and repeats the request', async () => {
      await sinch.numbers.activeNumber.get({ phoneNumber: '+12025550142' });
      const issued = emulator.backend.tokens.size;
      emulator.advanceClock(DEFAULT_TOKEN_TTL_SECONDS * 1000);
      const again = await sinch.numbers.activeNumber.get({ phoneNumber: '+12025550142' });
      expect(again.phoneNumber).toBe('+12025550142');
      expect(emulator.backend.tokens.size).toBe(issued + 1);
    });
  });

  describe('SMS with OAuth2 (project credentials only)', () => {
    it('sends and lists under the project id with an access token', async () => {
      const oauth = client({ projectId: C.project_id, keyId: C.key_id, keySecret: C.key_secret });
      const sent = await oauth.sms.batches.send({
        sendSMSRequestBody: { to: ['+12025550111'], body: 'over OAuth2', client_reference: 'sdk-oauth' },
      });
      expect(sent.from).toBe('12025550142');
      const page = await oauth.sms.batches.list({ client_reference: 'sdk-oauth' });
      expect(page.data.map((b) => b.id)).toEqual([sent.id]);
    });
  });

  it('logged no SDK warnings beyond the expected one about ignored project credentials', () => {
    expect(warnings.filter((w) => !w.includes('will be disregarded'))).toEqual([]);
  });
});
