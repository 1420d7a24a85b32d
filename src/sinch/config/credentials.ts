/**
 * Which credentials an account has for which API, and the `not_configured` errors that say exactly which
 * fields to add (the issue: "without them, `not_configured` says exactly which fields to add").
 *
 * docs/sinch-wire.md, "Hosts and authentication": SMS uses service plan id + API token in every region, or OAuth2
 * (project id + access key, `zt.` hosts, us/eu only) when there is no API token. The Numbers API has no
 * service-plan auth: it always needs project id + access key.
 */
import { IntegrationError } from '../../errors';
import { OAUTH_SMS_REGIONS } from '../../wire/oauth';
import type { SinchAccountConfig } from './account-config';
import { ENV_VARIABLES, type EnvField } from './config-source';

export type SmsAuthMode = 'service_plan' | 'oauth2';

export interface ProjectKeys {
  readonly projectId: string;
  readonly keyId: string;
  readonly keySecret: string;
}

export type SmsAuth =
  | { readonly mode: 'service_plan'; readonly servicePlanId: string; readonly apiToken: string }
  | ({ readonly mode: 'oauth2' } & ProjectKeys);

const PROJECT_FIELDS = ['project_id', 'key_id', 'key_secret'] as const;

function missing(config: SinchAccountConfig, fields: readonly (keyof SinchAccountConfig)[]): string[] {
  return fields.filter((field) => !config[field]);
}

function list(fields: readonly string[]): string {
  return fields.length <= 1 ? fields.join('') : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
}

/**
 * How to add fields, for where the account is defined (issue #16 item 7): `SINCH_*` variables only for the
 * environment's account, the file's fields otherwise.
 */
function addAdvice(config: SinchAccountConfig, account: string, fields: readonly string[]): string {
  const origin = config.origin;
  if (origin?.kind === 'env') return `Set ${list(fields.map((field) => ENV_VARIABLES[field as EnvField] ?? field))} in the environment.`;
  if (origin?.kind === 'file') return `Add ${list(fields)} to accounts.${account} in ${origin.path}.`;
  return `Add ${list(fields)} to the account.`;
}

/** The SMS auth mode an account would use, or undefined when it has no usable SMS credentials. */
export function smsAuthModeOf(config: SinchAccountConfig): SmsAuthMode | undefined {
  if (config.service_plan_id && config.api_token) return 'service_plan';
  if (missing(config, PROJECT_FIELDS).length === 0 && !config.api_token) return 'oauth2';
  return undefined;
}

export function smsAuthOf(config: SinchAccountConfig, account: string): SmsAuth {
  const mode = smsAuthModeOf(config);
  if (mode === 'service_plan') {
    return { mode, servicePlanId: config.service_plan_id!, apiToken: config.api_token! };
  }
  if (mode === 'oauth2') {
    // OAuth2 SMS exists only on zt.us and zt.eu; an override (emulator, proxy) makes the region moot.
    if (!config.sms_base_url && !(OAUTH_SMS_REGIONS as readonly string[]).includes(config.region)) {
      throw new IntegrationError(
        'not_configured',
        `Sinch account '${account}': SMS over OAuth2 (project_id, key_id, key_secret) exists only in regions ` +
          `${OAUTH_SMS_REGIONS.join(' and ')}, but region is "${config.region}"; service-plan auth works in every region. ` +
          addAdvice(config, account, ['service_plan_id', 'api_token']),
        { account, fields: ['service_plan_id', 'api_token'] },
      );
    }
    return { mode, projectId: config.project_id!, keyId: config.key_id!, keySecret: config.key_secret! };
  }
  const planMissing = missing(config, ['service_plan_id', 'api_token']);
  const detail =
    planMissing.length === 1
      ? `${planMissing[0]} is missing (service_plan_id and api_token go together)`
      : 'it has neither service_plan_id and api_token nor project_id, key_id and key_secret';
  throw new IntegrationError(
    'not_configured',
    `Sinch account '${account}' has no SMS credentials: ${detail}. ${addAdvice(config, account, planMissing)}`,
    { account, fields: planMissing },
  );
}

/** The Numbers API's credentials, or `not_configured` naming the missing fields. */
export function projectKeysOf(config: SinchAccountConfig, account: string, functionName: string): ProjectKeys {
  const absent = missing(config, PROJECT_FIELDS);
  if (absent.length > 0) {
    throw new IntegrationError(
      'not_configured',
      `${functionName} uses Sinch's Numbers API, which needs project_id, key_id and key_secret (an access key ` +
        `from the Sinch dashboard; the SMS service plan token does not work there). Account '${account}' is ` +
        `missing ${list(absent)}. ${addAdvice(config, account, absent)}`,
      { account, fields: absent },
    );
  }
  return { projectId: config.project_id!, keyId: config.key_id!, keySecret: config.key_secret! };
}
