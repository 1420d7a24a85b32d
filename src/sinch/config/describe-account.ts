/**
 * A secret-free summary of an account for `kosmo-sinch accounts`: ids may be shown, `api_token` and
 * `key_secret` never (only whether they are present).
 */
import type { Account, Permissions } from '../../integration/types';
import type { SinchAccountConfig } from './account-config';
import { smsAuthModeOf } from './credentials';

export interface AccountSummary {
  readonly name: string;
  readonly region: string;
  /** How SMS calls authenticate; `none` when the account has no usable SMS credentials. */
  readonly sms_auth: 'service_plan' | 'oauth2' | 'none';
  /** Whether the phone-number functions (Numbers API) can be used. */
  readonly numbers_api: boolean;
  readonly service_plan_id?: string;
  readonly project_id?: string;
  /** Which credential fields are set. */
  readonly credentials: Readonly<Record<'service_plan_id' | 'api_token' | 'project_id' | 'key_id' | 'key_secret', boolean>>;
  /** Only the base URLs that are overridden. */
  readonly base_urls?: Readonly<Partial<Record<'sms' | 'numbers' | 'auth', string>>>;
  readonly timeout_ms: number;
  readonly permissions: Permissions;
}

export function describeAccount(account: Account<SinchAccountConfig>): AccountSummary {
  const c = account.config;
  const baseUrls: Partial<Record<'sms' | 'numbers' | 'auth', string>> = {};
  if (c.sms_base_url) baseUrls.sms = c.sms_base_url;
  if (c.numbers_base_url) baseUrls.numbers = c.numbers_base_url;
  if (c.auth_base_url) baseUrls.auth = c.auth_base_url;
  return {
    name: account.name,
    region: c.region,
    sms_auth: smsAuthModeOf(c) ?? 'none',
    numbers_api: Boolean(c.project_id && c.key_id && c.key_secret),
    ...(c.service_plan_id ? { service_plan_id: c.service_plan_id } : {}),
    ...(c.project_id ? { project_id: c.project_id } : {}),
    credentials: {
      service_plan_id: Boolean(c.service_plan_id),
      api_token: Boolean(c.api_token),
      project_id: Boolean(c.project_id),
      key_id: Boolean(c.key_id),
      key_secret: Boolean(c.key_secret),
    },
    ...(Object.keys(baseUrls).length > 0 ? { base_urls: baseUrls } : {}),
    timeout_ms: c.timeout_ms,
    permissions: account.permissions,
  };
}
