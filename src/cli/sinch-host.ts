/**
 * Building the Lua host for the Sinch integration from a configuration: the accounts (from a config file,
 * the environment, or an embedded emulator) bound to the integration, and the docs catalogue.
 * Used in the main thread (docs, accounts) and inside sandbox workers (src/sandbox/worker.ts), which is
 * why its options are plain, serialisable data.
 */
import { DocsCatalogue } from '../docs/catalogue';
import { loadGuides } from '../docs/guides';
import type { AccountDirectory, IntegrationBinding } from '../integration/types';
import { LuaHost } from '../lua/runtime';
// The modules themselves, not the package barrel: sandbox workers load this at start-up (issue #5).
import type { SinchAccountConfig } from '../sinch/config/account-config';
import { emulatorAccounts } from '../sinch/config/emulator-accounts';
import { loadSinchAccounts } from '../sinch/config/load-accounts';
import { sinchIntegration } from '../sinch/integration';

export interface SinchHostOptions {
  /** `--config PATH`. */
  readonly configPath?: string;
  /** Origin of an emulator to point the `default` account at (the embedded default, or `--emulator`). */
  readonly emulatorUrl?: string;
}

export function sinchAccounts(options: SinchHostOptions): AccountDirectory<SinchAccountConfig> {
  if (options.emulatorUrl !== undefined) return emulatorAccounts(options.emulatorUrl);
  return loadSinchAccounts({ configPath: options.configPath }).accounts;
}

export function createSinchHost(options: SinchHostOptions): LuaHost {
  const binding: IntegrationBinding<SinchAccountConfig> = {
    integration: sinchIntegration,
    accounts: sinchAccounts(options),
  };
  const docs = new DocsCatalogue([{ integration: sinchIntegration, accounts: binding.accounts.names }], loadGuides());
  return new LuaHost([binding], docs);
}

/** The docs alone (for `kosmo-sinch docs`): no accounts are needed, and a broken config must not matter. */
export function createSinchDocs(accountNames: readonly string[] = []): DocsCatalogue {
  return new DocsCatalogue([{ integration: sinchIntegration, accounts: accountNames }], loadGuides());
}
