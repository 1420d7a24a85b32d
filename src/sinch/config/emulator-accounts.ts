/**
 * The `default` account pointed at an emulator origin (docs/contract.md, "The embedded default"): all three base
 * URLs are the emulator's, writes are allowed because nothing is really sent.
 */
import type { AccountDirectory } from '../../integration/types';
import type { SinchAccountConfig } from './account-config';
import { DEFAULT_TIMEOUT_MS } from './defaults';
import { accountDirectory } from './account-directory';

export interface EmulatorCredentials {
  readonly service_plan_id: string;
  readonly api_token: string;
  readonly project_id: string;
  readonly key_id: string;
  readonly key_secret: string;
}

/** What the emulator accepts by default (docs/contract.md, "The emulator's control routes"). */
export const EMULATOR_CREDENTIALS: EmulatorCredentials = {
  service_plan_id: 'emulator-plan',
  api_token: 'emulator-token',
  project_id: 'emulator-project',
  key_id: 'emulator-key',
  key_secret: 'emulator-secret',
};

export function emulatorAccounts(
  url: string,
  credentials: Partial<EmulatorCredentials> = {},
): AccountDirectory<SinchAccountConfig> {
  const origin = url.replace(/\/+$/, '');
  const config: SinchAccountConfig = {
    ...EMULATOR_CREDENTIALS,
    ...credentials,
    region: 'us',
    sms_base_url: origin,
    numbers_base_url: origin,
    auth_base_url: origin,
    timeout_ms: DEFAULT_TIMEOUT_MS,
  };
  return accountDirectory([{ name: 'default', permissions: { read: 'allow', write: 'allow' }, config }]);
}
