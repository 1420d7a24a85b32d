/**
 * Groups as recipients and personalised sends (issue #9 items 1-2), against nock: the exact requests the plan
 * makes to resolve groups, what it plans (facts, approval fields), and what is refused before any request.
 */
import { isDeepStrictEqual } from 'node:util';
import { useNock, requestLines, requestsMade, SMS, smsApi } from './support/nock';
import { batch, planConfig, rejectionOf, sinchCalls } from './support/fixtures';
import { sendSms } from '../../src/sinch/functions/send-sms';
import { listGroupMembers } from '../../src/sinch/functions/groups';
import { prepareCall } from '../../src/integration/validate';

useNock();
const NOW = Date.parse('2024-06-10T12:00:00Z');
const { invoke, context } = sinchCalls({ now: () => NOW, sleep: async () => undefined, sendLookupSettleMs: 0, newClientReference: () => 'kosmo-test' });

const ONCALL = '01RKYNEY48F3HKH7TTNKWV4YSC';
const EVERYONE = '01GJ35TXAWW03SRJFJYZZ755FW';
const NEWS = '01GCQ3MT0J8NBX9N0A2M4A9H14';

function group(id: string, name: string, size: number, children?: string[]) {
  return { id, name, size, created_at: '2024-06-01T00:00:00.000Z', modified_at: '2024-06-01T00:00:00.000Z', ...(children ? { child_groups: children } : {}) };
}

/** GET /groups/{id} and /members for a group. */
function serveGroup(id: string, name: string, members: string[], children?: string[]) {
  smsApi().get(`${SMS}/groups/${id}`).reply(200, group(id, name, members.length, children));
  smsApi().get(`${SMS}/groups/${id}/members`).reply(200, members);
}

async function planOf(args: Record<string, unknown>) {
  const input = prepareCall(sendSms, [args]);
  return sendSms.plan(input, context(planConfig(), sendSms.name));
}

