/** `sinch_list_groups` / `list_groups` and `sinch_get_group` / `get_group`: `GET /groups`, `GET /groups/{id}`. */
import { z } from 'zod';
import { defineFunction } from '../../integration/types';
import type { SinchAccountConfig } from '../config/account-config';
import { page, pageSize } from '../params/fields';
import type { SinchServices } from '../services';

const listParams = z.object({ page, page_size: pageSize }).strict();

export const listGroups = defineFunction<typeof listParams, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_groups',
  aliases: ['list_groups'],
  description: 'List the recipient groups of the service plan. Returns {count, page, page_size, groups}.',
  operation: 'read',
  params: listParams,
  handler: (input, ctx) =>
    ctx.services.client(ctx.account).listGroups({ page: input.page, page_size: input.page_size }, ctx),
});

const getParams = z.object({
  group_id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, { message: 'is not a group id; expected an id like "01W4FFL35P4NC4K35SMSGROUP1"' })
    .describe('The group id, as list_groups shows it.'),
}).strict();

export const getGroup = defineFunction<typeof getParams, SinchAccountConfig, SinchServices>({
  name: 'sinch_get_group',
  aliases: ['get_group'],
  description: 'Get one recipient group by id: name, size, child groups, auto-update rules.',
  operation: 'read',
  params: getParams,
  handler: (input, ctx) => ctx.services.client(ctx.account).getGroup(input.group_id, ctx),
});
