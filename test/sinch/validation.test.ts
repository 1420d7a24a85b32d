import { prepareCall } from '../../src/integration/validate';
import { sendSms } from '../../src/sinch/functions/send-sms';
import { listMessages } from '../../src/sinch/functions/list-messages';
import { listBatches } from '../../src/sinch/functions/list-batches';
import { getGroup, listGroups } from '../../src/sinch/functions/groups';
import { parseIsoTime } from '../../src/sinch/params/iso-time';
import { isSender, normalizeE164 } from '../../src/sinch/params/phone';

function refusal(fn: Parameters<typeof prepareCall>[0], args: unknown): any {
  try {
    prepareCall(fn, [args]);
  } catch (error) {
    return error;
  }
  throw new Error('expected invalid_argument');
}

describe('validating arguments before any request', () => {
  it('refuses a recipient that is not E.164 and shows an example', () => {
    const error = refusal(sendSms, { to: ['+12025550134', '0701234567'], body: 'x' });
    expect(error.code).toBe('invalid_argument');
    expect(error.details.field).toBe('to[2]');
    expect(error.message).toContain('"+12025550134"');
  });

  it('refuses no recipients and more than 1000', () => {
    expect(refusal(sendSms, { to: {}, body: 'x' }).message).toMatch(/'to' is too small/);
    const many = Array.from({ length: 1001 }, (_, i) => `+1202555${String(i).padStart(4, '0')}`);
    expect(refusal(sendSms, { to: many, body: 'x' }).message).toMatch(/list of 1001 recipients; expected 1 to 1000/);
  });

  it('refuses a to that is neither a string nor a list', () => {
    expect(refusal(sendSms, { to: 5, body: 'x' }).message).toMatch(/expected a phone number or group id string, or a list/);
  });

  it('checks the sender: number, short code, or 1-11 character alphanumeric id with a letter', () => {
    expect(refusal(sendSms, { from: '123456789012', to: '+12025550134', body: 'x' }).details.field).toBe('from');
    expect(refusal(sendSms, { from: 'TwelveChars1', to: '+12025550134', body: 'x' }).message).toMatch(/1 to 11 characters/);
    expect(refusal(sendSms, { from: '!!!', to: '+12025550134', body: 'x' }).details.field).toBe('from');
    for (const from of ['+12025550100', '12025550100', '12345', 'MyShop', 'Shop 24', 'A']) {
      expect(() => prepareCall(sendSms, [{ from, to: '+12025550134', body: 'x' }])).not.toThrow();
    }
  });

  it('refuses an empty body and one over 2000 characters', () => {
    expect(refusal(sendSms, { to: '+12025550134', body: '' }).message).toMatch(/'body' is too small/);
    expect(refusal(sendSms, { to: '+12025550134', body: 'x'.repeat(2001) }).message).toMatch(/at most 2000 characters/);
  });

  it('refuses unknown delivery_report values and unknown parameters with a suggestion', () => {
    expect(refusal(sendSms, { to: '+12025550134', body: 'x', delivery_report: 'all' }).message).toMatch(/one of "none"/);
    expect(refusal(sendSms, { to: '+12025550134', body: 'x', delivery: 'full' }).message).toMatch(/Did you mean: delivery_report/);
    expect(refusal(listMessages, { direction: 'in' }).message).toMatch(/"mt", "mo"/);
  });

  it('refuses times that are neither ISO 8601 nor relative, listing both forms', () => {
    const message = refusal(listBatches, { start_date: 'June 1' }).message;
    expect(message).toMatch(/is not a time; expected an ISO 8601 time/);
    expect(message).toMatch(/"-24h"/);
    expect(refusal(listBatches, { start_date: '-3 months' }).details.field).toBe('start_date');
    expect(refusal(sendSms, { to: '+12025550134', body: 'x', send_at: '2024-02-30T10:00:00Z' }).details.field).toBe('send_at');
  });

  it('checks page and page_size', () => {
    expect(refusal(listGroups, { page: -1 }).details.field).toBe('page');
    expect(refusal(listGroups, { page: 1.5 }).message).toMatch(/whole number/);
    expect(refusal(listGroups, { page_size: 0 }).details.field).toBe('page_size');
    expect(refusal(listGroups, { page_size: 101 }).message).toMatch(/at most 100/);
    expect(prepareCall(listGroups, [])).toEqual({ page: 0, page_size: 30 });
  });

  it('refuses a group id with characters ids never have', () => {
    expect(refusal(getGroup, { group_id: '../batches' }).details.field).toBe('group_id');
  });
});

describe('the parameter parsers', () => {
  it('reads ISO 8601 with or without an offset, the latter as UTC', () => {
    expect(parseIsoTime('2024-06-01T12:00:00Z')).toBe(Date.UTC(2024, 5, 1, 12));
    expect(parseIsoTime('2024-06-01T12:00:00')).toBe(Date.UTC(2024, 5, 1, 12));
    expect(parseIsoTime('2024-06-01T12:00:00.250+02:00')).toBe(Date.UTC(2024, 5, 1, 10, 0, 0, 250));
    expect(parseIsoTime('2024-06-01T12:00-0130')).toBe(Date.UTC(2024, 5, 1, 13, 30));
    expect(parseIsoTime('2024-06-01')).toBe(Date.UTC(2024, 5, 1));
    for (const bad of ['2024-13-01', '2024-06-31', '2024-06-01T24:00:00Z', 'June 1', '1717243200']) {
      expect(parseIsoTime(bad)).toBeUndefined();
    }
  });

  it('normalizes numbers to +digits and refuses impossible ones', () => {
    expect(normalizeE164('+1 (202) 555-0134')).toBe('+12025550134');
    expect(normalizeE164('46701234567')).toBe('+46701234567');
    expect(normalizeE164('+1202')).toBeUndefined();
    expect(normalizeE164('+0123456789')).toBeUndefined();
    expect(normalizeE164('abc')).toBeUndefined();
  });

  it('tells senders from non-senders', () => {
    expect(isSender('12345')).toBe(true);
    expect(isSender('1234567890123456')).toBe(false);
    expect(isSender('123456789012')).toBe(false);
    expect(isSender('12')).toBe(false);
    expect(isSender('Sinch')).toBe(true);
  });
});
