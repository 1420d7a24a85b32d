/**
 * `sinch_list_groups` / `list_groups`, `sinch_get_group` / `get_group` and `sinch_list_group_members` /
 * `list_group_members`: `GET /groups`, `GET /groups/{id}`, `GET /groups/{id}/members`.
 */
import { z } from 'zod';
import { defineFunction } from '../../integration/types';
import type { SinchAccountConfig } from '../config/account-config';
import { NotFoundError } from '../http/api-errors';
import { idParam, page, pageSize } from '../params/fields';
import type { SinchServices } from '../services';
import { GROUP_ID_EXAMPLE, readGroupTree } from '../sms/recipients';
import { digitsOf } from '../params/phone';

const listParams = () => z.object({ page: page(), page_size: pageSize() }).strict();

export const listGroups = defineFunction<ReturnType<typeof listParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_groups',
  aliases: ['list_groups'],
  description: 'List the recipient groups of the service plan. Returns {count, page, page_size, groups}.',
  operation: 'read',
  params: listParams,
  handler: (input, ctx) =>
    ctx.services.client(ctx.account).listGroups({ page: input.page, page_size: input.page_size }, ctx),
});

const groupId = () => idParam('group', GROUP_ID_EXAMPLE, 'The group id, as list_groups shows it.');

const getParams = () => z.object({ group_id: groupId() }).strict();

export const getGroup = defineFunction<ReturnType<typeof getParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_get_group',
  aliases: ['get_group'],
  description: 'Get one recipient group by id: name, size, child groups, auto-update rules.',
  operation: 'read',
  params: getParams,
  handler: (input, ctx) => ctx.services.client(ctx.account).getGroup(input.group_id, ctx),
});

const membersParams = () => z.object({
  group_id: groupId(),
  include_child_groups: z
    .boolean()
    .default(false)
    .describe("Also list the members of the group's child groups (all levels, each number once): everyone a send to the group reaches."),
}).strict();

export const listGroupMembers = defineFunction<ReturnType<typeof membersParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_group_members',
  aliases: ['list_group_members'],
  description:
    "List the phone numbers in a group (numbers without '+', as Sinch writes them). Returns {group_id, count, members}; with include_child_groups, also the child groups' members and child_groups.",
  operation: 'read',
  params: membersParams,
  async handler(input, ctx) {
    const client = ctx.services.client(ctx.account);
    if (!input.include_child_groups) {
      const members = await client.listGroupMembers(input.group_id, ctx);
      return { group_id: input.group_id, count: members.length, members };
    }
    // One round trip per level of child groups (src/sinch/sms/recipients.ts).
    const reads = await readGroupTree(client, [input.group_id], ctx);
    const root = reads.get(input.group_id);
    if (root?.group === undefined) {
      throw new NotFoundError('not_found', `Sinch SMS API answered 404: no group with id "${input.group_id}"`, {
        status: 404,
        retryable: false,
        hint: `No group with id "${input.group_id}" in this service plan: list_groups shows the ids.`,
      });
    }
    const members = new Set<string>();
    const childGroups: string[] = [];
    for (const [id, read] of reads) {
      if (read.group === undefined) continue; // a child group that no longer exists is empty, as for Sinch
      if (id !== input.group_id) childGroups.push(id);
      for (const member of read.members) members.add(digitsOf(member));
    }
    return { group_id: input.group_id, count: members.size, members: [...members], child_groups: childGroups };
  },
});
