/** The Sinch integration as the host sees it (src/integration/types.ts): namespace, docs, its functions. */
import type { AccountDirectory, FunctionDeclaration, IntegrationBinding, IntegrationDeclaration } from '../integration/types';
import type { SinchClientOptions } from './client/sinch-client';
import type { SinchAccountConfig } from './config/account-config';
import { readReference, splitFunctionPages } from './docs';
import { cancelBatch, getBatch } from './functions/batches';
import { getDeliveryReport, getRecipientDeliveryReport, listDeliveryReports } from './functions/delivery-reports';
import { getGroup, listGroupMembers, listGroups } from './functions/groups';
import { listBatches } from './functions/list-batches';
import { listMessages } from './functions/list-messages';
import { getPhoneNumber, listPhoneNumbers } from './functions/phone-numbers';
import { previewSms } from './functions/preview-sms';
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
  listGroupMembers,
  getBatch,
  cancelBatch,
  getDeliveryReport,
  getRecipientDeliveryReport,
  listDeliveryReports,
  previewSms,
];

const reference = readReference();

export const sinchIntegration: IntegrationDeclaration<SinchAccountConfig, SinchServices> = {
  name: 'sinch',
  description:
    'Sinch SMS: send text messages exactly once (to numbers and groups, personalised), preview their cost, follow and cancel batches, read delivery reports, sent and received messages and groups, and the rented phone numbers (Numbers API).',
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
