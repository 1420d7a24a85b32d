/** The Sinch integration as the host sees it (src/integration/types.ts): namespace, docs, seven functions. */
import type { FunctionDeclaration, IntegrationDeclaration } from '../integration/types';
import type { SinchAccountConfig } from './config/account-config';
import { readReference, splitFunctionPages } from './docs';
import { getGroup, listGroups } from './functions/groups';
import { listBatches } from './functions/list-batches';
import { listMessages } from './functions/list-messages';
import { getPhoneNumber, listPhoneNumbers } from './functions/phone-numbers';
import { sendSms } from './functions/send-sms';

export const sinchFunctions: readonly FunctionDeclaration<any, SinchAccountConfig>[] = [
  listMessages,
  sendSms,
  listPhoneNumbers,
  getPhoneNumber,
  listGroups,
  getGroup,
  listBatches,
];

const reference = readReference();

export const sinchIntegration: IntegrationDeclaration<SinchAccountConfig> = {
  name: 'sinch',
  description:
    'Sinch SMS: send text messages exactly once, list sent and received messages, batches and groups, and read the rented phone numbers (Numbers API).',
  category: 'communication',
  docs: { reference, functionPages: splitFunctionPages(reference) },
  functions: sinchFunctions,
};
