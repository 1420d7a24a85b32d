/**
 * A secret-free summary of an account for `kosmo-sinch accounts`: ids and hosts may be shown, `api_token` and
 * `key_secret` never (only whether they are present); a broken account shows what is wrong with it.
 */
import type { GuardrailsConfig } from '../../guardrails/config';
import type { Account, Permissions } from '../../integration/types';
import { authHost, numbersHost, smsHost } from '../client/endpoints';
import type { SinchAccountConfig } from './account-config';
import type { CheckedAccount } from './check-account';
import { smsAuthModeOf } from './credentials';
import { problemLines } from './problems';

/** The base URL each API is called at (issue #16 item 1): Sinch's hosts for the region, or the overrides. */
export interface AccountHosts {
  readonly sms: string;
  readonly numbers: string;
  readonly auth: string;
}

export interface AccountSummary {
  readonly name: string;
  /** Always true here; a broken account is a BrokenAccountSummary. */
  readonly usable: true;
  readonly region: string;
  /** How SMS calls authenticate; `none` when the account has no usable SMS credentials. */
  readonly sms_auth: 'service_plan' | 'oauth2' | 'none';
  /** Whether the phone-number functions (Numbers API) can be used. */
  readonly numbers_api: boolean;
  readonly service_plan_id?: string;
  readonly project_id?: string;
  /** Which credential fields are set. */
  readonly credentials: Readonly<Record<'service_plan_id' | 'api_token' | 'project_id' | 'key_id' | 'key_secret', boolean>>;
  readonly hosts: AccountHosts;
  readonly timeout_ms: number;
  /** The policies in force (after a working-directory file's restrictions). */
  readonly permissions: Permissions;
  /** What a working-directory file asked for and did not get; absent when nothing was restricted. */
  readonly restrictions?: readonly string[];
  /** The account's guardrails as configured (src/guardrails/config.ts); absent when it has none. */
  readonly guardrails?: GuardrailsConfig;
}

/** A configured account that cannot be used, and why (`field: what is wrong`, never a value). */
export interface BrokenAccountSummary {
  readonly name: string;
  readonly usable: false;
  readonly problems: readonly string[];
}

export function accountHosts(config: SinchAccountConfig): AccountHosts {
  return {
    sms: smsHost(config, smsAuthModeOf(config) ?? 'service_plan'),
    numbers: numbersHost(config),
    auth: authHost(config),
  };
}

export function describeAccount(account: Account<SinchAccountConfig>, restrictions: readonly string[] = []): AccountSummary {
  const c = account.config;
  return {
    name: account.name,
    usable: true,
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
    hosts: accountHosts(c),
    timeout_ms: c.timeout_ms,
    permissions: account.permissions,
    ...(restrictions.length > 0 ? { restrictions } : {}),
    ...(c.guardrails !== undefined ? { guardrails: c.guardrails } : {}),
  };
}

/** Either kind of entry of a load (load-accounts.ts). */
export function describeChecked(entry: CheckedAccount): AccountSummary | BrokenAccountSummary {
  if (entry.account) return describeAccount(entry.account, entry.restrictions);
  return { name: entry.name, usable: false, problems: problemLines(entry.broken!.problems) };
}
