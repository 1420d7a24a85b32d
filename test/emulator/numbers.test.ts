import { BASIC, PROJECT, useEmulator } from './harness';

describe('Numbers API', () => {
  const h = useEmulator();
  const numbers = (path: string, auth: string | null = BASIC) => h.call('GET', `/v1/projects/${PROJECT}${path}`, { auth });
  const phones = (body: { activeNumbers: Array<{ phoneNumber: string }> }) => body.activeNumbers.map((n) => n.phoneNumber);

  it('lists the rented numbers with plus signs and money amounts as strings', async () => {
    const res = await numbers('/activeNumbers');
    expect(res.status).toBe(200);
    expect(res.json.totalSize).toBe(4);
    expect(res.json.nextPageToken).toBe('');
    expect(phones(res.json)).toEqual(['+12025550142', '+12025550173', '+18885550100', '+447700900461']);
    expect(res.json.activeNumbers[0]).toMatchObject({
      projectId: PROJECT,
      regionCode: 'US',
      type: 'LOCAL',
      capability: ['SMS', 'VOICE'],
      money: { currencyCode: 'USD', amount: '2.00' },
      smsConfiguration: { servicePlanId: 'emulator-plan' },
    });
  });

  it('pages with pageSize and nextPageToken, totalSize counting every match', async () => {
    const first = await numbers('/activeNumbers?pageSize=3');
    expect(phones(first.json)).toHaveLength(3);
    expect(first.json.totalSize).toBe(4);
    expect(first.json.nextPageToken).not.toBe('');
    const second = await numbers(`/activeNumbers?pageSize=3&pageToken=${first.json.nextPageToken}`);
    expect(phones(second.json)).toEqual(['+447700900461']);
    expect(second.json.nextPageToken).toBe('');
  });

  it.each([
    ['regionCode=GB', ['+447700900461']],
    ['regionCode=us&type=TOLL_FREE', ['+18885550100']],
    ['capability=VOICE', ['+12025550142', '+12025550173', '+18885550100']],
    ['capability=SMS&capability=VOICE', ['+12025550142', '+18885550100']],
    ['numberPattern.pattern=2025550&numberPattern.searchPattern=START', []],
    ['numberPattern.pattern=1202555&numberPattern.searchPattern=START', ['+12025550142', '+12025550173']],
    ['numberPattern.pattern=0100&numberPattern.searchPattern=END', ['+18885550100']],
    ['numberPattern.pattern=900&numberPattern.searchPattern=CONTAINS', ['+447700900461']],
    ['numberPattern.pattern=900&numberPattern.searchPattern=CONTAIN', ['+447700900461']],
    ['orderBy=displayName', ['+12025550173', '+12025550142', '+18885550100', '+447700900461']],
  ])('filters with %s', async (query, expected) => {
    const res = await numbers(`/activeNumbers?${query}`);
    expect(res.status).toBe(200);
    expect(phones(res.json)).toEqual(expected);
    expect(res.json.totalSize).toBe(expected.length);
  });

  it.each([['type=FAX'], ['capability=MMS'], ['pageToken=garbage'], ['orderBy=price'], ['pageSize=-1']])(
    'refuses %s with 400 in the gateway shape',
    async (query) => {
      const res = await numbers(`/activeNumbers?${query}`);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    },
  );

  it('returns one number by E.164, with the plus sign raw or encoded', async () => {
    for (const path of ['/activeNumbers/+447700900461', '/activeNumbers/%2B447700900461']) {
      const res = await numbers(path);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ phoneNumber: '+447700900461', type: 'MOBILE', regionCode: 'GB' });
    }
  });

  it('answers a number the project does not rent with 404 in the gateway shape', async () => {
    const res = await numbers('/activeNumbers/+12025550000');
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });

  it('answers missing or wrong credentials with 401', async () => {
    for (const auth of [null, `Basic ${Buffer.from('emulator-key:wrong').toString('base64')}`, 'Bearer emulator-token']) {
      const res = await numbers('/activeNumbers', auth);
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    }
  });

  it('refuses the credentials of one project for another', async () => {
    const res = await h.call('GET', '/v1/projects/emulator-project-2/activeNumbers', { auth: BASIC });
    expect(res.status).toBe(401);
  });

  it('keeps the second project empty', async () => {
    const auth = `Basic ${Buffer.from('emulator-key-2:emulator-secret-2').toString('base64')}`;
    const res = await h.call('GET', '/v1/projects/emulator-project-2/activeNumbers', { auth });
    expect(res.json).toEqual({ activeNumbers: [], nextPageToken: '', totalSize: 0 });
  });
});
