/**
 * `sinch_list_phone_numbers` / `list_phone_numbers` and `sinch_get_phone_number` / `get_phone_number`:
 * the Numbers API (`/v1/projects/{project}/activeNumbers`), which needs project_id, key_id and key_secret.
 */
import { z } from 'zod';
import { defineFunction } from '../../integration/types';
import type { SinchAccountConfig } from '../config/account-config';
import { readPhoneNumberPage } from '../numbers/list-page';
import { e164, page, pageSize } from '../params/fields';
import { normalizeE164 } from '../params/phone';
import type { SinchServices } from '../services';

const listParams = () => z.object({ page: page(), page_size: pageSize() }).strict();

export const listPhoneNumbers = defineFunction<ReturnType<typeof listParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_list_phone_numbers',
  aliases: ['list_phone_numbers'],
  description:
    "List the project's active (rented) phone numbers from Sinch's Numbers API. Returns {count, page, page_size, phone_numbers}. Needs project_id, key_id and key_secret.",
  operation: 'read',
  params: listParams,
  handler: (input, ctx) => readPhoneNumberPage(ctx.services.client(ctx.account), input.page, input.page_size, ctx),
});

const getParams = () => z.object({
  phone_number: e164().describe('The number in E.164 form, e.g. "+12025550134".'),
}).strict();

export const getPhoneNumber = defineFunction<ReturnType<typeof getParams>, SinchAccountConfig, SinchServices>({
  name: 'sinch_get_phone_number',
  aliases: ['get_phone_number'],
  description:
    'Get one active (rented) phone number of the project: capabilities, SMS configuration, cost, next charge date. Needs project_id, key_id and key_secret.',
  operation: 'read',
  params: getParams,
  handler: (input, ctx) =>
    ctx.services.client(ctx.account).getActiveNumber(normalizeE164(input.phone_number) as string, ctx),
});
