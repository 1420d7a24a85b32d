import { DocsCatalogue } from '../../src/docs/catalogue';
import { loadGuides } from '../../src/docs/guides';
import { createSinchDocs } from '../../src/host/sinch-host';
import { sinchIntegration } from '../../src/sinch/integration';

const docs = createSinchDocs(['default', 'work']);

describe('the Sinch docs catalogue', () => {
  it('ranks a distinctive word above one every function shares', () => {
    const text = docs.search('received sms');
    expect(text.split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.list_messages/);
  });

  it('matches plurals and word prefixes but not fragments inside words', () => {
    expect(docs.search('groups')).toMatch(/get_group/);
    expect(docs.search('numb')).toMatch(/phone_number/);
    expect(docs.search('essag')).toBe("No results found for 'essag'.");
  });

  it('finds functions by the words newcomers use, through the suggestion table (issue #16 item 7)', () => {
    const first = (query: string) => docs.search(query).split('\n')[1];
    expect(first('inbox')).toMatch(/^- app\.integrations\.sinch\.list_messages /);
    expect(first('text')).toMatch(/^- app\.integrations\.sinch\.send_sms /);
    expect(first('respond')).toMatch(/^- app\.integrations\.sinch\.send_sms /);
    expect(first('incoming')).toMatch(/^- app\.integrations\.sinch\.list_messages /);
    // Two words that make a guess together: send message → send_message → send_sms.
    expect(first('send message')).toMatch(/^- app\.integrations\.sinch\.send_sms /);
  });

  it("finds the reply pattern, a subsection of list_messages, and points at that function's page", () => {
    const text = docs.search('reply');
    expect(text).toMatch(/^- integrations\.sinch\.sinch_list_messages, "Replying to a received message" — .*\(lua_read_doc\("integrations\.sinch\.sinch_list_messages"\)\)$/m);
    expect(docs.read('integrations.sinch.list_messages')).toContain('from = inbound.to,');
  });

  it('searches every section of every guide page, whatever the page is called', () => {
    const guide = { name: 'sms-jobs', title: 'SMS jobs', text: '# SMS jobs\n\nIntro.\n\n## Chasing unpaid invoices\n\nRemind each debtor once a week.\n' };
    const custom = new DocsCatalogue([{ integration: sinchIntegration, accounts: [] }], [...loadGuides(), guide]);
    expect(custom.search('invoices debtor')).toMatch(/^- sms-jobs, "Chasing unpaid invoices" — Remind each debtor once a week\. \(lua_read_doc\("sms-jobs"\)\)$/m);
    expect(docs.search('wall-clock')).toMatch(/^- overview, "Limits" — /m);
  });

  it('words how to read a page for its reader: lua_read_doc for scripts, another way when asked', () => {
    expect(docs.list()).toMatch(/Read one with lua_read_doc\("<page>"\)\.$/);
    const cli = createSinchDocs([], { howToRead: (page) => `kosmo-sinch docs ${page}` });
    expect(cli.list()).toMatch(/Read one with kosmo-sinch docs <page>\.$/);
    expect(cli.search('groups')).toMatch(/\(kosmo-sinch docs integrations\.sinch\.sinch_list_groups\)/);
  });

  it('says whether a page exists', () => {
    expect(docs.lookup('overview').found).toBe(true);
    expect(docs.lookup('integrations.sinch.send_sms').found).toBe(true);
    expect(docs.lookup('').found).toBe(true);
    for (const missing of ['nosuch', 'integrations.nosuch', 'integrations.sinch.send_message', 'integrations.sinch.wrok.send_sms']) {
      expect(docs.lookup(missing)).toMatchObject({ found: false, text: docs.read(missing) });
    }
    expect(docs.listing('nosuch').found).toBe(false);
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
    'finds a recipe of the SMS jobs guide for %s',
    (word) => {
      const lines = docs.search(word).split('\n').slice(1);
      expect(lines.some((l) => /^- sms-jobs, ".+" — .+ \(lua_read_doc\("sms-jobs"\)\)$/.test(l))).toBe(true);
    },
  );

  it('keeps the best hit first when the limit leaves room for little else, a guide section after it', () => {
    const lines = (limit: number) => docs.search('send', limit).split('\n').slice(1);
    expect(lines(1)).toEqual([expect.stringMatching(/^- app\.integrations\.sinch\.send_sms/)]);
    expect(lines(2)[0]).toMatch(/^- app\.integrations\.sinch\.send_sms/);
    expect(lines(2)[1]).toMatch(/^- sms-jobs, /);
  });

  it('leads to the new functions for the jobs they do', () => {
    expect(docs.search('cancel scheduled batch').split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.cancel_batch/);
    expect(docs.search('delivery report').split('\n')[1]).toMatch(/delivery_report/);
    expect(docs.search('group members').split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.list_group_members/);
    expect(docs.search('preview cost parts encoding').split('\n')[1]).toMatch(/^- app\.integrations\.sinch\.preview_sms/);
  });
});
