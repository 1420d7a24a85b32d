import { didYouMean, suggest } from '../../src/integration/suggest';

// The names a script can call in app.integrations.sinch (published names and aliases), and send_sms's parameters.
const SINCH = [
  'sinch_send_sms', 'send_sms', 'sinch_list_messages', 'list_messages', 'sinch_list_batches', 'list_batches',
  'sinch_list_groups', 'list_groups', 'sinch_get_group', 'get_group', 'sinch_list_phone_numbers', 'list_phone_numbers',
  'sinch_get_phone_number', 'get_phone_number', 'sinch_list_group_members', 'list_group_members', 'sinch_get_batch',
  'get_batch', 'sinch_cancel_batch', 'cancel_batch', 'sinch_get_delivery_report', 'get_delivery_report',
  'sinch_get_recipient_delivery_report', 'get_recipient_delivery_report', 'sinch_list_delivery_reports',
  'list_delivery_reports', 'sinch_preview_sms', 'preview_sms', 'default', 'work',
];
const SEND_SMS_PARAMS = ['from', 'to', 'body', 'delivery_report', 'expire_at', 'send_at', 'client_reference'];

describe('suggestions for names agents guess (issue #16)', () => {
  it.each(['send_message', 'sms', 'text', 'send_text', 'message', 'send', 'sendMessage', 'sinch_send_message', 'SendText'])(
    'suggests send_sms first for %s',
    (guess) => {
      expect(suggest(guess, SINCH)[0]).toBe('send_sms');
    },
  );

  it.each(['inbox', 'list_inbound', 'get_messages', 'read_messages', 'get_inbox', 'replies', 'receive_sms'])(
    'suggests list_messages first for %s',
    (guess) => {
      expect(suggest(guess, SINCH)[0]).toBe('list_messages');
    },
  );

  it.each([
    ['numbers', 'list_phone_numbers'],
    ['my_numbers', 'list_phone_numbers'],
    ['get_number', 'get_phone_number'],
    ['groups', 'list_groups'],
    ['sent', 'list_batches'],
    ['batch', 'get_batch'],
    ['delivery_status', 'get_delivery_report'],
    ['was_delivered', 'get_recipient_delivery_report'],
    ['cancel_sms', 'cancel_batch'],
    ['group_members', 'list_group_members'],
    ['estimate_cost', 'preview_sms'],
    ['dry_run', 'preview_sms'],
  ])('suggests %s → %s', (guess, target) => {
    expect(suggest(guess, SINCH)[0]).toBe(target);
  });

  it('suggests a guess only where its target exists: text is the function send_sms, or the parameter body', () => {
    expect(suggest('text', SINCH)).toEqual(['send_sms']);
    expect(suggest('text', SEND_SMS_PARAMS)).toEqual(['body']);
    expect(didYouMean('recipients', SEND_SMS_PARAMS)).toBe('. Did you mean: to');
    expect(didYouMean('sender', SEND_SMS_PARAMS)).toBe('. Did you mean: from');
    expect(suggest('limit', ['page', 'page_size'])).toEqual(['page_size']);
  });

  it('still suggests by spelling', () => {
    expect(suggest('sned_sms', SINCH)).toEqual(['send_sms']);
    expect(suggest('wrok', SINCH)).toEqual(['work']);
  });

  it('treats names of Object.prototype members as ordinary words', () => {
    expect(suggest('constructor', SINCH)).toEqual([]);
    expect(suggest('__proto__', SINCH)).toEqual([]);
    expect(suggest('hasOwnProperty', SEND_SMS_PARAMS)).toEqual([]);
  });

  it('suggests nothing for a name longer than anyone mistypes', () => {
    expect(suggest(`send_sms${'x'.repeat(100)}`, SINCH)).toEqual([]);
  });
});
