/**
 * Sinch OAuth2 (client credentials) wire format. `POST {auth}/oauth2/token` with Basic `key_id:key_secret`
 * and form body `grant_type=client_credentials`. An expired token gets 401 with a `www-authenticate` header
 * that contains `expired`.
 */

export interface TokenResponse {
  access_token: string;
  /** Seconds. */
  expires_in: number;
  scope: string;
  token_type: 'bearer';
}

/** Sinch's SMS regions. Service-plan auth works in all five; OAuth2 (`zt.` hosts) only in `us` and `eu`. */
export const SMS_REGIONS = ['us', 'eu', 'au', 'br', 'ca'] as const;
export type SmsRegion = (typeof SMS_REGIONS)[number];
export const OAUTH_SMS_REGIONS = ['us', 'eu'] as const;
