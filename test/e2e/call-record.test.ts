/**
 * What each call leaves in `integration_calls` (docs/pipeline.md, "The record"), through the real binary:
 * attempts (a retry is visible, issue #16 item 6), the resolved account of a call refused before any request
 * (issue #16 item 7), and a send's reference, whether it was sent and the batch it created.
 */
import { emulatorAccount, runLua, withEmulator } from './harness';

const config = (url: string, extra: Record<string, unknown> = {}) => ({ accounts: { default: emulatorAccount(url, 1, extra) } });

describe('the call record', () => {
  it.concurrent('counts attempts: a 429 and its successful retry make two', () =>
    withEmulator(async (emulator) => {
      await emulator.fault({ route: '/xms/v1/*/groups', method: 'GET', status: 429 });
      const { envelope } = await runLua('return app.integrations.sinch.list_groups({}).count', { config: config(emulator.url) });
      expect(envelope.success).toBe(true);
      expect(envelope.integration_calls).toEqual([expect.objectContaining({ function: 'sinch_list_groups', status: 'ok', attempts: 2 })]);
    }));

  it.concurrent('names the resolved account of a call refused before any request, with no attempts', () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua('pcall(app.integrations.sinch.send_sms, { to = "12345", body = "x" })', { config: config(emulator.url) });
      expect(envelope.integration_calls).toEqual([
        expect.objectContaining({ path: 'app.integrations.sinch.send_sms', account: 'default', status: 'error', attempts: 0, sent: false, error: expect.objectContaining({ code: 'invalid_argument' }) }),
      ]);
    }));

  it.concurrent("records a send's client_reference, that it was sent, and the batch it created", () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua(
        'return app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "recorded", client_reference = "order-7" }).id',
        { config: config(emulator.url) },
      );
      expect(envelope.integration_calls).toEqual([
        expect.objectContaining({ function: 'sinch_send_sms', status: 'ok', attempts: 1, reference: 'order-7', sent: true, created_id: envelope.result }),
      ]);
    }));

  it.concurrent('names the check that refused a send, when nobody could approve it', () =>
    withEmulator(async (emulator) => {
      const { envelope } = await runLua('app.integrations.sinch.send_sms({ from = "+12025550142", to = "+46701234567", body = "x" })', {
        config: config(emulator.url, { permissions: { read: 'allow', write: 'ask' } }),
      });
      expect(envelope.error?.code).toBe('approval_required');
      expect(envelope.integration_calls).toEqual([
        expect.objectContaining({ status: 'error', refused_by: 'permission', sent: false, attempts: 0, reference: expect.stringMatching(/^kosmo-/) }),
      ]);
    }));
});
