/**
 * Groups, read-only (docs/sinch-wire.md, "SMS: groups"): `GET /groups` (paged, newest first), `GET /groups/{id}`,
 * `GET /groups/{id}/members` (a JSON array of numbers without `+`). Creating and editing groups is a
 * documented non-goal; the demo data provides groups.
 */
import { smsNotFound } from '../errors';
import type { SmsAccount, StoredGroup } from '../state/sms-account';
import { json, jsonText, type SmsHandler } from './handler';
import { listJson, pageNewestFirst, paging } from './list-query';

function findGroup(account: SmsAccount, id: string): StoredGroup {
  const group = account.groups.get(id);
  if (!group) throw smsNotFound('Group', id);
  return group;
}

export const listGroups: SmsHandler = (ctx, account) => {
  const p = paging(ctx.query);
  const { count, page } = pageNewestFirst(account.groups.items, () => true, p);
  return jsonText(listJson('groups', count, p.page, page.map((g) => JSON.stringify(g.wire))));
};

export const getGroup: SmsHandler = (ctx, account) => json(findGroup(account, ctx.params[0]).wire);

export const groupMembers: SmsHandler = (ctx, account) => json(findGroup(account, ctx.params[0]).members);
