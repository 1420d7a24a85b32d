/**
 * The host for the Sinch integration, built from a configuration: the accounts (from a config file, the
 * environment, or an emulator) bound to the integration with their own clients, and the docs catalogue.
 * Used in the main thread (docs, accounts, reconciling a write a terminated worker left in flight) and inside
 * sandbox workers (src/sandbox/worker.ts), which is why its options are plain, serialisable data.
 */
import { DocsCatalogue, type DocsCatalogueOptions } from '../docs/catalogue';
import { loadGuides } from '../docs/guides';
import type { AccountDirectory } from '../integration/types';
// The modules themselves, not the package barrel: sandbox workers load this at start-up (issue #5).
import type { SinchClientOptions } from '../sinch/client/sinch-client';
import type { SinchAccountConfig } from '../sinch/config/account-config';
import { emulatorAccounts } from '../sinch/config/emulator-accounts';
import { sinchBinding, sinchIntegration } from '../sinch/integration';
import type { GuardrailsConfig, StoreConfig } from '../guardrails/config';
import type { Guardrails } from '../guardrails/guardrails';
import { Host, type HostOptions } from './host';

export interface SinchHostOptions {
  /** `--config PATH`. */
  readonly configPath?: string;
  /** Origin of an emulator to point the `default` account at (the embedded default, or `--emulator`). */
  readonly emulatorUrl?: string;
}

export function sinchAccounts(options: SinchHostOptions): AccountDirectory<SinchAccountConfig> {
  return sinchConfiguration(options).accounts;
}

/** The accounts, and the store their guardrails share (the file's `guardrails_store`). */
function sinchConfiguration(options: SinchHostOptions): { accounts: AccountDirectory<SinchAccountConfig>; store?: StoreConfig } {
  if (options.emulatorUrl !== undefined) return { accounts: emulatorAccounts(options.emulatorUrl) };
  // Required here, not at the top: the configuration file's schema is built when a file is read, not in every
  // sandbox worker that talks to the embedded emulator (issue #14, start-up).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadSinchAccounts } = require('../sinch/config/load-accounts') as typeof import('../sinch/config/load-accounts');
  const loaded = loadSinchAccounts({ configPath: options.configPath });
  return { accounts: loaded.accounts, store: loaded.guardrailsStore };
}

/**
 * The guardrails of the accounts that have a `guardrails` entry, over the configured store (default: the
 * SQLite file in the user's state directory), or undefined when no account has one — then nothing of
 * src/guardrails is loaded, and no store is ever opened (issue #12; issue #5, cold start).
 */
export function sinchGuardrails(accounts: AccountDirectory<SinchAccountConfig>, store: StoreConfig | undefined): Guardrails | undefined {
  const guarded = new Map<string, GuardrailsConfig>();
  for (const name of accounts.names) {
    const config = accounts.get(name)?.config.guardrails;
    if (config !== undefined) guarded.set(name, config);
  }
  if (guarded.size === 0) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Guardrails: GuardrailsClass, resolveStore } = require('../guardrails') as typeof import('../guardrails');
  return new GuardrailsClass({ accounts: guarded, store: resolveStore(store) });
}

/**
 * The Sinch host over `accounts` (tests and embedders: any accounts, any client options, guardrails). With
 * `guardrails`, their check runs after `checks` (and after the permission policy, before the approval), their
 * ledger hears every write, and `Host.close()` closes their store.
 */
export function sinchHostFor(
  accounts: AccountDirectory<SinchAccountConfig>,
  clientOptions: SinchClientOptions = {},
  checks?: HostOptions['checks'],
  guardrails?: Guardrails,
): Host {
  const docs = new DocsCatalogue([{ integration: sinchIntegration, accounts: accounts.names }], loadGuides());
  const allChecks: HostOptions['checks'] =
    guardrails === undefined ? checks : (options) => [...(checks?.(options) ?? []), guardrails.check];
  return new Host({
    bindings: [sinchBinding(accounts, clientOptions)],
    docs,
    checks: allChecks,
    onWrite: guardrails?.onWrite,
    close: guardrails !== undefined ? () => guardrails.close() : undefined,
  });
}

/** The host `kosmo-sinch lua` runs scripts on; `clientOptions` only in process (they are functions). */
export function createSinchHost(options: SinchHostOptions, clientOptions: SinchClientOptions = {}): Host {
  const { accounts, store } = sinchConfiguration(options);
  return sinchHostFor(accounts, clientOptions, undefined, sinchGuardrails(accounts, store));
}

/**
 * The docs alone (for `kosmo-sinch docs`): no accounts are needed, and a broken config must not matter.
 * `options.howToRead` words the "read it with ..." hints for the reader (the CLI's differ from Lua's).
 */
export function createSinchDocs(accountNames: readonly string[] = [], options: DocsCatalogueOptions = {}): DocsCatalogue {
  return new DocsCatalogue([{ integration: sinchIntegration, accounts: accountNames }], loadGuides(), options);
}
