/** An `AccountDirectory` over a fixed list of accounts (src/integration/types.ts). */
import type { Account, AccountDirectory } from '../../integration/types';
import type { SinchAccountConfig } from './account-config';

/** Shown by the host when a script calls Sinch and nothing is configured. */
export const SETUP_HINT =
  'Configure a Sinch account: set SINCH_SERVICE_PLAN_ID and SINCH_API_TOKEN (and SINCH_REGION if the service ' +
  'plan is not in "us"), or write ./kosmo-sinch.json with {"accounts": {"default": {...}}}; the phone-number ' +
  'functions also need SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET.';

export function accountDirectory(
  accounts: readonly Account<SinchAccountConfig>[],
  setupHint: string = SETUP_HINT,
): AccountDirectory<SinchAccountConfig> {
  const byName = new Map(accounts.map((account) => [account.name, account]));
  const names = accounts.map((account) => account.name);
  const defaultName = byName.has('default') ? 'default' : names.length === 1 ? names[0] : undefined;
  return {
    names,
    defaultName,
    setupHint,
    get: (name: string) => byName.get(name),
  };
}
