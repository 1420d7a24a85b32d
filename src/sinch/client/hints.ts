/** Hints for errors an agent (or the person behind it) can act on (the issue, "a hint where one helps"). */
import type { SinchAccountConfig } from '../config/account-config';
import type { SmsAuthMode } from '../config/credentials';
import type { SinchApi } from '../http/api-errors';

export function authHint(api: SinchApi, config: SinchAccountConfig, smsMode: SmsAuthMode | undefined): string {
  if (api === 'auth') {
    return "Sinch's auth server refused key_id/key_secret: check the access key in the Sinch dashboard (Settings → Access keys).";
  }
  if (api === 'numbers') {
    return 'Check project_id, key_id and key_secret: the access key must belong to this project.';
  }
  if (smsMode === 'oauth2') {
    return `Check project_id, key_id and key_secret; SMS over OAuth2 works only for projects in us and eu (region is "${config.region}").`;
  }
  return (
    `Check service_plan_id and api_token. A service plan lives in one region and this account uses region ` +
    `"${config.region}": if the plan was created in another (us, eu, au, br, ca), set "region" on the account.`
  );
}

export const RETENTION_HINT =
  'Sinch keeps batches and inbound messages for 14 days; older ones are gone. If every call answers 404, check service_plan_id, region and sms_base_url.';
