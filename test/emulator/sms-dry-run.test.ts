import { useEmulator } from './harness';

describe('SMS dry run', () => {
  const h = useEmulator({ demoData: false });

  const dryRun = async (body: string, extra: Record<string, unknown> = {}, query = '?per_recipient=true') =>
    h.sms('POST', `/batches/dry_run${query}`, { body: { to: ['12025550111'], from: '12025550142', body, ...extra } });

  const parts = async (body: string) => {
    const res = await dryRun(body);
    expect(res.status).toBe(200);
    return [res.json.per_recipient[0].number_of_parts, res.json.per_recipient[0].encoding];
  };

  it.each([
    ['160 GSM-7 characters in one part', 'a'.repeat(160), 1, 'GSM'],
    ['161 GSM-7 characters in two parts of 153', 'a'.repeat(161), 2, 'GSM'],
    ['306 GSM-7 characters in two parts', 'a'.repeat(306), 2, 'GSM'],
    ['307 GSM-7 characters in three parts', 'a'.repeat(307), 3, 'GSM'],
    ['an extension character as two septets', '€' + 'a'.repeat(159), 2, 'GSM'],
    ['80 extension characters in one part', '[]'.repeat(40), 1, 'GSM'],
    ['GSM accents without switching to UCS-2', 'é'.repeat(160), 1, 'GSM'],
    ['70 UCS-2 characters in one part', 'ж'.repeat(70), 1, 'UNICODE'],
    ['71 UCS-2 characters in two parts of 67', 'ж'.repeat(71), 2, 'UNICODE'],
    ['135 UCS-2 characters in three parts', 'ж'.repeat(135), 3, 'UNICODE'],
    ['one emoji turning the whole body into UCS-2', 'a'.repeat(69) + '🙂', 2, 'UNICODE'],
    ['an empty body as one part', '', 1, 'GSM'],
  ])('counts %s', async (_, body, expected, encoding) => {
    expect(await parts(body)).toEqual([expected, encoding]);
  });

  it('counts messages over all recipients and lists each with its substituted body', async () => {
    const res = await dryRun('Hi ${name}', {
      to: ['+12025550111', '12025550112'],
      parameters: { name: { '+12025550111': 'Ann', default: 'friend' } },
    });
    expect(res.json).toEqual({
      number_of_recipients: 2,
      number_of_messages: 2,
      per_recipient: [
        { recipient: '12025550111', number_of_parts: 1, body: 'Hi Ann', encoding: 'GSM' },
        { recipient: '12025550112', number_of_parts: 1, body: 'Hi friend', encoding: 'GSM' },
      ],
    });
  });

  it('omits per_recipient unless asked and limits it to number_of_recipients', async () => {
    const to = ['12025550111', '12025550112', '12025550113'];
    const without = await dryRun('x'.repeat(200), { to }, '');
    expect(without.json).toEqual({ number_of_recipients: 3, number_of_messages: 6 });
    const limited = await dryRun('x', { to }, '?per_recipient=true&number_of_recipients=2');
    expect(limited.json.per_recipient).toHaveLength(2);
  });

  it('validates like a send and stores nothing', async () => {
    const bad = await dryRun('x'.repeat(2001));
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('syntax_constraint_violation');
    await dryRun('fine');
    expect((await h.sms('GET', '/batches')).json.count).toBe(0);
  });
});
