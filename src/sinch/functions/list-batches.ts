/** `sinch_list_batches` / `list_batches`: `GET /batches`, Sinch's JSON as is. */
import { z } from 'zod';
import { defineFunction } from '../../integration/types';
import type { SinchAccountConfig } from '../config/account-config';
import { asList, optionalTime, optionalNumberFilter, page, pageSize } from '../params/fields';
import type { SinchServices } from '../services';
import { hintWhenEmpty, listWindow } from './list-window';

const params = () => z.object({
  page: page(),
  page_size: pageSize(),
  from: optionalNumberFilter('Only batches from this sender (or any of these senders).'),
  start_date: optionalTime('Only batches created at or after it. Default: 14 days ago (all Sinch keeps).'),
  end_date: optionalTime('Only batches created before it. Default: now.'),
  client_reference: z.string().min(1).max(2048).optional().describe('Only batches sent with this client_reference.'),
}).strict();

export const listBatches = defineFunction<ReturnType<typeof params>, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_batches',
  aliases: ['list_batches'],
  description:
    'List sent SMS batches, newest first, optionally filtered by sender, time window and client_reference. Returns {count, page, page_size, batches}.',
  operation: 'read',
  params,
  async handler(input, ctx) {
    const client = ctx.services.client(ctx.account);
    const window = listWindow('sinch_list_batches', input.start_date, input.end_date, client.now());
    const result = await client.listBatches(
      { page: input.page, page_size: input.page_size, from: asList(input.from), client_reference: input.client_reference, ...window },
      ctx,
    );
    return hintWhenEmpty(result);
  },
});
