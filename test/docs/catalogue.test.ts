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
    for (const fn of ['send_sms', 'list_messages', 'list_batches', 'list_groups', 'get_group', 'list_phone_numbers', 'get_phone_number']) {
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

  it('lists the guide pages and the namespace', () => {
    expect(docs.list()).toMatch(/- integrations\.sinch — [\s\S]*- overview — [\s\S]*- errors — /);
  });
});
