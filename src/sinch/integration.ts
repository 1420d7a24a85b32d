/** The Sinch integration as the host sees it (src/integration/types.ts): namespace, docs, seven functions. */
import type { AccountDirectory, FunctionDeclaration, IntegrationBinding, IntegrationDeclaration } from '../integration/types';
import type { SinchClientOptions } from './client/sinch-client';
import type { SinchAccountConfig } from './config/account-config';
import { readReference, splitFunctionPages } from './docs';
import { getGroup, listGroups } from './functions/groups';
import { listBatches } from './functions/list-batches';
import { listMessages } from './functions/list-messages';
import { getPhoneNumber, listPhoneNumbers } from './functions/phone-numbers';
import { sendSms } from './functions/send-sms';
import { SinchServices } from './services';

export const sinchFunctions: readonly FunctionDeclaration<any, SinchAccountConfig, SinchServices>[] = [
  listMessages,
  sendSms,
  listPhoneNumbers,
  getPhoneNumber,
  listGroups,
  getGroup,
  listBatches,
];

const reference = readReference();

export const sinchIntegration: IntegrationDeclaration<SinchAccountConfig, SinchServices> = {
  name: 'sinch',
  description:
    'Sinch SMS: send text messages exactly once, list sent and received messages, batches and groups, and read the rented phone numbers (Numbers API).',
  category: 'communication',
  docs: { reference, functionPages: splitFunctionPages(reference) },
  functions: sinchFunctions,
};

/**
 * The Sinch integration bound to `accounts`, with its own services (clients and their caches) built from
 * `clientOptions`: what a host registers. Each call builds new services: a host owns its clients.
 */
export function sinchBinding(
  accounts: AccountDirectory<SinchAccountConfig>,
  clientOptions: SinchClientOptions = {},
): IntegrationBinding<SinchAccountConfig, SinchServices> {
  return { integration: sinchIntegration, accounts, services: new SinchServices(clientOptions) };
}