describe('send_sms to groups', () => {
  it('resolves each group to its name and members before sending, and plans the numbers that will receive it', async () => {
    serveGroup(ONCALL, 'On-call engineers', ['12025550121', '447700900871']);
    const plan = await planOf({ to: [ONCALL, '+12025550134', '12025550121'], body: 'Server down' });
    expect(requestLines().sort()).toEqual([`GET ${SMS}/groups/${ONCALL}`, `GET ${SMS}/groups/${ONCALL}/members`]);
    expect(plan.request.batch.to).toEqual([ONCALL, '+12025550134', '+12025550121']);
    expect(plan.facts).toEqual({ recipients: ['+12025550121', '+447700900871', '+12025550134'], messages: 3, body: 'Server down' });
    expect(plan.title).toBe('Send an SMS to 3 recipients (1 part each, 3 messages)');
    expect(plan.fields).toEqual([
      { kind: 'value', label: 'from', value: '(service plan default)' },
      { kind: 'list', label: 'to', items: [`${ONCALL} (group "On-call engineers", 2 members)`, '+12025550134', '+12025550121'] },
      { kind: 'list', label: 'recipients', items: ['+12025550121', '+447700900871', '+12025550134'] },
      { kind: 'text', label: 'body', text: 'Server down' },
      { kind: 'value', label: 'encoding', value: 'GSM-7' },
      { kind: 'value', label: 'cost', value: '1 part × 3 recipients = 3 messages' },
      { kind: 'value', label: 'client_reference', value: 'kosmo-test' },
    ]);
  });

  it('expands child groups as Sinch does, each member once, reading each level side by side', async () => {
    serveGroup(EVERYONE, 'Everyone', ['12025550131'], [NEWS, ONCALL]);
    serveGroup(NEWS, 'Newsletter subscribers', ['12025550111', '12025550131']);
    serveGroup(ONCALL, 'On-call engineers', ['12025550121'], [EVERYONE]); // a cycle back to the parent
    const plan = await planOf({ to: EVERYONE, body: 'All hands' });
    expect(plan.facts.recipients).toEqual(['+12025550131', '+12025550111', '+12025550121']);
    expect(plan.fields[1]).toEqual({ kind: 'list', label: 'to', items: [`${EVERYONE} (group "Everyone", 3 members, 2 child groups)`] });
    expect(requestLines()).toHaveLength(6);
  });

  it('refuses an unknown group in the plan, before any send, naming the entry', async () => {
    smsApi().get(`${SMS}/groups/01NOSUCHGROUP0000000000000`).reply(404);
    smsApi().get(`${SMS}/groups/01NOSUCHGROUP0000000000000/members`).reply(404);
    const error = await rejectionOf(invoke(sendSms, { to: ['+12025550134', '01NOSUCHGROUP0000000000000'], body: 'x' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'to[2]', sinch_code: 'unknown_group' });
    expect(error.message).toMatch(/"01NOSUCHGROUP0000000000000" is not a group of this service plan.*list_groups/);
    expect(requestLines().filter((l) => l.startsWith('POST'))).toEqual([]);
  });

  it("tells Sinch's own 403 unknown_group (a group deleted meanwhile) as nothing sent, with a hint", async () => {
    serveGroup(ONCALL, 'On-call engineers', ['12025550121']);
    smsApi().post(`${SMS}/batches`).reply(403, { code: 'unknown_group', text: `Unknown group id '${ONCALL}' in 'to'` });
    const error = await rejectionOf(invoke(sendSms, { to: ONCALL, body: 'x' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', sinch_code: 'unknown_group', sent: false });
    expect(error.details.hint).toMatch(/list_groups shows the ids/);
  });

  it('refuses a send whose groups have no members at all', async () => {
    serveGroup(NEWS, 'Newsletter subscribers', []);
    const error = await rejectionOf(invoke(sendSms, { to: [NEWS], body: 'x' }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'to' });
  });

  it('sends the group id as it is, and makes no group request for numbers alone', async () => {
    smsApi()
      .post(`${SMS}/batches`, (body) => isDeepStrictEqual(body.to, ['+12025550134']))
      .reply(201, (_uri, body) => batch({ ...(body as object), id: 'B1' }));
    await invoke(sendSms, { to: '+12025550134', body: 'x' }, planConfig());
    expect(requestLines()).toEqual([`POST ${SMS}/batches`]);
  });

  it('puts allow_duplicate in the facts and the approval fields only when set', async () => {
    const plan = await planOf({ to: '+12025550134', body: 'Again', allow_duplicate: true });
    expect(plan.facts).toEqual({ recipients: ['+12025550134'], messages: 1, body: 'Again', allow_duplicate: true });
    expect(plan.fields.at(-1)).toEqual({ kind: 'value', label: 'allow_duplicate', value: 'true' });
    const plain = await planOf({ to: '+12025550134', body: 'Again', allow_duplicate: false });
    expect(plain.facts).not.toHaveProperty('allow_duplicate');
  });
});

describe('send_sms with parameters', () => {
  it('sends the template and the parameters with recipient keys as digits, and counts parts per rendered body', async () => {
    const long = 'x'.repeat(150);
    const plan = await planOf({
      to: ['+12025550134', '+12025550135'],
      body: `Hi \${name}, ${long}`,
      parameters: { name: { '+1 202 555 0134': 'Ann', default: 'Bartholomew the Third' } },
    });
    expect(plan.request.batch.parameters).toEqual({ name: { 12025550134: 'Ann', default: 'Bartholomew the Third' } });
    expect(plan.request.batch.body).toBe(`Hi \${name}, ${long}`);
    // "Hi Ann, " + 150 = 158 septets: 1 part; "Hi Bartholomew the Third, " + 150 > 160: 2 parts.
    expect(plan.facts.messages).toBe(3);
    expect(plan.title).toBe('Send an SMS to 2 recipients (1–2 parts each, 3 messages)');
    expect(plan.fields).toContainEqual({ kind: 'list', label: 'parameters.name', items: ['+12025550134: Ann', 'default: Bartholomew the Third'] });
    expect(plan.fields).toContainEqual({ kind: 'value', label: 'cost', value: '3 messages: 2 recipients, 1–2 parts each (2 distinct bodies)' });
  });

  it('names the key and the recipient that would get no value, before any request', async () => {
    const error = await rejectionOf(
      invoke(sendSms, { to: ['+12025550134', '+12025550135'], body: 'Hi ${name}', parameters: { name: { '+12025550134': 'Ann' } } }, planConfig()),
    );
    expect(error.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'parameters.name', recipient: '+12025550135' });
    expect(error.message).toContain('no value for recipient +12025550135 and no default');
    expect(requestLines()).toEqual([]);
  });

  it('checks the members of groups too, saying which group brought them in', async () => {
    serveGroup(ONCALL, 'On-call engineers', ['12025550121', '12025550122']);
    const error = await rejectionOf(
      invoke(sendSms, { to: [ONCALL], body: 'Hi ${name}', parameters: { name: { '+12025550121': 'Cy' } } }, planConfig()),
    );
    expect(error.message).toContain('no value for recipient +12025550122 (member of group "On-call engineers")');
    expect(requestLines().filter((l) => l.startsWith('POST'))).toEqual([]);
  });

  it('refuses a placeholder that is not a key of parameters, or parameters left out', async () => {
    const typo = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'Hi ${nmae}', parameters: { name: { default: 'x' } } }, planConfig()));
    expect(typo.toJSON()).toMatchObject({ code: 'invalid_argument', field: 'body' });
    expect(typo.message).toContain('uses ${nmae} but parameters has "name"');
    const none = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'Hi ${name}' }, planConfig()));
    expect(none.message).toContain('uses ${name} but no parameters were given');
  });

  it('validates keys, recipients and values of parameters with their paths', async () => {
    const cases: Array<[unknown, string]> = [
      [{ 'bad key!': { default: 'x' } }, 'parameters.bad key!'],
      [{ name: 'Ann' }, 'parameters.name'],
      [{ name: { someone: 'x' } }, 'parameters.name.someone'],
      [{ name: { default: 42 } }, 'parameters.name.default'],
      [{ name: { default: 'x'.repeat(161) } }, 'parameters.name.default'],
    ];
    for (const [parameters, field] of cases) {
      const error = await rejectionOf(invoke(sendSms, { to: '+12025550134', body: 'Hi ${name}', parameters }, planConfig()));
      expect({ field: error.details.field, code: error.code }).toEqual({ field, code: 'invalid_argument' });
    }
    expect(requestsMade()).toEqual([]);
  });
});

