/** `sinch_preview_sms` against nock: offline without `to`, the exact dry-run request, and what it refuses. */
import { isDeepStrictEqual } from 'node:util';
import { useNock, requestLines, SMS, smsApi } from './support/nock';
import { planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { previewSms } from '../../src/sinch/functions/preview-sms';

useNock();
const { invoke } = sinchCalls({ sleep: async () => undefined });

describe('sinch_preview_sms', () => {
  it('previews a body alone without any request: encoding, parts, culprits and a GSM-7 alternative', async () => {
    const body = `Maintenance tonight – ${'x'.repeat(60)}`;
    const result = await invoke(previewSms, { body }, planConfig());
    expect(requestLines()).toEqual([]);
    expect(result).toEqual({
      recipients: 0,
      messages: 2,
      encoding: 'UCS-2',
      parts: 2,
      bodies: [
        {
          body,
          encoding: 'UCS-2',
          characters: 82,
          units: 82,
          parts: 2,
          units_per_part: 67,
          units_left: 52,
          ucs2_characters: [{ character: '–', code_point: 'U+2013', count: 1, gsm_alternative: '-' }],
          extension_characters: [],
          recipient_count: 0,
          recipients: [],
          messages: 2,
          gsm_body: body.replace('–', '-'),
          gsm_parts: 1,
        },
      ],
    });
  });

  it('fills ${key} from defaults when there is no to, and refuses a key without one', async () => {
    const result = await invoke(previewSms, { body: 'Hi ${name}', parameters: { name: { default: 'there' } } }, planConfig());
    expect(result.bodies[0].body).toBe('Hi there');
    const error = await rejectionOf(invoke(previewSms, { body: 'Hi ${name}', parameters: { name: { '+12025550134': 'Ann' } } }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'body' });
    expect(error.message).toContain('no default to preview it with');
  });

  it('counts per recipient and groups recipients by rendered body, numbers without +', async () => {
    const result = await invoke(
      previewSms,
      { body: 'Hi ${name}', to: ['+12025550134', '+12025550135', '+12025550136'], parameters: { name: { '+12025550134': 'Zoë', default: 'you' } } },
      planConfig(),
    );
    expect(result).toMatchObject({ recipients: 3, messages: 3, encoding: 'UCS-2', parts: 1 });
    expect(result.bodies.map((b: { body: string; recipients: string[] }) => [b.body, b.recipients])).toEqual([
      ['Hi Zoë', ['12025550134']],
      ['Hi you', ['12025550135', '12025550136']],
    ]);
  });

  it('asks Sinch for a dry run with the send body, listing every recipient, and compares', async () => {
    smsApi()
      .post(`${SMS}/batches/dry_run`, (body) => isDeepStrictEqual(body, { to: ['+12025550134', '+12025550135'], body: 'Hello', type: 'mt_text' }))
      .query({ per_recipient: 'true', number_of_recipients: '2' })
      .reply(200, {
        number_of_recipients: 2,
        number_of_messages: 2,
        per_recipient: [
          { recipient: '12025550134', number_of_parts: 1, body: 'Hello', encoding: 'GSM' },
          { recipient: '12025550135', number_of_parts: 1, body: 'Hello', encoding: 'GSM' },
        ],
      });
    const result = await invoke(previewSms, { body: 'Hello', to: ['+12025550134', '+12025550135'], dry_run: true }, planConfig());
    expect(result.sinch_dry_run).toEqual({ number_of_recipients: 2, number_of_messages: 2, agrees: true });
    expect(requestLines()).toEqual([`POST ${SMS}/batches/dry_run?per_recipient=true&number_of_recipients=2`]);
  });

  it('needs to for a dry run, and says so before any request', async () => {
    const error = await rejectionOf(invoke(previewSms, { body: 'Hello', dry_run: true }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'dry_run' });
    expect(requestLines()).toEqual([]);
  });
});
