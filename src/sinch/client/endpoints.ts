/**
 * Base URLs (docs/sinch-wire.md, "Hosts and authentication"; docs/contract.md: overrides replace the origin and the
 * client appends `/xms/v1/...`, `/v1/projects/...`, `/oauth2/token`).
 */
import type { SinchAccountConfig } from '../config/account-config';
import type { SmsAuth } from '../config/credentials';

function origin(override: string | undefined, fallback: string): string {
  return override ? override.replace(/\/+$/, '') : fallback;
}

/** The SMS API's base for an auth mode: the override, or the region's host (`zt.` for OAuth2). */
export function smsHost(config: SinchAccountConfig, mode: SmsAuth['mode']): string {
  return origin(config.sms_base_url, mode === 'oauth2' ? `https://zt.${config.region}.sms.api.sinch.com` : `https://${config.region}.sms.api.sinch.com`);
}

export function numbersHost(config: SinchAccountConfig): string {
  return origin(config.numbers_base_url, 'https://numbers.api.sinch.com');
}

export function authHost(config: SinchAccountConfig): string {
  return origin(config.auth_base_url, 'https://auth.sinch.com');
}

export function smsBaseUrl(config: SinchAccountConfig, auth: SmsAuth): string {
  const id = auth.mode === 'oauth2' ? auth.projectId : auth.servicePlanId;
  return `${smsHost(config, auth.mode)}/xms/v1/${encodeURIComponent(id)}`;
}

export function numbersBaseUrl(config: SinchAccountConfig, projectId: string): string {
  return `${numbersHost(config)}/v1/projects/${encodeURIComponent(projectId)}`;
}

export function tokenUrl(config: SinchAccountConfig): string {
  return `${authHost(config)}/oauth2/token`;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * `?a=1&b=x,y`: undefined and empty lists are left out; lists are comma-joined with each item encoded, so a
 * `+` travels as `%2B` and is not read as a space (docs/sinch-wire.md, "Conventions").
 */
export function queryString(params: Readonly<Record<string, QueryValue>>): string {
  let out = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    let encoded: string;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      encoded = value.map(encodeURIComponent).join(',');
    } else {
      encoded = encodeURIComponent(String(value));
    }
    out += `${out === '' ? '?' : '&'}${encodeURIComponent(key)}=${encoded}`;
  }
  return out;
}