describe('sinch_list_group_members', () => {
  it("lists a group's own members as Sinch sends them (without +), in one request", async () => {
    smsApi().get(`${SMS}/groups/${ONCALL}/members`).reply(200, ['12025550121', '447700900871']);
    const result = await invoke(listGroupMembers, { group_id: ONCALL }, planConfig());
    expect(result).toEqual({ group_id: ONCALL, count: 2, members: ['12025550121', '447700900871'] });
    expect(requestLines()).toEqual([`GET ${SMS}/groups/${ONCALL}/members`]);
  });

  it('includes the members of child groups on request, each once, and names the child groups', async () => {
    serveGroup(EVERYONE, 'Everyone', ['12025550131'], [NEWS]);
    serveGroup(NEWS, 'Newsletter subscribers', ['12025550111', '12025550131']);
    const result = await invoke(listGroupMembers, { group_id: EVERYONE, include_child_groups: true }, planConfig());
    expect(result).toEqual({ group_id: EVERYONE, count: 2, members: ['12025550131', '12025550111'], child_groups: [NEWS] });
  });

  it('reports an unknown group as not_found with a hint, either way', async () => {
    smsApi().get(`${SMS}/groups/NOPE1/members`).reply(404);
    const plain = await rejectionOf(invoke(listGroupMembers, { group_id: 'NOPE1' }, planConfig()));
    expect(plain.toJSON()).toMatchObject({ code: 'not_found', status: 404 });
    expect(plain.details.hint).toContain('list_groups');
    smsApi().get(`${SMS}/groups/NOPE1`).reply(404);
    smsApi().get(`${SMS}/groups/NOPE1/members`).reply(404);
    const expanded = await rejectionOf(invoke(listGroupMembers, { group_id: 'NOPE1', include_child_groups: true }, planConfig()));
    expect(expanded.toJSON()).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('refuses an answer that is not a list of numbers', async () => {
    smsApi().get(`${SMS}/groups/${ONCALL}/members`).reply(200, { members: [] });
    const error = await rejectionOf(invoke(listGroupMembers, { group_id: ONCALL }, planConfig()));
    expect(error.toJSON()).toMatchObject({ code: 'upstream_error' });
  });
});
