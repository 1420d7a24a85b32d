import { createSinchDocs } from '../../src/host/sinch-host';

const docs = createSinchDocs(['default', 'work']);

describe('the Sinch docs catalogue', () => {
  it('ranks a distinctive word above one every function shares', () => {
    const text = docs.search('reply to received sms');
    expect(text.split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.list_messages/);
  });

  it('matches plurals and word prefixes but not fragments inside words', () => {
    expect(docs.search('groups')).toMatch(/get_group/);
    expect(docs.search('numb')).toMatch(/phone_number/);
    expect(docs.search('ms')).toBe("No results found for 'ms'.");
  });

  it('serves every function page by alias and by published name, with the same text', () => {
    for (const fn of [
      'send_sms', 'list_messages', 'list_batches', 'list_groups', 'get_group', 'list_phone_numbers', 'get_phone_number',
      'list_group_members', 'get_batch', 'cancel_batch', 'get_delivery_report', 'get_recipient_delivery_report',
      'list_delivery_reports', 'preview_sms',
    ]) {
      const page = docs.read(`integrations.sinch.${fn}`);
      expect(page).toMatch(new RegExp(`^### sinch_${fn}`));
      expect(docs.read(`app.integrations.sinch.sinch_${fn}`)).toBe(page);
      expect(docs.read(`integrations.sinch.work.${fn}`)).toBe(page);
    }
  });

  it('introduces the reference for an account page', () => {
    expect(docs.read('integrations.sinch.work')).toMatch(/^Account 'work' of app\.integrations\.sinch/);
  });

  it('answers a bare function name with its page', () => {
    expect(docs.read('send_sms')).toMatch(/^### sinch_send_sms/);
  });

  it('suggests the function a likely guess means, once per function (issue #16)', () => {
    expect(docs.read('integrations.sinch.send_message')).toBe(
      "Function 'send_message' not found in app.integrations.sinch. Did you mean: send_sms? Available: list_messages, " +
        'send_sms, list_phone_numbers, get_phone_number, list_groups, get_group, list_batches, list_group_members, get_batch, ' +
        'cancel_batch, get_delivery_report, get_recipient_delivery_report, list_delivery_reports, preview_sms. Accounts: default, work.',
    );
    expect(docs.read('integrations.sinch.inbox')).toMatch(/Did you mean: list_messages\?/);
    expect(docs.read('integrations.sinch.numbers')).toMatch(/Did you mean: list_phone_numbers\? /);
    expect(docs.read('integrations.sinch.work.send_message')).toMatch(/^Function 'send_message' not found in app\.integrations\.sinch\.work\. Did you mean: send_sms\?/);
  });

  it('names a mistyped account before a function and lists the accounts', () => {
    expect(docs.read('integrations.sinch.wrok.send_sms')).toBe(
      "Account 'wrok' not found in app.integrations.sinch. Did you mean: work? Accounts: default, work. Functions: " +
        'list_messages, send_sms, list_phone_numbers, get_phone_number, list_groups, get_group, list_batches, list_group_members, ' +
        'get_batch, cancel_batch, get_delivery_report, get_recipient_delivery_report, list_delivery_reports, preview_sms.',
    );
  });

  it('answers a bare guess with the page it likely means', () => {
    expect(docs.read('send_message')).toMatch(/^Page 'send_message' not found\. Did you mean: integrations\.sinch\.sinch_send_sms\?/);
  });

  it('lists the guide pages and the namespace', () => {
    expect(docs.list()).toMatch(/- integrations\.sinch — [\s\S]*- overview — [\s\S]*- errors — [\s\S]*- sms-jobs — SMS jobs/);
    expect(docs.read('sms-jobs')).toMatch(/^# SMS jobs: recipes for everyday tasks/);
  });

  it.each(['group', 'delivery', 'cancel', 'schedule', 'cost', 'reply', 'inbox', 'wait'])(
    'finds the SMS jobs guide for %s, after the functions that match',
    (word) => {
      const lines = docs.search(word).split('\n').slice(1);
      expect(lines).toContain('- guide sms-jobs — SMS jobs: recipes for everyday tasks (lua_read_doc("sms-jobs"))');
      const guide = lines.findIndex((l) => l.startsWith('- guide '));
      expect(lines.slice(guide).every((l) => l.startsWith('- guide '))).toBe(true);
    },
  );

  it('leads to the new functions for the jobs they do', () => {
    expect(docs.search('cancel scheduled batch').split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.cancel_batch/);
    expect(docs.search('delivery report').split('\n')[1]).toMatch(/delivery_report/);
    expect(docs.search('group members').split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.list_group_members/);
    expect(docs.search('preview cost parts encoding').split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.preview_sms/);
  });
});
