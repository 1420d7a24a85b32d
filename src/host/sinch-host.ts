/**
 * The host for the Sinch integration, built from a configuration: the accounts (from a config file, the
 * environment, or an emulator) bound to the integration with their own clients, and the docs catalogue.
 * Used in the main thread (docs, accounts, reconciling a write a terminated worker left in flight) and inside
 * sandbox workers (src/sandbox/worker.ts), which is why its options are plain, serialisable data.
 */
import { DocsCatalogue } from '../docs/catalogue';
import { loadGuides } from '../docs/guides';
import type { AccountDirectory } from '../integration/types';
// The modules themselves, not the package barrel: sandbox workers load this at start-up (issue #5).
import type { SinchClientOptions } from '../sinch/client/sinch-client';
import type { SinchAccountConfig } from '../sinch/config/account-config';
import { emulatorAccounts } from '../sinch/config/emulator-accounts';
import { sinchBinding, sinchIntegration } from '../sinch/integration';
import { Host, type HostOptions } from './host';

export interface SinchHostOptions {
  /** `--config PATH`. */
  readonly configPath?: string;
  /** Origin of an emulator to point the `default` account at (the embedded default, or `--emulator`). */
  readonly emulatorUrl?: string;
}

export function sinchAccounts(options: SinchHostOptions): AccountDirectory<SinchAccountConfig> {
  if (options.emulatorUrl !== undefined) return emulatorAccounts(options.emulatorUrl);
  // Required here, not at the top: the configuration file's schema is built when a file is read, not in every
  // sandbox worker that talks to the embedded emulator (issue #14, start-up).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadSinchAccounts } = require('../sinch/config/load-accounts') as typeof import('../sinch/config/load-accounts');
  return loadSinchAccounts({ configPath: options.configPath }).accounts;
}

/** The Sinch host over `accounts` (tests and embedders: any accounts, any client options, guardrails). */
export function sinchHostFor(
  accounts: AccountDirectory<SinchAccountConfig>,
  clientOptions: SinchClientOptions = {},
  checks?: HostOptions['checks'],
): Host {
  const docs = new DocsCatalogue([{ integration: sinchIntegration, accounts: accounts.names }], loadGuides());
  return new Host({ bindings: [sinchBinding(accounts, clientOptions)], docs, checks });
}

/** The host `kosmo-sinch lua` runs scripts on; `clientOptions` only in process (they are functions). */
export function createSinchHost(options: SinchHostOptions, clientOptions: SinchClientOptions = {}): Host {
  return sinchHostFor(sinchAccounts(options), clientOptions);
}

/** The docs alone (for `kosmo-sinch docs`): no accounts are needed, and a broken config must not matter. */
export function createSinchDocs(accountNames: readonly string[] = []): DocsCatalogue {
  return new DocsCatalogue([{ integration: sinchIntegration, accounts: accountNames }], loadGuides());
}
