/**
 * The Sinch integration: the declaration the host registers, account configuration, and the client for
 * direct use from TypeScript.
 */
export { sinchIntegration, sinchFunctions, sinchBinding } from './integration';
export { SinchServices, type SinchContext } from './services';
export { listMessages } from './functions/list-messages';
export { sendSms, type SendPlanRequest } from './functions/send-sms';
export { listPhoneNumbers, getPhoneNumber } from './functions/phone-numbers';
export { listGroups, getGroup, listGroupMembers } from './functions/groups';
export { listBatches } from './functions/list-batches';
export { getBatch, cancelBatch, type CancelPlanRequest } from './functions/batches';
export { getDeliveryReport, getRecipientDeliveryReport, listDeliveryReports } from './functions/delivery-reports';
export { previewSms } from './functions/preview-sms';
export { countSegments, gsmAlternative, type SegmentCount, type Encoding, type ForcingCharacter } from './sms/segments';
export { parseTime, normalizeTime } from './params/iso-time';

export type { SinchAccountConfig } from './config/account-config';
export { DEFAULT_TIMEOUT_MS } from './config/account-config';
export { loadSinchAccounts, brokenAccounts, type LoadAccountsOptions, type LoadedAccounts } from './config/load-accounts';
export { locateConfig, ENV_VARIABLES, type ConfigLocation, type ConfigOrigin, type ConfigSource } from './config/config-source';
export { configNotices } from './config/announce';
export type { CheckedAccount } from './config/check-account';
export type { AccountOrigin, BrokenAccount, ConfigProblem } from './config/problems';
export { emulatorAccounts, EMULATOR_CREDENTIALS, type EmulatorCredentials } from './config/emulator-accounts';
export {
  describeAccount,
  describeChecked,
  accountHosts,
  type AccountSummary,
  type AccountHosts,
  type BrokenAccountSummary,
} from './config/describe-account';

export {
  SinchClient,
  type SinchClientOptions,
  type RequestOptions,
  type SendOptions,
  type PageQuery,
  type BatchListQuery,
  type InboundListQuery,
  type DeliveryReportQuery,
  type DeliveryReportListQuery,
} from './client/sinch-client';
export { readPhoneNumberPage, type PhoneNumberPage } from './numbers/list-page';
export {
  SinchError,
  BadRequestError,
  AuthenticationError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnexpectedStatusError,
  InvalidResponseError,
  ConnectionError,
  TimeoutError,
  AbortedError,
} from './http/api-errors';
export { keepAliveAgents, nodeHttp } from './http/transport';
export { socketHttp } from './http/socket-transport';
export { sinchHttp } from './http/axios-adapter';
export { buildManifest, renderManifest } from './manifest';
