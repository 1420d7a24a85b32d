/**
 * `sinch_list_messages` / `list_messages`: outbound batches (`mt`, `GET /batches`) and inbound messages
 * (`mo`, `GET /inbounds`) as one newest-first list (the table):
 * - `mt`: the server filters `from` and dates; `to` is filtered here (numbers compared without `+`);
 * - `mo`: the server filters `to` and dates; `from` is filtered here;
 * - no direction: both, merged by time (src/sinch/messages/merge-pages.ts).
 */
import { z } from 'zod';
import { defineFunction } from '../../integration/types';
import type { SinchAccountConfig } from '../config/account-config';
import type { RequestOptions, SinchClient } from '../client/sinch-client';
import type { MessageSource } from '../messages/message-stream';
import { readMessagePage } from '../messages/merge-pages';
import { asList, optionalTime, optionalNumberFilter, page, pageSize } from '../params/fields';
import { numberKey } from '../params/phone';
import type { SinchServices } from '../services';
import { hintWhenEmpty, listWindow, type ListWindow } from './list-window';

const params = () => z.object({
  direction: z
    .enum(['mt', 'mo'])
    .optional()
    .describe('mt = sent by you (batches), mo = received (inbound). Omitted: both, merged newest first.'),
  to: optionalNumberFilter('Only messages to this number (or any of these numbers).'),
  from: optionalNumberFilter('Only messages from this number or sender (or any of these).'),
  start_date: optionalTime('Only messages at or after it. Default: 14 days ago (all Sinch keeps).'),
  end_date: optionalTime('Only messages before it. Default: now.'),
  page: page(),
  page_size: pageSize(),
}).strict();

type Input = z.output<ReturnType<typeof params>>;

/** A client-side filter on `field` (a string or a list of strings), or undefined when there is nothing to filter. */
function matcher(field: 'to' | 'from', wanted: readonly string[] | undefined) {
  if (!wanted) return undefined;
  const keys = new Set(wanted.map(numberKey));
  return (item: Record<string, unknown>): boolean => {
    const value = item[field];
    if (Array.isArray(value)) return value.some((entry) => typeof entry === 'string' && keys.has(numberKey(entry)));
    return typeof value === 'string' && keys.has(numberKey(value));
  };
}

function sources(client: SinchClient, input: Input, window: ListWindow, options: RequestOptions): MessageSource[] {
  const to = asList(input.to);
  const from = asList(input.from);
  const out: MessageSource[] = [];
  if (input.direction !== 'mo') {
    out.push({
      direction: 'mt',
      timeField: 'created_at',
      keep: matcher('to', to),
      fetch: async (page, pageSize) => {
        const list = await client.listBatches({ page, page_size: pageSize, from, ...window }, options);
        return { count: list.count, items: list.batches as unknown as Record<string, unknown>[] };
      },
    });
  }
  if (input.direction !== 'mt') {
    out.push({
      direction: 'mo',
      timeField: 'received_at',
      keep: matcher('from', from),
      fetch: async (page, pageSize) => {
        const list = await client.listInbounds({ page, page_size: pageSize, to, ...window }, options);
        return { count: list.count, items: list.inbounds as unknown as Record<string, unknown>[] };
      },
    });
  }
  return out;
}

export const listMessages = defineFunction<ReturnType<typeof params>, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_messages',
  aliases: ['list_messages'],
  description:
    'List SMS messages sent (mt) and received (mo), newest first, optionally filtered by direction, number and time window. Returns {count, count_exact, page, page_size, messages}; each message has direction, id, from, to, body and timestamp.',
  operation: 'read',
  params,
  async handler(input, ctx) {
    const client = ctx.services.client(ctx.account);
    const window = listWindow('sinch_list_messages', input.start_date, input.end_date, client.now());
    const result = await readMessagePage(sources(client, input, window, ctx), input.page, input.page_size);
    return hintWhenEmpty(result);
  },
});
