/**
 * The local preview agrees with Sinch's dry run (issue #9, "Preview before paying"): a corpus of bodies that
 * agents get wrong — emoji, en dashes, curly quotes, extension characters at part boundaries, the 160/161,
 * 153/154, 70/71 and 67/68 edges, combining marks, Chinese, surrogate pairs across a part boundary,
 * personalised bodies of different encodings — through `preview_sms` with `dry_run = true` against the
 * emulator's `POST /batches/dry_run`. The two counters share no code (src/sinch/sms/segments.ts,
 * src/emulator/segments.ts): agreement is evidence, not a tautology.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { previewSms } from '../../src/sinch/functions/preview-sms';
import type { SinchAccountConfig } from '../../src/sinch/config/account-config';
import { sinchCalls } from './support/fixtures';

const a = (n: number) => 'a'.repeat(n);
const zh = (n: number) => '中'.repeat(n);

/** [label, body]: each runs to two recipients. */
const CORPUS: Array<[string, string]> = [
  ['160 GSM-7', a(160)],
  ['161 GSM-7', a(161)],
  ['306 GSM-7 (2 × 153)', a(306)],
  ['307 GSM-7', a(307)],
  ['153 + 1 GSM-7', a(154)],
  ['€ × 80 (160 septets)', '€'.repeat(80)],
  ['€ × 80 + 1', `${'€'.repeat(80)}a`],
  ['€ at the 160 boundary', `${a(159)}€`],
  ['€ across the 153 boundary', `${a(152)}€${a(10)}`],
  ['every extension character', '[]{}\\^~|€\f'],
  ['^ and | at the 306 boundary', `${a(304)}^|`],
  ['70 UCS-2 (Cyrillic)', 'ж'.repeat(70)],
  ['71 UCS-2', 'ж'.repeat(71)],
  ['134 UCS-2 (2 × 67)', 'ж'.repeat(134)],
  ['135 UCS-2', 'ж'.repeat(135)],
  ['en dash in 69 GSM characters', `${a(69)}–`],
  ['en dash in 70 GSM characters', `${a(70)}–`],
  ['curly quotes', '“Quoted” and ‘single’ – agents write these'],
  ['emoji at the end of 68', `${a(68)}😀`],
  ['surrogate pair across the 70 boundary', `${a(69)}😀`],
  ['surrogate pair across the 67 boundary', `${a(66)}😀${a(10)}`],
  ['flag and family emoji', '🇸🇪 👨‍👩‍👧 done'],
  ['combining acute accent', `Cafe\u0301 ${a(60)}`],
  ['Chinese 70', zh(70)],
  ['Chinese 71', zh(71)],
  ['tab (not in GSM-7)', 'a\tb'],
  ['ç lower case (not in GSM-7)', 'Français'],
  ['GSM accents only', 'Ça va? Déjà vu, Ünïcode? Nö: Ümlaut Å Ø ß'],
  ['newlines and carriage returns', 'line 1\nline 2\r\nline 3'],
  ['no-break space', 'Total:\u00A0100'],
  ['2000 characters', a(2000)],
  ['2000 UCS-2 characters', 'ж'.repeat(2000)],
];

describe('preview_sms agrees with the dry run', () => {
  let emulator: RunningEmulator;
  let config: SinchAccountConfig;
  const { invoke } = sinchCalls();

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, demoData: true });
    config = { service_plan_id: 'emulator-plan', api_token: 'emulator-token', region: 'us', sms_base_url: emulator.url, timeout_ms: 10_000 };
  });
  afterAll(() => emulator.close());

  it.each(CORPUS)('%s', async (_label, body) => {
    const result = await invoke(previewSms, { body, to: ['+12025550134', '+447700900123'], dry_run: true }, config);
    const parts = result.bodies[0].parts;
    expect(result.sinch_dry_run).toEqual({ number_of_recipients: 2, number_of_messages: 2 * parts, agrees: true });
    expect(result.messages).toBe(2 * parts);
  });

  it('agrees per recipient on personalised bodies of different encodings and lengths, groups included', async () => {
    const result = await invoke(
      previewSms,
      {
        body: `Hi \${name}, your table is ready. ${a(130)}`,
        to: ['+12025550134', '+12025550135', '01RKYNEY48F3HKH7TTNKWV4YSC'],
        parameters: { name: { '+12025550134': 'Zoë', '+12025550135': 'Jörg', default: 'friend' } },
        dry_run: true,
      },
      config,
    );
    expect(result.bodies.map((b: { encoding: string; parts: number; recipients: string[] }) => [b.encoding, b.parts, b.recipients])).toEqual([
      ['UCS-2', 3, ['12025550134']],
      ['GSM-7', 1, ['12025550135']],
      ['GSM-7', 2, ['12025550121', '447700900871']],
    ]);
    // "Hi Jörg, ..." is exactly 160 septets (ö is GSM-7); "Hi friend, ..." 162; "Hi Zoë, ..." 159 UTF-16 units.
    expect(result).toMatchObject({ recipients: 4, messages: 8, encoding: 'UCS-2', parts: 3 });
    expect(result.sinch_dry_run).toEqual({ number_of_recipients: 4, number_of_messages: 8, agrees: true });
  });

  it('reports where the two disagree, recipient by recipient', async () => {
    // The dry run of a body whose parameters Sinch cannot fill for a recipient cannot happen here (checked
    // before any request); disagreement is shown with a fault that rewrites the dry run's answer instead.
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        route: '/xms/v1/*/batches/dry_run',
        status: 200,
        body: { number_of_recipients: 1, number_of_messages: 2, per_recipient: [{ recipient: '12025550134', number_of_parts: 2, body: 'x', encoding: 'GSM' }] },
      }),
    });
    const result = await invoke(previewSms, { body: 'Hi', to: '+12025550134', dry_run: true }, config);
    expect(result.sinch_dry_run).toEqual({
      number_of_recipients: 1,
      number_of_messages: 2,
      agrees: false,
      differences: [{ recipient: '12025550134', parts: 1, encoding: 'GSM', sinch_parts: 2, sinch_encoding: 'GSM' }],
    });
  });
});
