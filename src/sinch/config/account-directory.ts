/** An `AccountDirectory` over a fixed list of accounts, some of which may be broken (src/integration/types.ts). */
import type { Account, AccountDirectory } from '../../integration/types';
import type { SinchAccountConfig } from './account-config';
import { brokenAccountError, type BrokenAccount } from './problems';

/** Shown by the host when a script calls Sinch and nothing is configured. */
export const SETUP_HINT =
  'Configure a Sinch account: set SINCH_SERVICE_PLAN_ID and SINCH_API_TOKEN (and SINCH_REGION if the service ' +
  'plan is not in "us"), or write ~/.config/kosmo-sinch/config.json with {"accounts": {"default": {...}}}; the ' +
  'phone-number functions also need SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET (README.md, "Configuration").';

function isUsable(entry: Account<SinchAccountConfig> | BrokenAccount): entry is Account<SinchAccountConfig> {
  return 'config' in entry;
}

/**
 * Broken accounts keep their place in `names` (a script reaches them, and learns what is wrong) and in the
 * choice of the default; `unusable` gives the error a call under one raises (issue #16 item 5).
 */
export function accountDirectory(
  entries: readonly (Account<SinchAccountConfig> | BrokenAccount)[],
  setupHint: string = SETUP_HINT,
): AccountDirectory<SinchAccountConfig> {
  const usable = new Map<string, Account<SinchAccountConfig>>();
  const broken = new Map<string, BrokenAccount>();
  for (const entry of entries) {
    if (isUsable(entry)) usable.set(entry.name, entry);
    else broken.set(entry.name, entry);
  }
  const names = entries.map((entry) => entry.name);
  const defaultName = names.includes('default') ? 'default' : names.length === 1 ? names[0] : undefined;
  return {
    names,
    defaultName,
    setupHint,
    get: (name: string) => usable.get(name),
    ...(broken.size > 0
      ? {
          unusable: (name: string, functionName?: string) => {
            const entry = broken.get(name);
            return entry && brokenAccountError(entry, functionName);
          },
        }
      : {}),
  };
}
